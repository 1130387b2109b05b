/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.classical;

import sc.fiji.diffusion.operator.PointSpreadFunction;

/**
 * The project's 2D convolution with a PSF in plain Java (FFT, {@link Fft}; in the graph the convolution is
 * TensorFlow's, {@link sc.fiji.diffusion.operator.Convolution}), for the classical baselines, the synthetic
 * data and the smoothing the engine does outside the graph, in the same two boundary models as the graph's:
 * <ul>
 * <li><b>padded</b> (no wrap-around): the measurement y is {@code H x W}, the unknown x lives on the
 * larger domain {@code (H + 2 p_y) x (W + 2 p_x)}, {@code p = psfSize / 2}, and
 * {@code y = A x = crop_p(h * x)}, {@code A^T y = h (star) zeropad_p(y)} (correlation). Each y pixel is the
 * ordinary linear convolution at that pixel, so no light wraps around.</li>
 * <li><b>circular</b>: x and y are both {@code H x W} and {@code A = F^-1 diag(OTF) F} (periodic
 * boundaries).</li>
 * </ul>
 * and, for blurring an image into one of the same size, {@link #mirrored}: the padded model applied to the
 * image continued by its mirror image beyond its borders.
 * Convolution is centred: {@code (h * x)[i] = sum_k h[k] x[i - (k - c)]}, {@code c = size / 2}. Images are
 * row-major float arrays; the transforms run in double precision. Immutable and thread-safe.
 */
public final class PsfConvolution {

	private final int height, width, padY, padX, domainH, domainW, gridH, gridW;
	private final boolean circular;
	private final double[] otfRe, otfIm;

	private PsfConvolution(final PointSpreadFunction psf, final int height, final int width, final boolean circular) {
		if (psf.rank() != 2) throw new IllegalArgumentException("A 2D convolution needs a 2D PSF, got " + psf);
		if (circular && (psf.size(0) > height || psf.size(1) > width))
			throw new IllegalArgumentException("The PSF " + psf + " is larger than the image " + width + "x" + height);
		this.height = height;
		this.width = width;
		this.circular = circular;
		this.padY = circular ? 0 : psf.size(0) / 2;
		this.padX = circular ? 0 : psf.size(1) / 2;
		this.domainH = height + 2 * padY;
		this.domainW = width + 2 * padX;
		// padded: a grid large enough that the linear convolution never wraps into the crop, of a size the FFT is fast for
		this.gridH = circular ? height : Fft.nextFastSize(domainH + psf.size(0));
		this.gridW = circular ? width : Fft.nextFastSize(domainW + psf.size(1));
		otfRe = new double[gridH * gridW];
		otfIm = new double[gridH * gridW];
		final float[] h = psf.values();
		final int ph = psf.size(0), pw = psf.size(1);
		for (int r = 0; r < ph; r++)
			for (int c = 0; c < pw; c++) {
				final int gy = Math.floorMod(r - ph / 2, gridH), gx = Math.floorMod(c - pw / 2, gridW);
				otfRe[gy * gridW + gx] += h[r * pw + c];
			}
		Fft.transform2D(otfRe, otfIm, gridH, gridW, false);
	}

	/** The padded model for an {@code height x width} measurement. */
	public static PsfConvolution padded(final PointSpreadFunction psf, final int height, final int width) {
		return new PsfConvolution(psf, height, width, false);
	}

	/** The circular model on {@code height x width} images. */
	public static PsfConvolution circular(final PointSpreadFunction psf, final int height, final int width) {
		return new PsfConvolution(psf, height, width, true);
	}

