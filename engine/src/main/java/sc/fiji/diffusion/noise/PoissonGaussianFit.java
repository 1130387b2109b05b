/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.noise;

import java.util.Arrays;
import java.util.Locale;

/**
 * Fits the Poisson-Gaussian noise model of a single image from the image itself (Foi, Trimeche,
 * Katkovnik and Egiazarian 2008, "Practical Poissonian-Gaussian noise modeling and fitting for
 * single-image raw-data"):
 * <pre>
 * var(y_i) = a E[y_i] + b,      a &ge; 0,      a y + b &gt; 0 over the data range
 * </pre>
 * with a = 1 / (photo-electrons per unit of intensity) and b = sigma_r^2 - a o (negative when the
 * camera adds an offset o). In the symbols of {@link NoiseModel}, a = A = 1 / photons and b = B.
 * <p>
 * The fit, as in the paper, from local samples of the noise on smooth parts of the image:
 * <table>
 * <caption>Code names and paper symbols</caption>
 * <tr><td>{@code d}</td><td>z_det: detail, d = (h x h) * y / 6 with h = [1, -2, 1]; its kernel has unit norm, so
 * var(d) = var(y) for white noise, and d = 0 for any signal without an x^2 y^2 term (constants, ramps,
 * x^2, y^2, x y)</td></tr>
 * <tr><td>{@code e}</td><td>z_app: the 7 x 7 box mean, the local expectation (noise var(y) / 49)</td></tr>
 * <tr><td>{@code s}</td><td>smoothness test: the same (h x h) detail taken on 3 x 3 box means spaced 3 apart
 * (var(s) = 4 var(y) for white noise); a pixel is kept only if s^2 &le; 2^2 * 4 v(e), i.e. no edge,
 * corner or texture that the detail would see within 4 pixels</td></tr>
 * <tr><td>level set S_k</td><td>kept pixels binned by e into sets of equal size (at most
 * {@value #MAX_LEVEL_SETS}, at least {@value #MIN_LEVEL_SET_SIZE} pixels each)</td></tr>
 * <tr><td>(y_k, v_k)</td><td>(mean of e, variance of d) over S_k</td></tr>
 * </table>
 * d is uncorrelated with e and with s for white noise (the kernel of d sums to 0 along every row and
 * column of its support, and e and s are flat there), so selecting and binning on e and s does not
 * bias v_k. The estimate is iterated from a robust start:
 * <ol>
 * <li>no smoothness test; v_k = (median |d| / 0.6745)^2 (the MAD, robust to edges);</li>
 * <li>smoothness test with the model of step 1; v_k by the MAD again;</li>
 * <li>twice: smoothness test with the previous model v(e) = a e + b, and v_k = the mean of d^2 over the
 * pixels with |d| &le; 5 sqrt(v(e)), divided by the Gaussian truncation factor
 * 1 - 10 phi(5) / (1 - 2 Phi(-5)). The MAD is biased for the skewed, discrete detail of a few photons;
 * the clipped mean square is not, and the clip keeps what the smoothness test misses from inflating
 * it.</li>
 * </ol>
 * Each step fits (a, b) by iteratively reweighted least squares: weights n_k / (2 rho v(y_k)^2), the
 * inverse variance of a variance estimate from n_k samples whose neighbours correlate (rho =
 * {@value #RHO}: sum of the squared autocorrelations of d), times Tukey's bisquare of the standardised
 * residuals (c = 4.685) for robustness, under the constraints a &ge; 0 and a y_min + b &ge; epsilon.
 * <p>
 * <b>Gaussian when a is negligible</b>: with E_1, E_50, E_99 the 1st, 50th and 99th percentiles of e
 * over the image, the signal-dependent part a (E_99 - E_1) is compared with the variance at the bright
 * end a E_99 + b; if it is less than {@value #GAUSSIAN_SHARE} of it, the noise is reported Gaussian with
 * sigma = sqrt(a E_50 + b) (the variance at the median level), and {@link #noiseModel()} is
 * {@link NoiseModel#gaussian}.
 * <p>
 * What the image determines is the variance over its own range of expectations [E_1, E_99]; b is the
 * extrapolation of that line to E = 0, and is loose when the image has no dark pixels (a bright
 * transmitted-light field), without harm to a y + b where the image has values.
 */
