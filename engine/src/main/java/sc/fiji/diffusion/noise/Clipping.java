/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.noise;

/**
 * Pixels clipped at an end of an image's range: a camera or an 8-bit conversion saturates at its largest
 * value, a background subtraction clips at 0. A clipped pixel's value says nothing about its noise (the
 * noise of saturated pixels is zero), so the noise estimates leave out every window that touches one:
 * with 5 % of an 8-bit image at 255, a camera-noise fit over all pixels found a slope 8 times too small.
 * <p>
 * An end of the range counts as clipped when its value is a spike of the histogram: at least
 * {@code max(}{@value #MIN_PIXELS}{@code , N / }{@value #MIN_FRACTION_INVERSE}{@code )} of the N pixels hold
 * exactly that value, and more than {@value #SPIKE} times as many as hold the next value inwards. A
 * histogram without clipping falls off towards its ends, on continuous values as on counts: Poisson
 * counts of a dark background have P(0) / P(1) = 1 / mean, a spike only below a quarter of a photon,
 * where the dark pixels carry next to no information on the noise anyway.
 */
public final class Clipping {

	/** Fewest pixels at an end value, absolute and as a fraction 1 / {@value #MIN_FRACTION_INVERSE} of the image. */
	static final int MIN_PIXELS = 16, MIN_FRACTION_INVERSE = 2000;
	/** How many times more pixels an end value holds than the next value inwards. */
	static final double SPIKE = 4;

	private Clipping() {}

	/**
	 * The pixels of {@code image} that are not clipped, as a mask (1 kept, 0 left out) combined with
	 * {@code observed} (null: all observed); {@code observed} itself (possibly null) when nothing is clipped.
	 */
	public static float[] unclipped(final float[] image, final float[] observed) {
		float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
		for (int i = 0; i < image.length; i++)
			if (observed == null || observed[i] == 1) {
				lo = Math.min(lo, image[i]);
				hi = Math.max(hi, image[i]);
			}
		if (!(lo <= hi)) return observed;
		float nextLo = Float.POSITIVE_INFINITY, nextHi = Float.NEGATIVE_INFINITY;
		long atLo = 0, atHi = 0;
		for (int i = 0; i < image.length; i++)
			if (observed == null || observed[i] == 1) {
				final float v = image[i];
				if (v == lo) atLo++;
				else nextLo = Math.min(nextLo, v);
				if (v == hi) atHi++;
				else nextHi = Math.max(nextHi, v);
			}
		long atNextLo = 0, atNextHi = 0;
		for (int i = 0; i < image.length; i++)
			if (observed == null || observed[i] == 1) {
				if (image[i] == nextLo) atNextLo++;
				if (image[i] == nextHi) atNextHi++;
			}
		final long least = Math.max(MIN_PIXELS, image.length / MIN_FRACTION_INVERSE);
		final boolean clippedLo = atLo >= least && atLo > SPIKE * atNextLo, clippedHi = atHi >= least && atHi > SPIKE * atNextHi;
		if (!clippedLo && !clippedHi) return observed;
		final float[] mask = new float[image.length];
		for (int i = 0; i < image.length; i++)
			mask[i] = (observed == null || observed[i] == 1) && !(clippedLo && image[i] == lo) && !(clippedHi && image[i] == hi) ? 1 : 0;
		return mask;
	}
}
