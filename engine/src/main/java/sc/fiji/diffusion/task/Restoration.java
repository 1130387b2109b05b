/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.UnaryOperator;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.method.Ald;
import sc.fiji.diffusion.method.DiffPir;
import sc.fiji.diffusion.method.Dps;
import sc.fiji.diffusion.method.Guidance;
import sc.fiji.diffusion.method.PnpHqs;
import sc.fiji.diffusion.method.GuidedKernel;
import sc.fiji.diffusion.model.GraphNetwork;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.DihedralEnsembleNetwork;
import sc.fiji.diffusion.model.SliceWiseNetwork;
import sc.fiji.diffusion.noise.Anscombe;
import sc.fiji.diffusion.noise.NoiseModel;
import sc.fiji.diffusion.noise.PoissonGaussianFit;
import sc.fiji.diffusion.operator.LinearOperator;
import sc.fiji.diffusion.operator.Operators;
import sc.fiji.diffusion.operator.Whitened;
import sc.fiji.diffusion.sampler.ForwardNoising;
import sc.fiji.diffusion.sampler.Sampler;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.sampler.StepRule;
import sc.fiji.diffusion.sampler.Tweedie;
import sc.fiji.diffusion.schedule.NoiseSchedule;
import sc.fiji.diffusion.schedule.StepPlan;

/**
 * Restores one 2D image (a {@link RestorationProblem}: denoising, deconvolution, MRI, inpainting or
 * super-resolution) with a diffusion prior, in plain Java: the door for the command line, Fiji commands
 * and scripts.
 * <p>
 * <b>Intensities.</b> A percentile normalisation u = s v + c, s = 2 / (pHigh - pLow), c = -1 - s pLow, is
 * fitted to the input ({@link RestorationProblem}: 1st and 99.8th percentiles) and maps the image to the
 * model's range [-1, 1]. Because A is linear the measurement maps exactly as y_m = s y + A(c 1), and noise
 * sigmas given in input units become sigma_m = s sigma = 2 sigma / (pHigh - pLow) in model units. Results
 * are mapped back with the inverse; standard deviations are divided by s.
 * <p>
 * <b>Methods</b> (all run through the one {@link Sampler} loop):
 * <ul>
 * <li>{@code mmse} (denoising only): Tweedie's one-step posterior mean at the matched noise level,
 * (with {@link Settings#ensemble}: averaged over the 8 flips and rotations, {@link Tweedie#denoiseEnsemble}),
 * then Stein's unbiased risk estimate chooses between it and total variation ({@link SureChoice}); no sampling.</li>
 * <li>{@code fast}: DiffPIR ({@link DiffPir}: closed-form or conjugate-gradient data consistency in every
 * step, one session call per step), started from the problem's start image (the zero-filled / adjoint /
 * padded measurement) noised to t0 with the plan {@code StepPlan.uniform(T, steps).from(t0)}.</li>
 * <li>{@code dps}: diffusion posterior sampling ({@link Dps}), from pure noise (t0 = T - 1).</li>
 * <li>{@code ald}: annealed-Langevin posterior sampling ({@link Ald}), from pure noise.</li>
 * <li>{@code sdedit}: the start image noised to t0 and the plain DDPM sampler, no data term.</li>
 * </ul>
 * For denoising the start is the noisy image itself, which already holds noise sigma_m: it is topped up
 * with noise of sqrt(sigmaBar_t0^2 - sigma_m^2) (sigmaBar_t^2 = (1 - abar_t) / abar_t) and scaled by
 * sqrt(abar_t0), so x_t0 has exactly the noise of step t0; other tasks noise the start image fully
 * ({@link ForwardNoising}).
 * <p>
 * <b>Samples.</b> K posterior samples run as one batch (the measurement repeated); the result is their
 * mean and, for K &gt; 1, the per-pixel posterior standard deviation ({@link PosteriorSpread}: the spread
 * of the posterior, an error bar of a pixel, not the standard error of the mean). For fast, dps and ald an
 * even K runs as antithetic pairs by default ({@link Settings#antithetic}): samples i and i + K/2 see
 * opposite noise (start and every step), so the part of a sample that is linear in the noise cancels in
 * the mean; the std then comes from the pairs' half-differences and the spread of the pair means.
 * <p>
 * <b>Uncertainty map</b> ({@link Settings#uncertainty}): {@link #STD_SAMPLES} samples unless given, fast
 * with its posterior-sampling data step ({@link DiffPir#sampling}; plain DiffPIR spreads 0.5-0.6 of the
 * posterior std on the linear-Gaussian oracle), and the std times {@link #stdCalibration}, so that it
 * covers the error against the clean image (measurement noise included).
 */
public final class Restoration {

	/** The restoration tasks. */
	public enum Task {
		DENOISE, DECONVOLVE, MRI, INPAINT, SR;

