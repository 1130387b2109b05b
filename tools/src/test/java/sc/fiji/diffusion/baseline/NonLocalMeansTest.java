/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.baseline;

import sc.fiji.diffusion.testdata.TestImages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.synth.Degradation;

class NonLocalMeansTest {

	@Test
	void improvesANoisyRealImage() throws Exception {
		final int n = 96;
		final float[] truth = TestImages.ecoli(n);
		final float[] y = Degradation.addGaussianNoise(truth, 0.1, 6);
		final float[][] xs = NonLocalMeans.denoise(y, n, n, 0.1, new double[] { 0.05, 0.1 });
		final double before = TestImages.psnr(truth, y);
		for (final float[] x : xs) {
			final double after = TestImages.psnr(truth, x);
			assertTrue(after > before + 4, "PSNR noisy " + before + " dB, after NLM " + after + " dB");
		}
		// the multi-h pass equals single runs
		assertArrayEquals(NonLocalMeans.denoise(y, n, n, 0.1, 0.1), xs[1], 1e-6f);
	}

	@Test
	void constantImagesStayConstant() {
		final float[] c = new float[33 * 21];
		java.util.Arrays.fill(c, 0.3f);
		assertArrayEquals(c, NonLocalMeans.denoise(c, 33, 21, 0.1, 0.1), 1e-6f);
	}
}
