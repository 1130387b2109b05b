/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.sampler;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.model.GaussianOracleModel;
import sc.fiji.diffusion.schedule.NoiseSchedule;
import sc.fiji.diffusion.schedule.StepCoefficients;
import sc.fiji.diffusion.schedule.StepPlan;

/**
 * Samplers driven by the analytic optimal eps for x_0 ~ N(mu, s^2) must produce samples with that
 * mean and variance. 64x64 pixels x 4 images = 16384 independent samples: the standard error of the
 * mean is s/128 and of the variance about s^2 * 0.011.
 */
class SamplerOracleTest {

	private static final double MU = 0.3, S = 0.5;
	private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(1000);

	private static double[] meanAndVariance(final Batch b) {
		double sum = 0, sum2 = 0;
		for (final float v : b.data()) { sum += v; sum2 += (double) v * v; }
		final double m = sum / b.data().length;
		return new double[] { m, sum2 / b.data().length - m * m };
	}

	private static void assertReproduces(final StepRule rule, final StepPlan plan, final double variance, final double relTolerance) {
		try (GaussianOracleModel oracle = new GaussianOracleModel(SCHEDULE, MU, S)) {
			final Batch x = new Sampler(SCHEDULE, rule).generate(oracle, 4, 64, 64, plan, 42, SamplerListener.NONE);
			final double[] mv = meanAndVariance(x);
			assertEquals(MU, mv[0], 0.02, rule.name() + " mean over " + plan.size() + " steps");
			assertEquals(variance, mv[1], relTolerance * variance, rule.name() + " variance over " + plan.size() + " steps");
		}
	}

	/**
	 * The exact variance of the discrete chain: with eps*(x_t) = g_t (x_t - sqrt(abar_t) mu), each step maps
	 * Var(x) to (a + b g_t)^2 Var(x) + c^2. Respaced plans carry a known discretisation bias (DDIM with 50
	 * steps gives about 0.89 s^2 here), so short plans are checked against this recursion and long plans
	 * against s^2 itself.
	 */
	private static double chainVariance(final StepRule rule, final StepPlan plan) {
		double v = 1;
		for (int k = 0; k < plan.size(); k++) {
			final double ab = SCHEDULE.alphaBar(plan.t(k));
			final double g = Math.sqrt(1 - ab) / (ab * S * S + 1 - ab);
			final StepCoefficients c = rule.coefficients(SCHEDULE, plan.t(k), plan.tNext(k));
			v = Math.pow(c.a + c.b * g, 2) * v + c.c * c.c;
		}
		return v;
	}

	@Test
	void fullSchedulesReproduceMeanAndVariance() {
		assertReproduces(StepRule.ddpm(false), StepPlan.full(1000), S * S, 0.05);
		assertReproduces(StepRule.ddpm(true), StepPlan.full(1000), S * S, 0.05);
		assertReproduces(StepRule.ddim(0), StepPlan.full(1000), S * S, 0.05);
	}

	@Test
	void respacedPlansConvergeToTheDataVariance() {
		assertReproduces(StepRule.ddim(0), StepPlan.uniform(1000, 250), S * S, 0.05);
		assertReproduces(StepRule.ddpm(true), StepPlan.uniform(1000, 250), S * S, 0.07);
	}

	@Test
	void respacedPlansMatchTheExactChainVariance() {
		for (final StepRule rule : new StepRule[] { StepRule.ddim(0), StepRule.ddim(1), StepRule.ddpm(false), StepRule.ddpm(true) })
			for (final int n : new int[] { 20, 50, 100 }) {
				final StepPlan plan = StepPlan.uniform(1000, n);
				assertReproduces(rule, plan, chainVariance(rule, plan), 0.04);
			}
		// and the chain variance itself converges: 50-step DDIM within 12 %, 250-step within 3 %
		assertEquals(S * S, chainVariance(StepRule.ddim(0), StepPlan.uniform(1000, 50)), 0.12 * S * S);
		assertEquals(S * S, chainVariance(StepRule.ddim(0), StepPlan.uniform(1000, 250)), 0.03 * S * S);
	}

