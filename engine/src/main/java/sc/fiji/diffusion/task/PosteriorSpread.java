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
 * The result is multiplied by a calibration factor (1: none) and returned as a standard deviation.
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
	 * The error bar of a point estimate x^ that is not the posterior mean (pnp's result, or the classical image
	 * SURE chose, beside fast's samples): the root of the posterior expected squared error,
	 * <pre>
	 *   E[(x - x^)^2 | y] = Var[x | y] + (E[x | y] - x^)^2,
	 * </pre>
	 * per pixel, with Var[x | y] = (std / factor)^2 from {@link #std} and E[x | y] the samples' mean; times
	 * {@code factor}. Without the second term the map of an estimate other than the mean misses its bias,
	 * which is largest where the estimate and the posterior disagree. The mean of K samples has variance of
	 * the order Var / K (3 % of it at K = 32), which this leaves in.
	 *
	 * @param std the samples' std times {@code factor} ({@link #std})
	 * @param mean the samples' mean, in the same units
	 * @param estimate x^, in the same units
	 */
	public static float[] aroundEstimate(final float[] std, final float[] mean, final float[] estimate, final double factor) {
		if (std.length != mean.length || std.length != estimate.length)
			throw new IllegalArgumentException("std, mean and estimate need one size, got " + std.length + ", " + mean.length + ", " + estimate.length);
		final float[] out = new float[std.length];
		for (int q = 0; q < out.length; q++) {
			final double bias = factor * ((double) estimate[q] - mean[q]);
			out[q] = (float) Math.sqrt((double) std[q] * std[q] + bias * bias);
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
