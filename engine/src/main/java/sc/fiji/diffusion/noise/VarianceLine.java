/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.noise;

import java.util.Arrays;

/**
 * The variance line of {@link PoissonGaussianFit}: v = a y + b fitted to level sets' (mean y_k, variance
 * v_k, count n_k) by iteratively reweighted, constrained least squares (a &ge; 0, the variance positive at
 * the darkest level), weights n_k / (2 RHO m_k^2) from the fitted variance m_k and Tukey's bisquare of the
 * standardised residuals.
 */
final class VarianceLine {

	private VarianceLine() {}

	/**
	 * Robust constrained weighted least squares of v_k = a y_k + b: returns {a, b, reduced chi^2, floor}.
	 */
	static double[] fit(final double[] y, final double[] v, final int[] n) {
		final int k = y.length;
		double yMin = Double.POSITIVE_INFINITY, vMax = 0;
		for (int i = 0; i < k; i++) {
			yMin = Math.min(yMin, y[i]);
			vMax = Math.max(vMax, Math.abs(v[i]));
		}
		final double floor = Math.max(1e-6 * vMax, Double.MIN_NORMAL), eps = floor;
		final double[] m = new double[k], w = new double[k], robust = new double[k], r = new double[k];
		for (int i = 0; i < k; i++) m[i] = Math.max(v[i], floor);
		Arrays.fill(robust, 1);
		double[] ab = { 0, 0 };
		for (int iter = 0; iter < 30; iter++) {
			for (int i = 0; i < k; i++) w[i] = n[i] / (2 * PoissonGaussianFit.RHO * m[i] * m[i]);
			final double[] ww = new double[k];
			for (int i = 0; i < k; i++) ww[i] = w[i] * robust[i];
			final double[] next = constrainedLine(y, v, ww, yMin, eps);
			for (int i = 0; i < k; i++) {
				m[i] = Math.max(next[0] * y[i] + next[1], floor);
				r[i] = (v[i] - next[0] * y[i] - next[1]) * Math.sqrt(n[i] / (2 * PoissonGaussianFit.RHO)) / m[i];
			}
			final double[] abs = new double[k];
			for (int i = 0; i < k; i++) abs[i] = Math.abs(r[i]);
			final double scale = Math.max(1, PoissonGaussianFit.median(abs, k) / 0.6744897501960817), c = PoissonGaussianFit.BISQUARE * scale;
			for (int i = 0; i < k; i++) robust[i] = Math.abs(r[i]) < c ? sq(1 - sq(r[i] / c)) : 0;
			final boolean converged = Math.abs(next[0] - ab[0]) <= 1e-9 * Math.abs(next[0]) && Math.abs(next[1] - ab[1]) <= 1e-9 * (Math.abs(next[1]) + floor);
			ab = next;
			if (converged) break;
		}
		double chi2 = 0;
		for (int i = 0; i < k; i++) chi2 += r[i] * r[i];
		return new double[] { ab[0], ab[1], chi2 / Math.max(1, k - 2), floor };
	}

	/** Weighted least squares of v = a y + b subject to a &ge; 0 and a yMin + b &ge; eps: {a, b}. */
	private static double[] constrainedLine(final double[] y, final double[] v, final double[] w, final double yMin, final double eps) {
		double sw = 0, sy = 0, sv = 0;
		for (int i = 0; i < y.length; i++) {
			sw += w[i];
			sy += w[i] * y[i];
			sv += w[i] * v[i];
		}
		final double ym = sy / sw, vm = sv / sw;
		double syy = 0, syv = 0;
		for (int i = 0; i < y.length; i++) {
			syy += w[i] * sq(y[i] - ym);
			syv += w[i] * (y[i] - ym) * (v[i] - vm);
		}
		final double a = syy > 0 ? syv / syy : 0, b = vm - a * ym;
		if (a >= 0 && a * yMin + b >= eps) return new double[] { a, b };
		// on the boundary: either a = 0 (b >= eps), or a yMin + b = eps (a >= 0)
		final double[] flat = { 0, Math.max(vm, eps) };
		double s1 = 0, s2 = 0;
		for (int i = 0; i < y.length; i++) {
			s1 += w[i] * (y[i] - yMin) * (v[i] - eps);
			s2 += w[i] * sq(y[i] - yMin);
		}
		final double a2 = s2 > 0 ? Math.max(0, s1 / s2) : 0;
		final double[] pinned = { a2, eps - a2 * yMin };
		return sse(y, v, w, flat) <= sse(y, v, w, pinned) ? flat : pinned;
	}

	private static double sse(final double[] y, final double[] v, final double[] w, final double[] ab) {
		double s = 0;
		for (int i = 0; i < y.length; i++) s += w[i] * sq(v[i] - ab[0] * y[i] - ab[1]);
		return s;
	}

	private static double sq(final double x) { return x * x; }
}
