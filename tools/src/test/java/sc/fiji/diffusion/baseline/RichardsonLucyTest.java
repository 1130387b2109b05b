/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.baseline;

import sc.fiji.diffusion.classical.PsfConvolution;
import sc.fiji.diffusion.testdata.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.synth.Degradation;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.operator.Psfs;

class RichardsonLucyTest {

	/** On a real fluorescence crop blurred (Gaussian PSF, padded model) with Poisson noise, RL gets closer to the truth than the measurement. */
	@Test
	void reducesTheErrorOfABlurredRealImage() throws Exception {
		final BlurredCrop b = new BlurredCrop();
		final float[] truth = b.truth;
		final float[] y = Degradation.addPoissonGaussianNoise(b.blurred, 1000, 0, 1);
		final float[] x = new RichardsonLucy(b.op).deconvolve(y, 10);
		final double before = TestImages.psnr(truth, y), after = TestImages.psnr(truth, x);
		assertTrue(after > before + 3, "PSNR blurred " + before + " dB, after Richardson-Lucy " + after + " dB");
	}

	/** sum(A x_k) = sum(max(y, 0)) after every iteration: the re-blurred estimate keeps the measured flux (both models). */
	@Test
	void preservesFlux() throws Exception {
		final int n = 64;
		final PointSpreadFunction psf = Psfs.gaussian2D(2, 13);
		final float[] big = TestImages.ecoli(n + 12);
		for (final PsfConvolution op : new PsfConvolution[] { PsfConvolution.padded(psf, n, n), PsfConvolution.circular(psf, n, n) }) {
			final float[] clean = op.isCircular() ? TestImages.ecoli(n) : big;
			final float[] y = Degradation.addPoissonGaussianNoise(op.apply(clean), 50, 1, 2);
			double measured = 0;
			for (final float v : y) measured += Math.max(0, v);
			for (final int k : new int[] { 1, 7 }) {
				final float[] x = new RichardsonLucy(op).estimateOnDomain(y, k);
				assertEquals(measured, TestImages.sum(op.apply(x)), 1e-4 * measured, (op.isCircular() ? "circular" : "padded") + ", k=" + k);
			}
		}
	}
}
