/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MetricsTest {

	@Test
	void psnrOfAKnownError() {
		final float[] ref = new float[100], x = new float[100];
		for (int k = 0; k < 100; k++) x[k] = k % 2 == 0 ? 0.1f : -0.1f; // MSE 0.01
		assertEquals(20.0, Metrics.psnr(ref, x, 1), 1e-5);
		assertEquals(Double.POSITIVE_INFINITY, Metrics.psnr(ref, ref, 1));
	}

	@Test
	void ssimIsOneForIdenticalAndDropsWithNoiseAndIgnoresNothingElse() {
		final int w = 40, h = 30;
		final float[] ref = new float[w * h];
		for (int k = 0; k < ref.length; k++) ref[k] = (float) (0.5 + 0.4 * Math.sin(k % w / 3.0) * Math.cos(k / w / 4.0));
		assertEquals(1.0, Metrics.ssim(ref, ref, w, h, 1), 1e-9);
		final float[] noisy = ref.clone(), noisier = ref.clone();
		final float[] n = new float[ref.length];
		GaussianNoise.fill(n, 1);
		for (int k = 0; k < n.length; k++) {
			noisy[k] += 0.05f * n[k];
			noisier[k] += 0.2f * n[k];
		}
		final double s1 = Metrics.ssim(ref, noisy, w, h, 1), s2 = Metrics.ssim(ref, noisier, w, h, 1);
		assertTrue(s1 < 1 && s2 < s1 && s2 > 0, s1 + " " + s2);
		// a constant offset only changes the luminance term: (2 mu1 mu2 + c1)/(mu1^2 + mu2^2 + c1)
		final float[] shifted = ref.clone();
		for (int k = 0; k < shifted.length; k++) shifted[k] += 0.1f;
		assertTrue(Metrics.ssim(ref, shifted, w, h, 1) > 0.95);
		assertThrows(IllegalArgumentException.class, () -> Metrics.ssim(new float[100], new float[100], 10, 10, 1));
	}
}
