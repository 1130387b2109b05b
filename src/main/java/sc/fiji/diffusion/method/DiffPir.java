/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.method;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

import sc.fiji.diffusion.operator.ConjugateGradient;
import sc.fiji.diffusion.schedule.NoiseSchedule;

/**
 * DiffPIR (Zhu et al., CVPR 2023): each step replaces the network's clean estimate by its closed-form
 * data-consistent version and re-noises it,
 * <pre>
 *   x0Hat = (x_t - sqrt(1 - abar_t) eps) / sqrt(abar_t)
 *   x0    = argmin_x ||A x - y||^2 + rho_t ||x - x0Hat||^2,   rho_t = lambda sigma_y^2 / sigmaBar_t^2,
 *           sigmaBar_t^2 = (1 - abar_t) / abar_t
 *   epsHat = (x_t - sqrt(abar_t) x0) / sqrt(1 - abar_t)
 *   x_next = sqrt(abar_next) x0 + sqrt(1 - abar_next) (sqrt(1 - xi) epsHat + sqrt(xi) z)
 * </pre>
 * (x_next = x0 on the last step). The proximal step is the operator's closed form where it has one
 * (identity, inpainting, downsampling, Fourier), else {@code cgIterations} conjugate-gradient iterations
 * in the graph. sigma_y is the measurement noise in the model's units (a small floor keeps rho positive
 * for noiseless data); p0 = rho_t, p1 = xi.
 */
public final class DiffPir implements Guidance {

	private final double lambda, sigmaY, xi;
	private final int cgIterations;

	public DiffPir(final double lambda, final double sigmaY, final double xi, final int cgIterations) {
		if (!(lambda > 0)) throw new IllegalArgumentException("DiffPIR lambda must be > 0, got " + lambda);
		if (!(sigmaY >= 0)) throw new IllegalArgumentException("noise sigma must be >= 0, got " + sigmaY);
		if (!(xi >= 0 && xi <= 1)) throw new IllegalArgumentException("DiffPIR xi must be in [0, 1], got " + xi);
		this.lambda = lambda;
		this.sigmaY = Math.max(sigmaY, 1e-3);
		this.xi = xi;
		this.cgIterations = cgIterations;
	}

	@Override
	public Operand<TFloat32> next(final StepTensors s) {
		final var tf = s.tf;
		final Operand<TFloat32> x0 = ConjugateGradient.proximal(tf, s.op, s.x0Hat(), s.y, s.p0, cgIterations);
		final Operand<TFloat32> epsHat = tf.math.div(tf.math.sub(s.x, tf.math.mul(s.sqrtAlphaBar, x0)), s.sqrtOneMinusAlphaBar);
		final Operand<TFloat32> noise = tf.math.add(tf.math.mul(tf.math.sqrt(tf.math.sub(tf.constant(1f), s.p1)), epsHat),
			tf.math.mul(tf.math.sqrt(s.p1), s.z));
		return tf.math.add(tf.math.mul(s.sqrtAlphaBarNext, x0), tf.math.mul(s.sqrtOneMinusAlphaBarNext, noise));
	}

	@Override
	public double[] parameters(final NoiseSchedule schedule, final int t, final int tNext) {
		final double sigmaBar2 = (1 - schedule.alphaBar(t)) / schedule.alphaBar(t);
		return new double[] { lambda * sigmaY * sigmaY / sigmaBar2, xi };
	}

	@Override
	public String name() { return "diffpir(lambda=" + lambda + ", sigma=" + sigmaY + ", xi=" + xi + ")"; }
}