		public String id() { return name().toLowerCase(Locale.ROOT); }

		public static Task parse(final String s) {
			for (final Task t : values())
				if (t.id().equals(s.trim().toLowerCase(Locale.ROOT))) return t;
			throw new IllegalArgumentException("Unknown task '" + s + "' (expected denoise, deconvolve, mri, inpaint or sr)");
		}
	}

	/** The restoration methods. */
	public enum Method {
		MMSE, FAST, DPS, ALD, SDEDIT, PNP;

		public String id() { return name().toLowerCase(Locale.ROOT); }

		public static Method parse(final String s) {
			final String v = s.trim().toLowerCase(Locale.ROOT);
			if (v.equals("diffpir")) return FAST;
			if (v.equals("dpir") || v.equals("hqs")) return PNP;
			for (final Method m : values())
				if (m.id().equals(v)) return m;
			throw new IllegalArgumentException("Unknown method '" + s + "' (expected mmse, fast, dps, ald, sdedit or pnp)");
		}
	}

	// ---- defaults ----------------------------------------------------------------------------------

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
	 * Posterior samples when the uncertainty map is asked for ({@link Settings#uncertainty}) and the number
	 * is not given: 32 (16 antithetic pairs), the fewest of 4, 8, 16, 32 for which the map's relative error
	 * was under 20 % on the calibration benchmark's choose half (MRI, example4d z=8 at R = 4, within the
	 * anatomy, from two independent maps: 48.9 / 33.0 / 23.1 / 16.8 %; docs/uncertainty.md). The
	 * relative error falls as 1 / sqrt(K), as for a sample std with about K - 1 degrees of freedom.
	 */
	public static final int STD_SAMPLES = 32;

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

	/** What to run; every unset value takes the default of the task and method. */
	public static final class Settings {
		private Method method;
		private int steps = -1, samples = -1, t0 = -1, cgIterations = 20;
		private double noiseSigma = Double.NaN, zeta = 1, lambda = Double.NaN, xi = Double.NaN, gamma = 1, stdCalibration = Double.NaN;
		private long seed;
		private boolean ensemble, antithetic = true, fallback = true, uncertainty;
		private PercentileNormalization normalization;
		private NoiseModel poissonGaussian;

		/** A copy, to vary per plane or tile without touching this one. */
		public Settings copy() {
			final Settings c = new Settings();
			c.method = method;
			c.steps = steps;
			c.samples = samples;
			c.t0 = t0;
			c.cgIterations = cgIterations;
			c.noiseSigma = noiseSigma;
			c.zeta = zeta;
			c.lambda = lambda;
			c.xi = xi;
			c.gamma = gamma;
			c.seed = seed;
			c.ensemble = ensemble;
			c.antithetic = antithetic;
			c.fallback = fallback;
			c.uncertainty = uncertainty;
			c.stdCalibration = stdCalibration;
			c.normalization = normalization;
			c.poissonGaussian = poissonGaussian;
			return c;
		}

		/** null: {@link #defaultMethod}. */
		public Settings method(final Method m) { method = m; return this; }

		/** Steps of the full plan, before truncation at t0 (a run from t0 makes about steps t0 / T); -1: default. */
		public Settings steps(final int n) { steps = n; return this; }

		/** Posterior samples, computed in one batch; -1: default. */
		public Settings samples(final int k) { samples = k; return this; }

		/** Start timestep; -1: default ({@link #defaultT0}). */
		public Settings t0(final int t) { t0 = t; return this; }

		/** Measurement noise in input units; NaN: estimated from the input (0 for MRI). */
		public Settings noiseSigma(final double s) { noiseSigma = s; return this; }

		/**
		 * Poisson-Gaussian (camera) noise instead of Gaussian ({@link NoiseModel#poissonGaussian}); null:
		 * Gaussian with {@link #noiseSigma}.
		 */
		public Settings noiseModel(final NoiseModel m) {
			poissonGaussian = m != null && m.isPoissonGaussian() ? m : null;
			if (m != null && !m.isPoissonGaussian()) noiseSigma = m.sigma();
			return this;
		}

		/** The Poisson-Gaussian noise model, or null for Gaussian noise. */
		public NoiseModel poissonGaussian() { return poissonGaussian; }

		/** DPS step size (scaled per image by 1 / ||A x0Hat - y||). */
		public Settings zeta(final double z) { zeta = z; return this; }

		/** ALD's gamma: the data term is weighted by 1 / (sigma_m^2 + (gamma sigmaBar_t)^2). */
		public Settings gamma(final double g) { gamma = g; return this; }

		/** DiffPIR's lambda: rho_t = lambda sigma_m^2 / sigmaBar_t^2; NaN: {@link #defaultLambda}. */
		public Settings lambda(final double l) { lambda = l; return this; }

		/** DiffPIR's xi in [0, 1]: share of fresh noise when re-noising (1: all fresh); NaN: 1, volumes {@link #DiffPir.VOLUME_XI}. */
		public Settings xi(final double x) { xi = x; return this; }

		/** Conjugate-gradient iterations where the data term has no closed form (deconvolution). */
		public Settings cgIterations(final int n) { cgIterations = n; return this; }

		public Settings seed(final long s) { seed = s; return this; }

		/**
		 * The network as its flip/rotation ensemble at every step ({@link DihedralEnsembleNetwork}: 8x the
		 * network evaluations, one batch) for fast, dps and ald on 2D problems (volumes: ignored; their prior
		 * already averages three orientations), and for mmse. Off by default: on the quality benchmark's
		 * deconvolution it gained 0.1 dB at 6x the time, where 4 samples gained 0.8-1.5 dB at 3.4x; for mmse
		 * on the held-out protocol's choose half (4 crops of ecoli and isolateCells, Gaussian noise 0.1) it
		 * gained 0.06-0.09 dB at 7x the time.
		 */
		public Settings ensemble(final boolean e) { ensemble = e; return this; }

		/**
		 * Posterior samples in antithetic pairs (default): with an even number of samples, fast, dps and ald
		 * give samples i and i + K/2 opposite noise. Antithetic variates (Hammersley and Morton 1956) lower
		 * the variance of the mean of the samples, the posterior-mean estimate, at no cost: on the quality
		 * benchmark's crops with 4 samples, deconvolution +0.15 to +0.18 dB (Gaussian PSF) and +0.27 to
		 * +0.43 dB (widefield PSF) on every crop, MRI +0.16 dB (R = 4) and +0.05 dB (R = 8) on average
		 * (docs/quality-benchmark-notes.md). false: independent samples.
		 */
		public Settings antithetic(final boolean a) { antithetic = a; return this; }

		/**
		 * mmse with Gaussian noise (not camera noise, see {@link #restoreAnscombe}): choose per image, by
		 * Stein's unbiased risk estimate, between the prior's result and total variation ({@link SureChoice}), so that a prior that does not fit the image cannot make it worse than
		 * a classical denoiser would (default); false: the prior's result as it is. Costs one more evaluation
		 * of the network (the divergence probe) and 8 runs of total variation.
		 */
		public Settings fallback(final boolean f) { fallback = f; return this; }

		/**
		 * The uncertainty map is asked for (the command line's {@code --std-output}, Fiji's {@code show_std}):
		 * the posterior samples default to {@link #STD_SAMPLES} for the sampling methods, fast draws them with
		 * its posterior-sampling data step ({@link DiffPir#sampling}), and the map is the calibrated posterior
		 * std ({@link PosteriorSpread}, {@link #stdCalibration}). Without it (default) nothing changes: the
		 * result costs what it did.
		 */
		public Settings uncertainty(final boolean u) { uncertainty = u; return this; }

		public boolean uncertainty() { return uncertainty; }

		/** The std map's calibration factor; NaN (default): {@link Restoration#stdCalibration}; 1: the raw posterior std. */
		public Settings stdCalibration(final double f) { stdCalibration = f; return this; }

		/** The calibration factor the std map of {@code task} gets. */
		public double stdCalibrationFor(final Task task) {
			return !Double.isNaN(stdCalibration) ? stdCalibration : Restoration.stdCalibration(task, methodFor(task));
		}

		/** Whether {@code samples} samples of {@code method} run as antithetic pairs. */
		public boolean antitheticFor(final Method method, final int samples) {
			return antithetic && samples % 2 == 0 && (method == Method.FAST || method == Method.DPS || method == Method.ALD);
		}

		/** Whether {@code problem} runs with the ensemble. */
		public boolean ensembleFor(final RestorationProblem problem) {
			return ensemble && problem.sliceDepth() == 1;
		}

		public long seed() { return seed; }

		/**
		 * The method for {@code task}: the one set, or the task's default; with the uncertainty map asked for,
		 * deconvolution runs fast (DiffPIR with its posterior-sampling data step, the calibrated map) instead
		 * of the deterministic pnp.
		 */
		public Method methodFor(final Task task) {
			if (method != null) return method;
			// the deterministic deconvolution default has no posterior spread: a map asks for the calibrated sampler
			return uncertainty && task == Task.DECONVOLVE ? Method.FAST : defaultMethod(task);
		}

		/** The number of samples for {@code task}: the one set, or the default of the task and method. */
		public int samplesFor(final Task task) {
			if (samples >= 0) return samples;
			final Method m = methodFor(task);
			return uncertainty && m != Method.MMSE && m != Method.PNP ? STD_SAMPLES : defaultSamples(task, m);
		}

		/** {@link #samplesFor(Task)} of a problem: volumes default to {@link DiffPir#VOLUME_SAMPLES} for fast, dps and ald. */
		public int samplesFor(final RestorationProblem problem) {
			final Method m = methodFor(problem.task());
			return samples < 0 && problem.sliceDepth() > 1 && m != Method.SDEDIT && m != Method.PNP ? Math.max(DiffPir.VOLUME_SAMPLES, samplesFor(problem.task()))
				: samplesFor(problem.task());
		}

		/** Measurement noise in input units, NaN when it is to be estimated. */
		public double noiseSigma() { return noiseSigma; }

		/**
		 * The settings as set, unset values shown as {@code default}: two doors that filled the same
		 * request print the same text.
		 */
		@Override
		public String toString() {
			return String.format(Locale.ROOT, "method=%s steps=%s samples=%s t0=%s noise=%s lambda=%s xi=%s zeta=%s gamma=%s cg=%d seed=%d ensemble=%b antithetic=%b fallback=%b",
				method == null ? "default" : method.id(), unset(steps), unset(samples), unset(t0), noiseText(), unset(lambda), unset(xi), zeta, gamma, cgIterations, seed,
				ensemble, antithetic, fallback) + (uncertainty ? " std=posterior" : "");
		}

		/**
		 * What a run of {@code task} on 2D planes uses, every default resolved (t0 of denoising: matched to
		 * the noise level, known only once the noise is): the line that the command line and the Fiji
		 * commands print before they start.
		 */
		public String describe(final Task task) {
			final Method m = methodFor(task);
			final StringBuilder sb = new StringBuilder("method=" + m.id());
			if (m == Method.MMSE) sb.append(fallback ? " fallback=sure-tv" : " fallback=none");
			if (m != Method.MMSE) {
				final int n = steps < 0 ? defaultSteps(m) : steps;
				sb.append(" steps=").append(n);
				final String start = m == Method.PNP ? "sigma-" + fmt(Math.round(PnpHqs.START_SIGMA * 1000) / 1000.0) : t0 >= 0 ? Integer.toString(t0)
					: m == Method.DPS || m == Method.ALD ? "T-1" : task == Task.DENOISE ? "matched-to-noise" : Integer.toString(task == Task.MRI ? DiffPir.T0_MRI : DiffPir.T0);
				sb.append(" t0=").append(start);
				final int k = samplesFor(task);
				sb.append(" samples=").append(k);
				if (m == Method.FAST) sb.append(" lambda=").append(fmt(Double.isNaN(lambda) ? defaultLambda(task) : lambda)).append(" xi=")
					.append(Double.isNaN(xi) ? "1 (volumes " + fmt(DiffPir.VOLUME_XI) + ")" : fmt(xi));
				if (m == Method.PNP) sb.append(" lambda=").append(fmt(Double.isNaN(lambda) ? PnpHqs.LAMBDA : lambda));
				if (m == Method.DPS) sb.append(" zeta=").append(fmt(zeta));
				if (m == Method.ALD) sb.append(" gamma=").append(fmt(gamma));
				if (m != Method.SDEDIT) sb.append(" antithetic=").append(antitheticFor(m, k));
				if (ensemble) sb.append(" ensemble=true");
				if (uncertainty) sb.append(" std=posterior").append(m == Method.FAST ? "(sampling data step" : "(").append(m == Method.FAST ? ", " : "")
					.append("calibration x").append(fmt(stdCalibrationFor(task))).append(")");
			}
			sb.append(" noise=").append(task == Task.MRI && Double.isNaN(noiseSigma) && poissonGaussian == null ? "0" : noiseText());
			sb.append(" seed=").append(seed);
			return sb.toString();
		}

		private String noiseText() {
			if (poissonGaussian != null) return poissonGaussian.toString().replace(' ', '_');
			return Double.isNaN(noiseSigma) ? "estimated" : "gaussian(" + fmt(noiseSigma) + ")";
		}

		private static String unset(final int v) { return v < 0 ? "default" : Integer.toString(v); }

		private static String unset(final double v) { return Double.isNaN(v) ? "default" : fmt(v); }

		private static String fmt(final double v) {
			return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
		}

		/**
		 * The intensity normalisation to use instead of fitting one to the problem: tiles of one image
		 * must share the image's normalisation, or the seams would show. null: fit to the problem.
		 */
		public Settings normalization(final PercentileNormalization n) { normalization = n; return this; }
	}

	/** A restored image, in input units, with what was done. */
	public static final class Result {
		/** The restored image (mean of the samples), {@code width x height}, row-major. */
		public final float[] image;
		/**
		 * Per-pixel posterior standard deviation from the samples ({@link PosteriorSpread}, input units), times
		 * {@link Settings#stdCalibrationFor} when {@link Settings#uncertainty} was asked for; null for one sample or mmse.
		 */
		public final float[] std;
		/** {@code steps}: network evaluations per sample (the plan's length after truncation at t0). */
		public final int width, height, samples, steps, t0;
		public final Method method;
		/** Noise sigma in input and model units, and whether it was estimated from the input. */
		public final double noiseSigma, noiseSigmaModel;
		public final boolean noiseEstimated;
		/** ||A x - y|| / ||y|| of the restored image, in model units. */
		public final double residual;
		public final double seconds;
		public final String description;

		Result(final float[] image, final float[] std, final int width, final int height, final int samples, final int steps, final int t0,
			final Method method, final double noiseSigma, final double noiseSigmaModel, final boolean noiseEstimated, final double residual,
			final double seconds, final String description)
		{
			this.image = image;
			this.std = std;
			this.width = width;
			this.height = height;
			this.samples = samples;
			this.steps = steps;
			this.t0 = t0;
			this.method = method;
			this.noiseSigma = noiseSigma;
			this.noiseSigmaModel = noiseSigmaModel;
			this.noiseEstimated = noiseEstimated;
			this.residual = residual;
			this.seconds = seconds;
			this.description = description;
		}
	}

	private final LoadedModel model;
	private final NoiseSchedule schedule;

	public Restoration(final LoadedModel model) {
		if (model.eps.channels() != 1)
			throw new IllegalArgumentException("Restoration needs a single-channel model, " + model.source + " has " + model.eps.channels() + " channels");
		this.model = model;
		this.schedule = model.config.noiseSchedule();
	}

	/**
	 * Restores {@code problem}.
	 *
	 * @throws IllegalArgumentException for settings that do not fit the task or the model
	 * @throws java.util.concurrent.CancellationException if the listener cancels
	 */
	public Result restore(final RestorationProblem problem, final Settings settings, final SamplerListener listener) {
		final long start = System.nanoTime();
		final Task task = problem.task();
		if (settings.poissonGaussian != null) {
			if (task == Task.MRI) throw new IllegalArgumentException("Poisson-Gaussian noise is a camera model; k-space noise is Gaussian: give a noise sigma instead");
			if (task == Task.DENOISE) return restoreAnscombe(problem, settings, listener, start);
		}
		final Method method = settings.methodFor(task);
		if (method == Method.MMSE && task != Task.DENOISE)
			throw new IllegalArgumentException("Method mmse is a one-step denoiser: for " + task.id() + " use fast, dps or sdedit");
		final int samples = settings.samplesFor(problem);
		if (samples < 1) throw new IllegalArgumentException("Number of samples must be >= 1, got " + samples);
		if (method == Method.MMSE && samples > 1)
			throw new IllegalArgumentException("Method mmse is deterministic: more than one sample needs fast, dps or sdedit");
		final int T = schedule.steps();
		final int steps = settings.steps < 0 ? defaultSteps(method) : settings.steps;
		if (method != Method.MMSE && (steps < 1 || steps > T))
			throw new IllegalArgumentException("Number of steps must be in [1, " + T + "], got " + steps);

		// intensities: u = s v + c
		final PercentileNormalization norm = settings.normalization != null ? settings.normalization
			: PercentileNormalization.fit(problem.normalisationValues());
		final double s = 2 / norm.range(), c = -1 - s * norm.pLow();
		if (Double.isNaN(settings.noiseSigma) && settings.poissonGaussian == null) { // camera noise fitted to the image, if it is
			final PoissonGaussianFit fit = problem.fitCameraNoise();
			if (fit != null) return restore(problem, settings.copy().noiseModel(fit.noiseModel()), listener);
		}
		final boolean estimated = Double.isNaN(settings.noiseSigma);
		double sigma = settings.noiseSigma;
		if (estimated) {
			sigma = task == Task.MRI ? 0 : problem.estimateNoiseSigma();
		}
		if (!(sigma >= 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("Noise sigma must be finite and >= 0, got " + sigma);
		final LinearOperator problemOp = problem.operator();
		final Batch y = problem.measurement();
		final Batch offset = Operators.run(problemOp, constant(problemOp, (float) c), false);
		final Batch ym = new Batch(1, y.height(), y.width(), y.channels(), new float[y.data().length]);
		for (int k = 0; k < ym.data().length; k++) ym.data()[k] = (float) (s * y.data()[k] + offset.data()[k]);
		// Poisson-Gaussian: whiten the data term (weights 1 / sqrt(var_i), model units); the methods then see unit noise
		final float[] variance = settings.poissonGaussian == null ? null : settings.poissonGaussian.variance(y.data(), y.width(), y.height());
		final Whitened whitened = variance == null ? null : whitened(problemOp, variance, s);
		final LinearOperator op = whitened != null ? whitened : problemOp;
		final Batch yData = whitened != null ? new Batch(1, ym.height(), ym.width(), ym.channels(), whitened.whiten(ym.data(), 1)) : ym;
		final double sigmaM = whitened != null ? 1 : s * sigma;

		final Batch restored;
		Batch std = null;
		final int t0;
		int evaluations = 1;
		final String description;
		if (method == Method.MMSE) {
			t0 = schedule.timestepForNoise(sigmaM);
			final boolean ensemble = settings.ensemble;
			final UnaryOperator<Batch> denoiser = v -> ensemble ? Tweedie.denoiseEnsemble(model.eps, schedule, v, sigmaM) : Tweedie.denoise(model.eps, schedule, v, sigmaM);
			final Batch mmse = denoiser.apply(ym);
			final String what = String.format(Locale.ROOT, "mmse (Tweedie x0Hat at t=%d%s)", t0, ensemble ? ", 8-fold flip/rotation ensemble" : "");
			if (settings.fallback && ym.n() == 1 && ym.channels() == 1) {
				final SureChoice.Choice choice = SureChoice.choose(ym.data(), ym.width(), ym.height(), sigmaM, mmse.data(),
					(v, win) -> denoiser.apply(new Batch(1, win.height(), win.width(), 1, v)).data(), settings.seed);
				restored = new Batch(1, ym.height(), ym.width(), 1, choice.image);
				description = String.format(Locale.ROOT, "%s; SURE chose %s (SURE %.4g; %s)", what, choice.chosen.equals("prior") ? "the prior's result" : choice.chosen,
					choice.risk, choice.table);
				evaluations = 2;
			}
			else {
				restored = mmse;
				description = what;
			}
		}
		else {
			final StepPlan plan;
			if (method == Method.PNP) { // its own plan: noise levels from PnpHqs.START_SIGMA down to the schedule's smallest
				plan = StepPlan.of(PnpHqs.timesteps(schedule, steps));
				t0 = plan.first();
			}
			else {
				t0 = settings.t0 < 0 ? defaultT0(task, method, schedule, sigmaM) : settings.t0;
				if (t0 >= T) throw new IllegalArgumentException("Start timestep t0 must be in [0, " + (T - 1) + "], got " + t0);
				plan = StepPlan.uniform(T, steps).from(t0);
			}
			evaluations = plan.size();
			final boolean antithetic = settings.antitheticFor(method, samples);
			final Batch xStart = method == Method.PNP ? scaled(problem.start(repeat(ym, samples)), Math.sqrt(schedule.alphaBar(t0)))
				: startNoised(task, problem.start(repeat(ym, samples)), t0, sigmaM, settings.seed, antithetic);
			final Batch yK = repeat(yData, samples);
			final Sampler sampler = new Sampler(schedule, StepRule.ddpm());
			final Batch xs;
			if (method == Method.SDEDIT) {
				if (problem.sliceDepth() > 1) throw new IllegalArgumentException("Method sdedit does not take 3D problems: use fast, dps or ald");
				xs = sampler.run(model.eps, xStart, plan, settings.seed, listener);
				description = String.format(Locale.ROOT, "sdedit (DDPM from t0=%d, %d steps, no data term)", t0, plan.size());
			}
			else {
				final Guidance guidance = method == Method.DPS ? new Dps(settings.zeta)
					: method == Method.ALD ? Ald.of(sigmaM, settings.gamma)
					: method == Method.PNP ? new PnpHqs(Double.isNaN(settings.lambda) ? PnpHqs.LAMBDA : settings.lambda, sigmaM, settings.cgIterations)
					: new DiffPir(Double.isNaN(settings.lambda) ? defaultLambda(task) : settings.lambda, sigmaM, !Double.isNaN(settings.xi) ? settings.xi : problem.sliceDepth() > 1 ? DiffPir.VOLUME_XI : 1, settings.cgIterations,
						settings.uncertainty);
				try (GuidedKernel kernel = new GuidedKernel(network(method, problem, settings.ensembleFor(problem), xStart), schedule, sampler.rule(), op, guidance, yK, antithetic)) {
					xs = sampler.run(kernel, xStart, plan, settings.seed, listener);
					description = String.format(Locale.ROOT, "%s from t0=%d, %d steps%s%s", kernel.name(), t0, plan.size(),
						settings.ensembleFor(problem) ? ", flip/rotation ensemble of the network" : "", antithetic ? ", antithetic pairs" : "");
				}
			}
			xs.requireFinite("The restored image (the sampler diverged; try fewer steps, a smaller zeta or lambda)");
			restored = mean(xs);
			if (samples > 1) std = PosteriorSpread.std(xs, antithetic, settings.uncertainty ? settings.stdCalibrationFor(task) : 1);
		}
		final double residual = residual(op, restored, yData);

		final Batch out = problem.output(restored);
		final float[] image = norm.inverse(out.data());
		float[] stdOut = null;
		if (std != null) {
			stdOut = problem.output(std).data();
			for (int k = 0; k < stdOut.length; k++) stdOut[k] /= (float) s;
		}
		return new Result(image, stdOut, out.width(), out.height(), samples, evaluations, t0, method, sigma, sigmaM, estimated, residual, (System.nanoTime() - start) / 1e9, description);
	}

	/**
	 * The prior in the graph: for 3D problems on the xy, xz and yz slices ({@link SliceWiseNetwork}); with
	 * {@code ensemble}, for the 2D images x (shaped like {@code x}) its flip/rotation ensemble.
	 */
	private GraphNetwork network(final Method method, final RestorationProblem problem, final boolean ensemble, final Batch x) {
		final GraphNetwork net = network(method);
		if (problem.sliceDepth() > 1) return new SliceWiseNetwork(net, problem.sliceDepth(), true);
		return ensemble ? new DihedralEnsembleNetwork(net, x.height() == x.width()) : net;
	}

	/** The operator whitened for Poisson-Gaussian noise: w = 1 / sqrt(s^2 var_i), var_i in input units. */
	private static Whitened whitened(final LinearOperator op, final float[] variance, final double s) {
		final float[] w = new float[variance.length];
		for (int i = 0; i < w.length; i++) w[i] = (float) (1 / Math.sqrt(s * s * Math.max(variance[i], 1e-12)));
		return new Whitened(op, w);
	}

	/**
	 * Poisson-Gaussian denoising: the generalised Anscombe transform f of the input has unit Gaussian
	 * noise; f is restored as a Gaussian problem with sigma 1 (the given normalisation, if any, mapped
	 * through f, which is monotone) and mapped back with the unbiased inverse; standard deviations are
	 * scaled by the inverse's slope, dy/dD = D / (2 a).
	 */
	private Result restoreAnscombe(final RestorationProblem problem, final Settings settings, final SamplerListener listener, final long start) {
		final NoiseModel noise = settings.poissonGaussian;
		final Batch y = problem.measurement();
		final float[] f = Anscombe.forward(y.data(), noise);
		// no SURE fallback here: SURE needs exactly Gaussian noise, which the transform gives only above a few
		// photons per pixel (on the demo's synthetic image, 0-4 photons, it chose TV, 2.35 dB below the prior)
		final Settings gaussian = settings.copy().noiseModel(null).noiseSigma(1).fallback(false);
		if (settings.normalization != null) {
			final float[] ends = Anscombe.forward(new float[] { (float) settings.normalization.pLow(), (float) settings.normalization.pHigh() }, noise);
			gaussian.normalization(PercentileNormalization.of(ends[0], ends[1]));
		}
		final Result r = restore(RestorationProblem.denoising(f, y.width(), y.height()), gaussian, listener);
		final float[] image = Anscombe.inverse(r.image, noise);
		float[] std = null;
		if (r.std != null) {
			std = r.std.clone();
			for (int k = 0; k < std.length; k++) std[k] *= (float) (Math.max(r.image[k], 0) / (2 * noise.photons()));
		}
		return new Result(image, std, r.width, r.height, r.samples, r.steps, r.t0, r.method, Double.NaN, r.noiseSigmaModel, false, r.residual,
			(System.nanoTime() - start) / 1e9, r.description + ", on the generalised Anscombe transform for " + noise);
	}

	private GraphNetwork network(final Method method) {
		return model.graphNetwork().orElseThrow(() -> new IllegalArgumentException("Method " + method.id() + " builds the network into one graph with the "
			+ "data term, which needs a model bundle (.zip); " + model.source + " is a TensorFlow SavedModel: use --method mmse (denoising) or sdedit"));
	}

	/** x_t0 from the start image; for denoising the noise already in it counts (see the class description). */
	private Batch startNoised(final Task task, final Batch x0, final int t0, final double sigmaM, final long seed, final boolean antithetic) {
		final Batch z = GaussianNoise.like(x0, seed);
		if (antithetic) {
			final int half = z.data().length / 2;
			for (int k = 0; k < half; k++) z.data()[half + k] = -z.data()[k];
		}
		if (task != Task.DENOISE) return ForwardNoising.noise(schedule, x0, t0, z);
		final double abar = schedule.alphaBar(t0);
		final double extra = Math.sqrt(Math.max(0, (1 - abar) / abar - sigmaM * sigmaM));
		final float a = (float) Math.sqrt(abar), e = (float) extra;
		final float[] out = new float[x0.data().length];
		for (int k = 0; k < out.length; k++) out[k] = a * (x0.data()[k] + e * z.data()[k]);
		return new Batch(x0.n(), x0.height(), x0.width(), x0.channels(), out);
	}

	private static Batch scaled(final Batch x, final double factor) {
		final float[] out = new float[x.data().length];
		for (int k = 0; k < out.length; k++) out[k] = (float) (factor * x.data()[k]);
		return new Batch(x.n(), x.height(), x.width(), x.channels(), out);
	}

	private static Batch constant(final LinearOperator op, final float value) {
		final long[] shape = op.imageShape();
		final float[] v = new float[(int) (shape[0] * shape[1] * shape[2])];
		Arrays.fill(v, value);
		return new Batch(1, (int) shape[0], (int) shape[1], (int) shape[2], v);
	}

	static Batch repeat(final Batch one, final int k) {
		final int size = one.imageSize();
		final float[] out = new float[k * size];
		for (int i = 0; i < k; i++) System.arraycopy(one.data(), 0, out, i * size, size);
		return new Batch(k, one.height(), one.width(), one.channels(), out);
	}

	private static Batch mean(final Batch xs) {
		final int size = xs.imageSize();
		final float[] m = new float[size];
		for (int i = 0; i < xs.n(); i++)
			for (int p = 0; p < size; p++) m[p] += xs.data()[i * size + p];
		for (int p = 0; p < size; p++) m[p] /= xs.n();
		return new Batch(1, xs.height(), xs.width(), xs.channels(), m);
	}

	/** ||A x - y|| / ||y||. */
	private static double residual(final LinearOperator op, final Batch x, final Batch y) {
		final float[] ax = Operators.run(op, x, false).data();
		double r = 0, n = 0;
		for (int k = 0; k < ax.length; k++) {
			final double d = ax[k] - y.data()[k];
			r += d * d;
			n += (double) y.data()[k] * y.data()[k];
		}
		return Math.sqrt(r / Math.max(n, Double.MIN_NORMAL));
	}

	/**
	 * The camera-noise model var(y) = a E[y] + b fitted to an input image ({@link PoissonGaussianFit}, Foi
	 * et al. 2008), when the noise is not given: for denoising and deconvolution (whose input is the image
	 * itself), if the fit finds the noise signal-dependent ({@link PoissonGaussianFit#signalDependent}: a
	 * significant and not negligible); null otherwise, and where the image has too few smooth pixels for a
	 * fit: the noise is then Gaussian with {@link #estimateNoiseSigma}.
	 */
	public static PoissonGaussianFit cameraNoise(final Task task, final float[] image, final int width, final int height) {
		if (task != Task.DENOISE && task != Task.DECONVOLVE) return null;
		try {
			final PoissonGaussianFit fit = PoissonGaussianFit.fit(image, width, height);
			return fit.signalDependent() ? fit : null;
		}
		catch (final IllegalArgumentException e) {
			return null;
		}
	}

	/**
	 * A robust estimate of the standard deviation of white Gaussian noise in an image (Immerkaer 1996,
	 * made robust): the image is filtered with the 3x3 kernel {@code [1 -2 1; -2 4 -2; 1 -2 1]}, the
	 * difference of two Laplacians, which removes constant, linear and most smooth signal and turns white
	 * noise of sigma into noise of 6 sigma; the median absolute deviation of the response, divided by
	 * 0.6745 (the MAD of a standard normal) and by 6, is the estimate, so edges and texture (a minority of
	 * the pixels) barely bias it. Only windows of observed pixels count when {@code observed} (1 =
	 * observed) is given; 0 with fewer than 2 windows or images smaller than 3x3.
	 */
	public static double estimateNoiseSigma(final float[] image, final int width, final int height, final float[] observed) {
		final int[] k = { 1, -2, 1, -2, 4, -2, 1, -2, 1 };
		final float[] d = new float[Math.max(0, height - 2) * Math.max(0, width - 2)];
		int n = 0;
		for (int r = 1; r + 1 < height; r++)
			for (int c = 1; c + 1 < width; c++) {
				double v = 0;
				boolean seen = true;
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						final int p = (r + dy) * width + c + dx;
						seen &= observed == null || observed[p] == 1;
						v += k[(dy + 1) * 3 + dx + 1] * image[p];
					}
				if (seen) d[n++] = (float) v;
			}
		if (n < 2) return 0;
		final float[] v = Arrays.copyOf(d, n);
		final double med = median(v);
		for (int i = 0; i < n; i++) v[i] = (float) Math.abs(v[i] - med);
		return median(v) / 0.6745 / 6;
	}

	private static double median(final float[] v) {
		final float[] s = v.clone();
		Arrays.sort(s);
		final int n = s.length;
		return n % 2 == 1 ? s[n / 2] : 0.5 * ((double) s[n / 2 - 1] + s[n / 2]);
	}
}
