/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.method;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.model.GaussianOracleNetwork;
import sc.fiji.diffusion.operator.LinearOperator;
import sc.fiji.diffusion.operator.Operators;
import sc.fiji.diffusion.sampler.Sampler;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.sampler.StepRule;
import sc.fiji.diffusion.schedule.NoiseSchedule;
import sc.fiji.diffusion.schedule.StepPlan;

/**
 * Linear-Gaussian problems with a known posterior: prior x ~ N(mu, s^2) per pixel (the analytic oracle
 * network), y = x + sigma n (denoising). Posterior per pixel: mean (mu sigma^2 + s^2 y) / (s^2 + sigma^2),
 * variance s^2 sigma^2 / (s^2 + sigma^2). Each method draws K posterior samples in one batch.
 */
class PosteriorOracleTest {

	static final double MU = 0.3, S = 0.5;
	static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(1000);
	static final int H = 12, W = 12, K = 48;

	/** {RMS of (sample mean - posterior mean) over pixels, mean sample variance} for a method on the denoising problem. */
	static double[] run(final Guidance guidance, final int steps, final double sigma) {
		final Batch x = GaussianNoise.like(Batch.zeros(1, H, W, 1), 1);
		for (int k = 0; k < x.data().length; k++) x.data()[k] = (float) (MU + S * x.data()[k]);
		final Batch y1 = GaussianNoise.like(x, 2);
		for (int k = 0; k < y1.data().length; k++) y1.data()[k] = x.data()[k] + (float) sigma * y1.data()[k];
		final Batch y = Batch.zeros(K, H, W, 1);
		for (int i = 0; i < K; i++) System.arraycopy(y1.data(), 0, y.data(), i * H * W, H * W);
		final LinearOperator op = Operators.denoising(H, W);
		final Sampler sampler = new Sampler(SCHEDULE, StepRule.ddpm(false));
		final Batch samples;
		try (GuidedKernel kernel = new GuidedKernel(new GaussianOracleNetwork(SCHEDULE, MU, S), SCHEDULE, sampler.rule(), op, guidance, y)) {
			samples = sampler.run(kernel, GaussianNoise.like(y, 3), StepPlan.uniform(1000, steps), 4, SamplerListener.NONE);
		}
		double err2 = 0, var = 0;
		for (int p = 0; p < H * W; p++) {
			double m = 0, m2 = 0;
			for (int i = 0; i < K; i++) {
				final double v = samples.data()[i * H * W + p];
				m += v;
				m2 += v * v;
			}
			m /= K;
			var += m2 / K - m * m;
			final double post = (MU * sigma * sigma + S * S * y1.data()[p]) / (S * S + sigma * sigma);
			err2 += (m - post) * (m - post);
		}
		return new double[] { Math.sqrt(err2 / (H * W)), var / (H * W) };
	}

	static final double SIGMA = 0.3, POSTERIOR_VARIANCE = S * S * SIGMA * SIGMA / (S * S + SIGMA * SIGMA);

	/** Monte-Carlo standard error of a K-sample mean. */
	static final double MC_ERROR = Math.sqrt(POSTERIOR_VARIANCE / K);

	/** RMS distance of the prior mean mu from the posterior mean, for these y: what no guidance would give. */
	static final double UNGUIDED_ERROR = S * S / (S * S + SIGMA * SIGMA) * Math.sqrt(S * S + SIGMA * SIGMA);

	/** Max over pixels of |mean of pair (0, 2) - mean of pair (1, 3)| of 4 DiffPIR samples, their noise in antithetic pairs or not. */
	static double pairMeanDifference(final boolean antithetic) {
		final Batch y1 = GaussianNoise.like(Batch.zeros(1, H, W, 1), 2);
		final Batch y = Batch.zeros(4, H, W, 1);
		for (int i = 0; i < 4; i++) System.arraycopy(y1.data(), 0, y.data(), i * H * W, H * W);
		final Batch start = GaussianNoise.like(y, 3);
		if (antithetic) for (int k = 0; k < 2 * H * W; k++) start.data()[2 * H * W + k] = -start.data()[k];
		final Sampler sampler = new Sampler(SCHEDULE, StepRule.ddpm());
		final Batch x;
		try (GuidedKernel kernel = new GuidedKernel(new GaussianOracleNetwork(SCHEDULE, MU, S), SCHEDULE, sampler.rule(), Operators.denoising(H, W),
			new DiffPir(1, SIGMA, 1, 20), y, antithetic))
		{
			x = sampler.run(kernel, start, StepPlan.uniform(1000, 20), 4, SamplerListener.NONE);
		}
		double max = 0;
		for (int p = 0; p < H * W; p++) {
			final float[] d = x.data();
			max = Math.max(max, Math.abs((d[p] + d[2 * H * W + p]) - (d[H * W + p] + d[3 * H * W + p])) / 2);
		}
		return max;
	}

	@Test
	void antitheticPairsCancelTheNoiseOfALinearSampler() {
		// with the Gaussian oracle, DiffPIR is affine in its start and step noise: every antithetic pair has the same mean
		assertEquals(0, pairMeanDifference(true), 1e-4);
		assertTrue(pairMeanDifference(false) > 0.05, "independent pairs differ");
	}

	@Test
	void diffPirReachesThePosteriorMeanAndUnderestimatesTheSpread() {
		// measured: lambda 1, 50 steps: mean error 0.031 (MC error 0.037), variance 0.024 of 0.066
		final double[] r = run(new DiffPir(1, SIGMA, 1, 20), 50, SIGMA);
		assertTrue(r[0] < 1.5 * MC_ERROR, "posterior mean error " + r[0]);
		assertTrue(r[1] > 0.2 * POSTERIOR_VARIANCE && r[1] < POSTERIOR_VARIANCE, "variance " + r[1]);
	}

	@Test
	void dpsMovesMostOfTheWayToThePosteriorWithAPlausibleSpread() {
		// DPS is a known approximation: measured mean error 0.12 (the unguided prior mean is 0.43 away), variance 0.078 of 0.066
		final double[] r = run(new Dps(0.1), 200, SIGMA);
		assertTrue(r[0] < 0.35 * UNGUIDED_ERROR, "posterior mean error " + r[0] + " vs unguided " + UNGUIDED_ERROR);
		assertTrue(r[1] > 0.5 * POSTERIOR_VARIANCE && r[1] < 1.5 * POSTERIOR_VARIANCE, "variance " + r[1]);
	}

	@Test
	void aldPullsToThePosteriorWithAPlausibleSpread() {
		// measured, 200 steps: gamma 1: mean error 0.059, variance 0.046 of 0.066 (the same with 1000 steps:
		// the bias is the likelihood approximation); scaled to the prior score: 0.154, variance 0.082
		final double[] r = run(Ald.of(SIGMA, 1), 200, SIGMA);
		assertTrue(r[0] < 0.2 * UNGUIDED_ERROR, "posterior mean error " + r[0]);
		assertTrue(r[1] > 0.5 * POSTERIOR_VARIANCE && r[1] < 1.5 * POSTERIOR_VARIANCE, "variance " + r[1]);
		final double[] q = run(Ald.scaledToPrior(1), 200, SIGMA);
		assertTrue(q[0] < 0.45 * UNGUIDED_ERROR, "scaled variant: posterior mean error " + q[0]);
		assertTrue(q[1] > 0.5 * POSTERIOR_VARIANCE && q[1] < 1.5 * POSTERIOR_VARIANCE, "scaled variant: variance " + q[1]);
	}
}
