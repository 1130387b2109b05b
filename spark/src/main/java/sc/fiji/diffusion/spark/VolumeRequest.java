/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.RestorationDefaults;
import sc.fiji.diffusion.task.Settings;
import sc.fiji.diffusion.task.StackRestoration;

/**
 * One block-wise restoration of a chunked volume, as the {@code restore-volume} command fills it: what
 * every block needs, serializable so that Spark ships it to the executors (the PSF travels as its
 * values, not as a file name that an executor could not open). Unset method settings take the engine's
 * defaults ({@link Restoration}); halos must be resolved ({@link #halo(int[])}) before a run.
 */
public final class VolumeRequest implements Serializable {

	private static final long serialVersionUID = 1L;

	public final Restoration.Task task;
	/** Block size (z, y, x). */
	private final int[] block;
	private int[] halo;
	private String model, method;
	private int steps = -1;
	private double noiseSigma = Double.NaN;
	private long seed;
	private int[] psfDims;
	private float[] psfValues;
	private long failFirstAttemptOf = -1;

	/** @param block block size (z, y, x) */
	public VolumeRequest(final Restoration.Task task, final int[] block) {
		if (task != Restoration.Task.DENOISE && task != Restoration.Task.DECONVOLVE)
			throw new IllegalArgumentException("restore-volume restores volumes by denoising or deconvolution, not " + task.id());
		if (block.length != 3 || Arrays.stream(block).anyMatch(b -> b < 1)) throw new IllegalArgumentException("A block is 3 positive sizes, got " + Arrays.toString(block));
		this.task = task;
		this.block = block.clone();
	}

	/** The model bundle (a path, an installed or a bundled name); null: the task's default. */
	public VolumeRequest model(final String m) { model = m; return this; }

	public String modelName() { return model != null ? model : RestorationDefaults.defaultModel(task); }

	/** The method (mmse, fast, pnp, ...); null: the task's default. */
	public VolumeRequest method(final String m) { method = m; return this; }

	public VolumeRequest steps(final int n) { steps = n; return this; }

	/** Noise sigma in input units; NaN: estimated once for the whole volume ({@link VolumeStatistics}). */
	public VolumeRequest noiseSigma(final double s) { noiseSigma = s; return this; }

	public double noiseSigma() { return noiseSigma; }

	/** The base seed; each block plane derives its own from it and the block's coordinates ({@link #seed(long[], long)}). */
	public VolumeRequest seed(final long s) { seed = s; return this; }

	/** The PSF of a deconvolution (2D: plane by plane; 3D: each block region as a volume). */
	public VolumeRequest psf(final PointSpreadFunction psf) {
		psfDims = psf == null ? null : psf.dims();
		psfValues = psf == null ? null : psf.values();
		return this;
	}

	/** The PSF, or null. */
	public PointSpreadFunction psf() { return psfDims == null ? null : Psfs.fromImage(psfValues.clone(), psfDims); }

	/** Whether each block region is restored as one volume (a 3D PSF) rather than plane by plane. */
	public boolean volumetric() { return psfDims != null && psfDims.length == 3; }

	/** The halo (z, y, x) each block reads around itself. */
	public VolumeRequest halo(final int[] h) {
		if (h.length != 3 || Arrays.stream(h).anyMatch(v -> v < 0)) throw new IllegalArgumentException("A halo is 3 sizes >= 0, got " + Arrays.toString(h));
		halo = h.clone();
		return this;
	}

	/** The halo (z, y, x); throws if not resolved yet. */
	public int[] halo() {
		if (halo == null) throw new IllegalStateException("The halo is not resolved yet");
		return halo.clone();
	}

	public boolean hasHalo() { return halo != null; }

	/** Block size (z, y, x). */
	public int[] block() { return block.clone(); }

	/**
	 * Fault injection for tests and drills: the first attempt of the task of this block (linear number,
	 * {@link BlockGrid#index}) fails after restoring, before writing; Spark's retry must then complete it.
	 * -1 (default): none.
	 */
	public VolumeRequest failFirstAttemptOf(final long blockIndex) { failFirstAttemptOf = blockIndex; return this; }

	public long failFirstAttemptOf() { return failFirstAttemptOf; }

	/** The engine settings shared by all blocks (seed, normalisation and noise are set per block plane). */
	public Settings settings() {
		final Settings s = new Settings();
		if (method != null) s.method(Restoration.Method.parse(method));
		s.steps(steps);
		return s;
	}

	/**
	 * Refuses settings that the engine ({@link Restoration}) would refuse for every block, or that would do
	 * nothing, before the run creates its output: the method for the task (mmse denoises only; sdedit takes
	 * no 3D PSF), the steps in [1, {@code scheduleSteps}] for a sampling method and none given to mmse
	 * ({@link Settings#requireEffective}), a given noise sigma finite and >= 0.
	 *
	 * @param scheduleSteps the steps T of the model's noise schedule
	 * @throws IllegalArgumentException naming the setting and what to give instead
	 */
	public void check(final int scheduleSteps) {
		final Settings s = settings();
		final Restoration.Method m = s.methodFor(task);
		if (m == Restoration.Method.MMSE && task != Restoration.Task.DENOISE)
			throw new IllegalArgumentException("Method mmse is a one-step denoiser: for " + task.id() + " use pnp, fast, dps, ald or sdedit");
		s.requireEffective(task);
		final int n = s.stepsFor(task);
		if (m != Restoration.Method.MMSE && (n < 1 || n > scheduleSteps))
			throw new IllegalArgumentException("Number of steps must be in [1, " + scheduleSteps + "] (the model's schedule), got " + n);
		if (m == Restoration.Method.SDEDIT && volumetric())
			throw new IllegalArgumentException("Method sdedit does not take 3D problems (a 3D PSF): use fast, dps or ald");
		if (!Double.isNaN(noiseSigma) && !(noiseSigma >= 0 && Double.isFinite(noiseSigma)))
			throw new IllegalArgumentException("Noise sigma must be finite and >= 0, got " + noiseSigma);
	}

	/**
	 * The seed of plane {@code z} (global) of block {@code b} ({@link StackRestoration#planeSeed} plus the block's part): from the base seed and the block's
	 * coordinates only, so that it does not depend on where or in which order the block runs.
	 */
	public long seed(final long[] b, final long z) {
		return StackRestoration.planeSeed(seed, Math.toIntExact(z)) + 7919L * (b[1] * 65521L + b[2]);
	}

	/**
	 * Everything that determines the output, one line: stored in the output's attributes, so that a
	 * re-run continues only an output of the same request.
	 */
	public String describe() {
		final Settings s = settings().seed(seed);
		if (!Double.isNaN(noiseSigma)) s.noiseSigma(noiseSigma);
		return String.format(Locale.ROOT, "task=%s model=%s %s block=%s halo=%s psf=%s", task.id(), modelName(), s.describe(task),
			Arrays.toString(block), halo == null ? "auto" : Arrays.toString(halo),
			psfDims == null ? "none" : Arrays.toString(psfDims) + "#" + Integer.toHexString(Arrays.hashCode(psfValues)));
	}
}
