/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data;

/**
 * Separable Gaussian convolution of 2D images with mirror (half-sample symmetric) boundaries.
 * <p>
 * The kernel is the sampled Gaussian {@code exp(-i^2 / (2 sigma^2))}, {@code |i| <= ceil(4 sigma)},
 * normalised to sum 1. Outside the image the signal continues as its mirror image
 * ({@code ... c b a | a b c ... | ... x y z | z y x ...}), so nothing wraps around from the
 * opposite border. With a symmetric kernel this operator is symmetric and its rows sum to 1, so
 * it also preserves the total intensity of the image.
 */
public final class GaussianBlur {

	private GaussianBlur() {}

	/**
	 * A blurred copy of {@code img} ({@code width x height}, row-major) with standard deviation
	 * {@code sigma} pixels in x and y; {@code sigma = 0} returns a copy.
	 *
	 * @throws IllegalArgumentException if sigma is negative or not finite, or the sizes do not match
	 */
	public static float[] blur(final float[] img, final int width, final int height, final double sigma) {
		if (!(sigma >= 0) || !Double.isFinite(sigma))
			throw new IllegalArgumentException("Blur sigma must be finite and >= 0 pixels, got " + sigma);
		if (width < 1 || height < 1 || img.length != width * height)
			throw new IllegalArgumentException("Image has " + img.length + " values, expected " + width + "x" + height);
		if (sigma == 0) return img.clone();
		final double[] kernel = kernel(sigma);
		final float[] tmp = new float[img.length], out = new float[img.length];
		final int r = kernel.length / 2;
		final int[] xs = mirrorIndices(width, r), ys = mirrorIndices(height, r);
		// rows
		for (int y = 0; y < height; y++) {
			final int row = y * width;
			for (int x = 0; x < width; x++) {
				double s = 0;
				for (int i = 0; i < kernel.length; i++)
					s += kernel[i] * img[row + xs[x + i]];
				tmp[row + x] = (float) s;
			}
		}
		// columns, accumulated row by row for memory locality
		final double[] acc = new double[width];
		for (int y = 0; y < height; y++) {
			java.util.Arrays.fill(acc, 0);
			for (int i = 0; i < kernel.length; i++) {
				final double k = kernel[i];
				final int src = ys[y + i] * width;
				for (int x = 0; x < width; x++) acc[x] += k * tmp[src + x];
			}
			for (int x = 0; x < width; x++) out[y * width + x] = (float) acc[x];
		}
		return out;
	}

	/** The normalised sampled Gaussian of radius {@code ceil(4 sigma)} (at least 1). */
	static double[] kernel(final double sigma) {
		final int r = Math.max(1, (int) Math.ceil(4 * sigma));
		final double[] k = new double[2 * r + 1];
		double sum = 0;
		for (int i = -r; i <= r; i++) {
			k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
			sum += k[i + r];
		}
		for (int i = 0; i < k.length; i++) k[i] /= sum;
		return k;
	}

	/**
	 * {@code idx[j]} is the source index of padded position {@code j - r}, {@code j} in
	 * {@code [0, n + 2r)}, mirrored with period {@code 2n} (so any radius works, even beyond n).
	 */
	public static int[] mirrorIndices(final int n, final int r) {
		final int[] idx = new int[n + 2 * r];
		for (int j = 0; j < idx.length; j++) {
			int i = Math.floorMod(j - r, 2 * n);
			if (i >= n) i = 2 * n - 1 - i;
			idx[j] = i;
		}
		return idx;
	}
}
