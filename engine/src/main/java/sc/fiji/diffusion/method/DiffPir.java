/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.method;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

import sc.fiji.diffusion.operator.ConjugateGradient;
import sc.fiji.diffusion.schedule.NoiseSchedule;

/**
 * DiffPIR (Zhu et al., CVPR 2023): each step replaces the network's clean estimate by its closed-form
 * data-consistent version and re-noises it,
 * <pre>
 *   x0Hat = (x_t - sqrt(1 - abar_t) eps) / sqrt(abar_t)
 *   x0    = argmin_x ||A x - y||^2 + rho_t ||x - x0Hat||^2,   rho_t = lambda sigma_y^2 / sigmaBar_t^2,
 *           sigmaBar_t^2 = (1 - abar_t) / abar_t
 *   epsHat = (x_t - sqrt(abar_t) x0) / sqrt(1 - abar_t)
 *   x_next = sqrt(abar_next) x0 + sqrt(1 - abar_next) (sqrt(1 - xi) epsHat + sqrt(xi) z)
 * </pre>
 * (x_next = x0 on the last step). The proximal step is the operator's closed form where it has one
 * (identity, inpainting, downsampling, Fourier), else {@code cgIterations} conjugate-gradient iterations
 * in the graph. sigma_y is the measurement noise in the model's units (a small floor keeps rho positive
 * for noiseless data); p0 = rho_t, p1 = xi.
 * <p>
 * <b>Posterior sampling</b> ({@link #sampling}: for the uncertainty map). The proximal step is the mode of
 * the Gaussian N(y; A x, sigma_y^2 I) N(x; x0Hat, (sigma_y^2 / rho_t) I) = N(x; x0Hat, (sigmaBar_t^2 / lambda) I),
 * so every step collapses the conditional of x_0 to its mean, and the samples spread too little (on the
 * linear-Gaussian oracle with lambda 1: 0.60 of the posterior std at sigma_y = 0.3, 0.50 at 0.01). With
 * sampling on, the step draws from a Gaussian instead, by perturb-and-MAP (Papandreou and Yuille 2010):
 * the same minimisation with perturbed inputs,
 * <pre>
 *   x0 = argmin_x ||A x - (y + sigma_y n1)||^2 + rho_t ||x - (x0Hat + J sigmaBar_t / sqrt(lambda) n2)||^2,   n1, n2 ~ N(0, I)
 *   J sigmaBar_t n2 ~= (x0Hat(x_t + delta sqrt(1 - abar_t) n2) - x0Hat(x_t)) / delta,   delta = {@value #PROBE}
 * </pre>
 * J = d x0Hat / d(x_t / sqrt(abar_t)) is the denoiser's Jacobian, applied by a finite difference (one more
 * network evaluation per step). Tweedie's formula gives Cov[x0 | x_t] = sigmaBar_t^2 J; the perturbation's
 * covariance is sigmaBar_t^2 J^2 / lambda, which equals it where J is near I (late steps, and wherever the
 * denoiser keeps detail: edges) and is near 0 where the denoiser is sure (flat regions, where a white
 * perturbation sigmaBar_t n2 would leave noise that no later step removes: measured on MRI, a map dominated by
 * white noise, block-level correlation with the error 0.51 and -0.30). If x_t ~ p(x_t | y) and x0 ~ p(x0 | x_t, y),
 * then x0 ~ p(x0 | y) and the re-noised x_next (xi = 1) ~ p(x_next | y): with the exact conditional the chain is
 * an exact posterior sampler. On the linear-Gaussian oracle (prior N(mu, s^2), J = s^2 / (s^2 + sigmaBar^2),
 * lambda 1) the samples' spread is 0.95-1.00 of the posterior std (UncertaintyOracleTest); lambda != 1
 * tempers the likelihood and so the spread.
 */
public final class DiffPir implements Guidance {

	// ---- defaults (Restoration reads them for the tasks) ----------------------------------------------

	/** Steps of the full T-step plan before truncation at t0. */
	public static final int STEPS = 50;

	/** The start timestep: 400 (300 for MRI) out of T = 1000, scaled to the schedule's T. */
	public static final int T0 = 400, T0_MRI = 300;

