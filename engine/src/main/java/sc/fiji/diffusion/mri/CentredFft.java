/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.mri;

import sc.fiji.diffusion.classical.Fft;

/**
 * The project's k-space transform in plain Java (no TensorFlow), for calibration and file handling:
 * the centred unitary DFT {@code K = fftshift(fft(ifftshift(x))) / sqrt(N)} over the given axes (NumPy's
 * convention; BART's {@code fft -u} for even sizes), and its inverse. {@code fftshift} rolls by
 * {@code +floor(n/2)}, {@code ifftshift} by {@code -floor(n/2)}.
 */
public final class CentredFft {

	private CentredFft() {}

	/** In place: the 2D transform of each of the C planes. */
	public static void transform2D(final CoilPlanes a, final boolean inverse) {
		final int p = a.planeSize();
		final double[] re = new double[p], im = new double[p];
		for (int c = 0; c < a.coils; c++) {
			roll2D(a.re, a.im, c * p, a.height, a.width, -(a.height / 2), -(a.width / 2), re, im);
			Fft.transform2D(re, im, a.height, a.width, inverse);
			final double scale = inverse ? Math.sqrt(p) : 1 / Math.sqrt(p);
			for (int i = 0; i < p; i++) {
				re[i] *= scale;
				im[i] *= scale;
			}
			final float[] r = new float[p], m = new float[p];
			for (int i = 0; i < p; i++) {
				r[i] = (float) re[i];
				m[i] = (float) im[i];
			}
			roll2D(r, m, 0, a.height, a.width, a.height / 2, a.width / 2, re, im);
			for (int i = 0; i < p; i++) {
				a.re[c * p + i] = (float) re[i];
				a.im[c * p + i] = (float) im[i];
			}
		}
	}

	/** out[y, x] = in[(y - sy) mod h, (x - sx) mod w] for the plane starting at {@code offset}. */
	private static void roll2D(final float[] re, final float[] im, final int offset, final int h, final int w, final int sy, final int sx,
		final double[] outRe, final double[] outIm)
	{
		for (int y = 0; y < h; y++) {
			final int fy = Math.floorMod(y - sy, h);
			for (int x = 0; x < w; x++) {
				final int from = offset + fy * w + Math.floorMod(x - sx, w);
				outRe[y * w + x] = re[from];
				outIm[y * w + x] = im[from];
			}
		}
	}

	/**
	 * In place: the centred unitary 1D transform along an axis of length {@code n} of a strided array:
	 * element j of line l is at {@code start(l) + j * stride}, for every line {@code l} given by
	 * {@code starts}.
	 */
	public static void transform1D(final float[] re, final float[] im, final int n, final int stride, final int[] starts, final boolean inverse) {
		final double[] r = new double[n], m = new double[n];
		final double scale = inverse ? Math.sqrt(n) : 1 / Math.sqrt(n);
		for (final int s : starts) {
			for (int j = 0; j < n; j++) { // ifftshift
				final int from = s + Math.floorMod(j + n / 2, n) * stride;
				r[j] = re[from];
				m[j] = im[from];
			}
			Fft.transform(r, m, inverse);
			for (int j = 0; j < n; j++) { // fftshift
				final int to = s + Math.floorMod(j + n / 2, n) * stride;
				re[to] = (float) (r[j] * scale);
				im[to] = (float) (m[j] * scale);
			}
		}
	}
}
