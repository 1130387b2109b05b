/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import java.util.SplittableRandom;

/**
 * Cytoskeletal filaments (actin, microtubules, intermediate filaments) as thin smooth curves.
 * <p>
 * Each filament is a persistent random walk: steps of {@value #STEP} px whose direction turns by
 * {@code N(0, STEP / Lp)} radians (Lp the persistence length in pixels), rendered by stamping
 * Gaussians of width {@code sigma} every step; with the step below sigma the sum is a smooth line
 * of Gaussian cross-section with peak {@code brightness} (Poisson summation: the ripple is below
 * {@code exp(-2 pi^2 sigma^2 / STEP^2)}). Line width: FWHM 0.08 to 0.25 um, but sigma at least
 * 0.45 px (FWHM about 1 px), so lines are 1 to 2 px wide at 0.1 um pixels. Brightness per
 * filament log-normal (sigma 0.4), modulated along its length by
 * {@code exp(0.3 z(s))} with z an Ornstein-Uhlenbeck process of correlation length 1 um.
 * <p>
 * Per image one arrangement:
 * <ul>
 * <li>network (40%): curvy filaments everywhere (Lp 3 to 20 um, 2 to 20 um long);</li>
 * <li>asters (25%): microtubules radiating from 1 to 3 centrosomes (Lp 5 to 30 um, 5 to 25 um
 * long), with a bright spot at each centre;</li>
 * <li>bundles (35%): stress fibres, nearly straight (Lp 20 to 200 um), 5 to 30 um long, 1 to 2
 * times wider, along one dominant direction (+-0.25 rad).</li>
 * </ul>
 * If a cell mask is given, filaments start inside cells and their intensity is multiplied by the
 * mask, so they stay inside the cells.
 */
final class Filaments {

	static final double STEP = 0.4;

	private enum Arrangement { NETWORK, ASTERS, BUNDLES }

	private Filaments() {}

	/**
	 * Adds filaments to {@code out}; {@code density} in [0, 1] scales their number (per 655 um^2,
	 * a 256x256 field at 0.1 um: network 10 to 150, asters 20 to 120 per centre, bundles 8 to 60).
	 * {@code cellMask} may be null (no cells: filaments anywhere).
	 */
	static void render(final Geometry g, final float[] out, final float[] cellMask, final double density, final SplittableRandom rng) {
		final double u = rng.nextDouble();
		final Arrangement arrangement = u < 0.4 ? Arrangement.NETWORK : u < 0.65 ? Arrangement.ASTERS : Arrangement.BUNDLES;
		final double areaFactor = g.areaUm2() / 655.36;
		double sigma = Math.max(0.45, g.px(Random2.uniform(rng, 0.08, 0.25)) / 2.355);
		final double lpLo, lpHi, lenLo, lenHi;
		final int count;
		switch (arrangement) {
			case NETWORK:
				lpLo = 3; lpHi = 20; lenLo = 2; lenHi = 20;
				count = (int) Math.round((10 + 140 * density) * areaFactor);
				break;
			case ASTERS:
				lpLo = 5; lpHi = 30; lenLo = 5; lenHi = 25;
				count = (int) Math.round(20 + 100 * density);
				break;
			default:
				lpLo = 20; lpHi = 200; lenLo = 5; lenHi = 30;
				count = (int) Math.round((8 + 52 * density) * areaFactor);
				sigma *= Random2.uniform(rng, 1, 2);
				break;
		}
		final double dominant = rng.nextDouble() * Math.PI;
		final int centres = arrangement == Arrangement.ASTERS ? 1 + rng.nextInt(3) : 1;
		for (int c = 0; c < centres; c++) {
			final double[] centre = start(g, cellMask, rng);
			if (arrangement == Arrangement.ASTERS)
				Shapes.addGaussian(out, g, centre[0], centre[1], 2.5 * sigma, Random2.uniform(rng, 1, 3) * mask(g, cellMask, centre[0], centre[1]));
			for (int i = 0; i < count; i++) {
				final double[] p = arrangement == Arrangement.ASTERS ? centre : start(g, cellMask, rng);
				final double direction = arrangement == Arrangement.BUNDLES ? dominant + 0.25 * SmoothNoise.gaussian(rng)
					: rng.nextDouble() * 2 * Math.PI;
				final double lp = g.px(Random2.logUniform(rng, lpLo, lpHi)), length = g.px(Random2.uniform(rng, lenLo, lenHi));
				final boolean fromMiddle = arrangement != Arrangement.ASTERS;
				final double x0 = fromMiddle ? p[0] - Math.cos(direction) * length / 2 : p[0];
				final double y0 = fromMiddle ? p[1] - Math.sin(direction) * length / 2 : p[1];
				draw(g, out, cellMask, x0, y0, direction, length, lp, sigma, Random2.logNormal(rng, 0.4), rng);
			}
		}
	}

	/**
	 * Adds one filament starting at {@code (x, y)} (px) in {@code direction} (radians): length
	 * and persistence length {@code lp} in px, Gaussian cross-section {@code sigma} px, peak
	 * {@code brightness}.
	 */
	static void draw(final Geometry g, final float[] out, final float[] cellMask, double x, double y, double direction,
		final double length, final double lp, final double sigma, final double brightness, final SplittableRandom rng)
	{
		final double stampAmplitude = brightness * STEP / (Math.sqrt(2 * Math.PI) * sigma);
		final double turn = Math.sqrt(STEP / lp), margin = 4 * sigma;
		final double ouDecay = Math.exp(-STEP / g.px(1)), ouNoise = Math.sqrt(1 - ouDecay * ouDecay);
		double z = SmoothNoise.gaussian(rng);
		boolean entered = false;
		for (double s = 0; s < length; s += STEP) {
			final boolean inside = x >= -margin && y >= -margin && x <= g.width - 1 + margin && y <= g.height - 1 + margin;
			if (!inside && entered) break; // left the image for good (it rarely comes back)
			entered |= inside;
			final double m = inside ? mask(g, cellMask, x, y) : 0;
			if (m > 0) Shapes.addGaussian(out, g, x, y, sigma, stampAmplitude * m * Math.exp(0.3 * z));
			direction += turn * SmoothNoise.gaussian(rng);
			z = ouDecay * z + ouNoise * SmoothNoise.gaussian(rng);
			x += STEP * Math.cos(direction);
			y += STEP * Math.sin(direction);
		}
	}

	/** A start point: uniform over the image, or inside a cell (rejection sampling, 50 tries). */
	private static double[] start(final Geometry g, final float[] cellMask, final SplittableRandom rng) {
		double x = 0, y = 0;
		for (int tries = 0; tries < 50; tries++) {
			x = rng.nextDouble() * (g.width - 1);
			y = rng.nextDouble() * (g.height - 1);
			if (cellMask == null || mask(g, cellMask, x, y) > 0.5) break;
		}
		return new double[] { x, y };
	}

	/** The mask at the nearest pixel (1 if there is no mask, 0 outside the image). */
	static double mask(final Geometry g, final float[] mask, final double x, final double y) {
		if (mask == null) return 1;
		final int ix = (int) Math.round(x), iy = (int) Math.round(y);
		if (ix < 0 || iy < 0 || ix >= g.width || iy >= g.height) return 0;
		return mask[iy * g.width + ix];
	}
}
