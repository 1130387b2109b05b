/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import java.util.SplittableRandom;

/**
 * Exact Poisson random numbers: Knuth's multiplication method for means below 10, and Hörmann's
 * transformed rejection with squeeze (PTRS; W. Hörmann, "The transformed rejection method for
 * generating Poisson random variables", Insurance: Mathematics and Economics 12, 1993), the
 * algorithm NumPy uses, above. The cost is bounded for every mean.
 */
final class PoissonSampler {

	private PoissonSampler() {}

	/** One sample of Poisson({@code mean}); {@code mean <= 0} gives 0. */
	static long sample(final double mean, final SplittableRandom rng) {
		if (!(mean > 0)) return 0;
		if (mean < 10) {
			final double limit = Math.exp(-mean);
			double prod = rng.nextDouble();
			long n = 0;
			while (prod > limit) {
				prod *= rng.nextDouble();
				n++;
			}
			return n;
		}
		final double slam = Math.sqrt(mean), loglam = Math.log(mean);
		final double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
		final double invAlpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
		while (true) {
			final double u = rng.nextDouble() - 0.5, v = rng.nextDouble();
			final double us = 0.5 - Math.abs(u);
			final long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
			if (us >= 0.07 && v <= vr) return k;
			if (k < 0 || (us < 0.013 && v > us)) continue;
			if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logFactorial(k))
				return k;
		}
	}

	/** {@code ln(k!)}: a table up to 9, Stirling's series (error below 1e-10) above. */
	static double logFactorial(final long k) {
		if (k < 10) {
			double f = 0;
			for (int i = 2; i <= k; i++) f += Math.log(i);
			return f;
		}
		final double n = k + 1.0, n2 = n * n; // ln Gamma(n)
		return (n - 0.5) * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI)
			+ (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - 1.0 / (1680 * n2)) / n2) / n2) / n;
	}
}
