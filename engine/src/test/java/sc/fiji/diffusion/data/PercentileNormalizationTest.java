/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class PercentileNormalizationTest {

	@Test
	void exactOrderStatistics() {
		// n = 5, sorted {0, 10, 20, 30, 40}: p25 -> h = 1 -> 10; p75 -> h = 3 -> 30
		final PercentileNormalization n = PercentileNormalization.fit(new float[] { 10, 0, 30, 20, 40 }, 25, 75);
		assertEquals(10, n.pLow(), 0);
		assertEquals(30, n.pHigh(), 0);
		assertEquals(20, n.range(), 0);
		assertFalse(n.isDegenerate());
		// 2 (x - 10) / 20 - 1
		assertArrayEquals(new float[] { -2, -1, 0, 1, 2 }, n.forward(new float[] { 0, 10, 20, 30, 40 }), 0);
	}

	@Test
	void linearInterpolationBetweenOrderStatistics() {
		// {0, 10}: p25 -> h = 0.25 -> 2.5; p100 -> 10
		final PercentileNormalization n = PercentileNormalization.fit(new float[] { 10, 0 }, 25, 100);
		assertEquals(2.5, n.pLow(), 1e-12);
		assertEquals(10, n.pHigh(), 0);
	}

	@Test
	void defaultPercentilesOnZeroTo99() {
		final float[] v = new float[100];
		for (int i = 0; i < v.length; i++) v[i] = (i * 37) % 100; // a permutation of 0..99
		final PercentileNormalization n = PercentileNormalization.fit(v);
		assertEquals(0.99, n.pLow(), 1e-9); // h = 99 * 0.01
		assertEquals(98.802, n.pHigh(), 1e-9); // h = 99 * 0.998
		final float[] y = n.forward(new float[] { 0.99f, 98.802f, (0.99f + 98.802f) / 2 });
		assertArrayEquals(new float[] { -1, 1, 0 }, y, 1e-6f);
	}

	@Test
	void inverseOfKnownValues() {
		final PercentileNormalization n = PercentileNormalization.of(100, 300);
		// (y + 1) * 200 / 2 + 100
		assertArrayEquals(new float[] { 100, 200, 300, 0 }, n.inverse(new float[] { -1, 0, 1, -2 }), 0);
	}

	@Test
	void roundTripOnRandomData() {
		final SplittableRandom rng = new SplittableRandom(7);
		final float[] x = new float[10_000];
		for (int i = 0; i < x.length; i++) x[i] = (float) (1000 + 250 * rng.nextDouble() * rng.nextDouble());
		final float[] copy = x.clone();
		final PercentileNormalization n = PercentileNormalization.fit(x);
		final float[] back = n.inverse(n.forward(x));
		for (int i = 0; i < x.length; i++)
			assertEquals(x[i], back[i], 1e-4f * Math.abs(x[i]));
		assertArrayEquals(copy, x, 0, "input must not be modified");
	}

	@Test
	void constantImageUsesRangeOne() {
		final PercentileNormalization n = PercentileNormalization.fit(new float[] { 5, 5, 5, 5 });
		assertEquals(5, n.pLow(), 0);
		assertEquals(5, n.pHigh(), 0);
		assertTrue(n.isDegenerate());
		assertEquals(1, n.range(), 0);
		assertArrayEquals(new float[] { -1, -1 }, n.forward(new float[] { 5, 5 }), 0);
		assertArrayEquals(new float[] { 5, 6 }, n.inverse(new float[] { -1, 1 }), 0);
		assertTrue(n.toString().contains("degenerate"));
	}

	@Test
	void nearlyConstantLargeValuesAreDegenerate() {
		assertTrue(PercentileNormalization.of(1e6, 1e6 + 1e-3).isDegenerate());
	}

	@Test
	void tinyButRealScaleIsNotDegenerate() {
		final PercentileNormalization n = PercentileNormalization.fit(new float[] { 0, 1e-9f, 2e-9f }, 0, 100);
		assertFalse(n.isDegenerate());
		assertArrayEquals(new float[] { -1, 0, 1 }, n.forward(new float[] { 0, 1e-9f, 2e-9f }), 1e-6f);
	}

	@Test
	void nonFiniteInputIsRejected() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> PercentileNormalization.fit(new float[] { 1, 2, Float.NaN }));
		assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("index 2"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> PercentileNormalization.fit(new float[] { Float.POSITIVE_INFINITY, 1 }));
		final PercentileNormalization n = PercentileNormalization.of(0, 1);
		assertThrows(IllegalArgumentException.class, () -> n.forward(new float[] { Float.NEGATIVE_INFINITY }));
		assertThrows(IllegalArgumentException.class, () -> n.inverse(new float[] { Float.NaN }));
	}

	@Test
	void invalidArgumentsAreRejected() {
		assertThrows(IllegalArgumentException.class, () -> PercentileNormalization.fit(new float[0]));
		assertThrows(IllegalArgumentException.class, () -> PercentileNormalization.fit(new float[] { 1 }, 50, 50));
		assertThrows(IllegalArgumentException.class, () -> PercentileNormalization.fit(new float[] { 1 }, -1, 50));
		assertThrows(IllegalArgumentException.class, () -> PercentileNormalization.fit(new float[] { 1 }, 1, 101));
		assertThrows(IllegalArgumentException.class, () -> PercentileNormalization.of(2, 1));
		assertThrows(IllegalArgumentException.class, () -> PercentileNormalization.of(Double.NaN, 1));
	}

	@Test
	void valueSemantics() {
		assertEquals(PercentileNormalization.of(1, 2), PercentileNormalization.of(1, 2));
		assertEquals(PercentileNormalization.of(1, 2).hashCode(), PercentileNormalization.of(1, 2).hashCode());
		assertFalse(PercentileNormalization.of(1, 2).equals(PercentileNormalization.of(1, 3)));
	}
}
