/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data;

import java.util.SplittableRandom;

/** Deterministic standard normal noise from a 64-bit seed (Marsaglia polar method on SplittableRandom). */
public final class GaussianNoise {

	private GaussianNoise() {}

	/** A batch shaped like {@code like}, filled with independent N(0, 1) samples drawn from {@code seed}. */
	public static Batch like(final Batch like, final long seed) {
		final Batch z = Batch.zeros(like.n(), like.height(), like.width(), like.channels());
		fill(z.data(), seed);
		return z;
	}

	/** Fills {@code out} with independent N(0, 1) samples drawn from {@code seed}. */
	public static void fill(final float[] out, final long seed) {
		final SplittableRandom rng = new SplittableRandom(seed);
		for (int k = 0; k < out.length; k++) out[k] = (float) sample(rng);
	}

	/** One N(0, 1) sample from {@code rng} (Marsaglia polar method). */
	public static double sample(final SplittableRandom rng) {
		double u, v, q;
		do {
			u = 2 * rng.nextDouble() - 1;
			v = 2 * rng.nextDouble() - 1;
			q = u * u + v * v;
		} while (q >= 1 || q == 0);
		return u * Math.sqrt(-2 * Math.log(q) / q);
	}
}
