/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import sc.fiji.diffusion.method.Ald;
import sc.fiji.diffusion.method.DiffPir;
import sc.fiji.diffusion.method.Dps;
import sc.fiji.diffusion.method.PnpHqs;
import sc.fiji.diffusion.schedule.NoiseSchedule;
import sc.fiji.diffusion.task.Restoration.Method;
import sc.fiji.diffusion.task.Restoration.Task;

/**
 * The library's defaults of a restoration, per task and method: the one place every door (command line,
 * Fiji command, macro) takes them from, through {@link Settings}, whose unset fields mean these. The
 * numbers of each method live in its class ({@link DiffPir}, {@link PnpHqs}, {@link Dps}, {@link Ald});
 * this class says which applies to which task.
 */
public final class RestorationDefaults {

	private RestorationDefaults() {}

	/** Conjugate-gradient iterations of the data steps of fast (DiffPIR) and pnp. */
	public static final int CG_ITERATIONS = 20;

	/** Samples of the sampling methods run as antithetic pairs (z and -z) when their number is even. */
	public static final boolean ANTITHETIC = true;

	/**
	 * Denoising with mmse chooses, by SURE, between the prior's result and total variation
	 * ({@link SureChoice}), so that an image unlike the training data is not left worse than a classical
	 * denoiser would leave it.
	 */
	public static final boolean SURE_FALLBACK = true;

	/** The bundled prior for a task: mri-brain-t1 for MRI, fluorescence-2d for the microscopy tasks. */
	public static String defaultModel(final Task task) {
		return task == Task.MRI ? "mri-brain-t1" : "fluorescence-2d";
	}

	/** mmse for denoising, pnp (DPIR's splitting) for deconvolution, fast (DiffPIR) for MRI and inpainting. */
	public static Method defaultMethod(final Task task) {
		return task == Task.DENOISE ? Method.MMSE : task == Task.DECONVOLVE ? Method.PNP : Method.FAST;
	}

	/**
	 * Steps of the full T-step plan before truncation at t0, as each method class states: 50 (fast, sdedit),
	 * 200 (dps, ald), 0 (mmse);
	 * for pnp the number of iterations (network evaluations), {@link PnpHqs#ITERATIONS}.
	 */
	public static int defaultSteps(final Method method) {
		switch (method) {
			case MMSE: return 0;
			case PNP: return PnpHqs.ITERATIONS;
			case DPS: return Dps.STEPS;
			case ALD: return Ald.STEPS;
			default: return DiffPir.STEPS;
		}
	}

	/**
	 * 1 for the deterministic methods (mmse, pnp); for the samplers {@link DiffPir#SAMPLES_MRI} posterior
	 * samples (averaged: an estimate of the posterior mean, the MMSE estimate) for MRI,
	 * {@link DiffPir#SAMPLES_DECONVOLUTION} for deconvolution, 1 otherwise. Deconvolution with fast on the content crops of the quality benchmark
	 * (docs/quality-benchmark-notes.md, fluorescence-2d at 3,750 steps): 1 -> 4 samples +0.81 and +0.78 dB
	 * (Gaussian PSF), +1.45 dB (widefield PSF) at 3.4x the time; the flip/rotation ensemble of the
	 * network instead: +0.08 dB at 6x the time.
	 */
	public static int defaultSamples(final Task task, final Method method) {
		if (method == Method.MMSE || method == Method.PNP) return 1;
		return task == Task.MRI ? DiffPir.SAMPLES_MRI : task == Task.DECONVOLVE ? DiffPir.SAMPLES_DECONVOLUTION : 1;
	}

	/**
	 * The samples of {@code method} for {@code task}: with the uncertainty map asked for, {@link #STD_SAMPLES}
	 * for the sampling methods (not mmse or pnp, which are deterministic); else
	 * {@link #defaultSamples(Task, Method)}; for volumes at least {@link DiffPir#VOLUME_SAMPLES} with fast, dps
	 * and ald.
	 */
	public static int defaultSamples(final Task task, final Method method, final boolean uncertainty, final boolean volume) {
		final int k = uncertainty && method != Method.MMSE && method != Method.PNP ? STD_SAMPLES : defaultSamples(task, method);
		return volume && method != Method.SDEDIT && method != Method.PNP && method != Method.MMSE ? Math.max(DiffPir.VOLUME_SAMPLES, k) : k;
	}

