/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import java.util.SplittableRandom;

/**
 * Uneven background and illumination, in units of the typical object brightness (1).
 * <p>
 * The image is {@code illumination(x) * signal(x) + background(x)} with
 * <ul>
 * <li>{@code background = max(0, offset + amplitude f(x))}: offset 0 to 0.12 (out-of-focus and
 * medium autofluorescence, camera offset after subtraction), f a smooth unit field of correlation
 * length 5 to 25 um, amplitude 0 to 0.05;</li>
 * <li>{@code illumination = max(0.2, 1 - v r^2)}: vignetting, with r the distance to a centre up
 * to 30% of the image size off the middle, over the half diagonal; v is 0 (flat-field corrected)
 * in half of the images, else 0 to 0.35.</li>
 * </ul>
 */
final class Background {

	final float[] background, illumination;

	private Background(final float[] background, final float[] illumination) {
		this.background = background;
		this.illumination = illumination;
	}

	static Background random(final Geometry g, final SplittableRandom rng) {
		final double offset = Random2.uniform(rng, 0, 0.12), amplitude = Random2.uniform(rng, 0, 0.05);
		final float[] bg = SmoothNoise.field(g.width, g.height, g.px(Random2.uniform(rng, 5, 25)), rng);
		for (int k = 0; k < bg.length; k++) bg[k] = (float) Math.max(0, offset + amplitude * bg[k]);
		final double v = Random2.chance(rng, 0.5) ? 0 : Random2.uniform(rng, 0, 0.35);
		final double mx = (g.width - 1) / 2.0 + Random2.uniform(rng, -0.3, 0.3) * g.width;
		final double my = (g.height - 1) / 2.0 + Random2.uniform(rng, -0.3, 0.3) * g.height;
		final double r2 = (g.width * g.width + g.height * g.height) / 4.0;
		final float[] illum = new float[g.size()];
		for (int y = 0; y < g.height; y++)
			for (int x = 0; x < g.width; x++)
				illum[y * g.width + x] = (float) Math.max(0.2, 1 - v * ((x - mx) * (x - mx) + (y - my) * (y - my)) / r2);
		return new Background(bg, illum);
	}
}
