/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.baseline;

import sc.fiji.diffusion.testdata.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.Metrics;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.Masks;
import sc.fiji.diffusion.operator.Operators;

/**
 * BART's k-space convention against this project's ({@link sc.fiji.diffusion.operator.UndersampledFourier}:
 * centred unitary DFT, DC at (H/2, W/2)), on a real image of a non-square, non-power-of-two size. BART is
 * fetched first if needed ({@code scripts/fetch-bart.sh}).
 */
class BartTest {

	private static Bart bart;

	@BeforeAll
	static void locate() throws Exception {
		sc.fiji.diffusion.testdata.SampleData.bart();
		final Optional<Bart> b = Bart.locate();
		org.junit.jupiter.api.Assertions.assertTrue(b.isPresent(), "BART not found although scripts/fetch-bart.sh ran (it puts it into data/bart)");
		bart = b.get();
	}

	/** {@code bart fft -u 3} of a real image is our forward operator with a full mask, value for value (not shifted, flipped or scaled). */
	@Test
	void fftMatchesOurKSpace() throws Exception {
		final int h = 48, w = 40;
		final float[] x = crop(TestImages.ecoli(64), 64, w, h);
		final float[] ours = Operators.run(Operators.mri(Mask.full(h, w), h, w), new Batch(1, h, w, 1, x.clone()), false).data();
		final float[][] theirs = bart.fft(x, new float[x.length], h, w, false);
		double max = 0, scale = 0;
		for (int p = 0; p < x.length; p++) {
			max = Math.max(max, Math.abs(ours[2 * p] - theirs[0][p]) + Math.abs(ours[2 * p + 1] - theirs[1][p]));
			scale = Math.max(scale, Math.abs(ours[2 * p]));
		}
		assertEquals(0, max / scale, 1e-4, "relative difference of the k-spaces");
		// and back: bart fft -i -u of our k-space is the image
		final float[] re = new float[x.length], im = new float[x.length];
		for (int p = 0; p < x.length; p++) {
			re[p] = ours[2 * p];
			im[p] = ours[2 * p + 1];
		}
		final float[][] back = bart.fft(re, im, h, w, true);
		for (int p = 0; p < x.length; p++) {
			assertEquals(x[p], back[0][p], 1e-4, "real part at " + p);
			assertEquals(0, back[1][p], 1e-4, "imaginary part at " + p);
		}
	}

	/** pics on our undersampled k-space lines up with the truth: better than zero-filled, and better than any 1-pixel shift or a flip of itself. */
	@Test
	void picsIsAlignedWithOurImage() throws Exception {
		final int h = 64, w = 48;
		final float[] x = crop(TestImages.ecoli(64), 64, w, h);
		final Mask mask = Masks.cartesianVariableDensity(h, w, 3, 0.1, 1);
		final float[] k = Operators.run(Operators.mri(mask, h, w), new Batch(1, h, w, 1, x.clone()), false).data();
		final float[] re = new float[x.length], im = new float[x.length];
		for (int p = 0; p < x.length; p++) {
			re[p] = k[2 * p];
			im[p] = k[2 * p + 1];
		}
		final float[] zf = Operators.run(Operators.mri(mask, h, w), new Batch(1, h, w, 2, k), true).data();
		final float[][] z = bart.picsL1(re, im, h, w, 1e-3);
		final float[] mag = new float[x.length];
		for (int p = 0; p < x.length; p++) mag[p] = (float) Math.hypot(z[0][p], z[1][p]);
		final double pics = Metrics.psnr(x, mag, 1), zeroFilled = Metrics.psnr(x, zf, 1);
		assertTrue(pics > zeroFilled + 1, "BART pics " + pics + " dB vs zero-filled " + zeroFilled + " dB");
		assertTrue(pics > 25, "BART pics " + pics + " dB");
		for (final int[] d : new int[][] { { 0, 1 }, { 1, 0 }, { 0, -1 }, { -1, 0 } }) {
			final double shifted = Metrics.psnr(x, shift(mag, w, h, d[0], d[1]), 1);
			assertTrue(pics > shifted, "shift " + d[0] + "," + d[1] + ": " + shifted + " dB >= " + pics + " dB");
		}
		final float[] flipped = new float[x.length];
		for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) flipped[r * w + c] = mag[(h - 1 - r) * w + c];
		assertTrue(pics > Metrics.psnr(x, flipped, 1) + 3, "flip");
	}

	private static float[] crop(final float[] sq, final int n, final int w, final int h) {
		final float[] out = new float[w * h];
		for (int r = 0; r < h; r++) System.arraycopy(sq, r * n + (n - w) / 2, out, r * w, w);
		return out;
	}

	private static float[] shift(final float[] v, final int w, final int h, final int dy, final int dx) {
		final float[] out = new float[v.length];
		for (int r = 0; r < h; r++)
			for (int c = 0; c < w; c++) out[r * w + c] = v[Math.floorMod(r - dy, h) * w + Math.floorMod(c - dx, w)];
		return out;
	}
}
