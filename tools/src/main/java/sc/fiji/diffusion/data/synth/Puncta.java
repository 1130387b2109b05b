/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import java.util.SplittableRandom;

/**
 * Puncta: vesicles, endosomes, single molecules, foci; small Gaussian spots.
 * <p>
 * Spot sigma log-uniform in 0.06 to 0.25 um per image (+-20% per spot), and at least 0.7 px
 * (FWHM 1.6 px) so that even unblurred spots are not mistaken for pixel noise;
 * peak brightness 0.5 to 2 per image times a log-normal (sigma 0.6) per spot, a heavy tail as for
 * real vesicles. Layout per image: uniform (30%), clustered (35%: a Thomas process, clusters of
 * 5 to 30 spots spread by 0.3 to 2 um), or, when a mask of objects is given, inside the objects
 * (35%; otherwise uniform).
 */
final class Puncta {

	private Puncta() {}

	/**
	 * Adds spots to {@code out}: on average {@code (0.02 + 0.8 density)} per square micrometre.
	 * {@code objectMask} may be null.
	 */
	static void render(final Geometry g, final float[] out, final float[] objectMask, final double density, final SplittableRandom rng) {
		final int n = Random2.poisson(rng, g.areaUm2() * (0.02 + 0.8 * density));
		final double sigmaUm = Random2.logUniform(rng, 0.06, 0.25), peak = Random2.uniform(rng, 0.5, 2);
		final double u = rng.nextDouble();
		final boolean clustered = u < 0.35, inMask = !clustered && u >= 0.65 && objectMask != null && any(objectMask);
		final double clusterSize = Random2.uniform(rng, 5, 30), spread = g.px(Random2.uniform(rng, 0.3, 2));
		double cx = 0, cy = 0;
		for (int i = 0; i < n; i++) {
			double x, y;
			if (clustered) {
				if (i % (int) clusterSize == 0) {
					cx = rng.nextDouble() * g.width;
					cy = rng.nextDouble() * g.height;
				}
				x = cx + spread * SmoothNoise.gaussian(rng);
				y = cy + spread * SmoothNoise.gaussian(rng);
			} else {
				x = rng.nextDouble() * (g.width - 1);
				y = rng.nextDouble() * (g.height - 1);
				for (int tries = 0; inMask && tries < 30 && rng.nextDouble() >= Filaments.mask(g, objectMask, x, y); tries++) {
					x = rng.nextDouble() * (g.width - 1);
					y = rng.nextDouble() * (g.height - 1);
				}
			}
			final double sigma = Math.max(0.7, g.px(sigmaUm) * Random2.uniform(rng, 0.8, 1.2));
			Shapes.addGaussian(out, g, x, y, sigma, peak * Random2.logNormal(rng, 0.6));
		}
	}

	private static boolean any(final float[] mask) {
		for (final float m : mask) if (m > 0.5f) return true;
		return false;
	}
}
