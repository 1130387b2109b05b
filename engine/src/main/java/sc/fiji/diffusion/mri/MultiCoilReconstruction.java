/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.mri;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.MultiCoilFourier;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.RestorationProblem;
import sc.fiji.diffusion.task.Settings;

/**
 * Reconstructs one 2D plane of multi-coil Cartesian k-space with a real-valued diffusion prior
 * ({@link Restoration}, task mri) and the SENSE model of {@link MultiCoilFourier}.
 * <p>
 * The image is complex; the prior is real. First the phase phi of the zero-filled SENSE image, blurred by
 * a Gaussian of {@link #PHASE_SIGMA} pixels ({@link CoilMaps#imagePhase}), is moved into the maps,
 * {@code S_c e^{i phi}}, so that the image x' to reconstruct is nearly real and non-negative (what a
 * magnitude-trained prior knows); the complex result is {@code e^{i phi} x'}. Then ({@link ImageModel}):
 * <ul>
 * <li>{@link ImageModel#COMPLEX}: the prior is applied to the real and imaginary parts of x', stacked as
 * one tall image (as score-MRI does with a magnitude-trained prior); the data consistency is complex.</li>
 * <li>{@link ImageModel#MAGNITUDE}: x' is constrained to be real; the phase the blur cannot see is lost.</li>
 * </ul>
 * Coil maps: given (normalised here, so {@code sum_c |S_c|^2 = 1}), or estimated from the calibration
 * region ({@link CoilMaps#estimate}) and refined with a first, cheaper reconstruction
 * ({@link CoilMapRefinement}, {@link #mapRefinement}). The output has the scale of the fully sampled
 * root-sum-of-squares image. Its own defaults: {@link #COIL_WISE_STEPS}, {@link #SAMPLES},
 * {@link #DEFAULT_IMAGE_MODEL}, {@link #PHASE_SIGMA}.
 */
public final class MultiCoilReconstruction {

	/** How the real-valued prior handles the complex image; see the class description. */
	public enum ImageModel {
		MAGNITUDE, COMPLEX;

		public static ImageModel parse(final String s) {
			for (final ImageModel m : values())
				if (m.name().equalsIgnoreCase(s.trim())) return m;
			throw new IllegalArgumentException("Unknown image model '" + s + "' (expected magnitude or complex)");
		}
	}

	/** The complex image of one plane and how it was made. */
	public static final class Plane {
		public final int width, height;
		public final float[] re, im;
		public final Restoration.Result result;

		Plane(final int width, final int height, final float[] re, final float[] im, final Restoration.Result result) {
			this.width = width;
			this.height = height;
			this.re = re;
			this.im = im;
			this.result = result;
		}

		public float[] magnitude() {
			final float[] m = new float[re.length];
			for (int i = 0; i < m.length; i++) m[i] = (float) Math.hypot(re[i], im[i]);
			return m;
		}

		/** Phase in radians, (-pi, pi]. */
		public float[] phase() {
			final float[] p = new float[re.length];
			for (int i = 0; i < p.length; i++) p[i] = (float) Math.atan2(im[i], re[i]);
			return p;
		}
	}

	/** Gaussian blur (pixels) of the zero-filled image whose phase goes into the maps ({@link CoilMaps#imagePhase}). */
	public static final double PHASE_SIGMA = 2;

	/**
	 * The doors' default image model: {@link ImageModel#MAGNITUDE}. On the choose half of the held-out
	 * protocol (example4d z = 8, 16; R = 4 and 8; docs/quality-benchmark-multicoil.md) it gave 29.59 / 25.71 dB
	 * mean PSNR against 29.53 / 25.31 dB for {@link ImageModel#COMPLEX} (SSIM 0.787 / 0.688 against
	 * 0.799 / 0.688), in half the time (the complex model runs the network on twice the pixels).
	 */
	public static final ImageModel DEFAULT_IMAGE_MODEL = ImageModel.MAGNITUDE;

	/**
	 * Coil-wise data-consistency steps per sampler step (gradient steps of unit length on the data term,
	 * {@link MultiCoilFourier}). With the maps refined ({@link CoilMapRefinement}), on the choose half
	 * (example4d z = 8, 16; test_piesno z = 5, 10), mean PSNR at R = 4 / 8: 3 steps 29.45 / 24.61 dB, 5 steps
	 * 29.79 / 24.85, 8 steps 30.00 / 24.96, 12 steps 30.13 / 24.91, 16 steps 30.20 / 24.74 (example4d z = 8
	 * loses from 5 on: its maps' errors are amplified); SSIM rises with the steps. Each step costs two FFTs
	 * per coil: on the 256x256, 8-coil speed slice with 4 samples 3 / 5 / 8 / 12 steps took 25.2 / 27.2 /
	 * 30.2 / 33.0 s; with {@link #SAMPLES} (2, which lost nothing on the choose half) 8 steps take 18.5 s.
	 * (With the unrefined maps 3 steps had been best: 29.59 / 25.71 with 1 step, 30.19 / 26.59 with 3,
	 * 30.02 / 26.43 with 8 on example4d alone.)
	 */
	public static final int COIL_WISE_STEPS = 8;

