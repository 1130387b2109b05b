/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.Batch;

class AugmentedPatchesTest {

	/** Patches holding the ramp x' = 2 x / (p - 1) - 1 (so u = x / (p - 1)). */
	private static final PatchSource RAMP = new PatchSource() {
		@Override
		public Batch next(final int n, final int p, final SplittableRandom rng) {
			final Batch b = Batch.zeros(n, p, p, 1);
			for (int k = 0; k < b.data().length; k++) b.data()[k] = 2f * (k % p) / (p - 1) - 1;
			return b;
		}

		@Override
		public String description() { return "ramp"; }
	};

	@Test
	void bilinearResamplingKeepsRampsLinear() {
		final Batch big = RAMP.next(1, 40, null);
		final Batch small = AugmentedPatches.resample(big, 20);
		// pixel centres aligned: output x maps to input (x + 0.5) * 2 - 0.5, a ramp of slope 2 in input pixels
		for (int x = 1; x < 19; x++)
			assertEquals(big.data()[0] + (2 * x + 0.5) * 2.0 / 39, small.data()[5 * 20 + x], 1e-5, "x=" + x);
	}

	@Test
	void scaleDrawsOtherSizesAndReturnsThePatchSize() {
		final AugmentedPatches a = new AugmentedPatches(RAMP, EnumSet.of(AugmentedPatches.Kind.SCALE));
		for (int k = 0; k < 20; k++) {
			final Batch b = a.next(2, 16, new SplittableRandom(k));
			assertEquals(16, b.height());
			assertEquals(-1, b.data()[0], 0.1); // the ramp still starts near -1 and ends near 1
			assertEquals(1, b.data()[15], 0.1);
		}
	}

	@Test
	void gammaKeepsTheEndsAndBendsTheMiddle() {
		final AugmentedPatches a = new AugmentedPatches(RAMP, EnumSet.of(AugmentedPatches.Kind.GAMMA));
		double minMid = 1, maxMid = -1;
		for (int k = 0; k < 30; k++) {
			final Batch b = a.next(1, 11, new SplittableRandom(k));
			assertEquals(-1, b.data()[0], 1e-6);
			assertEquals(1, b.data()[10], 1e-6);
			minMid = Math.min(minMid, b.data()[5]);
			maxMid = Math.max(maxMid, b.data()[5]);
		}
		// u = 0.5: 0.5^1.4 = 0.379 -> -0.242 and 0.5^(1/1.4) = 0.610 -> 0.219
		assertTrue(minMid < -0.1 && minMid >= -0.243, "min " + minMid);
		assertTrue(maxMid > 0.1 && maxMid <= 0.22, "max " + maxMid);
	}

	@Test
	void biasFieldIsSmoothAndMild() {
		final PatchSource flat = new PatchSource() {
			@Override
			public Batch next(final int n, final int p, final SplittableRandom rng) {
				final Batch b = Batch.zeros(n, p, p, 1);
				java.util.Arrays.fill(b.data(), 0.6f); // u = 0.8
				return b;
			}

			@Override
			public String description() { return "flat"; }
		};
		final Batch b = new AugmentedPatches(flat, EnumSet.of(AugmentedPatches.Kind.BIAS)).next(4, 32, new SplittableRandom(3));
		for (int k = 0; k < b.data().length; k++) {
			final double field = (b.data()[k] + 1) / 2 / 0.8;
			assertTrue(field > Math.exp(-0.75) && field < Math.exp(0.75), "field " + field);
			if (k % 32 != 0) assertEquals(b.data()[k - 1], b.data()[k], 0.05, "smooth");
		}
	}

	@Test
	void contrastRemapsHalfThePatchesPiecewiseLinearlyAndKeepsTheBackgroundDark() {
		final int n = 400, p = 51; // ramp u = x / 50: the knots at x = 0, 10, ..., 50
		final Batch b = new AugmentedPatches(RAMP, EnumSet.of(AugmentedPatches.Kind.CONTRAST)).next(n, p, new SplittableRandom(5));
		final Batch ramp = RAMP.next(n, p, null);
		int remapped = 0, inverted = 0;
		for (int i = 0; i < n; i++) {
			final int row = i * p * p + 7 * p; // any row: the patches are constant along y
			boolean same = true;
			double maxKnot = -1;
			for (int x = 0; x < p; x++) same &= b.data()[row + x] == ramp.data()[row + x];
			if (same) continue;
			remapped++;
			assertTrue(b.data()[row] <= -0.8 + 1e-6, "background dark: " + b.data()[row]);
			for (int x = 0; x < p; x += 10) maxKnot = Math.max(maxKnot, b.data()[row + x]);
			assertEquals(1, maxKnot, 1e-5, "the brightest knot is 1");
			for (int x = 1; x < 50; x++) if (x % 10 != 0) // linear between knots
				assertEquals(b.data()[row + x], (b.data()[row + x - 1] + b.data()[row + x + 1]) / 2, 1e-5, "x=" + x);
			if (b.data()[row + 10] > b.data()[row + 50]) inverted++;
		}
		assertEquals(n / 2.0, remapped, 3 * Math.sqrt(n / 4.0), "about half remapped");
		assertTrue(inverted > remapped / 4, "non-monotone contrasts too: " + inverted + " of " + remapped);
	}

	@Test
	void parsing() {
		assertEquals(EnumSet.allOf(AugmentedPatches.Kind.class), AugmentedPatches.parse("scale, GAMMA,bias,contrast"));
		assertTrue(AugmentedPatches.parse("none").isEmpty());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AugmentedPatches.parse("rotate"));
		assertTrue(e.getMessage().contains("'rotate'"));
	}
}
