/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.GaussianNoise;

/**
 * Stein's unbiased risk estimate and the choice it makes: exact values for linear denoisers (whose
 * Monte-Carlo divergence is exact up to the probe's norm), agreement with the true error on a real-sized
 * image, a good prior kept and a bad one replaced by total variation.
 */
class SureChoiceTest {

	static final int W = 96, H = 80;
	static final double SIGMA = 0.2;

	/** A smooth test image: blobs on a ramp. */
	static float[] clean() {
		final float[] x = new float[W * H];
		for (int r = 0; r < H; r++)
			for (int c = 0; c < W; c++)
				x[r * W + c] = (float) (0.3 * c / W + Math.exp(-((c - 30) * (c - 30) + (r - 40) * (r - 40)) / 200.0)
					+ 0.7 * Math.exp(-((c - 70) * (c - 70) + (r - 25) * (r - 25)) / 80.0));
		return x;
	}

	static float[] noisy(final float[] x, final long seed) {
		final float[] y = new float[x.length];
		GaussianNoise.fill(y, seed);
		for (int i = 0; i < y.length; i++) y[i] = x[i] + (float) SIGMA * y[i];
		return y;
	}

	static double mse(final float[] a, final float[] b) {
		double e = 0;
		for (int i = 0; i < a.length; i++) e += (a[i] - b[i]) * (a[i] - b[i]);
		return e / a.length;
	}

	@Test
	void theRiskOfShrinkageIsItsClosedForm() {
		final float[] y = noisy(clean(), 1), b = new float[y.length];
		GaussianNoise.fill(b, 2);
		final double a = 0.6, eps = 1e-3;
		final float[] fy = new float[y.length], fp = new float[y.length];
		double y2 = 0, b2 = 0;
		for (int i = 0; i < y.length; i++) {
			fy[i] = (float) (a * y[i]);
			fp[i] = (float) (a * (y[i] + eps * b[i]));
			y2 += y[i] * y[i];
			b2 += b[i] * b[i];
		}
		final int n = y.length;
		final double expected = (a - 1) * (a - 1) * y2 / n - SIGMA * SIGMA + 2 * SIGMA * SIGMA * a * b2 / n;
		assertEquals(expected, SureChoice.risk(y, fy, fp, b, eps, SIGMA), 1e-4);
	}

	/**
	 * Over total variation's weights, SURE minus the true error is the same up to the probe's noise (their
	 * common part, ||n||^2 / N - sigma^2, fluctuates by about sigma^2 sqrt(2 / N) from image to image): so
	 * the weight SURE picks is as good as the one the truth would pick.
	 */
	@Test
	void sureRanksTotalVariationsWeightsAsTheTrueErrorDoes() {
		final float[] x = clean(), y = noisy(x, 3), b = new float[y.length], yp = new float[y.length];
		GaussianNoise.fill(b, 4);
		final double eps = SureChoice.EPS_FACTOR * SIGMA;
		for (int i = 0; i < y.length; i++) yp[i] = (float) (y[i] + eps * b[i]);
		final int n = SureChoice.TV_FACTORS.length;
		final double[] sure = new double[n], truth = new double[n];
		double offset = 0;
		for (int k = 0; k < n; k++) {
			final double lambda = SureChoice.TV_FACTORS[k] * SIGMA;
			final float[] f = sc.fiji.diffusion.classical.TotalVariation.denoise(y, W, H, lambda, SureChoice.TV_ITERATIONS);
			sure[k] = SureChoice.risk(y, f, sc.fiji.diffusion.classical.TotalVariation.denoise(yp, W, H, lambda, SureChoice.TV_ITERATIONS), b, eps, SIGMA);
			truth[k] = mse(f, x);
			offset += (sure[k] - truth[k]) / n;
		}
		int bySure = 0, byTruth = 0;
		for (int k = 0; k < n; k++) {
			assertEquals(truth[k] + offset, sure[k], 0.3 * truth[k], "weight " + SureChoice.TV_FACTORS[k] + ": SURE " + sure[k] + " vs MSE " + truth[k]);
			if (sure[k] < sure[bySure]) bySure = k;
			if (truth[k] < truth[byTruth]) byTruth = k;
		}
		assertTrue(Math.abs(offset) < 3 * SIGMA * SIGMA * Math.sqrt(2.0 / y.length), "common offset " + offset);
		assertTrue(truth[bySure] < 1.1 * truth[byTruth], "SURE's choice " + truth[bySure] + " vs the best " + truth[byTruth]);
	}

