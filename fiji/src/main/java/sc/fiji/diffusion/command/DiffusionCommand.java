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
import sc.fiji.diffusion.isolation.EngineCall;
import sc.fiji.diffusion.isolation.EngineDoor;
import sc.fiji.diffusion.isolation.EngineDoors;

/**
 * What every command of this plugin shares: the door to the engine ({@link EngineDoor}), progress
 * ({@link CommandProgress}) and the way problems are reported. A bad input or setting, an unreadable
 * file or a corrupt model is logged as one clear error through the {@link LogService} and cancels the
 * command with that message (Fiji shows it; a macro stops); a cancel by the user leaves no output. Nothing here touches AWT or Swing, so every command
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

	/**
	 * Opens the {@link EngineDoor} (the engine in the class loader that sees TensorFlow Java 1.1, isolated
	 * when another TensorFlow shares Fiji's classpath: {@link EngineDoors}) and does the command's work
	 * through it ({@link #runThrough}); this command, its parameters and outputs stay on Fiji's side.
	 */
	@Override
	public final void run() {
		final EngineDoor engine;
		try {
			engine = EngineDoors.open(getClass());
		}
		catch (final IllegalStateException e) {
			fail("Diffusion", e);
			return;
		}
		runThrough(engine);
	}

	/** The command's work, with the engine behind {@code engine}. */
	abstract void runThrough(EngineDoor engine);

	/**
	 * {@code call} wired to this command: its progress goes to {@code progress} (status bar and task
	 * list), its cancel state is {@code progress}'s (the task, the command, the thread), and its log lines go
	 * to the {@link LogService}, prefixed with {@code prefix}.
	 */
	final <C extends EngineCall> C wired(final C call, final CommandProgress progress, final String prefix) {
		call.progress = (what, fraction) -> progress.update(fraction, what);
		call.cancelled = progress::isCancelled;
		call.log = line -> log.info(prefix + line);
		return call;
	}

	/** The work of a command, with progress. */
	interface Body {
		void run(CommandProgress progress) throws IOException;
	}

	/** Runs {@code body} with progress labelled {@code label}, reporting problems as described above. */
	final void execute(final String label, final Body body) {
		try (CommandProgress progress = new CommandProgress(status, tasks, label, this::isCanceled)) {
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

	/** A file input as a path string, or null when none was given (see {@link #path}). */
	static String pathString(final File file) {
		final Path p = path(file);
		return p == null ? null : p.toString();
	}

	final void fail(final String label, final Exception e) {
		final String message = label + ": " + (e.getMessage() == null || e.getMessage().isEmpty() ? e.getClass().getSimpleName() : e.getMessage());
		log.error(message);
		cancel(message);
	}
}
