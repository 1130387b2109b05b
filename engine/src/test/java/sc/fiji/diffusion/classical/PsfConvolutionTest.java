/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.classical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.operator.Operators;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.operator.Psfs;

class PsfConvolutionTest {

	private static float[] random(final int n, final long seed) {
		final Random r = new Random(seed);
		final float[] v = new float[n];
		for (int k = 0; k < n; k++) v[k] = (float) r.nextGaussian();
		return v;
	}

	private static double dot(final float[] a, final float[] b) {
		double s = 0;
		for (int k = 0; k < a.length; k++) s += (double) a[k] * b[k];
		return s;
	}

	@Test
	void adjointnessOfBothModels() {
		final PointSpreadFunction psf = Psfs.gaussian2D(1.5, 9);
		for (final PsfConvolution op : new PsfConvolution[] { PsfConvolution.padded(psf, 20, 30), PsfConvolution.circular(psf, 20, 30) }) {
			final float[] x = random(op.domainHeight() * op.domainWidth(), 1), y = random(op.height() * op.width(), 2);
			final double lhs = dot(op.apply(x), y), rhs = dot(x, op.adjoint(y));
			assertEquals(lhs, rhs, 1e-4 * Math.abs(lhs) + 1e-4, (op.isCircular() ? "circular" : "padded") + " model");
		}
	}

	/** The plain-Java padded model is the project's TensorFlow {@code Convolution2D} (the one the diffusion methods use). */
	@Test
	void paddedModelMatchesTheProjectOperator() {
		final PointSpreadFunction psf = Psfs.bornWolf2D(1.4, 520, 1.518, 65, 11);
		final PsfConvolution op = PsfConvolution.padded(psf, 24, 18);
		final float[] x = random(op.domainHeight() * op.domainWidth(), 3);
		final float[] mine = op.apply(x);
		final Batch theirs = Operators.run(Operators.deconvolution2D(psf, 24, 18), new Batch(1, op.domainHeight(), op.domainWidth(), 1, x), false);
		for (int k = 0; k < mine.length; k++) assertEquals(theirs.data()[k], mine[k], 1e-4, "pixel " + k);
	}

	@Test
	void mirrorIndicesReflectWithoutRepeatingTheEdgeTwice() {
		assertArrayEquals(new int[] { 1, 0, 0, 1, 2, 2, 1 }, PsfConvolution.mirrorIndices(3, 2));
		for (final int i : PsfConvolution.mirrorIndices(3, 20)) assertTrue(i >= 0 && i < 3);
	}

	/** The mirrored blur against the direct sum over the PSF with mirrored indices, also for PSFs larger than the image. */
	@Test
	void mirroredEqualsTheDirectSumWithMirroredBorders() {
		final Random rng = new Random(3);
		for (final int[] size : new int[][] { { 40, 29 }, { 7, 12 } }) {
			final int w = size[0], h = size[1];
			final float[] img = new float[w * h];
			for (int k = 0; k < img.length; k++) img[k] = rng.nextFloat();
			for (final PointSpreadFunction psf : new PointSpreadFunction[] { Psfs.gaussian2D(1.3), Psfs.gaussianWithHaze(0.8, 0.3, 4), Psfs.gaussian2D(0) }) {
				final float[] fast = PsfConvolution.mirrored(psf, img, w, h), direct = new float[w * h];
				final int ph = psf.size(0), pw = psf.size(1);
				final int[] ys = PsfConvolution.mirrorIndices(h, ph / 2), xs = PsfConvolution.mirrorIndices(w, pw / 2);
				final float[] v = psf.values();
				for (int r = 0; r < h; r++)
					for (int c = 0; c < w; c++) {
						double sum = 0;
						for (int i = 0; i < ph; i++)
							for (int j = 0; j < pw; j++) // (h * x)[r] = sum_k h[k] x[r - (k - c)]
								sum += v[i * pw + j] * img[ys[r - (i - ph / 2) + ph / 2] * w + xs[c - (j - pw / 2) + pw / 2]];
						direct[r * w + c] = (float) sum;
					}
				for (int k = 0; k < direct.length; k++) assertEquals(direct[k], fast[k], 2e-6, psf + " at " + k);
			}
		}
	}

	@Test
	void theHazePsfIsTheMixtureOfItsTwoGaussians() {
		final PointSpreadFunction mix = Psfs.gaussianWithHaze(1, 0.25, 3), core = Psfs.gaussian2D(1), haze = Psfs.gaussian2D(3);
		assertEquals(haze.size(0), mix.size(0));
		final int n = mix.size(0), cn = core.size(0), o = (n - cn) / 2, centre = n / 2 * n + n / 2;
		assertEquals(0.75 * core.values()[cn / 2 * cn + cn / 2] + 0.25 * haze.values()[centre], mix.values()[centre], 1e-6);
		assertEquals(0.25 * haze.values()[0], mix.values()[0], 1e-7, "the corner holds only haze");
		assertEquals(0.75 * core.values()[0] + 0.25 * haze.values()[o * n + o], mix.values()[o * n + o], 1e-7);
	}
}
