/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import sc.fiji.diffusion.data.Batch;

/**
 * The per-pixel posterior standard deviation estimated from K posterior samples x_1 .. x_K of one image
 * (the spread a user reads as an error bar, not the standard error of their mean).
 * <ul>
 * <li><b>Independent samples</b>: the sample variance, v = sum_i (x_i - xBar)^2 / (K - 1), unbiased for
 * Var[x | y]; K - 1 degrees of freedom.</li>
 * <li><b>Antithetic pairs</b> (sample p and p + P, P = K / 2, are g(z) and g(-z) for one noise vector z,
 * symmetric about 0): write g = o + e with the odd part o(z) = (g(z) - g(-z)) / 2 and the even part
 * e(z) = (g(z) + g(-z)) / 2. Then Cov(o, e) = E[o e] - E[o] E[e] = 0 (o e is odd, E[o] = 0), so
 * Var g = Var o + Var e, and with d_p = (x_p - x_{p+P}) / 2 = o(z_p) and m_p = (x_p + x_{p+P}) / 2 = e(z_p),
 * <pre>
 *   v = (1 / P) sum_p d_p^2 + sum_p (m_p - mBar)^2 / (P - 1)      (second term only for P &gt;= 2)
 * </pre>
 * is unbiased for Var[x | y] (for P = 1 it misses Var e, which is 0 for a sampler that is affine in its
 * noise, e.g. on the linear-Gaussian problem). The plain sample variance of antithetic samples is not:
 * their mean cancels o, so the spread about it mixes the two parts with the wrong weights.</li>
 * </ul>
 * The result is multiplied by a calibration factor (1: none) and returned as a standard deviation. The map a
 * user asks for is then averaged over a 3x3 box ({@link #smoothed}), which cuts its Monte-Carlo error.
 */
public final class PosteriorSpread {

	private PosteriorSpread() {}

	/**
	 * sqrt(v) per pixel, times {@code factor}, for the K = {@code xs.n()} samples in {@code xs} (K &gt;= 2;
	 * antithetic: K even, sample p paired with p + K/2).
	 */
	public static Batch std(final Batch xs, final boolean antithetic, final double factor) {
		final int k = xs.n(), size = xs.imageSize();
		if (k < 2) throw new IllegalArgumentException("A standard deviation needs 2 or more samples, got " + k);
		if (antithetic && k % 2 != 0) throw new IllegalArgumentException("Antithetic pairs need an even number of samples, got " + k);
		final float[] d = xs.data(), out = new float[size];
		for (int q = 0; q < size; q++) {
			double v;
			if (!antithetic) v = sampleVariance(d, size, q, 0, k, 1);
			else {
				final int pairs = k / 2;
				double odd = 0;
				final double[] m = new double[pairs];
				for (int p = 0; p < pairs; p++) {
					final double a = d[p * size + q], b = d[(p + pairs) * size + q];
					odd += (a - b) * (a - b) / 4;
					m[p] = (a + b) / 2;
				}
				v = odd / pairs;
				if (pairs >= 2) {
					double mean = 0, even = 0;
					for (final double x : m) mean += x / pairs;
					for (final double x : m) even += (x - mean) * (x - mean);
					v += even / (pairs - 1);
				}
			}
			out[q] = (float) (factor * Math.sqrt(v));
		}
		return new Batch(1, xs.height(), xs.width(), xs.channels(), out);
	}

	/**
	 * The radius r of the box over which a map's variance is averaged ({@link #smoothed}): (2r + 1)^2 = 9
	 * pixels. Each pixel's variance from K samples has a relative Monte-Carlo error of about sqrt(2 / K); the
	 * average over its neighbours, whose posterior variance is nearly the same, divides that error's variance by
	 * up to 9 (less where neighbouring samples are correlated). Measured on a choose-half deconvolution crop
	 * (ecoli, Gaussian PSF; relative error of one map from two independent ones, docs/uncertainty.md): 8 samples
	 * 30.4 % -> 18.3 %, 16 samples 21.4 % -> 12.5 %, 32 samples 15.3 % -> 8.9 %; the report half's coverage and block
	 * correlation with the error unchanged. Not for inpainting, whose variance jumps between observed pixels and holes.
	 */
	public static final int SMOOTHING_RADIUS = 1;