	/**
	 * On a respaced plan the DDPM upper-bound variance beta_t of a long jump re-injects noise that the
	 * next (short) steps cannot remove: for nearly flat data (s = 0.05, a clean background) and 100 steps,
	 * the exact chain ends at 1.67 s^2 with beta_t and 0.46 s^2 with the posterior variance. The
	 * project's (and the command line's) "ddpm" takes the posterior variance (Nichol and Dhariwal 2021,
	 * respacing), so short plans give samples no noisier than the data.
	 */
	@Test
	void respacedDdpmAddsNoNoiseOfItsOwn() {
		final double s = 0.05;
		final StepPlan plan = StepPlan.uniform(1000, 100);
		try (GaussianOracleModel oracle = new GaussianOracleModel(SCHEDULE, MU, s)) {
			final double parsed = meanAndVariance(new Sampler(SCHEDULE, StepRule.parse("ddpm")).generate(oracle, 4, 64, 64, plan, 42, SamplerListener.NONE))[1];
			final double upper = meanAndVariance(new Sampler(SCHEDULE, StepRule.ddpm(false)).generate(oracle, 4, 64, 64, plan, 42, SamplerListener.NONE))[1];
			assertTrue(parsed < s * s, "posterior-variance DDPM: " + parsed / (s * s) + " s^2");
			assertTrue(upper > 1.5 * s * s, "upper-bound DDPM: " + upper / (s * s) + " s^2");
		}
		assertEquals(StepRule.ddpm(true).name(), StepRule.ddpm().name());
	}

	@Test
	void ddpmStepIsThePaperFormula() {
		// x_{t-1} = (x_t - (1 - alpha_t)/sqrt(1 - abar_t) eps) / sqrt(alpha_t) + sqrt(beta_t) z on the full schedule
		final int t = 500;
		final StepCoefficients c = StepRule.ddpm(false).coefficients(SCHEDULE, t, t - 1);
		final double alpha = SCHEDULE.alpha(t), abar = SCHEDULE.alphaBar(t);
		assertEquals(1 / Math.sqrt(alpha), c.a, 1e-12);
		assertEquals(-(1 - alpha) / Math.sqrt(1 - abar) / Math.sqrt(alpha), c.b, 1e-12);
		assertEquals(Math.sqrt(SCHEDULE.beta(t)), c.c, 1e-12);
		assertEquals(0.0, StepRule.ddpm(false).coefficients(SCHEDULE, 0, -1).c);
	}

	@Test
	void ddimWithExactEpsRecoversX0InOneStep() {
		// x_t built from a known x0 and eps, with eps given exactly: DDIM to t = -1 returns x0
		final int t = 700;
		final StepCoefficients c = StepRule.ddim(0).coefficients(SCHEDULE, t, -1);
		final double x0 = 0.7, eps = -1.3, abar = SCHEDULE.alphaBar(t);
		final double xt = Math.sqrt(abar) * x0 + Math.sqrt(1 - abar) * eps;
		assertEquals(x0, c.a * xt + c.b * eps, 1e-12);
		assertEquals(0.0, c.c);
	}

	@Test
	void forwardNoisingThenSamplingFromT0ReproducesTheData() {
		// x_0 ~ N(mu, s^2) noised to t0 = 400 has mean sqrt(abar) mu and variance abar s^2 + 1 - abar;
		// running the plan from t0 (SDEdit's start) must return to N(mu, s^2)
		final int t0 = 400;
		final Batch x0 = sc.fiji.diffusion.data.GaussianNoise.like(Batch.zeros(4, 64, 64, 1), 8);
		for (int k = 0; k < x0.data().length; k++) x0.data()[k] = (float) (MU + S * x0.data()[k]);
		final Batch xt = ForwardNoising.noise(SCHEDULE, x0, t0, 9);
		final double abar = SCHEDULE.alphaBar(t0);
		final double[] mvT = meanAndVariance(xt);
		assertEquals(Math.sqrt(abar) * MU, mvT[0], 0.02);
		assertEquals(abar * S * S + 1 - abar, mvT[1], 0.03 * (abar * S * S + 1 - abar));
		try (GaussianOracleModel oracle = new GaussianOracleModel(SCHEDULE, MU, S)) {
			final Batch back = new Sampler(SCHEDULE, StepRule.ddim(0)).run(oracle, xt, StepPlan.full(1000).from(t0), 1, SamplerListener.NONE);
			final double[] mv = meanAndVariance(back);
			assertEquals(MU, mv[0], 0.02);
			assertEquals(S * S, mv[1], 0.05 * S * S);
		}
	}

