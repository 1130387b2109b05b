/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How well an uncertainty map sigma (per pixel) describes the actual error e = x - truth of a restored
 * image x, over the pixels of a mask (the anatomy, the objects):
 * <ul>
 * <li>coverage at k sigma: the fraction of pixels with |e| &lt;= k sigma (a calibrated Gaussian map: 68.3,
 * 95.4 and 99.7 % for k = 1, 2, 3);</li>
 * <li>the median of |e| / sigma (calibrated Gaussian: 0.674);</li>
 * <li>MSE / mean variance, mean(e^2) / mean(sigma^2) (calibrated: 1);</li>
 * <li>the block-level Spearman rank correlation between the RMS error and the RMS sigma of 8x8 blocks (does
 * the map point at where the errors are?), over the whole image and over the blocks at least half in the
 * mask (the stricter one: background blocks, low in both, do not count), and the pixel-level one between
 * |e| and sigma inside the mask.</li>
 * </ul>
 * An empirical calibration factor c (sigma -&gt; c sigma) is fitted as c = q_0.95(|e| / sigma) / 2, the
 * factor for which 2 c sigma covers 95 % of the pixels (split conformal prediction with the score |e| / sigma).
 */
public final class CoverageMetrics {

	/** Block edge of the block-level correlation. */
	public static final int BLOCK = 8;

	private CoverageMetrics() {}

	/** |e| / sigma of the masked pixels (sigma floored at 1e-12). */
	public static double[] ratios(final float[] x, final float[] truth, final float[] sigma, final boolean[] mask) {
		final List<Double> r = new ArrayList<>();
		for (int k = 0; k < x.length; k++)
			if (mask[k]) r.add(Math.abs(x[k] - truth[k]) / Math.max(sigma[k], 1e-12));
		final double[] out = new double[r.size()];
		for (int k = 0; k < out.length; k++) out[k] = r.get(k);
		return out;
	}

	/** Fraction of ratios at most {@code k / factor}: the coverage at k sigma of the map times factor. */
	public static double coverage(final double[] ratios, final double k, final double factor) {
		int in = 0;
		for (final double r : ratios)
			if (r <= k * factor) in++;
		return ratios.length == 0 ? Double.NaN : in / (double) ratios.length;
	}

	/** The q-quantile (linear interpolation) of {@code values}. */
	public static double quantile(final double[] values, final double q) {
		if (values.length == 0) return Double.NaN;
		final double[] s = values.clone();
		Arrays.sort(s);
		final double pos = q * (s.length - 1);
		final int lo = (int) Math.floor(pos), hi = Math.min(s.length - 1, lo + 1);
		return s[lo] + (pos - lo) * (s[hi] - s[lo]);
	}

	/** The factor c with 2 c sigma covering 95 % of the pixels: q_0.95(|e| / sigma) / 2. */
	public static double fitFactor(final double[] ratios) {
		return quantile(ratios, 0.95) / 2;
	}

	/** mean(e^2) / mean(sigma^2) over the mask. */
	public static double mseOverVariance(final float[] x, final float[] truth, final float[] sigma, final boolean[] mask) {
		double e2 = 0, v = 0;
		for (int k = 0; k < x.length; k++)
			if (mask[k]) {
				e2 += (x[k] - truth[k]) * (double) (x[k] - truth[k]);
				v += sigma[k] * (double) sigma[k];
			}
		return e2 / Math.max(v, Double.MIN_NORMAL);
	}

