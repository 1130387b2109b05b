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
import ij.Macro;
import sc.fiji.diffusion.isolation.EngineCall;
import sc.fiji.diffusion.isolation.EngineDoor;
import sc.fiji.diffusion.isolation.EngineDoors;

/**
 * What every command of this plugin shares: the door to the engine ({@link EngineDoor}), progress
 * ({@link CommandProgress}) and the way problems are reported. A bad input or setting, an unreadable
 * file or a corrupt model is logged as one clear error through the {@link LogService} and cancels the
 * command with that message; a cancel by the user leaves no output. Either way a macro that ran the
 * command stops there ({@link #stopMacro}). In a batch-mode macro the input is the macro's current image
 * ({@link MacroImageInput}) and the result becomes it ({@link MacroOutputs}). Nothing here touches AWT or
 * Swing, so every command runs headless.
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
				stopMacro(why);
			}
		}
		catch (final IllegalArgumentException | IllegalStateException | IOException | UnsupportedOperationException e) {
			fail(label, e);
		}
	}

	/**
	 * Stops the macro that ran this command ({@link MacroCaller}), if one did, as ImageJ stops a macro whose
	 * plugin reports an error: {@code IJ.error} has the interpreter end the macro after its current statement
	 * (its "Macro Error" report goes through a dialog in macro mode, so the message the user reads is the
	 * command's log line). imagej-legacy does not stop it when a command cancels: {@code run()} returns as if
	 * the command had run, and a batch macro would carry on with its input as the result.
	 */
	final void stopMacro(final String message) {
		if (MacroCaller.of(threads) == null) return;
		try {
			IJ.error(message);
		}
		catch (final RuntimeException e) { // the interpreter's own signal that it stopped (Macro.MACRO_CANCELED), or no display for its dialog
			if (!Macro.MACRO_CANCELED.equals(e.getMessage()) && !(e instanceof java.awt.HeadlessException)) throw e;
		}
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
		stopMacro(message);
	}
}
