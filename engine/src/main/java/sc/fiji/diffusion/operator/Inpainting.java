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
 * Inpainting: A = diag(m) for a binary mask m (1 = observed pixel), so {@code y = m x} with zeros at the
 * missing pixels; measurement and image are both {@code {H, W, 1}}. A is self-adjoint.
 * <p>
 * Proximal step, pixel by pixel: {@code x = (m y + rho z) / (m + rho)}: observed pixels move towards
 * y by the weight {@code 1 / (1 + rho)}, missing ones keep z (requires rho > 0).
 */
public final class Inpainting implements LinearOperator {

	private final Mask mask;

	/** Observed where {@code mask} is 1. */
	public Inpainting(final Mask mask) {
		this.mask = mask;
	}

	public Mask mask() { return mask; }

	private Operand<TFloat32> m(final Ops tf) {
		return Graphs.constant(tf, mask.array(), mask.height(), mask.width(), 1);
	}

	@Override public Operand<TFloat32> apply(final Ops tf, final Operand<TFloat32> x) { return tf.math.mul(x, m(tf)); }

	@Override public Operand<TFloat32> adjoint(final Ops tf, final Operand<TFloat32> y) { return tf.math.mul(y, m(tf)); }

	@Override public long[] imageShape() { return new long[] { mask.height(), mask.width(), 1 }; }

	@Override public long[] measurementShape() { return imageShape(); }

	@Override
	public String name() {
		return String.format(java.util.Locale.ROOT, "inpainting %dx%d (%.1f%% observed)", mask.width(), mask.height(), 100 * mask.sampledFraction());
	}

	@Override
	public Optional<Operand<TFloat32>> proximal(final Ops tf, final Operand<TFloat32> z, final Operand<TFloat32> y,
		final Operand<TFloat32> rho)
	{
		final Operand<TFloat32> m = m(tf);
		return Optional.of(tf.math.div(tf.math.add(tf.math.mul(m, y), tf.math.mul(rho, z)), tf.math.add(m, rho)));
	}
}
