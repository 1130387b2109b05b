/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import java.util.SplittableRandom;
import java.util.function.Function;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Shared helpers for the operator tests: random data, inner products in double, dense matrices. */
final class OperatorTesting {

	private OperatorTesting() {}

	static float[] gaussian(final int length, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final float[] v = new float[length];
		for (int i = 0; i < length; i++) {
			// Box-Muller
			final double u = 1 - r.nextDouble(), w = r.nextDouble();
			v[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w));
		}
		return v;
	}

	static double dot(final float[] a, final float[] b) {
		if (a.length != b.length) throw new IllegalArgumentException(a.length + " vs " + b.length);
		double s = 0;
		for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
		return s;
	}

	static double norm(final float[] a) {
		return Math.sqrt(dot(a, a));
	}

	/** ||a - b|| / ||b||. */
	static double relativeError(final float[] a, final float[] b) {
		double d = 0, n = 0;
		for (int i = 0; i < a.length; i++) {
			d += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
			n += (double) b[i] * b[i];
		}
		return Math.sqrt(d / n);
	}

	static double relativeError(final float[] a, final double[] b) {
		double d = 0, n = 0;
		for (int i = 0; i < a.length; i++) {
			d += (a[i] - b[i]) * (a[i] - b[i]);
			n += b[i] * b[i];
		}
		return Math.sqrt(d / n);
	}

	static long size(final long[] shape) {
		long s = 1;
		for (final long d : shape) s *= d;
		return s;
	}

	/** The matrix of A, {@code [measurement size][image size]}, by applying A to every basis image in one batch. */
	static double[][] matrix(final LinearOperator op) {
		final int n = (int) size(op.imageShape()), m = (int) size(op.measurementShape());
		final float[] basis = new float[n * n];
		for (int j = 0; j < n; j++) basis[j * n + j] = 1;
		final float[] cols = Operators.run(op, basis, n, false);
		final double[][] a = new double[m][n];
		for (int j = 0; j < n; j++)
			for (int i = 0; i < m; i++) a[i][j] = cols[j * m + i];
		return a;
	}

	/** (A^T A + rho I)^{-1} (A^T y + rho z) in double by Gaussian elimination with partial pivoting. */
	static double[] directProximal(final double[][] a, final float[] z, final float[] y, final double rho) {
		final int m = a.length, n = a[0].length;
		final double[][] g = new double[n][n + 1];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				double s = 0;
				for (int k = 0; k < m; k++) s += a[k][i] * a[k][j];
				g[i][j] = s + (i == j ? rho : 0);
			}
			double b = rho * z[i];
			for (int k = 0; k < m; k++) b += a[k][i] * y[k];
			g[i][n] = b;
		}
		for (int c = 0; c < n; c++) {
			int p = c;
			for (int r = c + 1; r < n; r++)
				if (Math.abs(g[r][c]) > Math.abs(g[p][c])) p = r;
			final double[] t = g[c];
			g[c] = g[p];
			g[p] = t;
			for (int r = c + 1; r < n; r++) {
				final double f = g[r][c] / g[c][c];
				for (int k = c; k <= n; k++) g[r][k] -= f * g[c][k];
			}
		}
		final double[] x = new double[n];
		for (int r = n - 1; r >= 0; r--) {
			double s = g[r][n];
			for (int k = r + 1; k < n; k++) s -= g[r][k] * x[k];
			x[r] = s / g[r][r];
		}
		return x;
	}

	/** Builds a graph with {@code build}, runs it once and returns the values of the result. */
	static float[] evaluate(final Function<Ops, Operand<TFloat32>> build) {
		try (Graph g = new Graph(); Session s = new Session(g)) {
			final Operand<TFloat32> out = build.apply(Ops.create(g));
			try (Result r = s.runner().fetch(out).run()) {
				final TFloat32 t = (TFloat32) r.get(0);
				final float[] v = new float[(int) t.shape().size()];
				t.copyTo(DataBuffers.of(v, false, false));
				return v;
			}
		}
	}

	/** A constant batch of {@code n} samples of the per-sample {@code shape}. */
	static Operand<TFloat32> constant(final Ops tf, final float[] values, final int n, final long[] shape) {
		final long[] s = new long[shape.length + 1];
		s[0] = n;
		System.arraycopy(shape, 0, s, 1, shape.length);
		return tf.constant(Shape.of(s), DataBuffers.of(values, true, false));
	}
}