	/**
	 * {@code img} ({@code width x height}, row-major) blurred by {@code psf} into an image of the same size,
	 * the image continuing beyond its borders as its mirror image ({@code ... c b a | a b c ... x y z | z y x
	 * ...}, period {@code 2n}, so PSFs larger than the image work too): nothing wraps around from the
	 * opposite border, and a PSF that sums to 1 keeps the image's mean. A symmetric PSF makes this
	 * operator symmetric.
	 */
	public static float[] mirrored(final PointSpreadFunction psf, final float[] img, final int width, final int height) {
		PlaneShape.require(img, height, width, "image");
		final PsfConvolution op = padded(psf, height, width);
		final int[] ys = mirrorIndices(height, op.padY), xs = mirrorIndices(width, op.padX);
		final float[] x = new float[op.domainH * op.domainW];
		for (int r = 0; r < op.domainH; r++)
			for (int c = 0; c < op.domainW; c++) x[r * op.domainW + c] = img[ys[r] * width + xs[c]];
		return op.apply(x);
	}

	/**
	 * {@code idx[j]} is the source index of padded position {@code j - r}, {@code j} in {@code [0, n + 2r)},
	 * mirrored with period {@code 2n}: the edge pixel is repeated once at each border ({@code c b a | a b c}).
	 */
	static int[] mirrorIndices(final int n, final int r) {
		final int[] idx = new int[n + 2 * r];
		for (int j = 0; j < idx.length; j++) {
			int i = Math.floorMod(j - r, 2 * n);
			if (i >= n) i = 2 * n - 1 - i;
			idx[j] = i;
		}
		return idx;
	}

	public boolean isCircular() { return circular; }

	/** Measurement size. */
	public int height() { return height; }

	public int width() { return width; }

	/** Size of the unknown image (measurement plus twice the padding). */
	public int domainHeight() { return domainH; }

	public int domainWidth() { return domainW; }

	public int padY() { return padY; }

	public int padX() { return padX; }

	/** {@code A x}: x on the domain, result of the measurement's size. */
	public float[] apply(final float[] x) {
		PlaneShape.require(x, domainH, domainW, "image");
		final double[] re = new double[gridH * gridW], im = new double[re.length];
		for (int r = 0; r < domainH; r++)
			for (int c = 0; c < domainW; c++) re[r * gridW + c] = x[r * domainW + c];
		multiply(re, im, false);
		final float[] y = new float[height * width];
		for (int r = 0; r < height; r++)
			for (int c = 0; c < width; c++) y[r * width + c] = (float) re[(r + padY) * gridW + c + padX];
		return y;
	}

	/** {@code A^T y}: y of the measurement's size, result on the domain. */
	public float[] adjoint(final float[] y) {
		PlaneShape.require(y, height, width, "measurement");
		final double[] re = new double[gridH * gridW], im = new double[re.length];
		for (int r = 0; r < height; r++)
			for (int c = 0; c < width; c++) re[(r + padY) * gridW + c + padX] = y[r * width + c];
		multiply(re, im, true);
		final float[] x = new float[domainH * domainW];
		for (int r = 0; r < domainH; r++)
			for (int c = 0; c < domainW; c++) x[r * domainW + c] = (float) re[r * gridW + c];
		return x;
	}

	/** The measured region of a domain image (the inverse of the padding). */
	public float[] crop(final float[] x) {
		PlaneShape.require(x, domainH, domainW, "image");
		final float[] out = new float[height * width];
		for (int r = 0; r < height; r++) System.arraycopy(x, (r + padY) * domainW + padX, out, r * width, width);
		return out;
	}

	/** Real part of {@code F^-1(OTF . F v)} (or {@code conj(OTF)}), in place on the grid. */
	private void multiply(final double[] re, final double[] im, final boolean conjugate) {
		Fft.transform2D(re, im, gridH, gridW, false);
		for (int k = 0; k < re.length; k++) {
			final double hr = otfRe[k], hi = conjugate ? -otfIm[k] : otfIm[k];
			final double r = re[k] * hr - im[k] * hi;
			im[k] = re[k] * hi + im[k] * hr;
			re[k] = r;
		}
		Fft.transform2D(re, im, gridH, gridW, true);
	}

}
