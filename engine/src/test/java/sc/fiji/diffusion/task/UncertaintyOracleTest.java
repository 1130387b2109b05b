/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import static org.junit.jupiter.api.Assertions.*;
import static sc.fiji.diffusion.task.RestorationTest.*;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.task.Restoration.Method;
import sc.fiji.diffusion.task.Settings;

/**
 * The uncertainty map on the linear-Gaussian oracle: prior x ~ N(mu, s^2) per pixel (model units),
 * y = x + sigma n, so the posterior std of every pixel is sqrt(s^2 sigma_m^2 / (s^2 + sigma_m^2)) in model
 * units, divided by the normalisation's scale s_n in input units. The map as a user asks for it (fast, the
 * default {@link RestorationDefaults#STD_SAMPLES} samples in antithetic pairs, the posterior-sampling data step),
 * started as MRI and deconvolution start (the start image noised to t0 = 400), is checked twice:
 * <ul>
 * <li>against the exact spread of that sampler on this problem, a scalar variance recursion (the chain is
 * linear here), within the Monte-Carlo error of its sample count;</li>
 * <li>against the closed-form posterior std: the sampler's perturbation has covariance sigmaBar^2 J^2 where
 * Tweedie's is sigmaBar^2 J (J = s^2 / (s^2 + sigmaBar^2) here, near 1 at the steps that matter), which
 * costs 4-6 % of the spread at this noise level.</li>
 * </ul>
 * Plain DiffPIR must fall short (the test can fail). The root mean square of the map is compared, not its
 * mean (the mean of sample stds is biased low by about 1 / (4 dof)).
 * <p>
 * Measured (256 pixels; closed form 27.11, the sampler's exact spread 25.97; before the map's 3x3 average): 26.09
 * with 32 samples in antithetic pairs, 26.27 with 16 independent ones (Monte-Carlo error 1.1 % for both); plain
 * DiffPIR 16.8. Denoising's own default start (the noisy image topped up to the
 * noise of the matched timestep, a few steps) reads a few per cent lower still (that start holds less spread
 * than p(x_t0 | y)).
 */
class UncertaintyOracleTest {

	static final int W = 16, H = 16;
	static final double SIGMA = 30;

	/** {closed-form posterior std, the sampler's exact std (both input units), root mean square of the reported std}. */
	static double[] map(final Settings settings) {
		final float[] y = noisy(image(W * H, 3), SIGMA, 4);
		try (LoadedModel m = oracle()) {
			final Restoration.Result r = new Restoration(m).restore(RestorationProblem.denoising(y, W, H), settings, SamplerListener.NONE);
			final PercentileNormalization norm = PercentileNormalization.fit(y);
			final double s = 2 / norm.range(), sm = s * SIGMA;
			final double post = Math.sqrt(S * S * sm * sm / (S * S + sm * sm)) / s;
			double ms = 0;
			for (final float v : r.std) ms += v * (double) v / r.std.length;
			return new double[] { post, chainStd(sm, sc.fiji.diffusion.method.DiffPir.T0) / s, Math.sqrt(ms) };
		}
	}

	/**
	 * The exact per-pixel std of DiffPIR with the posterior-sampling data step (lambda 1, xi 1) on this
	 * problem, in model units: x_t0 = sqrt(abar)(y + e z), e^2 = sigmaBar_t0^2 - sigma^2; per step, with the
	 * oracle's x0Hat = c x_t + const, c = sqrt(abar) s^2 / (abar s^2 + 1 - abar), and J = s^2 / (s^2 + sigmaBar^2):
	 * Var x0Hat' = c^2 Var x_t + J^2 sigmaBar^2, Var x0 = (sigma^2 + rho^2 Var x0Hat') / (1 + rho)^2,
	 * rho = sigma^2 / sigmaBar^2, then Var x_next = abar_next Var x0 + 1 - abar_next.
	 */
	static double chainStd(final double sigma, final int t0) {
		final sc.fiji.diffusion.schedule.StepPlan plan = sc.fiji.diffusion.schedule.StepPlan.uniform(1000, RestorationDefaults.defaultSteps(Method.FAST)).from(t0);
		final double ab0 = SCHEDULE.alphaBar(plan.first());
		double varX = ab0 * Math.max(0, (1 - ab0) / ab0 - sigma * sigma), varX0 = 0;
		for (int k = 0; k < plan.size(); k++) {
			final double ab = SCHEDULE.alphaBar(plan.t(k)), sb2 = (1 - ab) / ab;
			final double c = Math.sqrt(ab) * S * S / (ab * S * S + 1 - ab), j = S * S / (S * S + sb2), rho = sigma * sigma / sb2;
			varX0 = (sigma * sigma + rho * rho * (c * c * varX + j * j * sb2)) / ((1 + rho) * (1 + rho));
			if (plan.tNext(k) >= 0) {
				final double abNext = SCHEDULE.alphaBar(plan.tNext(k));
				varX = abNext * varX0 + 1 - abNext;
			}
		}
		return Math.sqrt(varX0);
	}

