/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.noise;

/**
 * The generalised Anscombe transform (Murtagh, Starck and Bijaoui 1995) and its closed-form unbiased
 * inverse (Makitalo and Foi 2013), for Poisson-Gaussian noise as in {@link NoiseModel}: with
 * u = a (y - o) (photo-electrons above the offset o) and s = a sigma_r,
 * <pre>
 * f(y) = 2 sqrt(u + 3/8 + s^2)          (0 where the root is imaginary)
 * </pre>
 * which, with var(y) = A E[y] + B (A = 1 / a, B = sigma_r^2 - o / a, Foi et al. 2008), is
 * f(y) = (2 / A) sqrt(A y + 3/8 A^2 + B): it depends on the model through (A, B) only.
 * has approximately unit Gaussian noise. The inverse maps a denoised D (an estimate of E[f]) back to
 * the expected value of y:
 * <pre>
 * u = D^2 / 4 + sqrt(3/2) / (4 D) - 11 / (8 D^2) + 5 sqrt(3/2) / (8 D^3) - 1/8 - s^2,      y = o + u / a
 * </pre>
 * (for D &lt; 1, where the expansion fails, the algebraic inverse D^2 / 4 - 3/8 - s^2, floored at 0).
 */
public final class Anscombe {

	private Anscombe() {}

	public static float[] forward(final float[] y, final NoiseModel noise) {
		final double a = noise.photons(), s2 = sq(a * noise.readSigma()), o = noise.offset();
		final float[] f = new float[y.length];
		for (int i = 0; i < y.length; i++) f[i] = (float) (2 * Math.sqrt(Math.max(0, a * (y[i] - o) + 0.375 + s2)));
		return f;
	}

	public static float[] inverse(final float[] d, final NoiseModel noise) {
		final double a = noise.photons(), s2 = sq(a * noise.readSigma()), o = noise.offset(), r = Math.sqrt(1.5);
		final float[] y = new float[d.length];
		for (int i = 0; i < d.length; i++) {
			final double D = d[i];
			final double u = D < 1 ? Math.max(0, D * D / 4 - 0.375 - s2)
				: D * D / 4 + r / (4 * D) - 11 / (8 * D * D) + 5 * r / (8 * D * D * D) - 0.125 - s2;
			y[i] = (float) (o + u / a);
		}
		return y;
	}

	private static double sq(final double v) { return v * v; }
}
