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
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import sc.fiji.diffusion.isolation.EngineCall;
import sc.fiji.diffusion.isolation.EngineDoor;
import sc.fiji.diffusion.isolation.EngineDoors;

/**
 * What every command of this plugin shares: the door to the engine ({@link EngineDoor}), progress
 * ({@link CommandProgress}) and the way problems are reported. A bad input or setting, an unreadable
 * file or a corrupt model is logged as one clear error through the {@link LogService} and cancels the
 * command with that message; a cancel by the user leaves no output. Either way a macro that ran the
 * command stops there ({@link #stopMacro}). What a macro sees, as in Fiji (imagej-legacy runs a command on a
 * thread of its own, not on the macro's): the input is the macro's current image ({@link #macroImage}), and the
 * result becomes it ({@link #showWhereFijiWouldNot}). Nothing here touches AWT or Swing, so every command
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
				stopMacro(why);
			}
		}
		catch (final IllegalArgumentException | IllegalStateException | IOException | UnsupportedOperationException e) {
			fail(label, e);
		}
	}

	/**
	 * The system property that makes {@link #fijiShowsOutputs} true without ImageJ's window: set by the test
	 * bridge that behaves as Fiji with its window, which a headless test cannot open.
	 */
	public static final String FIJI_WINDOW_PROPERTY = "sc.fiji.diffusion.fijiWindow";

	/**
	 * Whether Fiji shows this command's image outputs itself: imagej-legacy displays them only through a
	 * visible ImageJ 1 UI ({@code IJ.getInstance()} non-null); headless, and under {@code ImageJ --headless
	 * -batch}, there is none (imagej-legacy issues 215 and 277).
	 */
	static boolean fijiShowsOutputs() {
		return IJ.getInstance() != null || Boolean.getBoolean(FIJI_WINDOW_PROPERTY);
	}

	/**
	 * Makes an output image the current image of the macro that ran this command. ImageJ 1 keeps a current
	 * image per thread ({@code WindowManager.setTempCurrentImage}), and a macro asks for its own thread's, while
	 * the command runs on a SciJava thread whose parent is the macro's. Headless (no one else shows the
	 * output, {@link #fijiShowsOutputs}) the image is shown here first (a batch-mode image). With Fiji's
	 * window, Fiji shows it after the command, on the event thread: in batch mode that makes it the event
	 * thread's current image, not the macro's (imagej-legacy issue 277), so the macro's is set here; outside
	 * batch mode it becomes a window, and ImageJ makes the newest window the current image.
	 */
	final void showWhereFijiWouldNot(final ImagePlus imp) {
		if (imp == null || !(IJ.isMacro() || Interpreter.isBatchMode())) return;
		final boolean fiji = fijiShowsOutputs();
		if (fiji && !Interpreter.isBatchMode()) return;
		if (!fiji) imp.show();
		final Thread caller = threads == null ? null : threads.getParent(Thread.currentThread());
		if (caller != null && caller != Thread.currentThread()) WindowManager.setTempCurrentImage(caller, imp);
	}

	/**
	 * The image a macro in batch mode means by its current image, where Fiji resolved the command's image
	 * input to {@code resolved}. imagej-legacy's {@code ActiveImagePlusPreprocessor} asks {@code
	 * WindowManager.getCurrentImage()} on the command's thread, which has no current image of its own, so
	 * ImageJ falls back to the front image window a user has open before it looks at the macro's batch-mode
	 * images: the macro would restore a window on the screen instead of the file it opened. The macro's
	 * current image is its last opened or selected batch-mode image ({@code Interpreter.getLastBatchModeImage()},
	 * what ImageJ itself falls back to when no window is open). Outside batch mode {@code resolved} stays.
	 */
	static ImagePlus macroImage(final ImagePlus resolved) {
		if (!Interpreter.isBatchMode() || !IJ.isMacro()) return resolved;
		final ImagePlus batch = Interpreter.getLastBatchModeImage();
		return batch != null ? batch : resolved;
	}

	/**
	 * Stops the macro that ran this command, if one runs, as ImageJ stops a macro whose plugin reports an
	 * error ({@code IJ.error}: the interpreter ends the macro after its current statement, with a "Macro
	 * Error" dialog naming the line where there is a display). imagej-legacy does not stop it when a command
	 * cancels: {@code run()} returns as if the command had run, and a batch macro would carry on with its
	 * input as the result.
	 */
	static void stopMacro(final String message) {
		if (Interpreter.getInstance() == null) return;
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
