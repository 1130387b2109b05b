/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.task.TaskService;
import org.scijava.thread.ThreadService;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import sc.fiji.diffusion.isolation.EngineLoader;
import sc.fiji.diffusion.isolation.Twin;

/**
 * What every command of this plugin shares: progress ({@link CommandProgress}) and the way problems are
 * reported. A bad input or setting, an unreadable file or a corrupt model is logged as one clear error
 * through the {@link LogService} and cancels the command with that message (Fiji shows it; a macro
 * stops); a cancel by the user leaves no output. Nothing here touches AWT or Swing, so every command
 * runs headless.
 */
abstract class DiffusionCommand extends ContextCommand {

	@Parameter
	LogService log;

	@Parameter(required = false)
	StatusService status;

	@Parameter(required = false)
	TaskService tasks;

	@Parameter(required = false)
	ThreadService threads;

	/** Set when this command runs as the isolated twin of another ({@link Twin}): that one's cancel state. */
	BooleanSupplier cancelledOutside;

	/**
	 * Runs the command's work ({@link #runHere}) in the class loader that sees TensorFlow Java 1.1
	 * ({@link EngineLoader}): here, or in an isolated twin when another TensorFlow shares Fiji's classpath.
	 */
	@Override
	public final void run() {
		final ClassLoader engine;
		try {
			engine = EngineLoader.engineLoader(getClass());
		}
		catch (final IllegalStateException e) {
			fail("Diffusion", e);
			return;
		}
		if (engine != getClass().getClassLoader()) {
			Twin.run(this, DiffusionCommand.class, "runHere", engine);
			return;
		}
		// the engine's loader is the context loader while it runs (TensorFlow Java and its protobuf runtime
		// look classes up through it), as in the isolated twin
		final Thread thread = Thread.currentThread();
		final ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(engine);
		try {
			runHere();
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/** The command's work, with the engine's classes. */
	abstract void runHere();

	/** True if this command, or the one it is the isolated twin of, was cancelled. */
	final boolean cancelled() {
		return isCanceled() || cancelledOutside != null && cancelledOutside.getAsBoolean();
	}

	/** The work of a command, with progress. */
	interface Body {
		void run(CommandProgress progress) throws IOException;
	}

	/** Runs {@code body} with progress labelled {@code label}, reporting problems as described above. */
	final void execute(final String label, final Body body) {
		try (CommandProgress progress = new CommandProgress(status, tasks, label, this::cancelled)) {
			try {
				body.run(progress);
			}
			catch (final CancellationException e) {
				final String why = label + ": " + progress.cancelReason() + (e.getMessage() != null ? " (" + e.getMessage() + ")" : "") + "; no output was made";
				log.info(why);
				if (!isCanceled()) cancel(why);
			}
		}
		catch (final IllegalArgumentException | IllegalStateException | IOException | UnsupportedOperationException e) {
			fail(label, e);
		}
	}

	/**
	 * Shows an output image where Fiji would not. imagej-legacy shows a command's {@code ImagePlus} outputs
	 * only through a visible ImageJ 1 UI; headless, and under {@code ImageJ --headless -batch}, there is none
	 * ({@code IJ.getInstance()} is null; imagej-legacy issues 215 and 277), so a macro would never see the
	 * result (its {@code getImageID()} would not change). There, while a macro runs, the image is shown
	 * here (in batch mode: a batch-mode image) and made the current image of the thread that ran the
	 * command (the macro's thread, which ImageJ 1 asks for its current image; the command itself runs on
	 * a SciJava thread). With a UI, Fiji shows it (once).
	 */
	final void showWhereFijiWouldNot(final ImagePlus imp) {
		if (imp == null || IJ.getInstance() != null || !(IJ.isMacro() || Interpreter.isBatchMode())) return;
		imp.show();
		final Thread caller = threads == null ? null : threads.getParent(Thread.currentThread());
		if (caller != null && caller != Thread.currentThread()) WindowManager.setTempCurrentImage(caller, imp);
	}

	/**
	 * A file input as a path, or null when none was given: a macro line resolves an optional file input
	 * with an empty value ({@code psf_file=[]}), which arrives as an empty {@code File}.
	 */
	static Path path(final File file) {
		return file == null || file.getPath().trim().isEmpty() ? null : file.toPath();
	}

	final void fail(final String label, final Exception e) {
		final String message = label + ": " + (e.getMessage() == null || e.getMessage().isEmpty() ? e.getClass().getSimpleName() : e.getMessage());
		log.error(message);
		cancel(message);
	}
}
