/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.method;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

import sc.fiji.diffusion.schedule.NoiseSchedule;

/**
 * Diffusion posterior sampling (Chung et al., ICLR 2023, Algorithm 1): the plain ancestral update minus
 * zeta_t grad_{x_t} ||A(x0Hat(x_t)) - y||^2 with zeta_t = zeta / ||A(x0Hat) - y|| (per image).
 * The gradient is taken through the network: with r = A x0Hat - y and g = 2 A^H r (the analytic gradient
 * with respect to x0Hat; operators are never differentiated),
 * grad_{x_t} = (g - sqrt(1 - abar_t) J_eps^T g) / sqrt(abar_t), J_eps^T g being the network's
 * vector-Jacobian product. p0 = zeta.
 */
public final class Dps implements Guidance {

	/** Steps of the full T-step plan (from pure noise, t0 = T - 1). */
	public static final int STEPS = 200;

	/** Default DPS step size zeta (scaled per image by 1 / ||A x0Hat - y||). */
	public static final double ZETA = 1;

	private final double zeta;

	public Dps(final double zeta) {
		if (!(zeta > 0)) throw new IllegalArgumentException("DPS step size zeta must be > 0, got " + zeta);
		this.zeta = zeta;
	}

	@Override
	public Operand<TFloat32> next(final StepTensors s) {
		final var tf = s.tf;
		final int rank = s.op.imageShape().length + 1;
		final Operand<TFloat32> r = tf.math.sub(s.op.apply(tf, s.x0Hat()), s.y);
		final Operand<TFloat32> norm = tf.math.sqrt(tf.math.add(s.perSampleSum(tf.math.square(r), rank), tf.constant(1e-12f)));
		final Operand<TFloat32> g = tf.math.mul(tf.constant(2f), s.op.adjoint(tf, r));
		final Operand<TFloat32> grad = tf.math.div(tf.math.sub(g, tf.math.mul(s.sqrtOneMinusAlphaBar, s.epsVjp(g))), s.sqrtAlphaBar);
		return tf.math.sub(s.plainUpdate(), tf.math.mul(tf.math.div(s.p0, norm), grad));
	}

	@Override
	public double[] parameters(final NoiseSchedule schedule, final int t, final int tNext) {
		return new double[] { zeta, 0 };
	}

	@Override
	public String name() { return "dps(zeta=" + zeta + ")"; }
}
