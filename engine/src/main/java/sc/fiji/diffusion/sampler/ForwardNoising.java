/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.sampler;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.schedule.NoiseSchedule;

/**
 * The forward process q(x_t | x_0): x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps, eps ~ N(0, I). It
 * gives a sampler its start when it begins from a (measured) image rather than from pure noise (SDEdit).
 */
public final class ForwardNoising {

	private ForwardNoising() {}

	/** x_t from x_0 and the given noise eps (same shape). */
	public static Batch noise(final NoiseSchedule schedule, final Batch x0, final int t, final Batch eps) {
		if (!eps.sameShape(x0)) throw new IllegalArgumentException("noise " + eps + " does not match image " + x0);
		final double abar = schedule.alphaBar(t);
		final float s = (float) Math.sqrt(abar), n = (float) Math.sqrt(1 - abar);
		final float[] out = new float[x0.data().length];
		for (int k = 0; k < out.length; k++) out[k] = s * x0.data()[k] + n * eps.data()[k];
		return new Batch(x0.n(), x0.height(), x0.width(), x0.channels(), out);
	}

	/** x_t from x_0 with eps drawn from {@code seed}. */
	public static Batch noise(final NoiseSchedule schedule, final Batch x0, final int t, final long seed) {
		return noise(schedule, x0, t, GaussianNoise.like(x0, seed));
	}
}