public final class PoissonGaussianFit {

	/** Poisson share of the bright-end variance below which the noise counts as Gaussian. */
	public static final double GAUSSIAN_SHARE = 0.1;
	/** Most level sets (bins of e). */
	public static final int MAX_LEVEL_SETS = 64;
	/** Fewest pixels in one level set. */
	public static final int MIN_LEVEL_SET_SIZE = 256;
	/** Sum over all lags of the squared autocorrelation of d for white noise: (1 + 2 (2/3)^2 + 2 (1/6)^2)^2. */
	public static final double RHO = 3.78;

	private static final int R = 4; // radius of the window that d, e and s read
	private static final double SMOOTH_Z = 2, CLIP_Z = 5;
	static final double BISQUARE = 4.685;
	/** E[d^2 | |d| &le; 5 sigma] / sigma^2 for Gaussian d. */
	private static final double TRUNCATION = 1 - 10 * Math.exp(-12.5) / Math.sqrt(2 * Math.PI) / (1 - 5.733e-7);

	/** Fitted slope a and intercept b of var(y) = a E[y] + b (image units). */
	public final double a, b;
	/** Whether a is negligible by the rule above, and the Gaussian sigma sqrt(a E_50 + b) (NaN otherwise). */
	public final boolean gaussian;
	public final double sigma;
	/** 1st, 50th and 99th percentiles of the local expectation e over the image. */
	public final double expectationLow, expectationMedian, expectationHigh;
	/** Pixels that passed the smoothness test in the last step, and level sets fitted. */
	public final int pixelsUsed, levelSets;
	/** The level sets: mean expectation y_k, variance estimate v_k and samples n_k. */
	private final double[] levelMean, levelVariance;
	private final int[] levelCount;
	/**
	 * Goodness of fit: sum_k w_k (v_k - a y_k - b)^2 / (K - 2) with w_k the inverse variance above
	 * (about 1 when the model holds and the samples are as correlated as white noise makes them).
	 */
	public final double reducedChiSquare;

	private PoissonGaussianFit(final double a, final double b, final double[] q, final Levels levels, final int used, final double chi2) {
		this.a = a;
		this.b = b;
		this.expectationLow = q[0];
		this.expectationMedian = q[1];
		this.expectationHigh = q[2];
		final double bright = a * q[2] + b;
		this.gaussian = !(a * (q[2] - q[0]) >= GAUSSIAN_SHARE * bright);
		this.sigma = gaussian ? Math.sqrt(Math.max(a * q[1] + b, 0)) : Double.NaN;
		this.levelMean = levels.mean;
		this.levelVariance = levels.variance;
		this.levelCount = levels.count;
		this.levelSets = levels.mean.length;
		this.pixelsUsed = used;
		this.reducedChiSquare = chi2;
	}

	/** {@link #fit(float[], int, int, float[])} with every pixel observed. */
	public static PoissonGaussianFit fit(final float[] image, final int width, final int height) {
		return fit(image, width, height, null);
	}

	/**
	 * Fits var(y) = a E[y] + b to a {@code width x height} row-major image.
	 *
	 * @param observed null, or 1 where a pixel was measured (others, and every window that touches one,
	 *          are left out)
	 * @throws IllegalArgumentException if the image has too few smooth pixels for
	 *           3 level sets of {@value #MIN_LEVEL_SET_SIZE}
	 */
	public static PoissonGaussianFit fit(final float[] image, final int width, final int height, final float[] observed) {
		if (width < 0 || height < 0 || image.length != (long) width * height || observed != null && observed.length != image.length)
			throw new IllegalArgumentException("Image of " + image.length + " values is not " + width + " x " + height);
		final Samples all = samples(image, width, height, observed);
		if (all.size() < 3 * MIN_LEVEL_SET_SIZE)
			throw new IllegalArgumentException("Too few pixels to fit a noise model: " + all.size() + " with a full " + (2 * R + 1) + " x " + (2 * R + 1) + " window");
		final double[] q = { all.e[(int) (0.01 * (all.size() - 1))], all.e[(all.size() - 1) / 2], all.e[(int) (0.99 * (all.size() - 1))] };
		double[] model = null;
		Levels levels = null;
		int used = 0;
		for (int step = 0; step < 4; step++) {
			final boolean[] keep = new boolean[all.size()];
			used = 0;
			for (int i = 0; i < keep.length; i++) {
				keep[i] = model == null || all.s[i] * all.s[i] <= SMOOTH_Z * SMOOTH_Z * 4 * v(model, all.e[i]);
				if (keep[i]) used++;
			}
			levels = levels(all, keep, used, step < 2 ? null : model);
			model = VarianceLine.fit(levels.mean, levels.variance, levels.count);
		}
		return new PoissonGaussianFit(model[0], model[1], q, levels, used, model[2]);
	}