	/** Spearman's rank correlation of the RMS error and the RMS sigma over the BLOCK x BLOCK blocks at least half in the mask. */
	public static double blockSpearman(final float[] x, final float[] truth, final float[] sigma, final boolean[] mask, final int width, final int height) {
		final List<double[]> blocks = new ArrayList<>();
		for (int by = 0; by + BLOCK <= height; by += BLOCK)
			for (int bx = 0; bx + BLOCK <= width; bx += BLOCK) {
				double e2 = 0, s2 = 0;
				int n = 0;
				for (int y = by; y < by + BLOCK; y++)
					for (int xx = bx; xx < bx + BLOCK; xx++) {
						final int k = y * width + xx;
						if (!mask[k]) continue;
						e2 += (x[k] - truth[k]) * (double) (x[k] - truth[k]);
						s2 += sigma[k] * (double) sigma[k];
						n++;
					}
				if (2 * n >= BLOCK * BLOCK) blocks.add(new double[] { Math.sqrt(e2 / n), Math.sqrt(s2 / n) });
			}
		final double[] a = new double[blocks.size()], b = new double[blocks.size()];
		for (int i = 0; i < a.length; i++) {
			a[i] = blocks.get(i)[0];
			b[i] = blocks.get(i)[1];
		}
		return spearman(a, b);
	}

	/** Spearman's rank correlation of |e| and sigma over the masked pixels. */
	public static double pixelSpearman(final float[] x, final float[] truth, final float[] sigma, final boolean[] mask) {
		int n = 0;
		for (final boolean m : mask)
			if (m) n++;
		final double[] a = new double[n], b = new double[n];
		for (int k = 0, i = 0; k < x.length; k++)
			if (mask[k]) {
				a[i] = Math.abs(x[k] - truth[k]);
				b[i++] = sigma[k];
			}
		return spearman(a, b);
	}

	/** Spearman's rho: Pearson's correlation of the ranks (ties get their mean rank). */
	public static double spearman(final double[] a, final double[] b) {
		if (a.length != b.length) throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
		if (a.length < 3) return Double.NaN;
		final double[] ra = ranks(a), rb = ranks(b);
		final double n = a.length, mean = (n + 1) / 2;
		double sab = 0, saa = 0, sbb = 0;
		for (int i = 0; i < a.length; i++) {
			sab += (ra[i] - mean) * (rb[i] - mean);
			saa += (ra[i] - mean) * (ra[i] - mean);
			sbb += (rb[i] - mean) * (rb[i] - mean);
		}
		return sab / Math.sqrt(Math.max(saa * sbb, Double.MIN_NORMAL));
	}

	static double[] ranks(final double[] v) {
		final Integer[] order = new Integer[v.length];
		for (int i = 0; i < v.length; i++) order[i] = i;
		Arrays.sort(order, (i, j) -> Double.compare(v[i], v[j]));
		final double[] r = new double[v.length];
		for (int i = 0; i < v.length;) {
			int j = i;
			while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) j++;
			for (int k = i; k <= j; k++) r[order[k]] = (i + j) / 2.0 + 1;
			i = j + 1;
		}
		return r;
	}

	/** The anatomy of an MRI slice (truth in [0, 1]): pixels above 0.1 of the range. */
	public static boolean[] anatomy(final float[] truth) {
		final boolean[] m = new boolean[truth.length];
		for (int k = 0; k < m.length; k++) m[k] = truth[k] > 0.1;
		return m;
	}

	/**
	 * The objects of a microscopy crop (truth in [0, 1]): pixels that differ from the crop's median (the
	 * background, bright or dark) by more than 0.15 of the range, dilated by 2 pixels (their edges).
	 */
	public static boolean[] objects(final float[] truth, final int width, final int height) {
		final double median = quantile(toDouble(truth), 0.5);
		final boolean[] core = new boolean[truth.length], m = new boolean[truth.length];
		for (int k = 0; k < m.length; k++) core[k] = Math.abs(truth[k] - median) > 0.15;
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				for (int dy = -2; dy <= 2 && !m[y * width + x]; dy++)
					for (int dx = -2; dx <= 2; dx++) {
						final int yy = y + dy, xx = x + dx;
						if (yy >= 0 && yy < height && xx >= 0 && xx < width && core[yy * width + xx]) {
							m[y * width + x] = true;
							break;
						}
					}
		return m;
	}

	private static double[] toDouble(final float[] v) {
		final double[] d = new double[v.length];
		for (int k = 0; k < d.length; k++) d[k] = v[k];
		return d;
	}
}
