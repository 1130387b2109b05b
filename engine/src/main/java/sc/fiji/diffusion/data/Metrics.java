/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data;

/**
 * Image quality against a reference, for 2D single-channel images stored row-major.
 * <ul>
 * <li>PSNR = 10 log10(R^2 / MSE), R the data range (1 for images normalised to [0, 1]);</li>
 * <li>SSIM (Wang et al. 2004) with an 11x11 Gaussian window of sigma 1.5, K1 = 0.01, K2 = 0.03,
 * C1 = (K1 R)^2, C2 = (K2 R)^2, averaged over the positions where the window fits entirely (as
 * scikit-image's {@code structural_similarity(..., gaussian_weights=True)} without borders).</li>
 * </ul>
 */
public final class Metrics {

	private Metrics() {}

	public static double mse(final float[] ref, final float[] x) {
		if (ref.length != x.length) throw new IllegalArgumentException("images differ in size: " + ref.length + " vs " + x.length);
		double s = 0;
		for (int k = 0; k < ref.length; k++) {
			final double d = (double) ref[k] - x[k];
			s += d * d;
		}
		return s / ref.length;
	}

	public static double psnr(final float[] ref, final float[] x, final double range) {
		return 10 * Math.log10(range * range / mse(ref, x));
	}

	public static double ssim(final float[] ref, final float[] x, final int width, final int height, final double range) {
		if (ref.length != x.length || ref.length != width * height)
			throw new IllegalArgumentException("images must both be " + width + "x" + height);
		final int r = 5;
		if (width < 2 * r + 1 || height < 2 * r + 1) throw new IllegalArgumentException("SSIM needs images of at least 11x11 pixels");
		final double[] w = new double[2 * r + 1];
		double sum = 0;
		for (int i = -r; i <= r; i++) sum += w[i + r] = Math.exp(-i * i / (2 * 1.5 * 1.5));
		for (int i = 0; i < w.length; i++) w[i] /= sum;
		final double c1 = Math.pow(0.01 * range, 2), c2 = Math.pow(0.03 * range, 2);
		// separable weighted moments: blur rows, then columns, of a, b, a^2, b^2, ab
		final double[][] fields = new double[5][width * height];
		for (int k = 0; k < ref.length; k++) {
			final double a = ref[k], b = x[k];
			fields[0][k] = a;
			fields[1][k] = b;
			fields[2][k] = a * a;
			fields[3][k] = b * b;
			fields[4][k] = a * b;
		}
		final int ow = width - 2 * r, oh = height - 2 * r;
		final double[][] m = new double[5][ow * oh];
		final double[] row = new double[ow * height];
		for (int f = 0; f < 5; f++) {
			for (int y = 0; y < height; y++)
				for (int ox = 0; ox < ow; ox++) {
					double s = 0;
					for (int i = 0; i < w.length; i++) s += w[i] * fields[f][y * width + ox + i];
					row[y * ow + ox] = s;
				}
			for (int oy = 0; oy < oh; oy++)
				for (int ox = 0; ox < ow; ox++) {
					double s = 0;
					for (int i = 0; i < w.length; i++) s += w[i] * row[(oy + i) * ow + ox];
					m[f][oy * ow + ox] = s;
				}
		}
		double total = 0;
		for (int k = 0; k < ow * oh; k++) {
			final double mu1 = m[0][k], mu2 = m[1][k];
			final double v1 = m[2][k] - mu1 * mu1, v2 = m[3][k] - mu2 * mu2, cov = m[4][k] - mu1 * mu2;
			total += (2 * mu1 * mu2 + c1) * (2 * cov + c2) / ((mu1 * mu1 + mu2 * mu2 + c1) * (v1 + v2 + c2));
		}
		return total / (ow * oh);
	}
}
