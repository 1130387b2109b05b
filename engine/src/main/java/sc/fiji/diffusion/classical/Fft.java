/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.classical;

import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * The project's complex FFT on the Java side (no TensorFlow): JTransforms (Wendykier), the FFT that Fiji and
 * DeconvolutionLab2 ship, for any length (mixed radix, Bluestein otherwise), behind a small API of separate
 * real and imaginary planes: 1D transforms, and 2D transforms of row-major {@code height x width} arrays.
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
		final double[] a = interleave(re, im);
		final DoubleFFT_2D fft = new DoubleFFT_2D(height, width);
		if (inverse) fft.complexInverse(a, true);
		else fft.complexForward(a);
		split(a, re, im);
	}

	/** In-place 1D forward ({@code inverse = false}) or inverse transform of any length. */
	public static void transform(final double[] re, final double[] im, final boolean inverse) {
		if (im.length != re.length) throw new IllegalArgumentException("real and imaginary parts differ in length: " + re.length + " vs " + im.length);
		if (re.length <= 1) return;
		final double[] a = interleave(re, im);
		final DoubleFFT_1D fft = new DoubleFFT_1D(re.length);
		if (inverse) fft.complexInverse(a, true);
		else fft.complexForward(a);
		split(a, re, im);
	}

	/**
	 * The smallest {@code 2^a 3^b 5^c} &ge; n (n &ge; 1): the sizes JTransforms transforms by its mixed-radix
	 * algorithm (other sizes take Bluestein's, several times slower). At most 25 % above n for n &ge; 8 and
	 * usually far less, where a power of two can be almost twice n.
	 */
	public static int nextFastSize(final int n) {
		for (int m = Math.max(1, n); ; m++) {
			int r = m;
			for (final int f : new int[] { 2, 3, 5 })
				while (r % f == 0) r /= f;
			if (r == 1) return m;
		}
	}


	private static double[] interleave(final double[] re, final double[] im) {
		final double[] a = new double[2 * re.length];
		for (int k = 0; k < re.length; k++) {
			a[2 * k] = re[k];
			a[2 * k + 1] = im[k];
		}
		return a;
	}

	private static void split(final double[] a, final double[] re, final double[] im) {
		for (int k = 0; k < re.length; k++) {
			re[k] = a[2 * k];
			im[k] = a[2 * k + 1];
		}
	}
}