	@Test
	void tweedieDenoisingIsTheGaussianPosteriorMean() {
		// y = x + sigma n with x ~ N(mu, s^2): E[x | y] = mu + s^2 / (s^2 + sigma^2) (y - mu)
		final double sigma = 0.3;
		final Batch y = sc.fiji.diffusion.data.GaussianNoise.like(Batch.zeros(1, 8, 8, 1), 4);
		try (GaussianOracleModel oracle = new GaussianOracleModel(SCHEDULE, MU, S)) {
			final Batch x = Tweedie.denoise(oracle, SCHEDULE, y, sigma);
			// the matched timestep approximates sigma to within the schedule's resolution
			final double sigmaT = SCHEDULE.noiseToSignal(SCHEDULE.timestepForNoise(sigma));
			for (int k = 0; k < y.data().length; k++)
				assertEquals(MU + S * S / (S * S + sigmaT * sigmaT) * (y.data()[k] - MU), x.data()[k], 1e-4);
		}
	}

	@Test
	void selfEnsembleOfAPixelwiseDenoiserIsTheSameDenoiser() {
		// the oracle acts pixel by pixel, so it commutes with flips and rotations: the ensemble changes nothing
		final Batch y = sc.fiji.diffusion.data.GaussianNoise.like(Batch.zeros(2, 6, 9, 1), 4);
		try (GaussianOracleModel oracle = new GaussianOracleModel(SCHEDULE, MU, S)) {
			assertArrayEquals(Tweedie.denoise(oracle, SCHEDULE, y, 0.2).data(), Tweedie.denoiseEnsemble(oracle, SCHEDULE, y, 0.2).data(), 1e-5f);
		}
	}

	@Test
	void graphExecutedStepsReproduceTheDataToo() {
		// the same oracle as a TensorFlow graph: the fused in-graph step (network, noise, update) samples N(mu, s^2)
		try (sc.fiji.diffusion.model.TfEpsModel graph = new sc.fiji.diffusion.model.TfEpsModel(
			new sc.fiji.diffusion.model.GaussianOracleNetwork(SCHEDULE, MU, S), 1000);
			GaussianOracleModel java = new GaussianOracleModel(SCHEDULE, MU, S))
		{
			final Batch x = sc.fiji.diffusion.data.GaussianNoise.like(Batch.zeros(2, 5, 7, 1), 3);
			assertArrayEquals(java.eps(x, new int[] { 10, 900 }).data(), graph.eps(x, new int[] { 10, 900 }).data(), 1e-5f);
			final StepPlan plan = StepPlan.uniform(1000, 250);
			final Batch samples = new Sampler(SCHEDULE, StepRule.ddpm(true)).generate(graph, 4, 64, 64, plan, 42, SamplerListener.NONE);
			final double[] mv = meanAndVariance(samples);
			assertEquals(MU, mv[0], 0.02);
			final double expected = chainVariance(StepRule.ddpm(true), plan);
			assertEquals(expected, mv[1], 0.04 * expected);
		}
	}

	@Test
	void listenerSeesEveryStepAndCanCancel() {
		final AtomicInteger steps = new AtomicInteger();
		final SamplerListener cancelAfter3 = new SamplerListener() {
			@Override
			public void stepDone(final int k, final int n, final int t, final int tNext, final Supplier<Batch> current) {
				steps.incrementAndGet();
				assertEquals(10, n);
				assertNotNull(current.get());
			}

			@Override
			public boolean isCancelled() { return steps.get() >= 3; }
		};
		try (GaussianOracleModel oracle = new GaussianOracleModel(SCHEDULE, MU, S)) {
			final Sampler sampler = new Sampler(SCHEDULE, StepRule.ddim(0));
			assertThrows(CancellationException.class,
				() -> sampler.generate(oracle, 1, 8, 8, StepPlan.uniform(1000, 10), 1, cancelAfter3));
			assertEquals(3, steps.get());
		}
	}

	@Test
	void sameSeedSameSamples() {
		try (GaussianOracleModel oracle = new GaussianOracleModel(SCHEDULE, MU, S)) {
			final Sampler sampler = new Sampler(SCHEDULE, StepRule.ddpm(false));
			final Batch a = sampler.generate(oracle, 1, 8, 8, StepPlan.uniform(1000, 20), 7, SamplerListener.NONE);
			final Batch b = sampler.generate(oracle, 1, 8, 8, StepPlan.uniform(1000, 20), 7, SamplerListener.NONE);
			assertArrayEquals(a.data(), b.data());
		}
	}
}
