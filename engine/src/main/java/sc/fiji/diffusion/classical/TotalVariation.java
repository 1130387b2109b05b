/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.classical;

/**
 * Total-variation denoising (the ROF model, Rudin, Osher and Fatemi 1992) by Chambolle's dual projection
 * algorithm (Chambolle 2004):
 * <pre>
 * x = argmin_x 1/2 ||x - y||^2 + lambda TV(x),      TV(x) = sum_i |grad x_i|  (isotropic)
 * x = y - lambda div p,   p_{n+1} = (p_n + tau grad(div p_n - y / lambda)) / (1 + tau |grad(div p_n - y / lambda)|)
 * </pre>
 * with forward differences (Neumann boundary: 0 at the last row / column), {@code div = -grad^T}, and
 * {@code tau = 1/8}, for which the iteration converges. lambda is in the units of the image (about the
 * noise sigma for natural images).
 */
public final class TotalVariation {

	private TotalVariation() {}

	/** Default number of iterations of {@link #denoise(float[], int, int, double)}. */
	public static final int ITERATIONS = 100;

	public static float[] denoise(final float[] y, final int width, final int height, final double lambda) {
		return denoise(y, width, height, lambda, ITERATIONS);
	}

	public static float[] denoise(final float[] y, final int width, final int height, final double lambda, final int iterations) {
		PlaneShape.require(y, height, width, "image");
		if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
		if (lambda == 0) return y.clone();
		final int n = y.length;
		final double tau = 0.125;
		final double[] px = new double[n], py = new double[n], div = new double[n];
		for (int it = 0; it < iterations; it++) {
			divergence(px, py, div, width, height);
			for (int r = 0; r < height; r++)
				for (int c = 0; c < width; c++) {
					final int k = r * width + c;
					final double u = div[k] - y[k] / lambda;
					final double gx = c + 1 < width ? div[k + 1] - y[k + 1] / lambda - u : 0;
					final double gy = r + 1 < height ? div[k + width] - y[k + width] / lambda - u : 0;
					final double norm = 1 + tau * Math.sqrt(gx * gx + gy * gy);
					px[k] = (px[k] + tau * gx) / norm;
					py[k] = (py[k] + tau * gy) / norm;
				}
		}
		divergence(px, py, div, width, height);
		final float[] x = new float[n];
		for (int k = 0; k < n; k++) x[k] = (float) (y[k] - lambda * div[k]);
		return x;
	}

	/** {@code div p = -grad^T p} for forward differences with Neumann boundary. */
	private static void divergence(final double[] px, final double[] py, final double[] div, final int width, final int height) {
		for (int r = 0; r < height; r++)
			for (int c = 0; c < width; c++) {
				final int k = r * width + c;
				double d = 0;
				if (c + 1 < width) d += px[k];
				if (c > 0) d -= px[k - 1];
				if (r + 1 < height) d += py[k];
				if (r > 0) d -= py[k - width];
				div[k] = d;
			}
	}
}
