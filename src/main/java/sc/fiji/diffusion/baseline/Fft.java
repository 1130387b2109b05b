/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.baseline;

/**
 * A small complex FFT in plain Java for the classical baselines (no TensorFlow): in-place 1D transforms
 * of any length (iterative radix-2 for powers of two, Bluestein's chirp-z algorithm otherwise) and 2D
 * transforms of row-major {@code height x width} complex arrays stored as separate real and imaginary
 * planes.
 * <p>
 * Convention (unnormalised, as NumPy): {@code X[k] = sum_n x[n] exp(-2 pi i k n / N)}; the inverse
 * is {@code x[n] = (1/N) sum_k X[k] exp(+2 pi i k n / N)}, so {@code inverse(forward(x)) = x}.
 */
public final class Fft {

	private Fft() {}

	/** In-place 2D forward ({@code inverse = false}) or inverse transform. */
	public static void transform2D(final double[] re, final double[] im, final int height, final int width, final boolean inverse) {
		if (re.length != (long) height * width || im.length != re.length)
			throw new IllegalArgumentException("arrays must hold " + width + "x" + height + " values");
		final double[] r = new double[width], i = new double[width];
		for (int y = 0; y < height; y++) {
			System.arraycopy(re, y * width, r, 0, width);
			System.arraycopy(im, y * width, i, 0, width);
			transform(r, i, inverse);
			System.arraycopy(r, 0, re, y * width, width);
			System.arraycopy(i, 0, im, y * width, width);
		}
		final double[] cr = new double[height], ci = new double[height];
		for (int x = 0; x < width; x++) {
			for (int y = 0; y < height; y++) {
				cr[y] = re[y * width + x];
				ci[y] = im[y * width + x];
			}
			transform(cr, ci, inverse);
			for (int y = 0; y < height; y++) {
				re[y * width + x] = cr[y];
				im[y * width + x] = ci[y];
			}
		}
	}

	/** In-place 1D transform of any length. */
	public static void transform(final double[] re, final double[] im, final boolean inverse) {
		final int n = re.length;
		if (n <= 1) return;
		if (Integer.bitCount(n) == 1) radix2(re, im, inverse);
		else bluestein(re, im, inverse);
		if (inverse) {
			for (int k = 0; k < n; k++) {
				re[k] /= n;
				im[k] /= n;
			}
		}
	}

	/** Unnormalised radix-2 transform (sign + for inverse), n a power of two. */
	private static void radix2(final double[] re, final double[] im, final boolean inverse) {
		final int n = re.length;
		for (int i = 1, j = 0; i < n; i++) {
			int bit = n >> 1;
			for (; (j & bit) != 0; bit >>= 1) j ^= bit;
			j ^= bit;
			if (i < j) {
				double t = re[i]; re[i] = re[j]; re[j] = t;
				t = im[i]; im[i] = im[j]; im[j] = t;
			}
		}
		final double sign = inverse ? 1 : -1;
		for (int len = 2; len <= n; len <<= 1) {
			final double ang = sign * 2 * Math.PI / len;
			final int half = len / 2;
			final double[] wr = new double[half], wi = new double[half];
			for (int k = 0; k < half; k++) {
				wr[k] = Math.cos(ang * k);
				wi[k] = Math.sin(ang * k);
			}
			for (int s = 0; s < n; s += len)
				for (int k = 0; k < half; k++) {
					final int a = s + k, b = a + half;
					final double xr = re[b] * wr[k] - im[b] * wi[k], xi = re[b] * wi[k] + im[b] * wr[k];
					re[b] = re[a] - xr;
					im[b] = im[a] - xi;
					re[a] += xr;
					im[a] += xi;
				}
		}
	}

	/**
	 * Bluestein: {@code X[k] = conj(w[k]) sum_n (x[n] conj(w[n])) w[k - n]} with the chirp
	 * {@code w[n] = exp(i pi n^2 / N)} (sign flipped for the inverse), the sum a circular convolution
	 * of length {@code m >= 2N - 1}, a power of two. Unnormalised.
	 */
	private static void bluestein(final double[] re, final double[] im, final boolean inverse) {
		final int n = re.length;
		int m = 1;
		while (m < 2 * n - 1) m <<= 1;
		final double sign = inverse ? -1 : 1;
		final double[] cr = new double[n], ci = new double[n];
		for (int k = 0; k < n; k++) {
			final long kk = (long) k * k % (2L * n);
			final double a = sign * Math.PI * kk / n;
			cr[k] = Math.cos(a);
			ci[k] = Math.sin(a);
		}
		final double[] ar = new double[m], ai = new double[m], br = new double[m], bi = new double[m];
		for (int k = 0; k < n; k++) { // a = x * conj(w)
			ar[k] = re[k] * cr[k] + im[k] * ci[k];
			ai[k] = im[k] * cr[k] - re[k] * ci[k];
		}
		br[0] = cr[0];
		bi[0] = ci[0];
		for (int k = 1; k < n; k++) {
			br[k] = br[m - k] = cr[k];
			bi[k] = bi[m - k] = ci[k];
		}
		radix2(ar, ai, false);
		radix2(br, bi, false);
		for (int k = 0; k < m; k++) {
			final double r = ar[k] * br[k] - ai[k] * bi[k];
			ai[k] = ar[k] * bi[k] + ai[k] * br[k];
			ar[k] = r;
		}
		radix2(ar, ai, true);
		for (int k = 0; k < n; k++) { // X = conj(w) * conv / m
			final double r = ar[k] / m, i = ai[k] / m;
			re[k] = r * cr[k] + i * ci[k];
			im[k] = i * cr[k] - r * ci[k];
		}
	}

	/** The smallest power of two >= n. */
	public static int nextPowerOfTwo(final int n) {
		int m = 1;
		while (m < n) m <<= 1;
		return m;
	}
}
