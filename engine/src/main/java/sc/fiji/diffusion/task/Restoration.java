/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
import sc.fiji.diffusion.operator.StackedOperator;
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
 * Several problems of one shape (the planes of an MRI volume) can share the batch too, each with its own
 * operator, normalisation and noise seed ({@link #restore(List, long[], Settings, SamplerListener)}).
 * <p>
 * <b>Uncertainty map</b> ({@link Settings#uncertainty}): {@link RestorationDefaults#STD_SAMPLES} samples unless given, fast
 * with its posterior-sampling data step ({@link DiffPir#sampling}; plain DiffPIR spreads 0.5-0.6 of the
 * posterior std on the linear-Gaussian oracle), and the std times {@link RestorationDefaults#stdCalibration}, so that it
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

	/** A restored image, in input units, with what was done. */
	public static final class Result {
		/** The restored image (mean of the samples), {@code width x height}, row-major. */
		public final float[] image;
		/**
		 * The uncertainty map, input units: the per-pixel posterior standard deviation from the samples ({@link
		 * PosteriorSpread}), or, for a result that is not the posterior mean (pnp, or the classical image SURE
		 * chose), its root posterior expected squared error around them ({@link PosteriorSpread#aroundEstimate});
		 * times {@link Settings#stdCalibrationFor} and averaged over a 3x3 box ({@link PosteriorSpread#smoothed})
		 * when {@link Settings#uncertainty} was asked for; null for one sample of a sampling method, or a
		 * deterministic method without the map.
		 */
		public final float[] std;
		/** {@code steps}: network evaluations per sample (the plan's length after truncation at t0). */
		public final int width, height, samples, steps, t0;
		public final Method method;
		/**
		 * Whether {@link #image} estimates the posterior mean: the samples' mean of a sampling method, or mmse's
		 * Tweedie estimate where SURE kept it; false for pnp and for a classical image SURE chose instead.
		 */
		public final boolean posteriorMean;
		/** Noise sigma in input and model units, and whether it was estimated from the input. */
		public final double noiseSigma, noiseSigmaModel;
		public final boolean noiseEstimated;
		/** ||A x - y|| / ||y|| of the restored image, in model units. */
		public final double residual;
		public final double seconds;
		public final String description;

		Result(final float[] image, final float[] std, final int width, final int height, final int samples, final int steps, final int t0,
			final Method method, final boolean posteriorMean, final double noiseSigma, final double noiseSigmaModel, final boolean noiseEstimated,
			final double residual, final double seconds, final String description)
		{
			this.image = image;
			this.std = std;
			this.width = width;
			this.height = height;
			this.samples = samples;
			this.steps = steps;
			this.t0 = t0;
			this.method = method;
			this.posteriorMean = posteriorMean;
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

	/** mmse's denoiser at noise sigmaM (model units): Tweedie's x0Hat, over the 8-fold flip/rotation ensemble when asked. */
	private UnaryOperator<Batch> mmseDenoiser(final Settings settings, final double sigmaM) {
		final boolean ensemble = settings.ensemble;
		return v -> ensemble ? Tweedie.denoiseEnsemble(model.eps, schedule, v, sigmaM) : Tweedie.denoise(model.eps, schedule, v, sigmaM);
	}

	/**
	 * SURE's choice between mmse and total variation ({@link SureChoice}) on a denoising problem with
	 * Gaussian noise, without restoring it: for {@link StackRestoration}, which makes one choice for all the
	 * tiles of a plane on a window of it, so that a plane does not mix the two.
	 */
	SureChoice.Choice sureChoice(final RestorationProblem problem, final Settings settings) {
		if (problem.task() != Task.DENOISE || settings.poissonGaussian != null) throw new IllegalArgumentException("SURE chooses for denoising with Gaussian noise only");
		final ModelUnits u = new ModelUnits(problem, settings);
		final UnaryOperator<Batch> denoiser = mmseDenoiser(settings, u.sigmaM);
		final Batch ym = u.ym;
		return SureChoice.choose(ym.data(), ym.width(), ym.height(), u.sigmaM, denoiser.apply(ym).data(),
			(v, win) -> denoiser.apply(new Batch(1, win.height(), win.width(), 1, v)).data(), settings.seed);
	}

	/**
	 * Restores {@code problem}: a Gaussian problem, or a Poisson-Gaussian one (given, or fitted to the image
	 * where the noise sigma is not given, {@link RestorationProblem#fitCameraNoise}), with the seed of the settings.
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
		if (settings.uncertainty && settings.mapMethodFor(task) != settings.methodFor(task)) return restoreWithSpread(problem, settings, listener, start);
		if (Double.isNaN(settings.noiseSigma) && settings.poissonGaussian == null) { // camera noise fitted to the image, if it is
			final PoissonGaussianFit fit = problem.fitCameraNoise();
			if (fit != null) return restore(problem, settings.copy().noiseModel(fit.noiseModel()), listener);
		}
		return restore(Collections.singletonList(problem), new long[] { settings.seed }, settings, listener).get(0);
	}

	/**
	 * Restores B problems of one task and shape in one sampler run: their samples go through the network
	 * together (a plane-interleaved batch, {@link Batch#interleaved}; each problem with its own operator,
	 * {@link StackedOperator}, and measurement). Each problem keeps its own intensity normalisation and
	 * draws its noise (start and every step) from its own seed, so that its result is the result of
	 * {@link #restore(RestorationProblem, Settings, SamplerListener)} with that seed (to float rounding;
	 * for the MRI problems, which fit no camera noise). Several problems need a sampling method with a
	 * data term (fast, dps, ald, pnp), Gaussian noise and one noise sigma in model units (the step
	 * parameters are the batch's); {@code seconds} of each result is the whole run's.
	 *
	 * @param seeds the seed of each problem
	 * @throws IllegalArgumentException for settings that do not fit the task or the model, or problems that cannot share a run
	 * @throws java.util.concurrent.CancellationException if the listener cancels
	 */
	public List<Result> restore(final List<RestorationProblem> problems, final long[] seeds, final Settings settings, final SamplerListener listener) {
		final long start = System.nanoTime();
		final int planes = problems.size();
		if (planes < 1 || seeds.length != planes) throw new IllegalArgumentException(planes + " problem(s) with " + seeds.length + " seed(s)");
		final RestorationProblem problem = problems.get(0);
		final Task task = problem.task();
		final Method method = settings.methodFor(task);
		if (method == Method.MMSE && task != Task.DENOISE)
			throw new IllegalArgumentException("Method mmse is a one-step denoiser: for " + task.id() + " use pnp, fast, dps, ald or sdedit");
		final int samples = settings.samplesFor(problem);
		if (samples < 1) throw new IllegalArgumentException("Number of samples must be >= 1, got " + samples);
		if (settings.uncertainty && samples < 2)
			throw new IllegalArgumentException("The uncertainty map needs 2 or more posterior samples of a sampling method (fast, dps, ald or sdedit; "
				+ method.id() + " with " + samples + " sample gives no posterior spread)");
		if (method == Method.MMSE && samples > 1)
			throw new IllegalArgumentException("Method mmse is deterministic: more than one sample needs fast, dps or sdedit");
		final int T = schedule.steps();
		final int steps = settings.stepsFor(task);
		if (method != Method.MMSE && (steps < 1 || steps > T))
			throw new IllegalArgumentException("Number of steps must be in [1, " + T + "], got " + steps);
		if (planes > 1 && (method == Method.MMSE || method == Method.SDEDIT || settings.poissonGaussian != null))
			throw new IllegalArgumentException("Only fast, dps, ald and pnp with Gaussian noise restore several problems in one run; " + method.id() + " takes one at a time");
		final List<ModelUnits> units = new ArrayList<>();
		for (final RestorationProblem p : problems) {
			if (p.task() != task) throw new IllegalArgumentException("Problems of one run need one task: " + p.task().id() + " and " + task.id());
			units.add(new ModelUnits(p, settings));
			if (units.get(units.size() - 1).sigmaM != units.get(0).sigmaM)
				throw new IllegalArgumentException("Problems of one run need one noise sigma in model units (one step size); restore them one at a time");
		}
		final ModelUnits u0 = units.get(0);
		final double sigmaM = u0.sigmaM;

		final Batch[] restored = new Batch[planes], std = new Batch[planes];
		final int t0;
		int evaluations = 1;
		boolean posteriorMean = method != Method.PNP; // mmse: unless SURE swaps in a classical image
		final String description;
		if (method == Method.MMSE) {
			t0 = schedule.timestepForNoise(sigmaM);
			final boolean ensemble = settings.ensemble;
			final Batch ym = u0.ym;
			final UnaryOperator<Batch> denoiser = mmseDenoiser(settings, sigmaM);
			final boolean chosenForPlane = settings.fallback && ym.n() == 1 && ym.channels() == 1 && settings.sureChoice != null;
			final boolean totalVariation = chosenForPlane && !Double.isNaN(settings.sureChoice);
			final Batch mmse = totalVariation ? null : denoiser.apply(ym); // a plane's choice of total variation needs no network
			final String what = String.format(Locale.ROOT, "mmse (Tweedie x0Hat at t=%d%s)", t0, ensemble ? ", 8-fold flip/rotation ensemble" : "");
			if (chosenForPlane) {
				final double lambda = settings.sureChoice;
				restored[0] = new Batch(1, ym.height(), ym.width(), 1, SureChoice.apply(lambda, ym.data(), ym.width(), ym.height(), totalVariation ? null : mmse.data()));
				posteriorMean = !totalVariation;
				description = String.format(Locale.ROOT, "%s; SURE chose %s for the whole plane", what, posteriorMean ? "the prior's result" : SureChoice.name(lambda));
				if (totalVariation) evaluations = 0;
			}
			else if (settings.fallback && ym.n() == 1 && ym.channels() == 1) {
				final SureChoice.Choice choice = SureChoice.choose(ym.data(), ym.width(), ym.height(), sigmaM, mmse.data(),
					(v, win) -> denoiser.apply(new Batch(1, win.height(), win.width(), 1, v)).data(), settings.seed);
				restored[0] = new Batch(1, ym.height(), ym.width(), 1, choice.image);
				posteriorMean = choice.chosen.equals("prior");
				description = String.format(Locale.ROOT, "%s; SURE chose %s (SURE %.4g; %s)", what, posteriorMean ? "the prior's result" : choice.chosen,
					choice.risk, choice.table);
				evaluations = 2;
			}
			else {
				restored[0] = mmse;
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
				t0 = settings.t0 < 0 ? RestorationDefaults.defaultT0(task, method, schedule, sigmaM) : settings.t0;
				if (t0 >= T) throw new IllegalArgumentException("Start timestep t0 must be in [0, " + (T - 1) + "], got " + t0);
				plan = StepPlan.uniform(T, steps).from(t0);
			}
			evaluations = plan.size();
			final boolean antithetic = settings.antitheticFor(method, samples);
			final List<Batch> starts = new ArrayList<>(), measurements = new ArrayList<>();
			final List<LinearOperator> ops = new ArrayList<>();
			final long[] planeSeeds = new long[planes];
			for (int b = 0; b < planes; b++) {
				final ModelUnits u = units.get(b);
				final Batch x0 = u.problem.start(u.ym.repeated(samples));
				starts.add(method == Method.PNP ? x0.scaled(Math.sqrt(schedule.alphaBar(t0))) : startNoised(task, x0, t0, sigmaM, seeds[b], antithetic));
				measurements.add(u.yData.repeated(samples));
				ops.add(u.op);
				planeSeeds[b] = seeds[b] - seeds[0];
			}
			final Batch xStart = Batch.interleaved(starts), yK = Batch.interleaved(measurements);
			final Sampler sampler = new Sampler(schedule, StepRule.ddpm());
			final Batch xs;
			if (method == Method.SDEDIT) {
				if (problem.sliceDepth() > 1) throw new IllegalArgumentException("Method sdedit does not take 3D problems: use fast, dps or ald");
				xs = sampler.run(model.eps, xStart, plan, seeds[0], listener);
				description = String.format(Locale.ROOT, "sdedit (DDPM from t0=%d, %d steps, no data term)", t0, plan.size());
			}
			else {
				final Guidance guidance = method == Method.DPS ? new Dps(settings.zeta)
					: method == Method.ALD ? Ald.of(sigmaM, settings.gamma)
					: method == Method.PNP ? new PnpHqs(Double.isNaN(settings.lambda) ? PnpHqs.LAMBDA : settings.lambda, sigmaM, settings.cgIterations)
					: new DiffPir(Double.isNaN(settings.lambda) ? RestorationDefaults.defaultLambda(task) : settings.lambda, sigmaM, !Double.isNaN(settings.xi) ? settings.xi : problem.sliceDepth() > 1 ? DiffPir.VOLUME_XI : DiffPir.XI, settings.cgIterations,
						settings.uncertainty);
				try (GuidedKernel kernel = new GuidedKernel(network(method, problem, settings.ensembleFor(problem), xStart), schedule, sampler.rule(), StackedOperator.of(ops),
					guidance, yK, antithetic, planeSeeds))
				{
					xs = sampler.run(kernel, xStart, plan, seeds[0], listener);
					description = String.format(Locale.ROOT, "%s from t0=%d, %d steps%s%s", kernel.name(), t0, plan.size(),
						settings.ensembleFor(problem) ? ", flip/rotation ensemble of the network" : "", antithetic ? ", antithetic pairs" : "");
				}
			}
			xs.requireFinite("The restored image (the sampler diverged; try fewer steps, a smaller zeta or lambda)");
			for (int b = 0; b < planes; b++) {
				final Batch xb = xs.images(b, planes);
				restored[b] = xb.mean();
				if (samples > 1) std[b] = PosteriorSpread.std(xb, antithetic, settings.uncertainty ? settings.stdCalibrationFor(task) : 1);
			}
		}
		final List<Result> results = new ArrayList<>();
		for (int b = 0; b < planes; b++) {
			final ModelUnits u = units.get(b);
			final ModelUnits.Result out = u.output(restored[b], std[b]);
			final float[] map = out.std == null || !settings.uncertainty ? out.std : averagedMap(out.std, out.width, out.height, problems.get(b));
			results.add(new Result(out.image, map, out.width, out.height, samples, evaluations, t0, method, posteriorMean, u.sigma, u.sigmaM, u.estimated,
				out.residual, (System.nanoTime() - start) / 1e9, description));
		}
		return results;
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
		return new Result(image, std, r.width, r.height, r.samples, r.steps, r.t0, r.method, r.posteriorMean, Double.NaN, r.noiseSigmaModel, false, r.residual,
			(System.nanoTime() - start) / 1e9, r.description + ", on the generalised Anscombe transform for " + noise);
	}

	/**
	 * The uncertainty map of a deterministic method (mmse for denoising, pnp for deconvolution; {@link
	 * Settings#mapMethodFor}): the result is that method's (the same image as without the map); the map comes
	 * from fast's samples (DiffPIR with its posterior-sampling data step, {@link RestorationDefaults#STD_SAMPLES}
	 * unless given), times the task's calibration factor, which was fitted against the error of this result:
	 * mmse and pnp have no spread of their own, and fast's mean is a worse image. pnp's result, and the
	 * classical image SURE may choose over mmse's, are not the posterior mean, so their map is their root
	 * posterior expected squared error ({@link PosteriorSpread#aroundEstimate}: the samples' variance plus the
	 * squared difference between the result and their mean); mmse's result is the posterior mean itself
	 * (Tweedie), where that difference is the samples' Monte-Carlo error, so its map is their spread alone (the
	 * difference lowered the map's block correlation with the error on both halves of the calibration benchmark).
	 * Only denoising and deconvolution come here, whose maps are averaged ({@link #averagedMap}).
	 */
	private Result restoreWithSpread(final RestorationProblem problem, final Settings settings, final SamplerListener listener, final long start) {
		final Result mean = restore(problem, settings.copy().uncertainty(false).samples(-1), listener);
		final Settings fast = settings.copy().method(Method.FAST);
		final Result spread = restore(problem, fast, listener);
		final float[] std = mean.posteriorMean ? spread.std
			: PosteriorSpread.aroundEstimate(spread.std, spread.image, mean.image, fast.stdCalibrationFor(problem.task()), mean.width,
				planeHeight(mean.height, problem));
		return new Result(mean.image, std, mean.width, mean.height, spread.samples, mean.steps + spread.steps, mean.t0, mean.method, mean.posteriorMean,
			mean.noiseSigma, mean.noiseSigmaModel, mean.noiseEstimated, mean.residual, (System.nanoTime() - start) / 1e9, mean.description
				+ "; uncertainty map: " + (std == spread.std ? "the spread of " : "the error of this result around ") + spread.samples + " samples of " + spread.description);
	}

	/**
	 * The map a user asked for, its variance averaged over 3x3 pixels within each plane of the output ({@link
	 * PosteriorSpread#smoothed}; a volume's output is its z-slices stacked, {@link RestorationProblem#sliceDepth});
	 * inpainting's as it is, since its variance jumps between observed pixels and holes.
	 */
	static float[] averagedMap(final float[] std, final int width, final int height, final RestorationProblem problem) {
		return problem.task() == Task.INPAINT ? std : PosteriorSpread.smoothed(std, width, planeHeight(height, problem));
	}

	/** The height of one plane of an output {@code height} rows high: a volume's z-slices are stacked. */
	private static int planeHeight(final int height, final RestorationProblem problem) {
		return height / problem.sliceDepth();
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
}
