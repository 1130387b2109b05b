/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import java.util.Locale;

import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.method.Ald;
import sc.fiji.diffusion.method.DiffPir;
import sc.fiji.diffusion.method.Dps;
import sc.fiji.diffusion.method.PnpHqs;
import sc.fiji.diffusion.noise.NoiseModel;
import sc.fiji.diffusion.task.Restoration.Method;
import sc.fiji.diffusion.task.Restoration.Task;

/**
 * What a {@link Restoration} runs; every unset value takes the default of the task and method
 * ({@link RestorationDefaults}). Every door fills one of these, so that the same request runs the same
 * settings from the command line, a Fiji command or a macro.
 */
public final class Settings {
	Method method;
	int steps = -1, samples = -1, t0 = -1, cgIterations = RestorationDefaults.CG_ITERATIONS;
	double noiseSigma = Double.NaN, zeta = Dps.ZETA, lambda = Double.NaN, xi = Double.NaN, gamma = Ald.GAMMA, stdCalibration = Double.NaN;
	long seed;
	boolean ensemble, antithetic = RestorationDefaults.ANTITHETIC, fallback = RestorationDefaults.SURE_FALLBACK, uncertainty;
	PercentileNormalization normalization;
	NoiseModel poissonGaussian;
	/**
	 * SURE's choice made once for a whole plane ({@link StackRestoration}, for its tiles): null, choose per
	 * image; NaN, the prior's result; else the total-variation weight (model units).
	 */
	Double sureChoice;

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
		c.sureChoice = sureChoice;
		return c;
	}

	/** null: {@link RestorationDefaults#defaultMethod}. */
	public Settings method(final Method m) { method = m; return this; }

	/** Steps of the full plan, before truncation at t0 (a run from t0 makes about steps t0 / T); -1: default. */
	public Settings steps(final int n) { steps = unsetOrAtLeast(n, 1, "The number of steps"); return this; }

	/** Posterior samples, computed in one batch; -1: default. */
	public Settings samples(final int k) { samples = unsetOrAtLeast(k, 1, "The number of samples"); return this; }

	/** Start timestep; -1: default ({@link RestorationDefaults#defaultT0}). */
	public Settings t0(final int t) { t0 = unsetOrAtLeast(t, 0, "The start timestep t0"); return this; }

	/**
	 * {@code v} if it is -1 (unset: the default) or at least {@code min}; otherwise an error, so that a value
	 * like -5 is not silently taken for the default. (Values above the model's range are refused where the
	 * model is known.)
	 */
	static int unsetOrAtLeast(final int v, final int min, final String what) {
		if (v == -1 || v >= min) return v;
		throw new IllegalArgumentException(what + " must be at least " + min + ", or -1 for the default; got " + v);
	}

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

	/** DiffPIR's lambda: rho_t = lambda sigma_m^2 / sigmaBar_t^2; NaN: {@link RestorationDefaults#defaultLambda}. */
	public Settings lambda(final double l) { lambda = l; return this; }

	/** DiffPIR's xi in [0, 1]: share of fresh noise when re-noising (1: all fresh); NaN: {@link DiffPir#XI}, volumes {@link DiffPir#VOLUME_XI}. */
	public Settings xi(final double x) { xi = x; return this; }

	/** Conjugate-gradient iterations where the data term has no closed form (deconvolution). */
	public Settings cgIterations(final int n) { cgIterations = n; return this; }

	public Settings seed(final long s) { seed = s; return this; }

	/**
	 * The network as its flip/rotation ensemble at every step ({@link sc.fiji.diffusion.model.DihedralEnsembleNetwork}: 8x the
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
	 * mmse with Gaussian noise (not camera noise, which is restored on its Anscombe transform, see {@link Restoration}): choose per image, by
	 * Stein's unbiased risk estimate, between the prior's result and total variation ({@link SureChoice}), so that a prior that does not fit the image cannot make it worse than
	 * a classical denoiser would (default); false: the prior's result as it is. Costs one more evaluation
	 * of the network (the divergence probe) and 8 runs of total variation.
	 */
	public Settings fallback(final boolean f) { fallback = f; return this; }

	/**
	 * The uncertainty map is asked for (the command line's {@code --std-output}, Fiji's {@code show_std}):
	 * the posterior samples default to {@link RestorationDefaults#STD_SAMPLES} for the sampling methods, fast draws them with
	 * its posterior-sampling data step ({@link DiffPir#sampling}), and the map is the calibrated posterior
	 * std ({@link PosteriorSpread}, {@link RestorationDefaults#stdCalibration}), its variance averaged over 3x3
	 * pixels ({@link PosteriorSpread#smoothed}). Without it (default) nothing changes: the
	 * result costs what it did.
	 */
	public Settings uncertainty(final boolean u) { uncertainty = u; return this; }

	public boolean uncertainty() { return uncertainty; }

	/** The std map's calibration factor; NaN (default): {@link RestorationDefaults#stdCalibration}; 1: the raw posterior std. */
	public Settings stdCalibration(final double f) { stdCalibration = f; return this; }

	/** The calibration factor the std map of {@code task} gets: that of the method whose samples make it ({@link #mapMethodFor}). */
	public double stdCalibrationFor(final Task task) {
		return !Double.isNaN(stdCalibration) ? stdCalibration : RestorationDefaults.stdCalibration(task, mapMethodFor(task));
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

	/** The method for {@code task}: the one set, or the task's default ({@link RestorationDefaults#defaultMethod}). */
	public Method methodFor(final Task task) {
		return method != null ? method : RestorationDefaults.defaultMethod(task);
	}

	/**
	 * The method whose samples make the uncertainty map of {@code task}: {@link #methodFor}, except for the
	 * deterministic defaults (mmse for denoising, pnp for deconvolution), which have no posterior spread:
	 * their result stays theirs and the map comes from fast's samples: their spread (mmse), or pnp's root
	 * expected squared error around them ({@link Restoration}). A
	 * deterministic method set by the user has no map (the run is refused with the reason).
	 */
	public Method mapMethodFor(final Task task) {
		final Method m = methodFor(task);
		return uncertainty && method == null && (m == Method.MMSE || m == Method.PNP) ? Method.FAST : m;
	}

	/**
	 * Throws if a setting given does nothing for {@code task}'s method, so that the doors refuse it instead
	 * of ignoring it: the steps of mmse (one network evaluation) and the start timestep of pnp (its noise
	 * levels start at {@code PnpHqs.START_SIGMA}), unless a map is asked for, whose samples of fast take them.
	 */
	public void requireEffective(final Task task) {
		final Method m = methodFor(task), map = mapMethodFor(task);
		if (steps >= 0 && m == Method.MMSE && map == Method.MMSE)
			throw new IllegalArgumentException("steps (" + steps + ") do nothing for mmse, the one-step posterior mean (denoising's default): leave them out, "
				+ "or choose a sampling method (fast, pnp, dps, ald, sdedit)");
		if (t0 >= 0 && m == Method.PNP && map == Method.PNP)
			throw new IllegalArgumentException("t0 (" + t0 + ") does nothing for pnp, whose noise levels start at DPIR's 49/255 (deconvolution's default): "
				+ "leave it out, or choose a sampling method (fast, dps, ald, sdedit)");
	}

	/** The posterior samples of the map of {@code task} on 2D planes: the number set, or the default of {@link #mapMethodFor}. */
	public int mapSamplesFor(final Task task) {
		return samples >= 0 ? samples : RestorationDefaults.defaultSamples(task, mapMethodFor(task), uncertainty, false);
	}

	/**
	 * Whether the std map of {@code task} is calibrated: a factor was given, or the library ships one fitted on
	 * held-out data for the map's method ({@link RestorationDefaults#stdCalibration} not 1); otherwise it is the
	 * raw spread of the samples, which the doors say.
	 */
	public boolean stdCalibratedFor(final Task task) {
		return !Double.isNaN(stdCalibration) ? stdCalibration != 1 : RestorationDefaults.stdCalibration(task, mapMethodFor(task)) != 1;
	}

	/** Whether the number of samples was set (else the default of the task and method applies). */
	public boolean samplesGiven() { return samples >= 0; }

	/** The sampler steps for {@code task}: the number set, or the default of its method ({@link RestorationDefaults#defaultSteps}). */
	public int stepsFor(final Task task) {
		return steps >= 0 ? steps : RestorationDefaults.defaultSteps(methodFor(task));
	}

	/** The number of samples for {@code task}: the one set, or the default of the task and method. */
	public int samplesFor(final Task task) {
		return samples >= 0 ? samples : RestorationDefaults.defaultSamples(task, methodFor(task), uncertainty, false);
	}

	/** {@link #samplesFor(Task)} of a problem: volumes default to {@link DiffPir#VOLUME_SAMPLES} for fast, dps and ald. */
	public int samplesFor(final RestorationProblem problem) {
		return samples >= 0 ? samples : RestorationDefaults.defaultSamples(problem.task(), methodFor(problem.task()), uncertainty, problem.sliceDepth() > 1);
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
			final int n = steps < 0 ? RestorationDefaults.defaultSteps(m) : steps;
			sb.append(" steps=").append(n);
			final String start = m == Method.PNP ? "sigma-" + fmt(Math.round(PnpHqs.START_SIGMA * 1000) / 1000.0) : t0 >= 0 ? Integer.toString(t0)
				: m == Method.DPS || m == Method.ALD ? "T-1" : task == Task.DENOISE ? "matched-to-noise" : Integer.toString(task == Task.MRI ? DiffPir.T0_MRI : DiffPir.T0);
			sb.append(" t0=").append(start);
			final int k = samplesFor(task);
			sb.append(" samples=").append(k);
			if (m == Method.FAST) sb.append(" lambda=").append(fmt(Double.isNaN(lambda) ? RestorationDefaults.defaultLambda(task) : lambda)).append(" xi=")
				.append(Double.isNaN(xi) ? fmt(DiffPir.XI) + " (volumes " + fmt(DiffPir.VOLUME_XI) + ")" : fmt(xi));
			if (m == Method.PNP) sb.append(" lambda=").append(fmt(Double.isNaN(lambda) ? PnpHqs.LAMBDA : lambda));
			if (m == Method.DPS) sb.append(" zeta=").append(fmt(zeta));
			if (m == Method.ALD) sb.append(" gamma=").append(fmt(gamma));
			if (m != Method.SDEDIT) sb.append(" antithetic=").append(antitheticFor(m, k));
			if (ensemble) sb.append(" ensemble=true");
		}
		if (uncertainty) {
			final Method mm = mapMethodFor(task);
			sb.append(" std=posterior(");
			if (mm != m) sb.append(mm.id()).append(", ").append(mapSamplesFor(task)).append(" samples, ");
			if (mm == Method.FAST) sb.append("sampling data step, ");
			sb.append("calibration x").append(fmt(stdCalibrationFor(task))).append(")");
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
