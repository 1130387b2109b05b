/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import java.util.SplittableRandom;

/**
 * Smooth zero-mean random fields of unit standard deviation, used for textures (chromatin,
 * cytoplasm), colony shapes, orientation fields and uneven background.
 * <p>
 * A field with correlation length {@code scale} pixels is independent N(0, 1) noise on a coarse
 * grid of spacing {@code scale} (randomly shifted), interpolated with the cubic B-spline (C2
 * smooth, non-negative weights). The B-spline averages the grid values, which lowers the variance
 * to between 0.21 and 0.25 of the grid's depending on the position; the result is divided by the
 * square root of the average factor, so the field's standard deviation is 1 to within about 8%.
 * Cost: about {@code 4 (h / scale + 4) w + 4 h w} multiply-adds, whatever the scale.
 */
final class SmoothNoise {

	/** Mean over a cell of the sum of squared 1D cubic B-spline weights. */
	private static final double MEAN_SQUARED_WEIGHT_1D;
	static {
		double sum = 0;
		final int n = 1000;
		final double[] wt = new double[4];
		for (int i = 0; i < n; i++) {
			weights((i + 0.5) / n, wt);
			sum += wt[0] * wt[0] + wt[1] * wt[1] + wt[2] * wt[2] + wt[3] * wt[3];
		}
		MEAN_SQUARED_WEIGHT_1D = sum / n;
	}

	private SmoothNoise() {}

	/**
	 * A {@code width x height} field (row-major) with correlation length {@code scalePx} pixels
	 * (clamped to at least 1), zero mean and standard deviation about 1.
	 */
	static float[] field(final int width, final int height, final double scalePx, final SplittableRandom rng) {
		final double s = Math.max(1, scalePx);
		final double offX = rng.nextDouble() * s, offY = rng.nextDouble() * s;
		final int gw = (int) Math.ceil((width + offX) / s) + 4, gh = (int) Math.ceil((height + offY) / s) + 4;
		final double[] grid = new double[gw * gh];
		for (int k = 0; k < grid.length; k++) grid[k] = gaussian(rng);

		// x pass: every coarse row interpolated to full width
		final int[] jx = new int[width];
		final double[][] wx = new double[width][4];
		for (int x = 0; x < width; x++) {
			final double u = (x + offX) / s + 1;
			jx[x] = (int) Math.floor(u);
			weights(u - jx[x], wx[x]);
		}
		final double[] rows = new double[gh * width];
		for (int r = 0; r < gh; r++)
			for (int x = 0; x < width; x++) {
				final int b = r * gw + jx[x] - 1;
				final double[] wt = wx[x];
				rows[r * width + x] = wt[0] * grid[b] + wt[1] * grid[b + 1] + wt[2] * grid[b + 2] + wt[3] * grid[b + 3];
			}
		// y pass
		final float[] out = new float[width * height];
		final double norm = 1 / MEAN_SQUARED_WEIGHT_1D; // 1 / sqrt(factor^2)
		final double[] wy = new double[4];
		for (int y = 0; y < height; y++) {
			final double v = (y + offY) / s + 1;
			final int j = (int) Math.floor(v);
			weights(v - j, wy);
			final int r0 = (j - 1) * width;
			for (int x = 0; x < width; x++)
				out[y * width + x] = (float) (norm * (wy[0] * rows[r0 + x] + wy[1] * rows[r0 + width + x]
					+ wy[2] * rows[r0 + 2 * width + x] + wy[3] * rows[r0 + 3 * width + x]));
		}
		return out;
	}

	/** Cubic B-spline weights of the nodes {@code j-1, j, j+1, j+2} at fraction {@code t} in [0, 1). */
	private static void weights(final double t, final double[] w) {
		final double t2 = t * t, t3 = t2 * t, u = 1 - t;
		w[0] = u * u * u / 6;
		w[1] = (3 * t3 - 6 * t2 + 4) / 6;
		w[2] = (-3 * t3 + 3 * t2 + 3 * t + 1) / 6;
		w[3] = t3 / 6;
	}

	/** One N(0, 1) sample. */
	static double gaussian(final SplittableRandom rng) {
		return sc.fiji.diffusion.data.GaussianNoise.sample(rng);
	}
}