	/**
	 * Posterior samples when the uncertainty map is asked for ({@link Settings#uncertainty}) and the number
	 * is not given: 16 (8 antithetic pairs), the fewest of 4, 8, 16, 32 for which the map's relative error
	 * was under 20 % for every task on the calibration benchmark's choose half (within the anatomy or objects,
	 * from two independent maps, with the map's 3x3 variance average, {@link PosteriorSpread#smoothed}): MRI
	 * (example4d z=8 at R = 4) 29.7 / 21.6 / 15.8 % at 4 / 8 / 16, deconvolution (ecoli, Gaussian PSF) 24.3 /
	 * 18.3 / 12.5 %; docs/uncertainty.md. Without the average 32 samples were needed (MRI 17.6 %, 23.9 % at 16):
	 * the average halved the map's cost. The relative error falls as 1 / sqrt(K), as for a sample std with
	 * about K - 1 degrees of freedom.
	 */
	public static final int STD_SAMPLES = 16;

	/**
	 * The factor by which the posterior std of {@code method}'s samples (with the posterior-sampling data
	 * step where the method has one, {@link DiffPir#sampling}) is multiplied so that it covers the actual
	 * error: an empirical calibration, fitted on the choose half of the calibration benchmark
	 * ({@code bench/CalibrationBenchmark}: the factor that makes 2 sigma cover 95 % of the pixels within the
	 * anatomy or objects) and checked on the report half. 1 where nothing was fitted.
	 */
	public static double stdCalibration(final Task task, final Method method) {
		if (method != Method.FAST) return 1;
		switch (task) {
			case MRI: return DiffPir.STD_CALIBRATION_MRI;
			case DECONVOLVE: return DiffPir.STD_CALIBRATION_DECONVOLVE;
			case DENOISE: return DiffPir.STD_CALIBRATION_DENOISE;
			default: return 1;
		}
	}

	/** DiffPIR's lambda for {@code task} ({@link DiffPir#LAMBDA_DECONVOLUTION}, else {@link DiffPir#LAMBDA}). */
	public static double defaultLambda(final Task task) {
		return task == Task.DECONVOLVE ? DiffPir.LAMBDA_DECONVOLUTION : DiffPir.LAMBDA;
	}

	/**
	 * The start timestep: dps and ald T - 1 (pure noise); for denoising the timestep matched to the noise
	 * (fast and sdedit); otherwise 300 for MRI and 400 for the other tasks (scaled to the schedule's T).
	 */
	public static int defaultT0(final Task task, final Method method, final NoiseSchedule schedule, final double sigmaModel) {
		final int T = schedule.steps();
		if (method == Method.DPS || method == Method.ALD) return T - 1;
		if (method == Method.PNP) return schedule.timestepForNoise(PnpHqs.START_SIGMA);
		if (task == Task.DENOISE) return schedule.timestepForNoise(sigmaModel);
		return Math.min(T - 1, (int) Math.round((task == Task.MRI ? DiffPir.T0_MRI : DiffPir.T0) * T / 1000.0));
	}

	/**
	 * Planes of an MRI volume reconstructed in one sampler run ({@code mri/VolumeReconstruction}): their
	 * samples go through the network together (B planes x 4 samples per network call), results unchanged
	 * (bitwise, measured). Measured with {@code bench/MultiCoilSpeed --volume-planes 8} (8 slices of 128x96,
	 * 8 coils, R = 4, defaults; docs/quality-benchmark-multicoil.md) on the 2-core CPU machine shared with
	 * another benchmark (load average 3.4-6.1, the process got about one core), CPU seconds per plane, two
	 * passes in opposite orders, graph-building runs of a fresh process left out: B = 1: 7.39 / 7.49,
	 * B = 2: 7.47 / 7.25, B = 4: 8.23 / 7.93, B = 8: 7.75 / 7.68. On a CPU batching gains nothing beyond the
	 * noise (the network's cost is linear in its pixels); 2 is the measured best by a hair, halves the session
	 * calls and graph builds, and doubles the batch an accelerator sees. Not measured on a GPU, where larger
	 * B should pay more.
	 */
	public static final int VOLUME_PLANE_BATCH = 2;

	/**
	 * The memory bound of such a run: planes x samples x coils x plane pixels (complex values of the coil
	 * images, 8 bytes each, 256 MiB per coil-image tensor of the graph) at most this; fewer planes per run
	 * where a plane needs more (at least one).
	 */
	public static final long VOLUME_BATCH_COIL_VALUES = 1L << 25;
}
