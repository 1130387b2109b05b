/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The calibration metrics on errors drawn with a known sigma: a calibrated map must read as one. */
class CoverageMetricsTest {

	static final int W = 64, H = 64;

	/** truth 0, result = sigma * n with sigma rising from left to right: errors exactly N(0, sigma^2). */
	static float[][] calibrated(final long seed) {
		final Random rng = new Random(seed);
		final float[] truth = new float[W * H], x = new float[W * H], sigma = new float[W * H];
		for (int y = 0; y < H; y++)
			for (int i = 0; i < W; i++) {
				sigma[y * W + i] = 0.01f + 0.05f * i / W;
				x[y * W + i] = (float) (sigma[y * W + i] * rng.nextGaussian());
			}
		return new float[][] { truth, x, sigma };
	}

	@Test
	void aCalibratedGaussianMapReadsAsOne() {
		final float[][] c = calibrated(1);
		final boolean[] all = new boolean[W * H];
		java.util.Arrays.fill(all, true);
		final double[] r = CoverageMetrics.ratios(c[1], c[0], c[2], all);
		assertEquals(0.683, CoverageMetrics.coverage(r, 1, 1), 0.02);
		assertEquals(0.954, CoverageMetrics.coverage(r, 2, 1), 0.01);
		assertEquals(0.997, CoverageMetrics.coverage(r, 3, 1), 0.005);
		assertEquals(0.674, CoverageMetrics.quantile(r, 0.5), 0.03);
		assertEquals(1, CoverageMetrics.mseOverVariance(c[1], c[0], c[2], all), 0.06);
		assertEquals(0.98, CoverageMetrics.fitFactor(r), 0.04, "2 sigma covers 95.4 %, so 95 % needs a factor just under 1");
		// the map halved: coverage at 2 sigma of the map times 2 is the calibrated one
		final float[] half = new float[W * H];
		for (int k = 0; k < half.length; k++) half[k] = c[2][k] / 2;
		final double[] rh = CoverageMetrics.ratios(c[1], c[0], half, all);
		assertEquals(CoverageMetrics.coverage(r, 2, 1), CoverageMetrics.coverage(rh, 2, 2), 1e-12);
		assertEquals(2 * CoverageMetrics.fitFactor(r), CoverageMetrics.fitFactor(rh), 1e-6);
		// sigma rises across the image and the error with it: 8x8 blocks rank alike
		assertTrue(CoverageMetrics.blockSpearman(c[1], c[0], c[2], all, W, H) > 0.8);
		final float[] flat = new float[W * H];
		java.util.Arrays.fill(flat, 0.03f);
		for (int k = 0; k < flat.length; k++) flat[k] += 1e-6f * (k % 7);
		assertTrue(Math.abs(CoverageMetrics.blockSpearman(c[1], c[0], flat, all, W, H)) < 0.3, "a map unrelated to the error");
	}

	@Test
	void spearmanOfKnownRanks() {
		assertEquals(1, CoverageMetrics.spearman(new double[] { 1, 2, 3, 4 }, new double[] { 10, 20, 35, 100 }), 1e-12);
		assertEquals(-1, CoverageMetrics.spearman(new double[] { 1, 2, 3, 4 }, new double[] { 4, 3, 2, 1 }), 1e-12);
		// ties get mean ranks: ranks (1.5, 1.5, 3) and (1, 2, 3)
		assertEquals(0.866, CoverageMetrics.spearman(new double[] { 1, 1, 2 }, new double[] { 1, 2, 3 }), 1e-3);
	}

	@Test
	void masksPickAnatomyAndObjectsOfEitherPolarity() {
		final float[] t = new float[W * H];
		java.util.Arrays.fill(t, 0.5f); // a grey field
		for (int y = 20; y < 30; y++)
			for (int x = 20; x < 30; x++) t[y * W + x] = 0.05f; // a dark object
		final boolean[] m = CoverageMetrics.objects(t, W, H);
		assertTrue(m[25 * W + 25] && m[18 * W + 25], "the object and its 2-pixel rim");
		assertFalse(m[5 * W + 5] || m[17 * W + 25], "background");
		assertTrue(CoverageMetrics.anatomy(t)[0]);
		assertFalse(CoverageMetrics.anatomy(t)[25 * W + 25]);
	}
}
