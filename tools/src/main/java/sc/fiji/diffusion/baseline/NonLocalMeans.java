/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.baseline;

import sc.fiji.diffusion.classical.PlaneShape;

/**
 * Non-local means denoising (Buades, Coll and Morel 2005), pixelwise, with the weights of their 2011
 * IPOL description:
 * <pre>
 * x_i = sum_j w_ij y_j / sum_j w_ij,    w_ij = exp(-max(d_ij - 2 sigma^2, 0) / h^2),
 * d_ij = mean over the (2f+1)^2 patch offsets o of (y_{i+o} - y_{j+o})^2
 * </pre>
 * j ranging over the {@code (2s+1)^2} search window around i (i itself included, with weight 1), sigma the
 * noise standard deviation and h the filtering parameter (about 0.4 to 1 sigma). The image is
 * extended by mirror reflection at the borders. Patch distances are box sums of squared differences,
 * computed per search offset with an integral image (the cost does not grow with the patch size); one
 * pass serves several h at once ({@link #denoise(float[], int, int, double, double[])}).
 */
public final class NonLocalMeans {

	/** Patch radius f and search radius s of the defaults: 7x7 patches, 15x15 search window. */
	public static final int PATCH_RADIUS = 3, SEARCH_RADIUS = 7;

	private NonLocalMeans() {}

	public static float[] denoise(final float[] y, final int width, final int height, final double sigma, final double h) {
		return denoise(y, width, height, sigma, new double[] { h })[0];
	}

	/** One result per filtering parameter in {@code hs}, sharing the patch distances. */
	public static float[][] denoise(final float[] y, final int width, final int height, final double sigma, final double[] hs) {
		return denoise(y, width, height, sigma, hs, PATCH_RADIUS, SEARCH_RADIUS);
	}

	public static float[][] denoise(final float[] y, final int width, final int height, final double sigma, final double[] hs,
		final int f, final int s)
	{
		PlaneShape.require(y, height, width, "image");
		if (!(sigma >= 0)) throw new IllegalArgumentException("sigma must be >= 0, got " + sigma);
		for (final double h : hs)
			if (!(h > 0)) throw new IllegalArgumentException("h must be > 0, got " + h);
		final int rad = f + s, pw = width + 2 * rad, ph = height + 2 * rad;
		final double[] p = new double[pw * ph];
		for (int r = 0; r < ph; r++)
			for (int c = 0; c < pw; c++)
				p[r * pw + c] = y[mirror(r - rad, height) * width + mirror(c - rad, width)];
		final int nh = hs.length, n = width * height;
		final double[][] num = new double[nh][n], den = new double[nh][n];
		final double[] inv = new double[nh];
		for (int a = 0; a < nh; a++) inv[a] = 1 / (hs[a] * hs[a]);
		final double bias = 2 * sigma * sigma, area = (2 * f + 1) * (2 * f + 1);
		// squared differences on the region that patches of output pixels cover: (height + 2f) x (width + 2f)
		final int dw = width + 2 * f, dh = height + 2 * f;
		final double[] integral = new double[(dw + 1) * (dh + 1)];
		for (int oy = -s; oy <= s; oy++)
			for (int ox = -s; ox <= s; ox++) {
				for (int r = 0; r < dh; r++) {
					double row = 0;
					for (int c = 0; c < dw; c++) {
						final int k = (r + s) * pw + c + s;
						final double d = p[k] - p[k + oy * pw + ox];
						row += d * d;
						integral[(r + 1) * (dw + 1) + c + 1] = integral[r * (dw + 1) + c + 1] + row;
					}
				}
				for (int r = 0; r < height; r++)
					for (int c = 0; c < width; c++) {
						// patch of output pixel (r, c) covers rows r..r+2f, cols c..c+2f of the difference region
						final double box = integral[(r + 2 * f + 1) * (dw + 1) + c + 2 * f + 1] - integral[r * (dw + 1) + c + 2 * f + 1]
							- integral[(r + 2 * f + 1) * (dw + 1) + c] + integral[r * (dw + 1) + c];
						final double d = Math.max(box / area - bias, 0);
						final double v = p[(r + rad + oy) * pw + c + rad + ox];
						final int k = r * width + c;
						for (int a = 0; a < nh; a++) {
							final double w = Math.exp(-d * inv[a]);
							num[a][k] += w * v;
							den[a][k] += w;
						}
					}
			}
		final float[][] out = new float[nh][n];
		for (int a = 0; a < nh; a++)
			for (int k = 0; k < n; k++) out[a][k] = (float) (num[a][k] / den[a][k]);
		return out;
	}

	/** Mirror index (edge not repeated) into [0, n). */
	private static int mirror(int i, final int n) {
		if (n == 1) return 0;
		final int period = 2 * n - 2;
		i = Math.floorMod(i, period);
		return i < n ? i : period - i;
	}
}
