/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.model.EpsModel;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.ModelConfig;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.sampler.StepRule;
import sc.fiji.diffusion.schedule.NoiseSchedule;

/**
 * Unconditional generation with an analytic prior whose images each have their own brightness, as real
 * data do: x0 = (m + s xi) 1 + w, xi ~ N(0, 1) per image, w ~ N(0, tau^2 I), with its exact eps
 * ({@link BrightnessOracle}). From pure noise and from the truncated start, samples have the prior's
 * brightness distribution; the truncated start never asks the network about the noisiest timesteps, where
 * a trained eps network's error decides a sample's brightness (docs/models.md).
 */
class GenerationTest {

	static final double M = -0.66, S = 0.1, TAU = 0.3;
	static final int SIZE = 32, N = SIZE * SIZE, COUNT = 96;
	static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(1000);

	/**
	 * eps = (x_t - sqrt(abar) E[x0 | x_t]) / sqrt(1 - abar) for the prior of the class description. With d the image mean and r = x - d 1: E[d0 | d_t] = m + g_d (d_t - sqrt(abar) m),
	 * g_d = sqrt(abar) v / (abar v + (1 - abar) / N), v = s^2 + tau^2 / N; E[r0 | r_t] = g_r r_t,
	 * g_r = sqrt(abar) tau^2 / (abar tau^2 + 1 - abar).
	 */
	static final class BrightnessOracle implements EpsModel {
		/** The largest timestep asked so far. */
		int maxT = -1;

		@Override public int channels() { return 1; }

		@Override public int timesteps() { return SCHEDULE.steps(); }

		@Override
		public Batch eps(final Batch xt, final int[] t) {
			final Batch e = Batch.zeros(xt.n(), xt.height(), xt.width(), 1);
			final int size = xt.imageSize();
			final double v = S * S + TAU * TAU / size;
			for (int i = 0; i < xt.n(); i++) {
				maxT = Math.max(maxT, t[i]);
				final double ab = SCHEDULE.alphaBar(t[i]), a = Math.sqrt(ab), r = Math.sqrt(1 - ab);
				double d = 0;
				for (int k = i * size; k < (i + 1) * size; k++) d += xt.data()[k];
				d /= size;
				final double d0 = M + a * v / (ab * v + (1 - ab) / size) * (d - a * M);
				final double gr = a * TAU * TAU / (ab * TAU * TAU + 1 - ab);
				for (int k = i * size; k < (i + 1) * size; k++) {
					final double x0 = d0 + gr * (xt.data()[k] - d);
					e.data()[k] = (float) ((xt.data()[k] - a * x0) / r);
				}
			}
			return e;
		}

		@Override public Batch epsVjp(final Batch xt, final int[] t, final Batch v) { throw new UnsupportedOperationException(); }

		@Override public void close() {}
	}

	/** The statistics a trainer measures on SIZE x SIZE patches of the oracle's data. */
	static ModelConfig config(final boolean withStatistics) {
		final ModelConfig c = new ModelConfig();
		c.name = "oracle";
		if (withStatistics) c.statistics = new ModelConfig.Statistics(M, Math.sqrt(S * S + TAU * TAU / N), SIZE, 1000);
		return c;
	}

	/** Mean and standard deviation over images of the image means. */
	static double[] brightness(final Batch x) {
		final double[] d = new double[x.n()];
		double m = 0;
		for (int i = 0; i < x.n(); i++) {
			for (int k = i * x.imageSize(); k < (i + 1) * x.imageSize(); k++) d[i] += x.data()[k];
			d[i] /= x.imageSize();
			m += d[i] / x.n();
		}
		double v = 0;
		for (final double di : d) v += (di - m) * (di - m) / (x.n() - 1);
		return new double[] { m, Math.sqrt(v) };
	}

	static Batch generate(final BrightnessOracle oracle, final boolean statistics, final int start) {
		try (LoadedModel m = new LoadedModel(oracle, config(statistics), "oracle")) {
			return new Generation(m, StepRule.ddpm(), 50, Double.POSITIVE_INFINITY).start(start).generate(COUNT, SIZE, SIZE, COUNT, 1, SamplerListener.NONE);
		}
	}

	@ParameterizedTest
	@CsvSource({ "false, -1", "true, 999", "true, -1", "true, 500" })
	void samplesHaveThePriorsBrightness(final boolean statistics, final int start) {
		final BrightnessOracle oracle = new BrightnessOracle();
		final double[] b = brightness(generate(oracle, statistics, start));
		assertEquals(M, b[0], 0.03, "mean brightness");
		assertEquals(Math.sqrt(S * S + TAU * TAU / N), b[1], 0.025, "spread of the brightness");
		assertEquals(start < 0 ? (statistics ? 700 : 999) : start, oracle.maxT, "the first timestep the network sees");
	}

	@Test
	void aModelWithoutStatisticsStartsFromPureNoiseOnly() {
		try (LoadedModel m = new LoadedModel(new BrightnessOracle(), config(false), "oracle")) {
			assertEquals(999, Generation.defaultStart(m));
			final Generation g = new Generation(m, StepRule.ddpm(), 50).start(700);
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.generate(1, 8, 8, 1, 0, SamplerListener.NONE));
			assertTrue(e.getMessage().contains("records no training statistics"), e.getMessage());
			assertThrows(IllegalArgumentException.class, () -> new Generation(m, StepRule.ddpm(), 50).start(1000).startTimestep());
		}
	}
}
