/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.schedule.StepCoefficients;

class TfEpsModelTest {

	private static TfEpsModel model;

	@BeforeAll
	static void build() {
		model = new TfEpsModel(TestNetworks.tinyConfig(), TestNetworks.perturbedWeights(TestNetworks.tinyConfig(), 3), 1000);
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void outputHasInputShapeForOddSizes() {
		// 1 and 2: smaller than their padding to the size multiple (a thin z-stack's side view), padded in rounds
		for (final int[] hw : new int[][] { { 13, 17 }, { 4, 4 }, { 33, 6 }, { 1, 5 }, { 6, 1 }, { 2, 3 } }) {
			final Batch x = GaussianNoise.like(Batch.zeros(3, hw[0], hw[1], 1), 1);
			final Batch eps = model.eps(x, new int[] { 10, 500, 999 });
			assertTrue(eps.sameShape(x), "shape for " + hw[0] + "x" + hw[1]);
			eps.requireFinite("eps");
		}
	}

	@Test
	void batchImagesAreIndependentAndTimestepMatters() {
		final Batch x = GaussianNoise.like(Batch.zeros(2, 12, 12, 1), 5);
		System.arraycopy(x.data(), 0, x.data(), 144, 144); // two identical images
		final Batch eps = model.eps(x, new int[] { 100, 100 });
		assertArrayEquals(eps.image(0).data(), eps.image(1).data(), 1e-5f);
		final Batch other = model.eps(x, new int[] { 100, 800 });
		assertArrayEquals(eps.image(0).data(), other.image(0).data(), 1e-5f);
		assertTrue(maxAbsDiff(eps.image(1).data(), other.image(1).data()) > 1e-3, "t must change the output");
	}

	@Test
	void sameSeedSameNetworkBitExact() {
		final Weights w1 = VariableParameters.initialWeights(TestNetworks.tinyConfig(), 11);
		final Weights w2 = VariableParameters.initialWeights(TestNetworks.tinyConfig(), 11);
		final Weights w3 = VariableParameters.initialWeights(TestNetworks.tinyConfig(), 12);
		for (final String name : w1.asMap().keySet())
			assertArrayEquals(w1.get(name).values, w2.get(name).values, name);
		assertFalse(java.util.Arrays.equals(w1.get("in.w").values, w3.get("in.w").values));
		final Batch x = GaussianNoise.like(Batch.zeros(1, 16, 16, 1), 2);
		try (TfEpsModel again = new TfEpsModel(TestNetworks.tinyConfig(), TestNetworks.perturbedWeights(TestNetworks.tinyConfig(), 3), 1000)) {
			assertArrayEquals(model.eps(x, new int[] { 300 }).data(), again.eps(x, new int[] { 300 }).data());
		}
	}

	@Test
	void inputGradientMatchesFiniteDifferences() {
		final Batch x = GaussianNoise.like(Batch.zeros(1, 8, 8, 1), 9);
		final Batch v = GaussianNoise.like(x, 10);
		final int[] t = { 400 };
		final Batch grad = model.epsVjp(x, t, v);
		// directional derivative along a random direction d: <grad, d> vs (f(x + h d) - f(x - h d)) / 2h
		final Batch d = GaussianNoise.like(x, 11);
		final double h = 1e-2;
		final double fd = (dot(v, model.eps(axpy(x, d, h), t)) - dot(v, model.eps(axpy(x, d, -h), t))) / (2 * h);
		final double analytic = dot(grad, d);
		assertEquals(fd, analytic, 2e-2 * Math.abs(fd) + 1e-3, "directional derivative");
		assertTrue(Math.abs(analytic) > 1e-2, "gradient must not vanish");
	}

	@Test
	void fusedStepEqualsLinearCombination() {
		final Batch x = GaussianNoise.like(Batch.zeros(2, 10, 14, 1), 21);
		final int[] t = { 600, 600 };
		final Batch eps = model.eps(x, t);
		final Batch step = model.step(x, t, new StepCoefficients(1.1, -0.3, 0), 5);
		for (int k = 0; k < x.data().length; k++)
			assertEquals(1.1 * x.data()[k] - 0.3 * eps.data()[k], step.data()[k], 1e-5);
		// with noise: deterministic per seed, and the noise has unit variance
		final StepCoefficients noisy = new StepCoefficients(0, 0, 1);
		final Batch z1 = model.step(x, t, noisy, 5), z2 = model.step(x, t, noisy, 5), z3 = model.step(x, t, noisy, 6);
		assertArrayEquals(z1.data(), z2.data());
		assertTrue(maxAbsDiff(z1.data(), z3.data()) > 0.1);
		assertEquals(1.0, dot(z1, z1) / z1.data().length, 0.2);
	}

	/**
	 * x0Hat clipping in the graph equals the Java formula of StepCoefficients, and the last DDPM step
	 * (to the clean image) returns x0Hat clamped to [-L, L]; the eps form of the update is unchanged
	 * where x0Hat lies inside.
	 */
	@Test
	void clippedStepMatchesTheFormulaAndEndsInRange() {
		final sc.fiji.diffusion.schedule.NoiseSchedule schedule = sc.fiji.diffusion.schedule.NoiseSchedule.linear(1000);
		final sc.fiji.diffusion.sampler.StepRule ddpm = sc.fiji.diffusion.sampler.StepRule.ddpm(false);
		final Batch x = GaussianNoise.like(Batch.zeros(2, 10, 14, 1), 31);
		for (int i = 0; i < x.data().length; i++) x.data()[i] *= 3;
		final double limit = 0.5;
		final int[] t = { 600, 600 };
		final Batch eps = model.eps(x, t);
		final StepCoefficients k = ddpm.coefficients(schedule, 600, 580).withX0Clip(limit, schedule.alphaBar(600));
		final StepCoefficients noNoise = new StepCoefficients(k.a, k.b, 0).withX0Clip(limit, schedule.alphaBar(600));
		final Batch step = model.step(x, t, noNoise, 5);
		int clipped = 0;
		for (int p = 0; p < x.data().length; p++) {
			final double x0 = (x.data()[p] - Math.sqrt(1 - schedule.alphaBar(600)) * eps.data()[p]) / Math.sqrt(schedule.alphaBar(600));
			if (Math.abs(x0) > limit) clipped++;
			else assertEquals(k.a * x.data()[p] + k.b * eps.data()[p], step.data()[p], 1e-4, "inside the range the update is the plain one");
			assertEquals(k.a * x.data()[p] + k.b * noNoise.clippedEps(x.data()[p], eps.data()[p]), step.data()[p], 1e-4);
		}
		assertTrue(clipped > 10, "the test must clip some pixels: " + clipped);
		// the noise of a clipped step is the plain step's noise (same seed)
		final Batch withNoise = model.step(x, t, k, 5);
		final Batch plainNoise = model.step(x, t, new StepCoefficients(0, 0, k.c), 5);
		for (int p = 0; p < x.data().length; p++) assertEquals(step.data()[p] + plainNoise.data()[p], withNoise.data()[p], 1e-4);
		// the last step returns clamp(x0Hat)
		final int[] t5 = { 5, 5 };
		final Batch last = model.step(x, t5, ddpm.coefficients(schedule, 5, -1).withX0Clip(limit, schedule.alphaBar(5)), 5);
		final Batch eps5 = model.eps(x, t5);
		for (int p = 0; p < x.data().length; p++) {
			final double x0 = (x.data()[p] - Math.sqrt(1 - schedule.alphaBar(5)) * eps5.data()[p]) / Math.sqrt(schedule.alphaBar(5));
			assertEquals(Math.max(-limit, Math.min(limit, x0)), last.data()[p], 1e-3);
		}
	}

	@Test
	void badInputIsRejectedClearly() {
		final IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
			() -> model.eps(Batch.zeros(1, 8, 8, 3), new int[] { 0 }));
		assertTrue(channels.getMessage().contains("channel"));
		final IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
			() -> model.eps(Batch.zeros(1, 8, 8, 1), new int[] { 1000 }));
		assertTrue(t.getMessage().contains("timestep 1000"));
		final Weights wrong = TestNetworks.perturbedWeights(new UNetConfig(1, 8, new int[] { 1, 2 }, 1, true, 4), 1);
		final IllegalArgumentException arch = assertThrows(IllegalArgumentException.class,
			() -> new TfEpsModel(TestNetworks.tinyConfig(), wrong, 1000));
		assertTrue(arch.getMessage().contains("weight"), arch.getMessage());
	}

	static double dot(final Batch a, final Batch b) {
		double s = 0;
		for (int k = 0; k < a.data().length; k++) s += (double) a.data()[k] * b.data()[k];
		return s;
	}

	static Batch axpy(final Batch x, final Batch d, final double h) {
		final Batch out = x.copy();
		for (int k = 0; k < out.data().length; k++) out.data()[k] += (float) (h * d.data()[k]);
		return out;
	}

	static double maxAbsDiff(final float[] a, final float[] b) {
		double m = 0;
		for (int k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
		return m;
	}
}
