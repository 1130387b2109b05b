/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import java.util.Optional;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The identity, A = I: the forward operator of denoising ({@code y = x + noise}).
 * <p>
 * Proximal step: {@code argmin_x ||x - y||^2 + rho ||x - z||^2 = (y + rho z) / (1 + rho)}.
 */
public final class Identity implements LinearOperator {

	private final long[] shape;

	/** The identity on images of {@code height x width} pixels, one channel: shape {@code {H, W, 1}}. */
	public Identity(final int height, final int width) {
		this(new long[] { height, width, 1 });
	}

	/** The identity on samples of any per-sample shape (e.g. {@code {D, H, W, 1}} for volumes). */
	public Identity(final long[] shape) {
		for (final long d : shape)
			if (d < 1) throw new IllegalArgumentException("Identity shape must be positive, got " + Graphs.shapeString(shape));
		this.shape = shape.clone();
	}

	@Override public Operand<TFloat32> apply(final Ops tf, final Operand<TFloat32> x) { return tf.identity(x); }

	@Override public Operand<TFloat32> adjoint(final Ops tf, final Operand<TFloat32> y) { return tf.identity(y); }

	@Override public long[] imageShape() { return shape.clone(); }

	@Override public long[] measurementShape() { return shape.clone(); }

	@Override public String name() { return "identity " + Graphs.shapeString(shape); }

	@Override
	public Optional<Operand<TFloat32>> proximal(final Ops tf, final Operand<TFloat32> z, final Operand<TFloat32> y,
		final Operand<TFloat32> rho)
	{
		return Optional.of(tf.math.div(tf.math.add(y, tf.math.mul(rho, z)), tf.math.add(tf.constant(1f), rho)));
	}
}
