/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.mri;

/**
 * One 2D multi-coil array: C complex planes of {@code height x width}, row-major, coil slowest
 * ({@code index = (c H + row) W + column}). Used for k-space (rows: phase-encode lines ky, columns:
 * readout kx; centred, DC at {@code (H/2, W/2)}), coil images and sensitivity maps alike.
 */
public final class CoilPlanes {

	public final int coils, height, width;
	/** Real and imaginary parts; the arrays are shared, not copied. */
	public final float[] re, im;

	public CoilPlanes(final int coils, final int height, final int width, final float[] re, final float[] im) {
		if (coils < 1 || height < 1 || width < 1) throw new IllegalArgumentException("Coils and plane size must be positive, got " + coils + " coils of " + width + "x" + height);
		final long n = (long) coils * height * width;
		if (re.length != n || im.length != n) throw new IllegalArgumentException("Expected " + n + " values per part (" + coils + " coils of " + width + "x" + height
			+ "), got " + re.length + " and " + im.length);
		this.coils = coils;
		this.height = height;
		this.width = width;
		this.re = re;
		this.im = im;
	}

	public static CoilPlanes zeros(final int coils, final int height, final int width) {
		final int n = coils * height * width;
		return new CoilPlanes(coils, height, width, new float[n], new float[n]);
	}

	public int planeSize() { return height * width; }

	public CoilPlanes copy() {
		return new CoilPlanes(coils, height, width, re.clone(), im.clone());
	}

	/** Throws unless every value is finite. */
	public CoilPlanes requireFinite(final String what) {
		for (int i = 0; i < re.length; i++)
			if (!Float.isFinite(re[i]) || !Float.isFinite(im[i])) throw new IllegalArgumentException(what + " contains NaN or infinite values");
		return this;
	}

	/** The root-sum-of-squares image {@code sqrt(sum_c |v_c|^2)}, {@code H x W}. */
	public float[] rootSumOfSquares() {
		final int p = planeSize();
		final float[] out = new float[p];
		for (int i = 0; i < p; i++) {
			double s = 0;
			for (int c = 0; c < coils; c++) {
				final int k = c * p + i;
				s += (double) re[k] * re[k] + (double) im[k] * im[k];
			}
			out[i] = (float) Math.sqrt(s);
		}
		return out;
	}

	/**
	 * This array in the layout of {@link sc.fiji.diffusion.operator.MultiCoilFourier}'s measurements,
	 * {@code [H, W, 2C]} with (real, imaginary) interleaved per coil.
	 */
	public float[] interleaved() {
		final int p = planeSize();
		final float[] out = new float[2 * coils * p];
		for (int c = 0; c < coils; c++)
			for (int i = 0; i < p; i++) {
				out[(i * coils + c) * 2] = re[c * p + i];
				out[(i * coils + c) * 2 + 1] = im[c * p + i];
			}
		return out;
	}
}
