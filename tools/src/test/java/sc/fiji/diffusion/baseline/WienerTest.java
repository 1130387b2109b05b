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

class WienerTest {

	/** With lambda -> 0 the circular filter is the exact inverse of a noise-free circular blur. */
	@Test
	void tinyRegularisationInvertsACircularBlur() throws Exception {
		final int n = 64;
		final PointSpreadFunction psf = Psfs.gaussian2D(1, 9);
		final float[] x = TestImages.ecoli(n);
		final float[] y = PsfConvolution.circular(psf, n, n).apply(x);
		final float[] back = Wiener.deconvolveCircular(y, n, n, psf, 1e-12);
		double err = 0;
		for (int k = 0; k < x.length; k++) err = Math.max(err, Math.abs(back[k] - x[k]));
		assertEquals(0, err, 2e-3, "max error of the inverse filter");
		final double blurredErr = maxError(x, y);
		assertTrue(blurredErr > 0.05, "the blur must have changed the image (max change " + blurredErr + ")");
	}

	/** On a real crop blurred with the padded (no wrap) model plus noise, the mirror-extended filter gets closer to the truth. */
	@Test
	void reducesTheErrorOfABlurredRealImage() throws Exception {
		final BlurredCrop b = new BlurredCrop();
		final float[] truth = b.truth;
		final float[] y = Degradation.addGaussianNoise(b.blurred, 0.01, 3);
		final float[] x = Wiener.deconvolve(y, BlurredCrop.N, BlurredCrop.N, b.psf, 1e-2);
		final double before = TestImages.psnr(truth, y), after = TestImages.psnr(truth, x);
		assertTrue(after > before + 0.5, "PSNR blurred " + before + " dB, after Wiener " + after + " dB");
	}

	private static double maxError(final float[] a, final float[] b) {
		double e = 0;
		for (int k = 0; k < a.length; k++) e = Math.max(e, Math.abs(a[k] - b[k]));
		return e;
	}
}