	/** a y + b: the fitted variance at expectation y (may be &le; 0 outside the fitted range). */
	public double variance(final double y) { return a * y + b; }

	/** The noise model to restore with: Gaussian(sigma) when a is negligible, else {@link NoiseModel#affine}(a, b). */
	public NoiseModel noiseModel() {
		return gaussian ? NoiseModel.gaussian(sigma) : NoiseModel.affine(a, b);
	}

	/**
	 * The standard error of the slope a: the weighted least-squares error with weights 1 / var(v_k), where
	 * a level set's variance estimate v_k from n_k high-pass samples has var(v_k) = 2 v_k^2 RHO / n_k
	 * (RHO: the high-pass samples' correlation, {@link #RHO}), evaluated at the fitted variance:
	 * SE(a) = sqrt(1 / sum_k w_k (y_k - ybar_w)^2).
	 */
	public double slopeStandardError() {
		double sw = 0, swy = 0;
		final double[] w = new double[levelSets];
		for (int k = 0; k < levelSets; k++) {
			final double v = Math.max(variance(levelMean[k]), 1e-12 * Math.max(1, Math.abs(b)));
			w[k] = levelCount[k] / (2 * RHO * v * v);
			sw += w[k];
			swy += w[k] * levelMean[k];
		}
		final double ybar = swy / sw;
		double sxx = 0;
		for (int k = 0; k < levelSets; k++) sxx += w[k] * (levelMean[k] - ybar) * (levelMean[k] - ybar);
		return sxx > 0 ? Math.sqrt(1 / sxx) : Double.POSITIVE_INFINITY;
	}

	/**
	 * Whether the noise is signal-dependent: not {@link #gaussian} and a at least 3 standard errors above
	 * 0, so that the sampling error of a small image's level sets does not pass for Poisson noise.
	 */
	public boolean signalDependent() {
		return !gaussian && a > 3 * slopeStandardError();
	}

