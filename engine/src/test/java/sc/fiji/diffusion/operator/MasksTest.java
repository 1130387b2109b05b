/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MasksTest {

	private static int sampledRows(final Mask m) {
		int rows = 0;
		for (int y = 0; y < m.height(); y++) {
			final boolean first = m.sampled(y, 0);
			for (int x = 1; x < m.width(); x++) assertEquals(first, m.sampled(y, x), "whole lines");
			if (first) rows++;
		}
		return rows;
	}

	@Test
	void cartesianVariableDensityHasExactlyHOverRLinesAndAFullCentre() {
		for (final int h : new int[] { 64, 96, 37 })
			for (final double r : new double[] { 2, 4, 6, 8 }) {
				final Mask m = Masks.cartesianVariableDensity(h, 48, r, 0.08, 7);
				assertEquals(Math.round(h / r), sampledRows(m), h + " lines at R=" + r);
				assertEquals(h / (double) Math.round(h / r), m.acceleration(), 1e-9, "reported acceleration");
				final int centre = (int) Math.round(0.08 * h);
				for (int y = h / 2 - centre / 2; y < h / 2 - centre / 2 + centre; y++) assertTrue(m.sampled(y, 0), "centre line " + y);
				assertTrue(m.sampled(h / 2, 24), "DC");
			}
	}

	@Test
	void cartesianDensityDecaysAwayFromTheCentre() {
		// over many seeds, lines near the centre are sampled more often than lines near the edge
		final int h = 64;
		final int[] hits = new int[h];
		for (int seed = 0; seed < 200; seed++) {
			final Mask m = Masks.cartesianVariableDensity(h, 8, 4, 0.08, seed);
			for (int y = 0; y < h; y++)
				if (m.sampled(y, 0)) hits[y]++;
		}
		int inner = 0, outer = 0;
		for (int y = 0; y < h; y++) {
			final int d = Math.abs(y - h / 2);
			if (d >= 4 && d < 12) inner += hits[y];
			if (d >= 24) outer += hits[y];
		}
		assertTrue(inner > 2 * outer, "inner " + inner + " vs outer " + outer);
	}

	@Test
	void deterministicPerSeed() {
		assertArrayEquals(Masks.cartesianVariableDensity(64, 64, 4, 0.08, 3).values(), Masks.cartesianVariableDensity(64, 64, 4, 0.08, 3).values());
		assertFalse(java.util.Arrays.equals(Masks.cartesianVariableDensity(64, 64, 4, 0.08, 3).values(),
			Masks.cartesianVariableDensity(64, 64, 4, 0.08, 4).values()));
		assertArrayEquals(Masks.poissonDisc2D(48, 40, 5, 9).values(), Masks.poissonDisc2D(48, 40, 5, 9).values());
		assertFalse(java.util.Arrays.equals(Masks.poissonDisc2D(48, 40, 5, 9).values(), Masks.poissonDisc2D(48, 40, 5, 10).values()));
	}

	@Test
	void equispacedSamplesEveryRthLineFromTheCentre() {
		final Mask m = Masks.equispaced(64, 32, 4, 6);
		for (int y = 0; y < 64; y++) {
			final boolean expected = (y - 32) % 4 == 0 || (y >= 29 && y < 35);
			assertEquals(expected, m.sampled(y, 5), "line " + y);
		}
		assertEquals(64.0 / sampledRows(m), m.acceleration(), 1e-9);
		assertTrue(m.acceleration() < 4 && m.acceleration() > 3);
	}

	@Test
	void poissonDiscHitsTheAccelerationWithVariableDensity() {
		for (final double r : new double[] { 3, 5, 8 }) {
			final Mask m = Masks.poissonDisc2D(64, 64, r, 1);
			assertEquals(r, m.acceleration(), 0.05 * r, "R=" + r);
			// fully sampled centre
			for (int y = 31; y < 33; y++)
				for (int x = 31; x < 33; x++) assertTrue(m.sampled(y, x));
			// denser in the centre than at the border
			assertTrue(density(m, 0, 12) > 2 * density(m, 24, 32), "R=" + r + ": centre " + density(m, 0, 12) + " edge " + density(m, 24, 32));
		}
		final Mask rect = Masks.poissonDisc2D(40, 72, 4, 2);
		assertEquals(4, rect.acceleration(), 0.2);
	}

	/** Fraction sampled in the square ring of Chebyshev distance [from, to) around the centre. */
	private static double density(final Mask m, final int from, final int to) {
		int n = 0, s = 0;
		for (int y = 0; y < m.height(); y++)
			for (int x = 0; x < m.width(); x++) {
				final int d = Math.max(Math.abs(y - m.height() / 2), Math.abs(x - m.width() / 2));
				if (d >= from && d < to) {
					n++;
					if (m.sampled(y, x)) s++;
				}
			}
		return s / (double) n;
	}

	@Test
	void fromImageThresholdsAtOneHalf() {
		final Mask m = Masks.fromImage(new float[] { 0, 255, 255, 0, Float.NaN, 255 }, 2, 3);
		assertArrayEquals(new float[] { 0, 1, 1, 0, 0, 1 }, m.values());
		assertEquals(2, m.acceleration(), 1e-9);
		assertArrayEquals(new float[] { 0, 1, 1, 0 }, Masks.fromImage(new float[] { 0.5f, 0.51f, 0.51f, 0.5f }, 2, 2).values());
	}

	/** An image given in place of its mask (more than two values) is refused, not thresholded into a mask. */
	@Test
	void anImageIsNotAMask() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Masks.fromImage(new float[] { 0, 0.3f, 1, 1 }, 2, 2));
		assertTrue(e.getMessage().contains("more than two values (0.000, 0.3000, 1.000, ...)"), e.getMessage());
		assertEquals(1, Masks.fromImage(new float[] { Float.NaN, 0, 1, 1 }, 2, 2).acceleration() * 0.5, 1e-9, "NaN counts as 0");
		assertEquals(2, Masks.fromImage(new float[] { -0f, 0, 1, 1 }, 2, 2).acceleration(), 1e-9, "-0 is 0");
		final IllegalArgumentException labels = assertThrows(IllegalArgumentException.class, () -> Masks.fromImage(new float[] { 1, 2, 2, 1 }, 2, 2, "labels.tif"));
		assertTrue(labels.getMessage().contains("labels.tif has the values 1.000 and 2.000, both above 0.5"), labels.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Masks.fromImage(new float[] { 0, 0.2f, 0.2f, 0 }, 2, 2));
	}

	@Test
	void badInputsAreRefusedClearly() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Masks.cartesianVariableDensity(64, 64, 16, 0.2, 1));
		assertTrue(e.getMessage().contains("centre"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Masks.fromImage(new float[10], 3, 3));
		assertTrue(e.getMessage().contains("10 values"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Masks.fromImage(new float[9], 3, 3));
		assertTrue(e.getMessage().contains("samples nothing"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Operators.inpainting(Mask.full(8, 8), 8, 9));
		assertTrue(e.getMessage().contains("8x8") && e.getMessage().contains("9x8"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Masks.poissonDisc2D(32, 32, 0.5, 1));
		assertThrows(IllegalArgumentException.class, () -> new Mask(2, 2, new float[] { 0, 1, 0.5f, 1 }));
	}
}
