/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.schedule;

/**
 * The coefficients of one linear sampler update
 * <pre>
 *   x_next = a * x_t + b * eps_theta(x_t, t) + c * z,   z ~ N(0, I)
 * </pre>
 * Every first-order step rule (DDPM ancestral, DDIM with any eta) has this form, so the network
 * executor only needs these three numbers per step; the rules that derive them live in the sampler.
 * <p>
 * Optionally the clean-image estimate is clipped first (Ho et al. 2020's sampler: "clip_denoised"):
 * with {@code clip} = L and {@code sqrtAlphaBar} = sqrt(abar_t), eps is replaced by the eps that matches
 * the clipped estimate,
 * <pre>
 *   x0Hat = (x_t - sqrt(1 - abar_t) eps) / sqrt(abar_t),   eps' = (x_t - sqrt(abar_t) clamp(x0Hat, -L, L)) / sqrt(1 - abar_t),
 * </pre>
 * which is the same update written through x0Hat, with x0Hat kept in [-L, L] (on the last DDPM or DDIM step,
 * x_next = clamp(x0Hat, -L, L)).
 */
public final class StepCoefficients {

	public final double a, b, c;
	/** The x0Hat clip L (+infinity: none) and sqrt(abar_t) of the step (NaN without a clip). */
	public final double clip, sqrtAlphaBar;

	public StepCoefficients(final double a, final double b, final double c) {
		this(a, b, c, Double.POSITIVE_INFINITY, Double.NaN);
	}

	private StepCoefficients(final double a, final double b, final double c, final double clip, final double sqrtAlphaBar) {
		if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c) && c >= 0))
			throw new IllegalArgumentException("Invalid step coefficients a=" + a + ", b=" + b + ", c=" + c);
		if (!(clip > 0)) throw new IllegalArgumentException("x0Hat clip must be > 0, got " + clip);
		if (Double.isFinite(clip) && !(sqrtAlphaBar > 0 && sqrtAlphaBar < 1))
			throw new IllegalArgumentException("sqrt(alphaBar_t) must be in (0, 1) to clip x0Hat, got " + sqrtAlphaBar);
		this.a = a;
		this.b = b;
		this.c = c;
		this.clip = clip;
		this.sqrtAlphaBar = sqrtAlphaBar;
	}

	/** The same update with x0Hat clipped to [-limit, limit] at a step from timestep t with {@code alphaBarT} = abar_t. */
	public StepCoefficients withX0Clip(final double limit, final double alphaBarT) {
		return new StepCoefficients(a, b, c, limit, Math.sqrt(alphaBarT));
	}

	/** Whether x0Hat is clipped. */
	public boolean clips() {
		return Double.isFinite(clip);
	}

	/** eps' of the class description for one value (eps itself without a clip). */
	public double clippedEps(final double x, final double eps) {
		if (!clips()) return eps;
		final double s = sqrtAlphaBar, r = Math.sqrt(1 - s * s);
		final double x0 = Math.max(-clip, Math.min(clip, (x - r * eps) / s));
		return (x - s * x0) / r;
	}

	@Override
	public String toString() {
		return String.format("x_next = %.6g x + %.6g eps + %.6g z", a, b, c) + (clips() ? String.format(", x0Hat clipped to +-%.3g", clip) : "");
	}
}
