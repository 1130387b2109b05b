/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.schedule;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class NoiseScheduleTest {

	@Test
	void linearMatchesHandComputedValues() {
		final NoiseSchedule s = NoiseSchedule.linear(1000);
		assertEquals(1e-4, s.beta(0), 1e-15);
		assertEquals(0.02, s.beta(999), 1e-15);
		// beta_1 = 1e-4 + (0.02 - 1e-4) / 999
		assertEquals(1e-4 + 0.0199 / 999, s.beta(1), 1e-15);
		assertEquals(1 - s.beta(1), s.alpha(1), 1e-15);
		// abar_1 = (1 - beta_0)(1 - beta_1)
		assertEquals((1 - 1e-4) * (1 - (1e-4 + 0.0199 / 999)), s.alphaBar(1), 1e-15);
		// abar_999 of the DDPM schedule is about 4.04e-5 (log abar = sum log(1 - beta_t))
		double log = 0;
		for (int t = 0; t < 1000; t++) log += Math.log(1 - (1e-4 + 0.0199 * t / 999));
		assertEquals(Math.exp(log), s.alphaBar(999), 1e-12);
		assertEquals(4.04e-5, s.alphaBar(999), 0.01e-5);
		assertEquals(1.0, s.alphaBar(-1));
	}

	@Test
	void posteriorVarianceFormula() {
		final NoiseSchedule s = NoiseSchedule.linear(10, 0.1, 0.5);
		// beta = 0.1, 0.1444.., ...; beta~_1 = beta_1 (1 - abar_0) / (1 - abar_1)
		final double b0 = 0.1, b1 = 0.1 + 0.4 / 9;
		final double ab0 = 1 - b0, ab1 = ab0 * (1 - b1);
		assertEquals(b1 * (1 - ab0) / (1 - ab1), s.posteriorVariance(1), 1e-15);
		assertEquals(0.0, s.posteriorVariance(0), 1e-15); // abar_{-1} = 1
	}

	@Test
	void cosineMatchesClosedForm() {
		final NoiseSchedule s = NoiseSchedule.cosine(1000);
		final double f0 = Math.pow(Math.cos(0.008 / 1.008 * Math.PI / 2), 2);
		for (final int t : new int[] { 0, 10, 500, 900 }) {
			final double ft = Math.pow(Math.cos(((t + 1) / 1000.0 + 0.008) / 1.008 * Math.PI / 2), 2);
			assertEquals(ft / f0, s.alphaBar(t), 1e-9, "t=" + t);
		}
		assertTrue(s.beta(999) <= 0.999);
	}

	@Test
	void timestepForNoiseInvertsNoiseToSignal() {
		final NoiseSchedule s = NoiseSchedule.linear(1000);
		final int t = s.timestepForNoise(0.2);
		assertEquals(0.2, s.noiseToSignal(t), 0.005);
	}

	@Test
	void badArgumentsAreRejected() {
		assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.linear(0));
		assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.linear(10, 0.5, 0.1));
		assertThrows(IndexOutOfBoundsException.class, () -> NoiseSchedule.linear(10).beta(10));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.Kind.parse("quadratic"));
		assertTrue(e.getMessage().contains("quadratic"));
	}

	@Test
	void stepPlans() {
		assertArrayEquals(new int[] { 999, 666, 333, 0 }, StepPlan.uniform(1000, 4).timesteps());
		assertEquals(1000, StepPlan.full(1000).size());
		final StepPlan p = StepPlan.uniform(1000, 4).from(500);
		assertArrayEquals(new int[] { 500, 333, 0 }, p.timesteps());
		assertEquals(-1, p.tNext(2));
		assertArrayEquals(new int[] { 333, 0 }, StepPlan.uniform(1000, 4).from(333).timesteps());
		assertThrows(IllegalArgumentException.class, () -> StepPlan.of(3, 5));
		assertThrows(IllegalArgumentException.class, () -> StepPlan.uniform(10, 11));
	}
}