	/**
	 * Posterior samples averaged (one antithetic pair) unless the settings give a number or ask for the
	 * uncertainty map. On the choose half with the refined maps and 8 coil-wise steps, mean PSNR at R = 4 / 8:
	 * 4 samples 30.00 / 24.96 dB, 2 samples 29.99 / 24.94 (12 steps: 30.13 / 24.91 with either); on the
	 * 256x256, 8-coil speed slice 2 samples take 18.5 s against 30.2 s for 4 (same PSNR, 38.18 dB).
	 */
	public static final int SAMPLES = 2;

	private final Restoration restoration;
	private MultiCoilFourier.Consistency consistency = MultiCoilFourier.Consistency.COIL_WISE;
	private int coilWiseSteps = COIL_WISE_STEPS;
	private int refinementIterations = CoilMapRefinement.ITERATIONS;

	public MultiCoilReconstruction(final Restoration restoration) {
		this.restoration = restoration;
	}

	/** The data-consistency step (default {@link MultiCoilFourier.Consistency#COIL_WISE}). */
	public MultiCoilReconstruction consistency(final MultiCoilFourier.Consistency c) {
		consistency = c;
		return this;
	}

	/** The settings a reconstruction runs: {@code s}, with {@link #SAMPLES} where it sets no number of samples and asks for no map. */
	public static Settings settings(final Settings s) {
		return s.samplesGiven() || s.uncertainty() ? s : s.copy().samples(SAMPLES);
	}

	/**
	 * Iterations of {@link CoilMapRefinement} for maps estimated from the calibration region (default
	 * {@link CoilMapRefinement#ITERATIONS}); 0: no refinement, one pass with the estimated maps.
	 */
	public MultiCoilReconstruction mapRefinement(final int iterations) {
		if (iterations < 0) throw new IllegalArgumentException("Refinement iterations must be >= 0, got " + iterations);
		refinementIterations = iterations;
		return this;
	}

	/** Whether maps estimated from the calibration region are refined ({@link #mapRefinement}). */
	public boolean refinesMaps() { return refinementIterations > 0; }

	/** How often the coil-wise data-consistency step is applied per sampler step (default {@link #COIL_WISE_STEPS}). */
	public MultiCoilReconstruction coilWiseSteps(final int n) {
		coilWiseSteps = n;
		return this;
	}

	/**
	 * One plane's problem for the prior: the {@link RestorationProblem} on the maps {@code S_c e^{i phi}}
	 * and the phase {@code e^{i phi}} ({cos, sin}) that turns its restored image x' back into the complex
	 * image {@code e^{i phi} x'}.
	 */
	public static final class PlaneProblem {
		public final RestorationProblem problem;
		private final float[][] phase;
		private final ImageModel model;
		/** The masked k-space and mask (for the refinement of the maps). */
		private final CoilPlanes kspace;
		private final Mask mask;
		/** The maps (without the phase) when they were estimated from the calibration region; null when given or refined. */
		private final CoilPlanes estimatedMaps;

		PlaneProblem(final RestorationProblem problem, final float[][] phase, final ImageModel model, final CoilPlanes kspace, final Mask mask,
			final CoilPlanes estimatedMaps)
		{
			this.problem = problem;
			this.phase = phase;
			this.model = model;
			this.kspace = kspace;
			this.mask = mask;
			this.estimatedMaps = estimatedMaps;
		}

		/** The complex image {@code e^{i phi} x'} of the restored x' (its real part; COMPLEX: real and imaginary parts stacked). */
		Plane plane(final Restoration.Result r) {
			final int p = kspace.planeSize();
			final float[] re = new float[p], im = new float[p];
			for (int i = 0; i < p; i++) {
				final float xr = r.image[i], xi = model == ImageModel.MAGNITUDE ? 0 : r.image[p + i];
				re[i] = xr * phase[0][i] - xi * phase[1][i];
				im[i] = xr * phase[1][i] + xi * phase[0][i];
			}
			return new Plane(kspace.width, kspace.height, re, im, r);
		}
	}

	/**
	 * @param kspace centred k-space of C coils (values outside {@code mask} are ignored)
	 * @param mask the sampling mask, the same for every coil
	 * @param maps coil sensitivities of the k-space's size, or null to estimate them from the calibration region
	 * @throws IllegalArgumentException for sizes that do not fit, non-finite values, or no calibration region without maps
	 */
	public Plane reconstruct(final CoilPlanes kspace, final Mask mask, final CoilPlanes maps, final ImageModel model,
		final Settings settings, final SamplerListener listener)
	{
		return reconstruct(List.of(problem(kspace, mask, maps, model)), new long[] { settings.seed() }, settings, listener).get(0);
	}

