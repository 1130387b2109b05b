/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.command;

import org.scijava.thread.ThreadService;

import ij.ImagePlus;
import ij.macro.Interpreter;

/**
 * The macro that ran a command, if one did: a macro's {@code run("...", "...")}, or a script's {@code
 * IJ.run}, which a macro's {@code run()} calls. imagej-legacy runs a command on a SciJava thread of its own,
 * whose parent ({@link ThreadService#getParent}) is the thread that called {@code IJ.run}; {@code IJ.run}
 * names that thread {@code Run$_...}. A command counts as run by a macro when its parent thread is such a
 * thread: ImageJ's global state ({@code IJ.isMacro()}, {@code Interpreter.getInstance()}) would also hold
 * for a command started from the menu (on a thread named after the command) while some macro waits.
 */
final class MacroCaller {

	private MacroCaller() {}

	/** The macro's (or script's) thread that ran the current (command) thread through {@code IJ.run}, or null. */
	static Thread of(final ThreadService threads) {
		if (threads == null) return null;
		final Thread parent = threads.getParent(Thread.currentThread());
		return parent != null && parent != Thread.currentThread() && parent.getName().startsWith("Run$_") ? parent : null;
	}

	/**
	 * The image a macro in batch mode means by its current image: its last opened or selected batch-mode
	 * image ({@code Interpreter.getLastBatchModeImage()}, which ImageJ itself falls back to when no window
	 * is open); null outside batch mode, or with none.
	 */
	static ImagePlus batchModeImage() {
		return Interpreter.isBatchMode() ? Interpreter.getLastBatchModeImage() : null;
	}
}
