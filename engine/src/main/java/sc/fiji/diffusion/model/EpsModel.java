/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.schedule.StepCoefficients;

/**
 * A noise-prediction network eps_theta(x_t, t) of a diffusion model (Ho et al. 2020), trained so that
 * eps_theta(sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps, t) ~ eps.
 * <p>
 * Images are exchanged as NHWC {@link Batch}es in the model's normalised intensity range; each image
 * of a batch has its own timestep. Implementations own native resources (TensorFlow graphs and
 * sessions) and must be closed. They are not required to be thread-safe.
 */
public interface EpsModel extends AutoCloseable {

	/** Number of image channels the network expects (the C of NHWC). */
	int channels();

	/** Number of timesteps T of the schedule the network was trained with. */
	int timesteps();

	/** eps_theta(x_t, t) for every image of the batch; {@code t.length == xt.n()}. */
	Batch eps(Batch xt, int[] t);

	/**
	 * The vector-Jacobian product v^T d eps_theta(x_t, t) / d x_t, i.e. the gradient with respect to
	 * x_t of sum(v * eps_theta(x_t, t)). Used by DPS to differentiate through the network.
	 */
	Batch epsVjp(Batch xt, int[] t, Batch v);

	/**
	 * One fused sampler update {@code a x_t + b eps_theta(x_t, t) + c z} with z ~ N(0, I) drawn
	 * deterministically from {@code noiseSeed} (with the x0Hat clip of the coefficients, if any: eps
	 * replaced by {@link StepCoefficients#clippedEps}). Graph-backed models override this to run the
	 * network, the noise and the update in one session call; this default composes {@link #eps} in Java.
	 */
	default Batch step(final Batch xt, final int[] t, final StepCoefficients coefficients, final long noiseSeed) {
		final float[] eps = eps(xt, t).data();
		final float[] x = xt.data();
		final float[] out = new float[x.length];
		if (coefficients.c != 0) GaussianNoise.fill(out, noiseSeed);
		final float a = (float) coefficients.a, b = (float) coefficients.b, c = (float) coefficients.c;
		for (int k = 0; k < out.length; k++)
			out[k] = a * x[k] + b * (float) coefficients.clippedEps(x[k], eps[k]) + c * out[k];
		return new Batch(xt.n(), xt.height(), xt.width(), xt.channels(), out);
	}

	@Override
	void close();
}