	/**
	 * lambda: 3 for deconvolution, 1 otherwise. Deconvolution on the validation crops
	 * (docs/quality-benchmark-notes.md): Gaussian PSF 33.69 / 34.08 / 33.59 dB and widefield PSF
	 * 24.20 / 27.60 / 29.46 dB for lambda 1 / 3 / 10 (lambda 0.3: 3-4 dB worse).
	 */
	public static final double LAMBDA_DECONVOLUTION = 3, LAMBDA = 1;

	/** Samples averaged for MRI (2 antithetic pairs). */
	public static final int SAMPLES_MRI = 4;

	/**
	 * Deconvolution with fast averages one antithetic pair: on the held-out protocol's choose half (8 crops of ecoli and
	 * isolateCells, binned 2x2, Gaussian and widefield PSFs, noise estimated) 2 samples gave 0.00-0.05 dB less
	 * than 4 (0.025 dB mean) in half the time.
	 */
	public static final int SAMPLES_DECONVOLUTION = 2;

	/**
	 * Volumes (3D deconvolution with the 2D prior on slices) average 4 samples with DiffPIR's xi = 0: the
	 * prior ties slices together only through its xz and yz views, so a single sample keeps independent
	 * errors from slice to slice (z-noise), which averaging and noise-free re-noising (xi = 0) reduce
	 * (with the xy prior alone, on a 40x40x10 stack of a real image with a Gaussian PSF of 1.5 x 1.0
	 * pixels: 34.7 dB for 1 sample with xi = 1, 39.3 dB for 4 samples with xi = 0).
	 */
	public static final int VOLUME_SAMPLES = 4;

	/** See {@link #VOLUME_SAMPLES}. */
	public static final double VOLUME_XI = 0;

	/** xi of 2D problems: the share of fresh noise when re-noising, 1 (all fresh, DiffPIR's default). */
	public static final double XI = 1;

	/**
	 * See {@link sc.fiji.diffusion.task.RestorationDefaults#stdCalibration}: fitted on the choose half with the
	 * default maps (16 samples, the variance averaged over 3x3 pixels, {@link
	 * sc.fiji.diffusion.task.PosteriorSpread#smoothed}), 2026-12-07 (docs/uncertainty.md; CalibrationBenchmark
	 * --slices 2 --crops 1 --crop 96). MRI (2 slices of nibabel's example4d at R = 4 and 8, raw 2-sigma coverage
	 * 82-88 %): 1.484 (1.537 with 32 samples and no average); checked on the report half (dipy's test_piesno):
	 * 2-sigma coverage 92.6 / 90.5 % at R = 4 / 8, median |e| / sigma 0.69 / 0.73, block Spearman 0.92 / 0.87.
	 * Deconvolution, where the map is pnp's root posterior expected squared error around fast's samples
	 * ({@link sc.fiji.diffusion.task.PosteriorSpread#aroundEstimate}; crops of ecoli and isolateCells, Gaussian
	 * and widefield PSFs, raw 89-95 %): 1.171 (1.249 with 32 samples and no average, 1.521 with the samples'
	 * spread alone, 1.713 before fluorescence-2d was widened to transmitted light); checked on the report half
	 * (cells.jpg, cell.png, ihc.png): 76.9 / 91.1 % (Gaussian / widefield PSF), median |e| / sigma 1.04 / 0.73,
	 * block Spearman 0.58 / 0.59: the widefield maps within the bar but for their block correlation, the
	 * Gaussian-PSF maps under-covered, ihc.png (brightfield histology) worst.
	 */
	public static final double STD_CALIBRATION_MRI = 1.48, STD_CALIBRATION_DECONVOLVE = 1.17;

	/**
	 * The same for denoising, where the map is the spread of fast's samples (about their mean) beside the mmse
	 * result ({@link sc.fiji.diffusion.task.Restoration}): fitted on the choose half (crops of ecoli and
	 * isolateCells, Gaussian noise 0.1 and camera noise; raw 2-sigma coverage 98-99 %, the spread over-covers
	 * mmse's smaller error) 0.750 (0.788 with 32 samples and no average), 2026-12-07. Checked on the report
	 * half (cells.jpg, cell.png, ihc.png): 2-sigma coverage 91.6 / 90.4 % (Gaussian / camera noise), median
	 * |e| / sigma 0.70 / 0.69, but block Spearman with the error only 0.37 / 0.18 (mean): the level is
	 * right, the places are not.
	 */
	public static final double STD_CALIBRATION_DENOISE = 0.75;

