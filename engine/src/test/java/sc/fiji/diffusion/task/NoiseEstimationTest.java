/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The Gaussian noise estimate under an inpainting mask that scatters its observed pixels (half of them at
 * random: hardly any 3x3 window is observed whole), as under a mask of large holes: within 10 % of the true
 * sigma. It was 0, and the noise was then kept as data at every observed pixel.
 */
class NoiseEstimationTest {

	@Test
	void scatteredObservedPixelsStillGiveTheNoise() {
		final int n = 128;
		final double sigma = 4;
		final Random rng = new Random(3);
		final float[] image = new float[n * n], scattered = new float[n * n], holes = new float[n * n];
		for (int k = 0; k < image.length; k++) {
			image[k] = (float) (100 + 40 * Math.sin(k % n / 9.0) * Math.cos(k / n / 13.0) + sigma * rng.nextGaussian());
			scattered[k] = rng.nextDouble() < 0.52 ? 1 : 0;
			holes[k] = (k % n) / 32 % 2 == 0 || (k / n) / 32 % 2 == 0 ? 1 : 0;
		}
		assertEquals(sigma, NoiseEstimation.estimateNoiseSigma(image, n, n, scattered), 0.1 * sigma, "scattered");
		assertEquals(sigma, NoiseEstimation.estimateNoiseSigma(image, n, n, holes), 0.1 * sigma, "holes");
		assertEquals(sigma, NoiseEstimation.estimateNoiseSigma(image, n, n, null), 0.1 * sigma, "no mask");
	}
}
