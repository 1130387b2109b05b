/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.schedule.NoiseSchedule;

/**
 * The analytic optimal noise predictor for data x_0 ~ N(mu, s^2), independent per pixel:
 * eps*(x_t, t) = E[eps | x_t] = sqrt(1 - abar_t) (x_t - sqrt(abar_t) mu) / (abar_t s^2 + 1 - abar_t).
 * Its Jacobian is diagonal with entries sqrt(1 - abar_t) / (abar_t s^2 + 1 - abar_t).
 */
public final class GaussianOracleModel implements EpsModel {

	private final NoiseSchedule schedule;
	private final double mu, s;

	public GaussianOracleModel(final NoiseSchedule schedule, final double mu, final double s) {
		this.schedule = schedule;
		this.mu = mu;
		this.s = s;
	}

	@Override public int channels() { return 1; }

	@Override public int timesteps() { return schedule.steps(); }

	@Override
	public Batch eps(final Batch xt, final int[] t) {
		return perPixel(xt, t, xt, (ab, g, x) -> g * (x - Math.sqrt(ab) * mu));
	}

	@Override
	public Batch epsVjp(final Batch xt, final int[] t, final Batch v) {
		return perPixel(xt, t, v, (ab, g, value) -> g * value);
	}

	private interface PixelRule {
		double apply(double alphaBar, double gain, double value);
	}

	/** Applies {@code rule} to every value of {@code in}, with abar_t and gain g_t = sqrt(1 - abar)/(abar s^2 + 1 - abar) of its image. */
	private Batch perPixel(final Batch xt, final int[] t, final Batch in, final PixelRule rule) {
		final Batch out = Batch.zeros(xt.n(), xt.height(), xt.width(), xt.channels());
		final int size = xt.imageSize();
		for (int i = 0; i < xt.n(); i++) {
			final double ab = schedule.alphaBar(t[i]);
			final double g = Math.sqrt(1 - ab) / (ab * s * s + 1 - ab);
			for (int k = i * size; k < (i + 1) * size; k++)
				out.data()[k] = (float) rule.apply(ab, g, in.data()[k]);
		}
		return out;
	}

	@Override public void close() {}
}