	@Test
	void aGoodPriorIsKeptAndABadOneReplaced() {
		final float[] x = clean(), y = noisy(x, 5);
		// an oracle denoiser that returns the truth whatever it sees: divergence 0, SURE about 0
		final SureChoice.Choice good = SureChoice.choose(y, W, H, SIGMA, x, (v, win) -> win.crop(x, W), 6);
		assertEquals("prior", good.chosen, good.table);
		assertEquals(0, good.risk, 0.1 * SIGMA * SIGMA);
		// a prior that does not fit this image: it returns a flat field
		final float[] flat = new float[x.length];
		java.util.Arrays.fill(flat, 0.5f);
		final SureChoice.Choice bad = SureChoice.choose(y, W, H, SIGMA, flat, (v, win) -> win.crop(flat, W), 6);
		assertTrue(bad.chosen.startsWith("total variation"), bad.table);
		assertTrue(mse(bad.image, x) < 0.5 * mse(flat, x), "the fallback is better than the bad prior");
	}

	/**
	 * On an image larger than the window (a 3 x 3 mosaic of the test image, 288 x 240) SURE is estimated on
	 * the centred 128 x 128 window, the denoisers see only that window, and the winner covers the whole image.
	 */
	@Test
	void onALargeImageTheChoiceIsMadeOnTheCentredWindowAndAppliedEverywhere() {
		final float[] tile = clean();
		final int w = 3 * W, h = 3 * H;
		final float[] x = new float[w * h];
		for (int r = 0; r < h; r++)
			for (int c = 0; c < w; c++)
				x[r * w + c] = tile[(r % H) * W + c % W];
		final float[] y = noisy(x, 8);
		final SureChoice.Window win = SureChoice.Window.centred(w, h, SureChoice.WINDOW);
		assertEquals(new SureChoice.Window(80, 56, 128, 128), win);
		final float[] flat = new float[x.length];
		java.util.Arrays.fill(flat, 0.5f);
		final java.util.List<SureChoice.Window> seen = new java.util.ArrayList<>();
		final SureChoice.Choice bad = SureChoice.choose(y, w, h, SIGMA, flat, (v, at) -> {
			seen.add(at);
			assertEquals(at.width() * at.height(), v.length);
			return at.crop(flat, w);
		}, 6);
		assertEquals(java.util.List.of(win, win), seen, "the prior ran on the window and its probe only");
		assertTrue(bad.chosen.startsWith("total variation"), bad.table);
		assertTrue(bad.table.endsWith("on the centred 128x128 window"), bad.table);
		assertEquals(x.length, bad.image.length);
		// the total variation result covers the whole image, corners included
		double cornerError = 0, cornerNoise = 0;
		for (int r = 0; r < 40; r++)
			for (int c = 0; c < 40; c++) {
				final int i = r * w + c;
				cornerError += (bad.image[i] - x[i]) * (bad.image[i] - x[i]);
				cornerNoise += (y[i] - x[i]) * (y[i] - x[i]);
			}
		assertTrue(cornerError < 0.3 * cornerNoise, "corner: " + cornerError + " vs noise " + cornerNoise);
		final SureChoice.Choice good = SureChoice.choose(y, w, h, SIGMA, x, (v, at) -> at.crop(x, w), 6);
		assertEquals("prior", good.chosen, good.table);
		assertTrue(good.image == x, "the prior's whole-image result is returned as given");
	}
}