	/**
	 * sqrt of the variance std^2 averaged over the box of {@link #SMOOTHING_RADIUS} around each pixel, within
	 * its plane: {@code std} holds planes of {@code width x planeHeight} pixels, stacked (one plane, or the
	 * z-slices of a volume); at a plane's edges the box keeps its pixels inside the plane. An average of unbiased
	 * variance estimates is an unbiased estimate of the box's mean variance.
	 */
	public static float[] smoothed(final float[] std, final int width, final int planeHeight) {
		final float[] v = new float[std.length];
		for (int q = 0; q < v.length; q++) v[q] = std[q] * std[q];
		final float[] out = boxMean(v, width, planeHeight);
		for (int q = 0; q < out.length; q++) out[q] = (float) Math.sqrt(out[q]);
		return out;
	}

	/**
	 * The error bar of a point estimate x^ that is not the posterior mean (pnp's result, or the classical image
	 * SURE chose, beside fast's samples): the root of the posterior expected squared error,
	 * <pre>
	 *   E[(x - x^)^2 | y] = Var[x | y] + (E[x | y] - x^)^2,
	 * </pre>
	 * per pixel, with Var[x | y] = (std / factor)^2 from the samples ({@link #std}, {@link #smoothed}) and E[x |
	 * y] their mean; times {@code factor}. The second term is averaged over the same box as the variance
	 * ({@link #smoothed}; the box is linear, so this is the box average of the whole expected squared error).
	 * Without it the map of an estimate other than the mean misses its bias, which is largest where the
	 * estimate and the posterior disagree. The mean of K samples has variance of the order Var / K (6 % of it at
	 * K = 16), which this leaves in.
	 *
	 * @param std the samples' std times {@code factor}, smoothed ({@link #smoothed})
	 * @param mean the samples' mean, in the same units
	 * @param estimate x^, in the same units
	 * @param width the planes' width, as in {@link #smoothed}
	 * @param planeHeight the planes' height, as in {@link #smoothed}
	 */
	public static float[] aroundEstimate(final float[] std, final float[] mean, final float[] estimate, final double factor, final int width,
		final int planeHeight)
	{
		if (std.length != mean.length || std.length != estimate.length)
			throw new IllegalArgumentException("std, mean and estimate need one size, got " + std.length + ", " + mean.length + ", " + estimate.length);
		final float[] bias2 = new float[std.length];
		for (int q = 0; q < bias2.length; q++) {
			final double bias = factor * ((double) estimate[q] - mean[q]);
			bias2[q] = (float) (bias * bias);
		}
		final float[] b = boxMean(bias2, width, planeHeight), out = new float[std.length];
		for (int q = 0; q < out.length; q++) out[q] = (float) Math.sqrt((double) std[q] * std[q] + b[q]);
		return out;
	}

	/** The mean of v over the box of {@link #SMOOTHING_RADIUS} around each pixel, within its plane. */
	private static float[] boxMean(final float[] v, final int width, final int planeHeight) {
		final int plane = width * planeHeight, r = SMOOTHING_RADIUS;
		if (width < 1 || planeHeight < 1 || v.length % plane != 0)
			throw new IllegalArgumentException("A map of " + v.length + " values is not a stack of " + width + "x" + planeHeight + " planes");
		final float[] out = new float[v.length];
		for (int p = 0; p < v.length; p += plane)
			for (int y = 0; y < planeHeight; y++)
				for (int x = 0; x < width; x++) {
					double sum = 0;
					int n = 0;
					for (int yy = Math.max(0, y - r); yy <= Math.min(planeHeight - 1, y + r); yy++)
						for (int xx = Math.max(0, x - r); xx <= Math.min(width - 1, x + r); xx++) {
							sum += v[p + yy * width + xx];
							n++;
						}
					out[p + y * width + x] = (float) (sum / n);
				}
		return out;
	}

	private static double sampleVariance(final float[] d, final int size, final int q, final int from, final int to, final int ddof) {
		double mean = 0;
		for (int i = from; i < to; i++) mean += d[i * size + q];
		mean /= to - from;
		double v = 0;
		for (int i = from; i < to; i++) {
			final double e = d[i * size + q] - mean;
			v += e * e;
		}
		return v / (to - from - ddof);
	}
}
