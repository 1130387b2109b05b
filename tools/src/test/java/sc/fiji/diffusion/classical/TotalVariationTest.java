/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.classical;

import sc.fiji.diffusion.testdata.TestImages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.synth.Degradation;

class TotalVariationTest {

	@Test
	void improvesANoisyRealImage() throws Exception {
		final int n = 96;
		final float[] truth = TestImages.ecoli(n);
		final float[] y = Degradation.addGaussianNoise(truth, 0.1, 5);
		final float[] x = TotalVariation.denoise(y, n, n, 0.1);
		final double before = TestImages.psnr(truth, y), after = TestImages.psnr(truth, x);
		assertTrue(after > before + 4, "PSNR noisy " + before + " dB, after TV " + after + " dB");
		// the ROF minimiser keeps the mean (Neumann boundary)
		assertEquals(TestImages.sum(y) / y.length, TestImages.sum(x) / x.length, 1e-4);
	}

	@Test
	void zeroWeightAndConstantImagesAreFixedPoints() {
		final float[] c = new float[40 * 30];
		java.util.Arrays.fill(c, 0.7f);
		assertArrayEquals(c, TotalVariation.denoise(c, 40, 30, 0.2), 1e-6f);
		final float[] r = Degradation.addGaussianNoise(c, 0.1, 1);
		assertArrayEquals(r, TotalVariation.denoise(r, 40, 30, 0), 0f);
	}
}
