/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import static org.junit.jupiter.api.Assertions.*;
import static sc.fiji.diffusion.operator.OperatorTesting.*;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The k-space conventions of {@link UndersampledFourier}: centred, unitary, (real, imaginary) last. */
class UndersampledFourierTest {

	@Test
	void fullMaskIsUnitaryAndAdjointInvertsIt() {
		for (final int[] hw : new int[][] { { 16, 16 }, { 15, 12 } }) {
			final UndersampledFourier f = new UndersampledFourier(Mask.full(hw[0], hw[1]));
			final float[] x = gaussian(2 * hw[0] * hw[1], 5);
			final float[] k = Operators.run(f, x, 2, false);
			assertEquals(norm(x), norm(k), 1e-5 * norm(x), "||F x|| = ||x|| for " + hw[0] + "x" + hw[1]);
			assertEquals(0, relativeError(Operators.run(f, k, 2, true), x), 1e-5, "F^H F x = x");
		}
	}

	@Test
	void constantImageHasOnlyTheDcSampleAtTheCentre() {
		for (final int[] hw : new int[][] { { 8, 8 }, { 7, 10 } }) {
			final int h = hw[0], w = hw[1];
			final float[] x = new float[h * w];
			Arrays.fill(x, 2f);
			final float[] k = Operators.run(new UndersampledFourier(Mask.full(h, w)), x, 1, false);
			for (int i = 0; i < h; i++)
				for (int j = 0; j < w; j++) {
					final float re = k[(i * w + j) * 2], im = k[(i * w + j) * 2 + 1];
					if (i == h / 2 && j == w / 2) {
						assertEquals(2 * Math.sqrt(h * w), re, 1e-4, "DC = sum / sqrt(HW)");
						assertEquals(0, im, 1e-5);
					}
					else assertEquals(0, Math.hypot(re, im), 1e-5, "k-space sample (" + i + ", " + j + ") of a constant image");
				}
		}
	}

	/** k[u, v] = sum_{y, x} x[y, x] exp(-2 pi i ((u - H/2)(y - H/2) / H + (v - W/2)(x - W/2) / W)) / sqrt(HW). */
	@Test
	void agreesWithDirectDft() {
		for (final int[] hw : new int[][] { { 8, 8 }, { 7, 6 } }) {
			final int h = hw[0], w = hw[1];
			final Mask mask = OperatorAdjointnessTest.randomMask(h, w, 0.5, 9);
			final float[] x = gaussian(h * w, 3);
			final float[] k = Operators.run(new UndersampledFourier(mask), x, 1, false);
			final double[] expected = new double[2 * h * w];
			for (int u = 0; u < h; u++)
				for (int v = 0; v < w; v++) {
					if (!mask.sampled(u, v)) continue;
					double re = 0, im = 0;
					for (int y = 0; y < h; y++)
						for (int xx = 0; xx < w; xx++) {
							final double phase = -2 * Math.PI * ((u - h / 2) * (double) (y - h / 2) / h + (v - w / 2) * (double) (xx - w / 2) / w);
							re += x[y * w + xx] * Math.cos(phase);
							im += x[y * w + xx] * Math.sin(phase);
						}
					expected[(u * w + v) * 2] = re / Math.sqrt(h * w);
					expected[(u * w + v) * 2 + 1] = im / Math.sqrt(h * w);
				}
			for (int i = 0; i < k.length; i++)
				assertEquals(expected[i], k[i], 1e-5, "k-space value " + i + " of " + h + "x" + w);
		}
	}

	@Test
	void proximalIsTheDocumentedComplexDataConsistency() {
		// in k-space: sampled frequencies become (y + rho F z) / (1 + rho), the others keep F z; the image is the real part
		final int h = 8, w = 8;
		final Mask mask = OperatorAdjointnessTest.randomMask(h, w, 0.4, 4);
		final UndersampledFourier op = new UndersampledFourier(mask);
		final UndersampledFourier full = new UndersampledFourier(Mask.full(h, w));
		final float[] z = gaussian(h * w, 1), y = Operators.run(op, gaussian(h * w, 2), 1, false);
		final double rho = 0.3;
		final float[] fz = Operators.run(full, z, 1, false), k = new float[fz.length];
		for (int i = 0; i < h * w; i++)
			for (int c = 0; c < 2; c++)
				k[2 * i + c] = mask.array()[i] == 1 ? (float) ((y[2 * i + c] + rho * fz[2 * i + c]) / (1 + rho)) : fz[2 * i + c];
		final float[] expected = Operators.run(full, k, 1, true);
		final float[] dc = evaluate(tf -> op.complexDataConsistency(tf, constant(tf, z, 1, op.imageShape()), constant(tf, y, 1, op.measurementShape()),
			tf.constant((float) rho)));
		assertEquals(0, relativeError(dc, expected), 1e-5);
	}

	@Test
	void maskSizeMismatchIsRefusedClearly() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Operators.mri(Mask.full(16, 16), 16, 20));
		assertTrue(e.getMessage().contains("16x16") && e.getMessage().contains("20x16"), e.getMessage());
	}
}
