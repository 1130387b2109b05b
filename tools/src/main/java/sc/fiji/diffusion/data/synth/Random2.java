/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import java.util.SplittableRandom;

/** Small helpers for drawing the scene parameters. */
final class Random2 {

	private Random2() {}

	/** Uniform in {@code [lo, hi)}. */
	static double uniform(final SplittableRandom rng, final double lo, final double hi) {
		return lo + (hi - lo) * rng.nextDouble();
	}

	/** Log-uniform in {@code [lo, hi)} (both positive): equal odds per octave. */
	static double logUniform(final SplittableRandom rng, final double lo, final double hi) {
		return lo * Math.exp(Math.log(hi / lo) * rng.nextDouble());
	}

	/** {@code exp(sigma N(0, 1) - sigma^2 / 2)}: log-normal with mean 1. */
	static double logNormal(final SplittableRandom rng, final double sigma) {
		return Math.exp(sigma * SmoothNoise.gaussian(rng) - sigma * sigma / 2);
	}

	/** True with probability {@code p}. */
	static boolean chance(final SplittableRandom rng, final double p) {
		return rng.nextDouble() < p;
	}

	/** Poisson-distributed count with the given mean (inversion; for the small means of scene counts). */
	static int poisson(final SplittableRandom rng, final double mean) {
		if (mean > 500) return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * SmoothNoise.gaussian(rng)));
		final double limit = Math.exp(-mean);
		double prod = rng.nextDouble();
		int n = 0;
		while (prod > limit) {
			prod *= rng.nextDouble();
			n++;
		}
		return n;
	}
}
