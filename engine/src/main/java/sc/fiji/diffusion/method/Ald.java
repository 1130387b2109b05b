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
 * Score-based annealed Langevin posterior sampling in the spirit of ScoreALD (Jalal et al., NeurIPS
 * 2021), written on the DDPM reverse step. The ancestral step is a discretised reverse diffusion driven
 * by the prior score -eps / sqrt(1 - abar_t); ALD adds the likelihood score of the measurement:
 * <pre>
 *   u = x_t / sqrt(abar_t)                              (the variance-exploding image, noise sigma_t)
 *   g = A^H (A u - y) / (sqrt(abar_t) (sigma_y^2 + gamma_t^2)),  gamma_t = gamma sigma_t,
 *       sigma_t^2 = (1 - abar_t) / abar_t
 *   x_next = a x_t + b eps + c z - (beta_t / sqrt(alpha_t)) g
 * </pre>
 * i.e. each step adds -1/(2 (sigma_y^2 + gamma_t^2)) grad_{x_t} ||A(u) - y||^2 scaled by the step's
 * beta_t / sqrt(alpha_t), with alpha_t = abar_t / abar_next on respaced plans. gamma = 1 takes
 * p(y | x_t) = N(A u, sigma_y^2 + sigma_t^2 A A^H) as if u were x_0 plus noise of level sigma_t (exact for
 * an uninformative prior; an approximation otherwise, as in ALD). The {@code scaled} variant rescales
 * g to {@code weight} times the norm of the prior score term (per image) instead, which needs no noise
 * level. No network gradient is needed. p0 = 1 / (sigma_y^2 + gamma_t^2) (or the weight), p1 =
 * beta_t / sqrt(alpha_t).
 */
public final class Ald implements Guidance {

	/** Steps of the full T-step plan (from pure noise, t0 = T - 1). */
	public static final int STEPS = 200;

	/** Default ALD's gamma: the data term is weighted by 1 / (sigma_m^2 + (gamma sigmaBar_t)^2). */
	public static final double GAMMA = 1;

	private final double sigmaY, gamma, weight;
	private final boolean scaled;

	private Ald(final double sigmaY, final double gamma, final double weight, final boolean scaled) {
		this.sigmaY = sigmaY;
		this.gamma = gamma;
		this.weight = weight;
		this.scaled = scaled;
	}

	/** The data term weighted by 1 / (sigma_y^2 + (gamma sigma_t)^2); sigma_y in the model's units. */
	public static Ald of(final double sigmaY, final double gamma) {
		if (!(sigmaY >= 0 && gamma >= 0 && sigmaY + gamma > 0))
			throw new IllegalArgumentException("ALD needs sigma >= 0 and gamma >= 0, not both 0; got " + sigmaY + ", " + gamma);
		return new Ald(sigmaY, gamma, 0, false);
	}

	/** The data gradient rescaled to {@code weight} times the norm of the prior score term. */
	public static Ald scaledToPrior(final double weight) {
		if (!(weight > 0)) throw new IllegalArgumentException("ALD weight must be > 0, got " + weight);
		return new Ald(0, 0, weight, true);
	}

	@Override
	public Operand<TFloat32> next(final StepTensors s) {
		final var tf = s.tf;
		final int rank = s.op.imageShape().length + 1;
		final Operand<TFloat32> u = tf.math.div(s.x, s.sqrtAlphaBar);
		final Operand<TFloat32> g = tf.math.div(s.op.adjoint(tf, tf.math.sub(s.op.apply(tf, u), s.y)), s.sqrtAlphaBar);
		final Operand<TFloat32> weighted;
		if (scaled) {
			// prior score term of the step: b eps; match its norm per image
			final Operand<TFloat32> priorNorm = tf.math.sqrt(s.perSampleSum(tf.math.square(tf.math.mul(s.b, s.eps)), rank));
			final Operand<TFloat32> gNorm = tf.math.add(tf.math.sqrt(s.perSampleSum(tf.math.square(g), rank)), tf.constant(1e-12f));
			weighted = tf.math.mul(tf.math.mul(s.p0, tf.math.div(priorNorm, gNorm)), g);
		}
		else weighted = tf.math.mul(tf.math.mul(s.p1, s.p0), g);
		return tf.math.sub(s.plainUpdate(), weighted);
	}

	@Override
	public double[] parameters(final NoiseSchedule schedule, final int t, final int tNext) {
		final double abar = schedule.alphaBar(t), alpha = abar / schedule.alphaBar(tNext);
		final double sigmaT2 = (1 - abar) / abar;
		final double stepScale = (1 - alpha) / Math.sqrt(alpha);
		return scaled ? new double[] { weight, stepScale } : new double[] { 1 / (sigmaY * sigmaY + gamma * gamma * sigmaT2), stepScale };
	}

	@Override
	public String name() {
		return scaled ? "ald(scaled to prior, weight=" + weight + ")" : "ald(sigma=" + sigmaY + ", gamma=" + gamma + ")";
	}
}
