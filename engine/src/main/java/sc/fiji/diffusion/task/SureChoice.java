/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.diffusion.classical.TotalVariation;
import sc.fiji.diffusion.data.GaussianNoise;

/**
 * Chooses, per image and without ground truth, between denoisers of y = x + n, n ~ N(0, sigma^2 I), by
 * Stein's unbiased risk estimate (Stein 1981):
 * <pre>
 *   SURE(f) = ||f(y) - y||^2 / N - sigma^2 + 2 sigma^2 div f(y) / N,     E[SURE(f)] = E ||f(y) - x||^2 / N,
 * </pre>
 * with the divergence from one Monte-Carlo probe (Ramani, Blu and Unser 2008),
 * div f(y) = b^T (f(y + eps b) - f(y)) / eps, b ~ N(0, I), eps = {@value #EPS_FACTOR} sigma. The
 * candidates are the prior's denoiser and total variation (Chambolle) at lambda = c sigma for c in
 * {@link #TV_FACTORS}: where the prior does not fit the image (content unlike its training data), the
 * classical result wins the estimate instead of being beaten by a hallucinating prior.
 * <p>
 * The estimates are computed on a centred window of at most {@value #WINDOW} x {@value #WINDOW} pixels (the
 * candidates run on the window itself, probe included): SURE is unbiased on any set of pixels, and the
 * window keeps the choice's cost at a fraction of the denoiser's on a whole tile (for a 256 x 256 tile a
 * quarter of the network's cost per evaluation, and the total-variation runs on a quarter of the pixels).
 * The winner then runs on the whole image (the prior's result is given).
 */
final class SureChoice {

	/**
	 * TV weights in units of sigma (the classical candidate's grid) and Chambolle iterations: SURE picked
	 * 0.75-1 sigma on the held-out protocol's choose half, and the divergence probe doubles every run, so the
	 * grid is kept small.
	 */
	static final double[] TV_FACTORS = { 0.5, 0.75, 1, 1.5 };
	static final int TV_ITERATIONS = 50;
	static final double EPS_FACTOR = 0.01;
	static final int WINDOW = 128;

	/** A denoiser of the pixels of a window of the image (the window's pixels given, row-major). */
	interface Denoiser {
		float[] apply(float[] pixels, Window window);
	}

	/** A rectangle of a {@code imageWidth}-wide image. */
	static final class Window {

		final int x0, y0, width, height;

		Window(final int x0, final int y0, final int width, final int height) {
			this.x0 = x0;
			this.y0 = y0;
			this.width = width;
			this.height = height;
		}

		int width() { return width; }

		int height() { return height; }

		@Override
		public boolean equals(final Object o) {
			if (!(o instanceof Window)) return false;
			final Window w = (Window) o;
			return x0 == w.x0 && y0 == w.y0 && width == w.width && height == w.height;
		}

		@Override
		public int hashCode() { return java.util.Objects.hash(x0, y0, width, height); }

		@Override
		public String toString() { return width + "x" + height + "+" + x0 + "+" + y0; }

		/** The centred window of at most {@code side} x {@code side} pixels of a width x height image. */
		static Window centred(final int width, final int height, final int side) {
			final int w = Math.min(width, side), h = Math.min(height, side);
			return new Window((width - w) / 2, (height - h) / 2, w, h);
		}

		float[] crop(final float[] image, final int imageWidth) {
			final float[] out = new float[width * height];
			for (int j = 0; j < height; j++) System.arraycopy(image, (y0 + j) * imageWidth + x0, out, j * width, width);
			return out;
		}
	}

	/** The chosen result, its SURE, and all candidates' SURE (for the report). */
	static final class Choice {
		final float[] image;
		final String chosen, table;
		/** The chosen total-variation weight, NaN for the prior's result. */
		final double risk, lambda;

		Choice(final float[] image, final String chosen, final double risk, final String table, final double lambda) {
			this.image = image;
			this.chosen = chosen;
			this.risk = risk;
			this.table = table;
			this.lambda = lambda;
		}
	}

	/** The name of a choice: "prior", or total variation with its weight. */
	static String name(final double lambda) {
		return Double.isNaN(lambda) ? "prior" : String.format(Locale.ROOT, "total variation (lambda %.3g)", lambda);
	}

	/** The result of a choice made before ({@link #name}): {@code priorAtY}, or total variation of y at the weight. */
	static float[] apply(final double lambda, final float[] y, final int width, final int height, final float[] priorAtY) {
		return Double.isNaN(lambda) ? priorAtY : TotalVariation.denoise(y, width, height, lambda, TV_ITERATIONS);
	}

	private SureChoice() {}

	/** SURE of f at y, given f(y), f(y + eps b) and the probe b (all N values). */
	static double risk(final float[] y, final float[] fy, final float[] fyProbe, final float[] b, final double eps, final double sigma) {
		double residual = 0, div = 0;
		for (int i = 0; i < y.length; i++) {
			final double d = fy[i] - y[i];
			residual += d * d;
			div += b[i] * (fyProbe[i] - fy[i]);
		}
		div /= eps;
		final int n = y.length;
		return residual / n - sigma * sigma + 2 * sigma * sigma * div / n;
	}

	/**
	 * The candidate with the least SURE on the {@link Window#centred centred window}: {@code prior} (its
	 * value on the whole image given as {@code priorAtY}) or total variation at each lambda of the grid, for a
	 * {@code width x height} image y with noise sigma. The winner's result on the whole image is returned.
	 */
	static Choice choose(final float[] y, final int width, final int height, final double sigma, final float[] priorAtY,
		final Denoiser prior, final long seed)
	{
		final Window win = Window.centred(width, height, WINDOW);
		final float[] yw = win.crop(y, width);
		final float[] b = new float[yw.length];
		GaussianNoise.fill(b, seed ^ 0x5352L);
		final double eps = EPS_FACTOR * Math.max(sigma, 1e-6);
		final float[] yProbe = new float[yw.length];
		for (int i = 0; i < yw.length; i++) yProbe[i] = (float) (yw[i] + eps * b[i]);

		final List<String> rows = new ArrayList<>();
		double bestLambda = Double.NaN;
		double bestRisk = risk(yw, prior.apply(yw, win), prior.apply(yProbe, win), b, eps, sigma);
		rows.add(String.format(Locale.ROOT, "prior %.4g", bestRisk));
		for (final double c : TV_FACTORS) {
			final double lambda = c * sigma;
			final float[] tv = TotalVariation.denoise(yw, win.width(), win.height(), lambda, TV_ITERATIONS);
			final double r = risk(yw, tv, TotalVariation.denoise(yProbe, win.width(), win.height(), lambda, TV_ITERATIONS), b, eps, sigma);
			rows.add(String.format(Locale.ROOT, "tv(%.3g) %.4g", lambda, r));
			if (r < bestRisk) {
				bestRisk = r;
				bestLambda = lambda;
			}
		}
		final String table = String.join(", ", rows) + (win.width() < width || win.height() < height
			? String.format(Locale.ROOT, " on the centred %dx%d window", win.width(), win.height()) : "");
		return new Choice(apply(bestLambda, y, width, height, priorAtY), name(bestLambda), bestRisk, table, bestLambda);
	}
}