	@Test
	void theMapIsThePosteriorStdWithinMonteCarloError() {
		final Settings asked = new Settings().method(Method.FAST).noiseSigma(SIGMA).seed(7).uncertainty(true).stdCalibration(1).t0(sc.fiji.diffusion.method.DiffPir.T0);
		assertEquals(RestorationDefaults.STD_SAMPLES, asked.samplesFor(Restoration.Task.DENOISE));
		final double[] r = map(asked);
		// K samples in P = K / 2 antithetic pairs: the chain is linear here, so the pair means agree and the
		// variance comes from the P half-differences alone: P degrees of freedom per pixel, and the root mean square
		// over 256 independent pixels has a relative error of about 1 / sqrt(2 P 256) (0.016 for K = 16; the map's 3x3 average only lowers it)
		final double mc = 1 / Math.sqrt(RestorationDefaults.STD_SAMPLES * (double) W * H);
		assertEquals(r[1], r[2], 3 * mc * r[1], "reported std vs the sampler's exact spread " + r[1] + " (closed form " + r[0] + ")");
		assertEquals(r[0], r[1], 0.06 * r[0], "the sampler's exact spread vs the closed form");
	}

	@Test
	void independentSamplesGiveTheSameStd() {
		final double[] r = map(new Settings().method(Method.FAST).noiseSigma(SIGMA).seed(8).uncertainty(true).stdCalibration(1).antithetic(false).samples(16).t0(sc.fiji.diffusion.method.DiffPir.T0));
		assertEquals(r[1], r[2], 3 * r[1] / Math.sqrt(2 * 15.0 * W * H), "K - 1 = 15 degrees of freedom: reported std vs the sampler's exact spread " + r[1]);
	}

	@Test
	void plainDiffPirSpreadsTooLittle() {
		// the data step's mode instead of a sample: measured 0.5-0.6 of the posterior std (see DiffPir)
		final double[] r = map(new Settings().method(Method.FAST).noiseSigma(SIGMA).seed(7).samples(16).t0(sc.fiji.diffusion.method.DiffPir.T0));
		assertTrue(r[2] < 0.8 * r[0], "plain DiffPIR std " + r[2] + " vs posterior " + r[0]);
	}

	/** The estimator on samples that are exactly affine in their noise, g(z) = m + L z: pairs give |L z|, even parts cancel. */
	@Test
	void antitheticEstimatorIsUnbiasedForAnAffineSampler() {
		final int pairs = 4000;
		final float[] d = new float[2 * pairs];
		final java.util.Random rng = new java.util.Random(1);
		for (int p = 0; p < pairs; p++) {
			final double z = rng.nextGaussian();
			d[p] = (float) (2 + 0.5 * z);
			d[p + pairs] = (float) (2 - 0.5 * z);
		}
		final Batch xs = new Batch(2 * pairs, 1, 1, 1, d);
		assertEquals(0.5, PosteriorSpread.std(xs, true, 1).data()[0], 0.01);
		// the sample std about the mean (the old estimator with K - 1) would read 0.5 too here; with an even part
		// g(z) = m + L z + q (z^2 - 1) the pairs add its variance 2 q^2
		for (int p = 0; p < pairs; p++) {
			final double z = (d[p] - 2) / 0.5;
			d[p] += (float) (0.3 * (z * z - 1));
			d[p + pairs] += (float) (0.3 * (z * z - 1));
		}
		assertEquals(Math.sqrt(0.25 + 2 * 0.09), PosteriorSpread.std(xs, true, 1).data()[0], 0.02);
		assertEquals(2 * Math.sqrt(0.25 + 2 * 0.09), PosteriorSpread.std(xs, true, 2).data()[0], 0.04, "calibration factor");
	}