	/**
	 * B planes in one sampler run ({@link Restoration#restore(List, long[], Settings, SamplerListener)}): plane
	 * b's result is {@link #reconstruct} with the seed {@code seeds[b]} (to float rounding). Planes whose maps
	 * were estimated are reconstructed twice ({@link #mapRefinement}): a first pass of
	 * {@link CoilMapRefinement#firstPass} refines their maps ({@link CoilMapRefinement#refine}), the second
	 * pass, with {@code settings}, is the result; the listener sees the second pass's steps (the first
	 * pass is about a fifth of the work and only asks whether to cancel).
	 */
	public List<Plane> reconstruct(final List<PlaneProblem> planes, final long[] seeds, final Settings given, final SamplerListener listener) {
		final Settings settings = settings(given);
		final SamplerListener l = listener == null ? SamplerListener.NONE : listener;
		boolean estimated = refinementIterations > 0;
		for (final PlaneProblem p : planes) estimated &= p.estimatedMaps != null;
		if (!estimated) return run(planes, seeds, settings, l);
		final int steps = settings.stepsFor(Restoration.Task.MRI);
		final List<Plane> first = run(planes, seeds, CoilMapRefinement.firstPass(settings, steps), CoilMapRefinement.quiet(l));
		final List<PlaneProblem> refined = new ArrayList<>();
		for (int b = 0; b < planes.size(); b++) {
			final PlaneProblem p = planes.get(b);
			final CoilPlanes maps = CoilMapRefinement.refine(p.kspace, p.mask, p.estimatedMaps, first.get(b).re, first.get(b).im, CoilMapRefinement.SIGMA,
				refinementIterations);
			refined.add(problem(p.kspace, p.mask, maps, p.model, null));
		}
		return run(refined, seeds, settings, l);
	}

	private List<Plane> run(final List<PlaneProblem> planes, final long[] seeds, final Settings settings, final SamplerListener listener) {
		final List<RestorationProblem> problems = new ArrayList<>();
		for (final PlaneProblem p : planes) problems.add(p.problem);
		final List<Restoration.Result> r = restoration.restore(problems, seeds, settings, listener);
		final List<Plane> out = new ArrayList<>();
		for (int b = 0; b < planes.size(); b++) out.add(planes.get(b).plane(r.get(b)));
		return out;
	}

	/**
	 * The problem of one plane (arguments as {@link #reconstruct}): the maps given (normalised) or estimated,
	 * the phase of the zero-filled image moved into them, the {@link MultiCoilFourier} operator.
	 */
	public PlaneProblem problem(final CoilPlanes kspace, final Mask mask, final CoilPlanes maps, final ImageModel model) {
		kspace.requireFinite("k-space");
		mask.requireSize(kspace.height, kspace.width, "k-space");
		final CoilPlanes k = masked(kspace, mask);
		return problem(k, mask, maps, model, maps == null ? CoilMaps.estimate(k, mask) : null);
	}

	/** The problem of masked k-space {@code k} with the given maps, or the {@code estimated} ones (maps null). */
	private PlaneProblem problem(final CoilPlanes k, final Mask mask, final CoilPlanes maps, final ImageModel model, final CoilPlanes estimated) {
		final CoilPlanes s;
		if (maps == null) s = estimated;
		else {
			if (maps.coils != k.coils || maps.height != k.height || maps.width != k.width)
				throw new IllegalArgumentException(String.format(Locale.ROOT, "Coil maps (%d coils of %dx%d) do not fit the k-space (%d coils of %dx%d)",
					maps.coils, maps.width, maps.height, k.coils, k.width, k.height));
			s = CoilMaps.normalised(maps.requireFinite("Coil maps"));
		}
		final float[][] phase = CoilMaps.imagePhase(s, k, mask, PHASE_SIGMA);
		final CoilPlanes opMaps = CoilMaps.withPhase(s, phase);
		final MultiCoilFourier op = new MultiCoilFourier(mask, k.coils, opMaps.re, opMaps.im,
			model == ImageModel.MAGNITUDE ? MultiCoilFourier.Domain.REAL : MultiCoilFourier.Domain.COMPLEX, consistency, coilWiseSteps);
		return new PlaneProblem(RestorationProblem.mri(op, new Batch(1, k.height, k.width, 2 * k.coils, k.interleaved())), phase, model, k, mask, estimated);
	}

	/** The zero-filled SENSE image {@code sum_c conj(S_c) F^H M k_c}: {re, im}. */
	public static float[][] zeroFilled(final CoilPlanes kspace, final Mask mask, final CoilPlanes maps) {
		final CoilPlanes img = masked(kspace, mask);
		CentredFft.transform2D(img, true);
		return CoilMaps.combine(maps, img);
	}

	/** A copy of the k-space, zero where the mask is 0. */
	static CoilPlanes masked(final CoilPlanes kspace, final Mask mask) {
		final CoilPlanes out = kspace.copy();
		final int p = kspace.planeSize();
		for (int c = 0; c < kspace.coils; c++)
			for (int i = 0; i < p; i++)
				if (!mask.sampled(i / kspace.width, i % kspace.width)) {
					out.re[c * p + i] = 0;
					out.im[c * p + i] = 0;
				}
		return out;
	}
}