	/** The level sets as rows {y_k, v_k, n_k}. */
	public double[][] levels() {
		final double[][] rows = new double[levelSets][];
		for (int k = 0; k < levelSets; k++) rows[k] = new double[] { levelMean[k], levelVariance[k], levelCount[k] };
		return rows;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "var = %.4g E + %.4g (%s; %d level sets, %d pixels, reduced chi^2 %.2f, E in [%.4g, %.4g])", a, b,
			gaussian ? String.format(Locale.ROOT, "Gaussian, sigma %.4g", sigma) : "Poisson-Gaussian", levelSets, pixelsUsed, reducedChiSquare,
			expectationLow, expectationHigh);
	}

	/** The model's variance at e, floored so that thresholds stay positive. */
	private static double v(final double[] model, final double e) {
		return Math.max(model[0] * e + model[1], model[3]);
	}

	/** d, e and s of every pixel whose 9 x 9 window is inside the image and observed, sorted by e. */
	private static Samples samples(final float[] y, final int w, final int h, final float[] observed) {
		final int W = w + 1;
		final double[] sum = new double[W * (h + 1)];
		final int[] missing = new int[W * (h + 1)];
		for (int r = 0; r < h; r++)
			for (int c = 0; c < w; c++) {
				final int p = (r + 1) * W + c + 1;
				sum[p] = y[r * w + c] + sum[p - 1] + sum[p - W] - sum[p - W - 1];
				missing[p] = (observed == null || observed[r * w + c] == 1 ? 0 : 1) + missing[p - 1] + missing[p - W] - missing[p - W - 1];
			}
		final int n = Math.max(0, w - 2 * R) * Math.max(0, h - 2 * R);
		final double[] d = new double[n], e = new double[n], s = new double[n];
		final double[] hk = { 1, -2, 1 };
		int m = 0;
		for (int r = R; r < h - R; r++)
			for (int c = R; c < w - R; c++) {
				if (observed != null && box(missing, W, r, c, R) > 0) continue;
				double dv = 0, sv = 0;
				for (int i = -1; i <= 1; i++)
					for (int j = -1; j <= 1; j++) {
						dv += hk[i + 1] * hk[j + 1] * y[(r + i) * w + c + j];
						sv += hk[i + 1] * hk[j + 1] * box(sum, W, r + 3 * i, c + 3 * j, 1) / 9;
					}
				d[m] = dv / 6;
				e[m] = box(sum, W, r, c, 3) / 49;
				s[m] = sv;
				m++;
			}
		// sort by e: keys are the float e (as an order-preserving int) over the index
		final long[] keys = new long[m];
		for (int i = 0; i < m; i++) {
			final int bits = Float.floatToIntBits((float) e[i]);
			keys[i] = (long) (bits ^ (bits >> 31 & 0x7fffffff)) << 32 | i;
		}
		Arrays.sort(keys);
		final Samples out = new Samples(m);
		for (int i = 0; i < m; i++) {
			final int j = (int) keys[i];
			out.d[i] = d[j];
			out.e[i] = e[j];
			out.s[i] = s[j];
		}
		return out;
	}

	/** Sum over the (2 r + 1)^2 window centred at (row, col) of an integral image with row stride W. */
	private static double box(final double[] sum, final int W, final int row, final int col, final int r) {
		final int top = (row - r) * W, bottom = (row + r + 1) * W, left = col - r, right = col + r + 1;
		return sum[bottom + right] - sum[bottom + left] - sum[top + right] + sum[top + left];
	}

	private static int box(final int[] sum, final int W, final int row, final int col, final int r) {
		final int top = (row - r) * W, bottom = (row + r + 1) * W, left = col - r, right = col + r + 1;
		return sum[bottom + right] - sum[bottom + left] - sum[top + right] + sum[top + left];
	}

	/**
	 * The level sets of the kept samples (sorted by e): equal counts; v_k by the MAD when {@code model} is
	 * null, else by the clipped mean square.
	 */
	private static Levels levels(final Samples all, final boolean[] keep, final int used, final double[] model) {
		final int k = Math.min(MAX_LEVEL_SETS, used / MIN_LEVEL_SET_SIZE);
		if (k < 3) throw new IllegalArgumentException("Too few smooth pixels to fit a noise model: " + used + " (the image is all edges or texture?)");
		final Levels out = new Levels(k);
		final double[] buf = new double[used / k + 1];
		int i = 0;
		for (int set = 0; set < k; set++) {
			final int size = (int) ((long) used * (set + 1) / k - (long) used * set / k);
			int taken = 0, clipped = 0;
			double eSum = 0, sq = 0;
			while (taken < size) {
				if (keep[i]) {
					final double d = all.d[i];
					eSum += all.e[i];
					if (model == null) buf[taken] = Math.abs(d);
					else if (d * d <= CLIP_Z * CLIP_Z * v(model, all.e[i])) {
						sq += d * d;
						clipped++;
					}
					taken++;
				}
				i++;
			}
			out.mean[set] = eSum / size;
			if (model == null) {
				final double mad = median(buf, size) / 0.6744897501960817;
				out.variance[set] = mad * mad;
				out.count[set] = size;
			}
			else {
				out.variance[set] = clipped == 0 ? 0 : sq / clipped / TRUNCATION;
				out.count[set] = clipped;
			}
		}
		return out;
	}

	static double median(final double[] v, final int n) {
		final double[] s = Arrays.copyOf(v, n);
		Arrays.sort(s);
		return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
	}

	private static final class Samples {
		final double[] d, e, s;

		Samples(final int n) {
			d = new double[n];
			e = new double[n];
			s = new double[n];
		}

		int size() { return e.length; }
	}

	private static final class Levels {
		final double[] mean, variance;
		final int[] count;

		Levels(final int k) {
			mean = new double[k];
			variance = new double[k];
			count = new int[k];
		}
	}
}
