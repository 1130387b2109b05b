/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.baseline;

import sc.fiji.diffusion.classical.PlaneShape;

import sc.fiji.diffusion.classical.Fft;

import sc.fiji.diffusion.operator.PointSpreadFunction;

/**
 * Wiener deconvolution with a constant noise-to-signal ratio (Tikhonov-regularised inverse filter):
 * <pre>
 * X = conj(H) Y / (|H|^2 + lambda)
 * </pre>
 * H the optical transfer function, Y the spectrum of the measurement, lambda &gt; 0 the regularisation
 * (the noise-to-signal power ratio). This is the minimiser of {@code ||h (*) x - y||^2 + lambda ||x||^2}
 * under the <b>circular</b> model.
 * <p>
 * Boundaries: {@link #deconvolve} applies the circular model to the <b>mirror-extended</b> measurement:
 * y ({@code H x W}) is extended by even reflection to {@code 2H x 2W} ({@code [y, flip_x(y); flip_y(y),
 * flip_xy(y)]}), which is periodic without jumps, so the wrap-around of the circular model does not
 * ring at the borders; the result is cropped back to {@code H x W}. {@link #deconvolveCircular} is the
 * plain circular filter (exact inverse of a circular blur as lambda goes to 0).
 */
public final class Wiener {

	private Wiener() {}

	/** Circular Wiener filter of the mirror-extended measurement (see the class description). */
	public static float[] deconvolve(final float[] y, final int height, final int width, final PointSpreadFunction psf, final double lambda) {
		PlaneShape.require(y, height, width, "measurement");
		final int h2 = 2 * height, w2 = 2 * width;
		final float[] ext = new float[h2 * w2];
		for (int r = 0; r < h2; r++) {
			final int sr = r < height ? r : h2 - 1 - r;
			for (int c = 0; c < w2; c++) {
				final int sc = c < width ? c : w2 - 1 - c;
				ext[r * w2 + c] = y[sr * width + sc];
			}
		}
		final float[] x = deconvolveCircular(ext, h2, w2, psf, lambda);
		final float[] out = new float[height * width];
		for (int r = 0; r < height; r++) System.arraycopy(x, r * w2, out, r * width, width);
		return out;
	}

	/** The circular Wiener filter {@code F^-1[conj(H) F y / (|H|^2 + lambda)]} on {@code height x width}. */
	public static float[] deconvolveCircular(final float[] y, final int height, final int width, final PointSpreadFunction psf,
		final double lambda)
	{
		PlaneShape.require(y, height, width, "measurement");
		if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
		if (psf.size(0) > height || psf.size(1) > width)
			throw new IllegalArgumentException("The PSF " + psf + " is larger than the image " + width + "x" + height);
		final double[] hr = new double[height * width], hi = new double[hr.length];
		final float[] h = psf.values();
		final int ph = psf.size(0), pw = psf.size(1);
		for (int r = 0; r < ph; r++)
			for (int c = 0; c < pw; c++)
				hr[Math.floorMod(r - ph / 2, height) * width + Math.floorMod(c - pw / 2, width)] += h[r * pw + c];
		Fft.transform2D(hr, hi, height, width, false);
		final double[] re = new double[hr.length], im = new double[hr.length];
		for (int k = 0; k < re.length; k++) re[k] = y[k];
		Fft.transform2D(re, im, height, width, false);
		for (int k = 0; k < re.length; k++) {
			final double d = hr[k] * hr[k] + hi[k] * hi[k] + lambda;
			final double a = hr[k] / d, b = -hi[k] / d; // conj(H) / d
			final double r = re[k] * a - im[k] * b;
			im[k] = re[k] * b + im[k] * a;
			re[k] = r;
		}
		Fft.transform2D(re, im, height, width, true);
		final float[] out = new float[re.length];
		for (int k = 0; k < out.length; k++) out[k] = (float) re[k];
		return out;
	}
}