	/**
	 * The error bar of an estimate x^ other than the posterior mean: for samples of N(m, s^2) and x^ = m + b,
	 * sqrt(s^2 + b^2), which is the root mean squared distance of the posterior's samples from x^ (measured
	 * here on independent draws), times the calibration factor.
	 */
	@Test
	void theErrorBarOfAnotherEstimateAddsItsBias() {
		final double m = 1.5, s = 0.4, b = 0.3;
		final int k = 20000;
		final java.util.Random rng = new java.util.Random(3);
		final float[] d = new float[k];
		for (int i = 0; i < k; i++) d[i] = (float) (m + s * rng.nextGaussian());
		final Batch xs = new Batch(k, 1, 1, 1, d);
		final float[] mean = { (float) xs.mean().data()[0] }, estimate = { (float) (m + b) };
		final float[] bar = PosteriorSpread.aroundEstimate(PosteriorSpread.std(xs, false, 1).data(), mean, estimate, 1, 1, 1);
		assertEquals(Math.hypot(s, b), bar[0], 0.01);
		double rms = 0;
		for (int i = 0; i < k; i++) rms += (d[i] - estimate[0]) * (double) (d[i] - estimate[0]) / k;
		assertEquals(Math.sqrt(rms), bar[0], 0.005, "the root mean squared error of x^ under the samples");
		assertEquals(2 * Math.hypot(s, b), PosteriorSpread.aroundEstimate(PosteriorSpread.std(xs, false, 2).data(), mean, estimate, 2, 1, 1)[0], 0.02, "calibration factor");
		assertEquals(s, PosteriorSpread.aroundEstimate(PosteriorSpread.std(xs, false, 1).data(), mean, mean, 1, 1, 1)[0], 0.01, "the mean's bar is the std");
	}

	/**
	 * The map's box average stays within each plane of a stack: two 4x5 planes of constant variance 1 and 9
	 * keep them, a checkerboard of variance 0 and 2 averages to about 1, and a bias term is averaged alike.
	 */
	@Test
	void theMapIsAveragedWithinEachPlane() {
		final int w = 4, h = 5;
		final float[] std = new float[2 * w * h], checker = new float[w * h];
		for (int q = 0; q < w * h; q++) {
			std[q] = 1;
			std[w * h + q] = 3;
			checker[q] = (q % w + q / w) % 2 == 0 ? 0 : (float) Math.sqrt(2);
		}
		final float[] s = PosteriorSpread.smoothed(std, w, h);
		for (int q = 0; q < w * h; q++) {
			assertEquals(1, s[q], 1e-6, "plane 1, pixel " + q);
			assertEquals(3, s[w * h + q], 1e-6, "plane 2, pixel " + q);
		}
		final float[] c = PosteriorSpread.smoothed(checker, w, h);
		assertEquals(1, c[w + 1] * c[w + 1], 0.12, "an interior pixel: 4 or 5 of 9 neighbours with variance 2");
		final float[] zero = new float[w * h]; // a bias of 3 at a corner, averaged over the boxes that hold it
		assertEquals(Math.sqrt(9 / 4.0), PosteriorSpread.aroundEstimate(zero, zero, biasAtCorner(w, h), 1, w, h)[0], 1e-6, "the corner's box");
		assertEquals(Math.sqrt(9 / 6.0), PosteriorSpread.aroundEstimate(zero, zero, biasAtCorner(w, h), 1, w, h)[1], 1e-6, "its neighbour's box (6 pixels)");
		assertThrows(IllegalArgumentException.class, () -> PosteriorSpread.smoothed(new float[7], w, h));
	}

	private static float[] biasAtCorner(final int w, final int h) {
		final float[] e = new float[w * h];
		e[0] = 3;
		return e;
	}
}
