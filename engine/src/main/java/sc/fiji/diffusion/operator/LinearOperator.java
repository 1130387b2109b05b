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
 * The forward operator A of a linear inverse problem {@code y = A x + noise}, built into a TensorFlow
 * graph so that a whole sampler step (network, data consistency, update) runs in one
 * {@code Session.run}.
 * <p>
 * Tensors carry a leading batch axis N (any size, also unknown at graph-building time) followed by the
 * per-sample shapes {@link #imageShape()} and {@link #measurementShape()}: 2D images are NHWC float32
 * {@code [N, H, W, 1]}, 3D images {@code [N, D, H, W, 1]}. Complex measurements (k-space) are real
 * tensors whose last axis holds (real, imaginary).
 * <p>
 * The adjoint is the adjoint for the real inner product {@code <u, v> = sum_i u_i v_i} over all
 * entries of a sample, i.e. {@code <A x, y> = <x, A^H y>} for every real x and y of the right shapes.
 * Every implementation passes that test (see {@code OperatorAdjointnessTest}).
 * <p>
 * The FFT-based operators use TensorFlow ops without a registered gradient, so never differentiate
 * through an operator: data-term gradients are written with {@link #adjoint} (e.g. the DPS gradient
 * of {@code ||A x0 - y||^2} is {@code 2 A^H (A x0 - y)}, pulled back through the network by its
 * vector-Jacobian product).
 * <p>
 * Operators are immutable and hold no TensorFlow resources: one operator can add its ops to any
 * number of graphs.
 */
public interface LinearOperator {

	/** A x for a batch x of images, NHWC float32 {@code [N, H, W, 1]} (3D operators: {@code [N, D, H, W, 1]}). */
	Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x);

	/** A^H y for a batch y of measurements {@code [N, measurementShape...]}. */
	Operand<TFloat32> adjoint(Ops tf, Operand<TFloat32> y);

	/** Per-sample shape of the unknown image, without N, e.g. {@code {H, W, 1}}. A fresh array. */
	long[] imageShape();

	/** Per-sample shape of a measurement, without N, e.g. {@code {H, W, 2}} for k-space. A fresh array. */
	long[] measurementShape();

	/** A short human-readable name with the parameters, for messages and logs. */
	String name();

	/**
	 * The closed-form proximal (data-consistency) step, if this operator has one:
	 * <pre>
	 * x = argmin_x ||A x - y||^2 + rho ||x - z||^2 = (A^H A + rho I)^{-1} (A^H y + rho z)
	 * </pre>
	 * for a batch z of images, a batch y of measurements and {@code rho > 0}, a float32 scalar (or any
	 * operand that broadcasts against the image batch, e.g. {@code [N, 1, 1, 1]} for one rho per
	 * sample). Empty if there is none; {@link ConjugateGradient#proximal} then solves the same system
	 * iteratively for any operator.
	 */
	default Optional<Operand<TFloat32>> proximal(final Ops tf, final Operand<TFloat32> z, final Operand<TFloat32> y,
		final Operand<TFloat32> rho)
	{
		return Optional.empty();
	}
}