	/** The finite-difference step of the Jacobian probe, as a fraction of the step's noise. */
	public static final double PROBE = 0.1;

	private final double lambda, sigmaY, xi;
	private final int cgIterations;
	private final boolean sampling;

	public DiffPir(final double lambda, final double sigmaY, final double xi, final int cgIterations) {
		this(lambda, sigmaY, xi, cgIterations, false);
	}

	/** @param sampling draw x0 from the step's Gaussian conditional (perturb-and-MAP) instead of taking its mode */
	public DiffPir(final double lambda, final double sigmaY, final double xi, final int cgIterations, final boolean sampling) {
		if (!(lambda > 0)) throw new IllegalArgumentException("DiffPIR lambda must be > 0, got " + lambda);
		if (!(sigmaY >= 0)) throw new IllegalArgumentException("noise sigma must be >= 0, got " + sigmaY);
		if (!(xi >= 0 && xi <= 1)) throw new IllegalArgumentException("DiffPIR xi must be in [0, 1], got " + xi);
		this.lambda = lambda;
		this.sigmaY = Math.max(sigmaY, 1e-3);
		this.xi = xi;
		this.cgIterations = cgIterations;
		this.sampling = sampling;
	}

	/** Whether the data step draws a sample of its Gaussian conditional (see the class description). */
	public boolean sampling() { return sampling; }

	@Override
	public Operand<TFloat32> next(final StepTensors s) {
		final var tf = s.tf;
		Operand<TFloat32> x0Hat = s.x0Hat(), y = s.y;
		if (sampling) { // perturb-and-MAP: y + sigma_y n1, x0Hat + J sigmaBar_t / sqrt(lambda) n2
			y = tf.math.add(y, tf.math.mul(tf.constant((float) sigmaY), s.normalLike(s.y, 1)));
			final Operand<TFloat32> probe = tf.math.add(s.x, tf.math.mul(tf.math.mul(tf.constant((float) PROBE), s.sqrtOneMinusAlphaBar), s.normalLike(s.x, 2)));
			final Operand<TFloat32> x0HatProbe = tf.math.div(tf.math.sub(probe, tf.math.mul(s.sqrtOneMinusAlphaBar, s.epsAt(probe))), s.sqrtAlphaBar);
			x0Hat = tf.math.add(x0Hat, tf.math.mul(tf.constant((float) (1 / (PROBE * Math.sqrt(lambda)))), tf.math.sub(x0HatProbe, x0Hat)));
		}
		final Operand<TFloat32> x0 = ConjugateGradient.proximal(tf, s.op, x0Hat, y, s.p0, cgIterations);
		final Operand<TFloat32> epsHat = tf.math.div(tf.math.sub(s.x, tf.math.mul(s.sqrtAlphaBar, x0)), s.sqrtOneMinusAlphaBar);
		final Operand<TFloat32> noise = tf.math.add(tf.math.mul(tf.math.sqrt(tf.math.sub(tf.constant(1f), s.p1)), epsHat),
			tf.math.mul(tf.math.sqrt(s.p1), s.z));
		return tf.math.add(tf.math.mul(s.sqrtAlphaBarNext, x0), tf.math.mul(s.sqrtOneMinusAlphaBarNext, noise));
	}

	@Override
	public double[] parameters(final NoiseSchedule schedule, final int t, final int tNext) {
		final double sigmaBar2 = (1 - schedule.alphaBar(t)) / schedule.alphaBar(t);
		return new double[] { lambda * sigmaY * sigmaY / sigmaBar2, xi };
	}

	@Override
	public String name() { return "diffpir(lambda=" + lambda + ", sigma=" + sigmaY + ", xi=" + xi + (sampling ? ", posterior-sampling data step" : "") + ")"; }
}
