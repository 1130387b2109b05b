/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import java.util.Arrays;

import sc.fiji.diffusion.noise.Clipping;
import sc.fiji.diffusion.noise.PoissonGaussianFit;
import sc.fiji.diffusion.task.Restoration.Task;

/** The noise of an input image when the user does not give it: a camera-noise fit, else a Gaussian sigma. */
public final class NoiseEstimation {

	private NoiseEstimation() {}

	/**
	 * The camera-noise model var(y) = a E[y] + b fitted to an input image ({@link PoissonGaussianFit}, Foi
	 * et al. 2008), when the noise is not given: for denoising and deconvolution (whose input is the image
	 * itself), if the fit finds the noise signal-dependent ({@link PoissonGaussianFit#signalDependent}: a
	 * significant and not negligible); null otherwise, and where the image has too few smooth pixels for a
	 * fit: the noise is then Gaussian with {@link #estimateNoiseSigma}. Clipped pixels ({@link Clipping}) are
	 * left out of both.
	 */
	public static PoissonGaussianFit cameraNoise(final Task task, final float[] image, final int width, final int height) {
		if (task != Task.DENOISE && task != Task.DECONVOLVE) return null;
		try {
			final PoissonGaussianFit fit = PoissonGaussianFit.fit(image, width, height, Clipping.unclipped(image, null));
			return fit.signalDependent() ? fit : null;
		}
		catch (final IllegalArgumentException e) {
			return null;
		}
	}

	/**
	 * A robust estimate of the standard deviation of white Gaussian noise in an image (Immerkaer 1996,
	 * made robust): the image is filtered with the 3x3 kernel {@code [1 -2 1; -2 4 -2; 1 -2 1]}, the
	 * difference of two Laplacians, which removes constant, linear and most smooth signal and turns white
	 * noise of sigma into noise of 6 sigma; the median absolute deviation of the response, divided by
	 * 0.6745 (the MAD of a standard normal) and by 6, is the estimate, so edges and texture (a minority of
	 * the pixels) barely bias it. Only windows of observed pixels count when {@code given} (1 =
	 * observed) is given, and only windows without a clipped pixel ({@link Clipping}); with fewer than
	 * {@value #MIN_WINDOWS} such windows under a mask, the differences of adjacent observed pixels
	 * ({@link #fromNeighbourPairs}); 0 with fewer than 2 windows or images smaller than 3x3.
	 */
	public static double estimateNoiseSigma(final float[] image, final int width, final int height, final float[] given) {
		final float[] observed = Clipping.unclipped(image, given);
		final int[] k = { 1, -2, 1, -2, 4, -2, 1, -2, 1 };
		final float[] d = new float[Math.max(0, height - 2) * Math.max(0, width - 2)];
		int n = 0;
		for (int r = 1; r + 1 < height; r++)
			for (int c = 1; c + 1 < width; c++) {
				double v = 0;
				boolean seen = true;
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						final int p = (r + dy) * width + c + dx;
						seen &= observed == null || observed[p] == 1;
						v += k[(dy + 1) * 3 + dx + 1] * image[p];
					}
				if (seen) d[n++] = (float) v;
			}
		if (n < MIN_WINDOWS && observed != null) return fromNeighbourPairs(image, width, height, observed);
		if (n < 2) return 0;
		return mad(Arrays.copyOf(d, n)) / 6;
	}

	/** Fewest whole observed 3x3 windows for the filtered estimate; with fewer, {@link #fromNeighbourPairs}. */
	static final int MIN_WINDOWS = 64;

	/**
	 * The noise sigma from the differences of horizontally and vertically adjacent observed pixels, each
	 * divided by sqrt(2) (the difference of two samples of white noise has variance 2 sigma^2), by their
	 * MAD: for masks that scatter their observed pixels, where hardly any 3x3 window is observed whole. 0
	 * with fewer than 2 pairs.
	 */
	static double fromNeighbourPairs(final float[] image, final int width, final int height, final float[] observed) {
		final float[] d = new float[2 * image.length];
		int n = 0;
		for (int r = 0; r < height; r++)
			for (int c = 0; c < width; c++) {
				final int p = r * width + c;
				if (observed[p] != 1) continue;
				if (c + 1 < width && observed[p + 1] == 1) d[n++] = (float) ((image[p + 1] - image[p]) / Math.sqrt(2));
				if (r + 1 < height && observed[p + width] == 1) d[n++] = (float) ((image[p + width] - image[p]) / Math.sqrt(2));
			}
		return n < 2 ? 0 : mad(Arrays.copyOf(d, n));
	}

	/** The median absolute deviation about the median, over 0.6745: sigma for Gaussian values. */
	private static double mad(final float[] v) {
		final double med = median(v);
		for (int i = 0; i < v.length; i++) v[i] = (float) Math.abs(v[i] - med);
		return median(v) / 0.6745;
	}

	private static double median(final float[] v) {
		final float[] s = v.clone();
		Arrays.sort(s);
		final int n = s.length;
		return n % 2 == 1 ? s[n / 2] : 0.5 * ((double) s[n / 2 - 1] + s[n / 2]);
	}
}
