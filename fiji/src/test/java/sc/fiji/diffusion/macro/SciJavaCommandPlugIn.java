/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.macro;

import ij.Macro;
import ij.plugin.PlugIn;

/**
 * The ImageJ 1 plugin that {@link MacroBridge} puts behind each command label: ImageJ 1 creates it by class
 * name for {@code run("<label>", "<options>")} and calls {@link #run(String)} with the SciJava command's
 * class name (the {@code ("arg")} of the command-table entry); the options are the current thread's
 * {@link Macro#getOptions()}.
 */
public final class SciJavaCommandPlugIn implements PlugIn {

	@Override
	public void run(final String commandClass) {
		final MacroBridge bridge = MacroBridge.active();
		if (bridge == null) throw new IllegalStateException("No MacroBridge is open for " + commandClass);
		bridge.runCommand(commandClass, Macro.getOptions());
	}
}
