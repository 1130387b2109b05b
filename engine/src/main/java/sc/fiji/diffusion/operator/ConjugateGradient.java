/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Conjugate gradients for the normal equations of a data-consistency step,
 * <pre>
 * (A^H A + rho I) x = b
 * </pre>
 * unrolled for a fixed number of iterations inside the graph (no control flow), for any
 * {@link LinearOperator}. The matrix is symmetric positive definite for rho > 0 (semi-definite for
 * rho = 0, where CG still converges to the least-squares solution closest to the start if b lies in
 * the range of A^H).
 * <p>
 * Each sample of the batch is solved as its own system: inner products are taken per sample, so the
 * step lengths of one image do not depend on the others. Each iteration costs one A and one A^H.
 * Steps whose denominator is zero (a converged sample) are zero ({@code DivNoNan}), so extra
 * iterations are harmless.
 */
public final class ConjugateGradient {

	private ConjugateGradient() {}

	/** {@link #solve(Ops, LinearOperator, Operand, Operand, int, Operand)} from x0 = 0. */
	public static Operand<TFloat32> solve(final Ops tf, final LinearOperator op, final Operand<TFloat32> rhs,
		final Operand<TFloat32> rho, final int iterations)
	{
		return solve(tf, op, rhs, rho, iterations, null);
	}

	/**
	 * Approximates {@code (A^H A + rho I)^{-1} rhs} by {@code iterations} CG steps from {@code x0}.
	 *
	 * @param rhs a batch of images {@code [N, imageShape...]}
	 * @param rho a float32 scalar, or one value per sample ({@code [N, 1, .., 1]})
	 * @param x0 the starting point, or null for zero
	 */
	public static Operand<TFloat32> solve(final Ops tf, final LinearOperator op, final Operand<TFloat32> rhs,
		final Operand<TFloat32> rho, final int iterations, final Operand<TFloat32> x0)
	{
		if (iterations < 0) throw new IllegalArgumentException("CG iterations must be >= 0, got " + iterations);
		final int rank = op.imageShape().length + 1;
		Operand<TFloat32> x = x0 == null ? tf.zerosLike(rhs) : x0;
		Operand<TFloat32> r = x0 == null ? rhs : tf.math.sub(rhs, normal(tf, op, x0, rho));
		Operand<TFloat32> p = r;
		Operand<TFloat32> rr = dot(tf, r, r, rank);
		for (int i = 0; i < iterations; i++) {
			final Operand<TFloat32> ap = normal(tf, op, p, rho);
			final Operand<TFloat32> alpha = tf.math.divNoNan(rr, dot(tf, p, ap, rank));
			x = tf.math.add(x, tf.math.mul(alpha, p));
			if (i == iterations - 1) break;
			r = tf.math.sub(r, tf.math.mul(alpha, ap));
			final Operand<TFloat32> rrNext = dot(tf, r, r, rank);
			p = tf.math.add(r, tf.math.mul(tf.math.divNoNan(rrNext, rr), p));
			rr = rrNext;
		}
		return x;
	}

	/**
	 * The data-consistency step {@code argmin_x ||A x - y||^2 + rho ||x - z||^2}: the operator's closed
	 * form where it has one ({@link LinearOperator#proximal}), otherwise {@code iterations} CG steps on
	 * {@code (A^H A + rho I) x = A^H y + rho z} started from z.
	 */
	public static Operand<TFloat32> proximal(final Ops tf, final LinearOperator op, final Operand<TFloat32> z,
		final Operand<TFloat32> y, final Operand<TFloat32> rho, final int iterations)
	{
		return op.proximal(tf, z, y, rho).orElseGet(() -> {
			final Operand<TFloat32> rhs = tf.math.add(op.adjoint(tf, y), tf.math.mul(rho, z));
			return solve(tf, op, rhs, rho, iterations, z);
		});
	}

	/** (A^H A + rho I) v. */
	static Operand<TFloat32> normal(final Ops tf, final LinearOperator op, final Operand<TFloat32> v, final Operand<TFloat32> rho) {
		return tf.math.add(op.adjoint(tf, op.apply(tf, v)), tf.math.mul(rho, v));
	}

	private static Operand<TFloat32> dot(final Ops tf, final Operand<TFloat32> a, final Operand<TFloat32> b, final int rank) {
		return Graphs.sumPerSample(tf, tf.math.mul(a, b), rank);
	}
}
