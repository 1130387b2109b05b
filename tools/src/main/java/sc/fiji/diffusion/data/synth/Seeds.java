/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

/**
 * Independent 64-bit seeds derived from one master seed and an index path (SplitMix64 finaliser
 * applied per index), so that image {@code i} of a data set is the same whatever the count, and
 * its scene, blur and noise draw from unrelated streams.
 */
public final class Seeds {

	private Seeds() {}

	/** A seed for {@code (seed, path[0], path[1], ...)}; different paths give unrelated seeds. */
	public static long derive(final long seed, final long... path) {
		long s = mix(seed ^ 0x9E3779B97F4A7C15L);
		for (final long p : path)
			s = mix(s + 0x9E3779B97F4A7C15L * (p + 1));
		return s;
	}

	/** The SplitMix64 finaliser (a bijective 64-bit mix). */
	static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
