/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.baseline;

import java.util.function.BiConsumer;

import sc.fiji.diffusion.classical.PlaneShape;
import sc.fiji.diffusion.classical.PsfConvolution;

/**
 * Richardson-Lucy deconvolution (Richardson 1972, Lucy 1974), the maximum-likelihood EM iteration for
 * Poisson data y ~ Poisson(A x), with the boundary handling of Bertero and Boccacci (2005) on the padded
 * (no wrap-around) model of {@link PsfConvolution}:
 * <pre>
 * x_{k+1} = x_k / s . A^T( y / (A x_k) ),      s = A^T 1
 * </pre>
 * (products and quotients per pixel). The unknown x lives on the padded domain, so light blurred into the
 * field of view from outside it is modelled and the borders do not ring. Pixels of the domain with
 * {@code s < 1e-3 max(s)} (which hardly reach the measurement) are held at 0. Negative measured values
 * (read noise of offset-subtracted data) are clipped to 0 and A x is floored at 1e-12. The start is the
 * mean of y on the domain (0 on the held pixels).
 * <p>
 * Flux: for every k >= 1, {@code sum(A x_k) = sum(max(y, 0))} exactly (up to rounding): the re-blurred
 * estimate keeps the measured light. The number of iterations is the regulariser (early stopping).
 */
public final class RichardsonLucy {

	private final PsfConvolution op;

	/** @param op usually {@link PsfConvolution#padded}; the circular model works too */
	public RichardsonLucy(final PsfConvolution op) {
		this.op = op;
	}

	/** The estimate on the measured region after {@code iterations} iterations. */
	public float[] deconvolve(final float[] y, final int iterations) {
		return op.crop(estimateOnDomain(y, iterations));
	}

	/** The estimate on the whole (padded) domain of the operator after {@code iterations} iterations. */
	public float[] estimateOnDomain(final float[] y, final int iterations) {
		return iterate(y, iterations, (k, x) -> {});
	}

	/**
	 * Runs {@code iterations} iterations, handing each estimate (cropped to the measured region, a new
	 * array) with its iteration number (1, 2, ...) to {@code each}: for choosing the number of iterations.
	 */
	public void run(final float[] y, final int iterations, final BiConsumer<Integer, float[]> each) {
		iterate(y, iterations, (k, x) -> each.accept(k, op.crop(x)));
	}

	private float[] iterate(final float[] y, final int iterations, final BiConsumer<Integer, float[]> each) {
		PlaneShape.require(y, op.height(), op.width(), "measurement");
		if (iterations < 0) throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
		final float[] yc = new float[y.length];
		for (int k = 0; k < y.length; k++) yc[k] = Math.max(0, y[k]);
		final float[] s = sensitivity();
		float[] x = start(yc, s);
		for (int it = 1; it <= iterations; it++) {
			final float[] ax = op.apply(x);
			final float[] ratio = new float[ax.length];
			for (int k = 0; k < ax.length; k++) ratio[k] = yc[k] / Math.max(ax[k], 1e-12f);
			final float[] back = op.adjoint(ratio);
			final float[] next = new float[x.length];
			for (int k = 0; k < x.length; k++) next[k] = s[k] > 0 ? Math.max(0, x[k] * back[k] / s[k]) : 0;
			x = next;
			each.accept(it, x);
		}
		return x;
	}

	/** {@code s = A^T 1}, set to 0 below 1e-3 of its maximum. */
	private float[] sensitivity() {
		final float[] ones = new float[op.height() * op.width()];
		java.util.Arrays.fill(ones, 1);
		final float[] s = op.adjoint(ones);
		float max = 0;
		for (final float v : s) max = Math.max(max, v);
		for (int k = 0; k < s.length; k++) if (s[k] < 1e-3f * max) s[k] = 0;
		return s;
	}

	private static float[] start(final float[] y, final float[] s) {
		double sum = 0;
		for (final float v : y) sum += Math.max(0, v);
		final float mean = (float) Math.max(sum / y.length, 1e-6);
		final float[] x = new float[s.length];
		for (int k = 0; k < x.length; k++) x[k] = s[k] > 0 ? mean : 0;
		return x;
	}
}
