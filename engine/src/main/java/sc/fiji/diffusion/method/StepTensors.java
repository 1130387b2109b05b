/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.method;

import java.util.Collections;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.types.TFloat32;

import sc.fiji.diffusion.operator.LinearOperator;

/**
 * The graph operands a {@link Guidance} combines into x_next, all for a batch of N images at timestep t:
 * <ul>
 * <li>{@code x} = x_t, {@code eps} = eps_theta(x_t, t), {@code z} ~ N(0, I) shaped like x;</li>
 * <li>{@code y}: the measurement batch, {@code op}: its forward operator A;</li>
 * <li>per-step scalars (fed from Java, see {@link StepScalars}): {@code a, b, c} of the plain update
 * x_next = a x + b eps + c z; {@code sqrtAlphaBar} = sqrt(abar_t), {@code sqrtOneMinusAlphaBar} =
 * sqrt(1 - abar_t), the same for tNext, and two method parameters {@code p0}, {@code p1};</li>
 * <li>{@link #normalLike}: more N(0, I) noise, independent of z and of each other stream, seeded like z
 * (antithetic batches: mirrored like z).</li>
 * </ul>
 */
public final class StepTensors {

	public final Ops tf;
	public final Operand<TFloat32> x, eps, z, y;
	public final LinearOperator op;
	public final Operand<TFloat32> a, b, c, sqrtAlphaBar, sqrtOneMinusAlphaBar, sqrtAlphaBarNext, sqrtOneMinusAlphaBarNext, p0, p1;
	private final NoiseSource noise;
	private final java.util.function.UnaryOperator<Operand<TFloat32>> network;

	/** More Gaussian noise for a step: stream k >= 1 (stream 0 is z). */
	interface NoiseSource {
		Operand<TFloat32> normalLike(Operand<TFloat32> v, int stream);
	}

	StepTensors(final Ops tf, final Operand<TFloat32> x, final Operand<TFloat32> eps, final Operand<TFloat32> z,
		final Operand<TFloat32> y, final LinearOperator op, final Operand<TFloat32> scalars, final NoiseSource noise,
		final java.util.function.UnaryOperator<Operand<TFloat32>> network)
	{
		this.tf = tf;
		this.noise = noise;
		this.network = network;
		this.x = x;
		this.eps = eps;
		this.z = z;
		this.y = y;
		this.op = op;
		a = scalar(scalars, StepScalars.A);
		b = scalar(scalars, StepScalars.B);
		c = scalar(scalars, StepScalars.C);
		sqrtAlphaBar = scalar(scalars, StepScalars.SQRT_ALPHA_BAR);
		sqrtOneMinusAlphaBar = scalar(scalars, StepScalars.SQRT_ONE_MINUS_ALPHA_BAR);
		sqrtAlphaBarNext = scalar(scalars, StepScalars.SQRT_ALPHA_BAR_NEXT);
		sqrtOneMinusAlphaBarNext = scalar(scalars, StepScalars.SQRT_ONE_MINUS_ALPHA_BAR_NEXT);
		p0 = scalar(scalars, StepScalars.P0);
		p1 = scalar(scalars, StepScalars.P1);
	}

	private Operand<TFloat32> scalar(final Operand<TFloat32> v, final StepScalars name) {
		return tf.reshape(tf.slice(v, tf.constant(new int[] { name.ordinal() }), tf.constant(new int[] { 1 })), tf.constant(new int[0]));
	}

	/**
	 * N(0, I) noise shaped like {@code v} (a batch of images or measurements), drawn from stream
	 * {@code stream >= 1}: independent of z and of the other streams, deterministic for the step's seed, and
	 * for antithetic batches opposite in images i and i + N/2, as z is.
	 */
	public Operand<TFloat32> normalLike(final Operand<TFloat32> v, final int stream) {
		if (stream < 1) throw new IllegalArgumentException("noise stream must be >= 1 (0 is z), got " + stream);
		return noise.normalLike(v, stream);
	}

	/** eps_theta(v, t) for another batch v shaped like x at this step's t (the network once more in the graph). */
	public Operand<TFloat32> epsAt(final Operand<TFloat32> v) {
		return network.apply(v);
	}

	/** x0Hat = (x_t - sqrt(1 - abar_t) eps) / sqrt(abar_t), Tweedie's estimate of the clean image. */
	public Operand<TFloat32> x0Hat() {
		return tf.math.div(tf.math.sub(x, tf.math.mul(sqrtOneMinusAlphaBar, eps)), sqrtAlphaBar);
	}

	/** The plain update a x + b eps + c z. */
	public Operand<TFloat32> plainUpdate() {
		return tf.math.add(tf.math.add(tf.math.mul(a, x), tf.math.mul(b, eps)), tf.math.mul(c, z));
	}

	/** v^T d eps / d x_t: the vector-Jacobian product through the network. */
	public Operand<TFloat32> epsVjp(final Operand<TFloat32> v) {
		final Gradients g = tf.gradients(eps, Collections.singletonList(x), Gradients.dx(List.of(v)));
		return g.dy(0);
	}

	/** Per-sample sum over every axis but the first, shaped [N, 1, .., 1] to broadcast against an image batch of that rank. */
	public Operand<TFloat32> perSampleSum(final Operand<TFloat32> v, final int imageRank) {
		final Operand<TFloat32> flat = tf.reshape(v, tf.concat(List.of(
			tf.slice(tf.shape(v), tf.constant(new int[] { 0 }), tf.constant(new int[] { 1 })), tf.constant(new int[] { -1 })), tf.constant(0)));
		final int[] shape = new int[imageRank];
		java.util.Arrays.fill(shape, 1);
		shape[0] = -1;
		return tf.reshape(tf.reduceSum(flat, tf.constant(new int[] { 1 })), tf.constant(shape));
	}
}
