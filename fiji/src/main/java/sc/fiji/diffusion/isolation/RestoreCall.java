/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

import sc.fiji.diffusion.task.Settings;

/**
 * A restoration through the {@link EngineDoor}: the task, its settings as the user gave them, the image
 * as float planes and what the task needs besides (a PSF, a mask). Settings left unset ({@code -1}, NaN,
 * null or {@code "default"}) take the engine's defaults (the engine's {@code RestoreRequest} and method
 * classes resolve them); this class holds none of its own.
 */
public final class RestoreCall extends EngineCall {

	/** The task's id: {@code denoise}, {@code deconvolve}, {@code inpaint} or {@code mri}. */
	public String task;

	/** A model name or bundle path; null or blank: the task's default prior. */
	public String model;

	/** A method id ({@code mmse}, {@code fast}, {@code pnp}, {@code dps}, {@code ald}, {@code sdedit}); null, blank or {@code default}: the task's default. */
	public String method;

	/** Sampler steps and posterior samples; negative: the method's and task's defaults. */
	public int steps = -1, samples = -1;

	/** Gaussian measurement noise in the image's units; NaN or negative: estimated from the image (MRI: 0). */
	public double noiseSigma = Double.NaN;

	/** {@code gaussian} (null: the same) or {@code poisson-gaussian}, with {@link #photons} and {@link #readNoise}. */
	public String noiseType;

	/** Poisson-Gaussian noise: photo-electrons per grey value and read noise in image units. */
	public double photons, readNoise;

	/** The random seed. */
	public long seed;

	/** Tile edge in pixels (0: never tile); negative: the engine's default. */
	public int tileSize = -1;

	/** Also compute the calibrated posterior standard deviation ({@link RestoreResult#std}). */
	public boolean uncertainty;

	/** The image's title, for messages. */
	public String title;

	/** The image: {@code planes[i][x + width * y]}, planes in ImageJ's order (channel fastest, then slice, then frame). Only read. */
	public float[][] planes;

	/** The planes' size and the hyperstack's dimensions ({@code channels * slices * frames == planes.length}). */
	public int width, height, channels = 1, slices = 1, frames = 1;

	/** Deconvolution: the PSF. */
	public PsfSpec psf;

	/** Inpainting (observed pixels) and MRI (sampled k-space): the mask. */
	public MaskSpec mask;

	/** MRI: true if the two planes are a measured k-space (real, imaginary; centred, unitary DFT), false to undersample each plane's k-space retrospectively. */
	public boolean kspace;
}
