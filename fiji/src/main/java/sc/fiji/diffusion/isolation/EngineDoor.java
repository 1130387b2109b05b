/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

import java.io.IOException;

/**
 * The one typed door between this plugin's commands and its engine (the restorations, generation and
 * training on TensorFlow Java), as JDLL does it for deepImageJ's engines. The commands (the parent side)
 * keep everything of Fiji: image inputs and outputs, SciJava services, progress display, cancel, macros;
 * they send requests and receive results whose types are the JDK's, arrays and the value classes of this
 * package ({@link RestoreCall}, {@link PsfSpec}, {@link MaskSpec}, {@link RestoreResult},
 * {@link RawMriCall}, {@link RawMriResult}, {@link GenerateCall}, {@link GenerateResult},
 * {@link TrainCall}), themselves made of JDK types and arrays only. Progress, cancel and log lines travel as
 * {@code java.util.function} callbacks ({@link EngineCall}).
 * <p>
 * This package is defined once, by the plugin's own class loader: the engine's isolated loader
 * ({@link ChildFirstClassLoader}) delegates it to its parent, so the door's types are the same classes on
 * both sides and no cast can go wrong. The implementation ({@code sc.fiji.diffusion.door.EngineSide}) is
 * defined by the engine's loader and obtained only through {@link EngineDoors#open}, which checks both.
 * <p>
 * Contract of every method: a request is only read, never kept; inputs (planes, masks, PSF samples) are
 * never modified; unset settings ({@code -1}, NaN, null) take the engine's defaults, which live in the
 * engine ({@code task.RestoreRequest}, the method classes), never here. A problem with the input, a
 * setting, a file or a model is thrown as {@link IllegalArgumentException}, {@link IllegalStateException},
 * {@link UnsupportedOperationException} or {@link IOException} with a message for the user; a cancel
 * (the call's {@link EngineCall#cancelled} became true) as {@link java.util.concurrent.CancellationException}.
 * No exception of a class of the engine's loader crosses the door (only as a cause).
 */
public interface EngineDoor {

	/** Restores the planes of {@code call} (denoise, deconvolve, inpaint, MRI). */
	RestoreResult restore(RestoreCall call) throws IOException;

	/** Reconstructs raw multi-coil k-space (BART {@code .cfl} or ISMRMRD {@code .h5}) slice by slice. */
	RawMriResult reconstructRawMri(RawMriCall call) throws IOException;

	/** Draws unconditional samples from a prior. */
	GenerateResult generate(GenerateCall call) throws IOException;

	/** Trains a prior on a folder of images and writes its bundle; returns the training's messages, one a line. */
	String train(TrainCall call) throws IOException;

	/** The bundled and installed models and where installed models live, as lines for the user. */
	String listModels() throws IOException;

	/** The source and {@code config.json} (provenance) of the model {@code nameOrPath}. */
	String showModel(String nameOrPath) throws IOException;

	/** Installs the bundle or SavedModel {@code file} under {@code name}; returns where it went, as a line for the user. */
	String installModel(String file, String name) throws IOException;
}
