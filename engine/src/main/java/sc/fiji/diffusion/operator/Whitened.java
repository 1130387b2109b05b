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
 * A forward operator with its measurement whitened: A'(x) = w ⊙ A(x) with w_i = 1 / sqrt(var_i), so that
 * noise of per-measurement variance var_i becomes unit Gaussian noise and the weighted least-squares
 * data term sum_i (A x - y)_i^2 / var_i is the plain ||A' x - y'||^2 with y' = w ⊙ y. A'^H(y) = A^H(w ⊙ y).
 * Every method that takes a Gaussian noise sigma then works unchanged with sigma = 1. No closed-form
 * proximal (conjugate gradients solve it).
 */
public final class Whitened implements LinearOperator {

	private final LinearOperator op;
	private final float[] w;

	/** @param weights w_i per measurement value, in the layout of one measurement (measurementShape) */
	public Whitened(final LinearOperator op, final float[] weights) {
		long size = 1;
		for (final long d : op.measurementShape()) size *= d;
		if (weights.length != size) throw new IllegalArgumentException("Whitening needs " + size + " weights, got " + weights.length);
		for (final float v : weights)
			if (!(v > 0) || Float.isInfinite(v)) throw new IllegalArgumentException("Whitening weights must be positive and finite, got " + v);
		this.op = op;
		this.w = weights.clone();
	}

	private Operand<TFloat32> weights(final Ops tf) {
		final long[] shape = op.measurementShape();
		final long[] s = new long[shape.length + 1];
		s[0] = 1;
		System.arraycopy(shape, 0, s, 1, shape.length);
		return tf.reshape(tf.constant(w), tf.constant(s));
	}

	@Override
	public Operand<TFloat32> apply(final Ops tf, final Operand<TFloat32> x) {
		return tf.math.mul(op.apply(tf, x), weights(tf));
	}

	@Override
	public Operand<TFloat32> adjoint(final Ops tf, final Operand<TFloat32> y) {
		return op.adjoint(tf, tf.math.mul(y, weights(tf)));
	}

	@Override
	public long[] imageShape() { return op.imageShape(); }

	@Override
	public long[] measurementShape() { return op.measurementShape(); }

	@Override
	public String name() { return op.name() + ", whitened"; }

	/** The wrapped operator. */
	public LinearOperator unwhitened() { return op; }

	/** w ⊙ y for {@code n} measurements stored one after the other. */
	public float[] whiten(final float[] y, final int n) {
		final float[] out = new float[y.length];
		for (int k = 0; k < y.length; k++) out[k] = y[k] * w[k % w.length];
		if (y.length != n * w.length) throw new IllegalArgumentException("Expected " + n + " measurements of " + w.length + " values, got " + y.length);
		return out;
	}
}
