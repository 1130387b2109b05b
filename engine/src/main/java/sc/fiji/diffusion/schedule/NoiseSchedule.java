/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.schedule;

import java.util.Locale;

/**
 * An immutable DDPM noise schedule over timesteps {@code t = 0 .. T-1}.
 * <p>
 * Symbols (Ho et al. 2020; code name = paper symbol):
 * <ul>
 * <li>{@code beta(t)} = beta_t, the variance added by forward step t;</li>
 * <li>{@code alpha(t)} = alpha_t = 1 - beta_t;</li>
 * <li>{@code alphaBar(t)} = abar_t = prod_{s <= t} alpha_s, so that
 * x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps with eps ~ N(0, I);</li>
 * <li>{@code posteriorVariance(t)} = beta~_t = beta_t (1 - abar_{t-1}) / (1 - abar_t), the variance of
 * q(x_{t-1} | x_t, x_0), with abar_{-1} = 1.</li>
 * </ul>
 * Two families: {@link #linear} (DDPM: beta from 1e-4 to 0.02 over T = 1000) and {@link #cosine}
 * (Nichol and Dhariwal 2021: abar_t = f(t) / f(0), f(t) = cos^2((t/T + s) / (1 + s) pi/2), s = 0.008,
 * betas clipped at 0.999).
 */
public final class NoiseSchedule {

	/** The schedule families, named as in {@code config.json}. */
	public enum Kind {
		LINEAR, COSINE;

		public String id() { return name().toLowerCase(Locale.ROOT); }

		public static Kind parse(final String s) {
			for (final Kind k : values())
				if (k.id().equalsIgnoreCase(s.trim())) return k;
			throw new IllegalArgumentException("Unknown noise schedule '" + s + "' (expected 'linear' or 'cosine')");
		}
	}

	private final Kind kind;
	private final double[] beta, alphaBar;

	private NoiseSchedule(final Kind kind, final double[] beta) {
		this.kind = kind;
		this.beta = beta;
		this.alphaBar = new double[beta.length];
		double prod = 1;
		for (int t = 0; t < beta.length; t++) {
			prod *= 1 - beta[t];
			alphaBar[t] = prod;
		}
	}

	/** DDPM linear schedule: beta_t = betaStart + (betaEnd - betaStart) t / (T - 1). */
	public static NoiseSchedule linear(final int T, final double betaStart, final double betaEnd) {
		requirePositive(T);
		if (!(betaStart > 0 && betaEnd >= betaStart && betaEnd < 1))
			throw new IllegalArgumentException("Linear schedule needs 0 < betaStart <= betaEnd < 1, got " + betaStart + ", " + betaEnd);
		final double[] b = new double[T];
		for (int t = 0; t < T; t++)
			b[t] = T == 1 ? betaStart : betaStart + (betaEnd - betaStart) * t / (T - 1);
		return new NoiseSchedule(Kind.LINEAR, b);
	}

	/** The DDPM default: linear from 1e-4 to 0.02 over {@code T} steps (T = 1000 in the paper). */
	public static NoiseSchedule linear(final int T) {
		return linear(T, 1e-4, 0.02);
	}

	/** Cosine schedule with offset s = 0.008 and betas clipped at 0.999. */
	public static NoiseSchedule cosine(final int T) {
		requirePositive(T);
		final double s = 0.008;
		final double[] b = new double[T];
		for (int t = 0; t < T; t++) {
			final double f0 = cosineF(t, T, s), f1 = cosineF(t + 1, T, s);
			b[t] = Math.min(1 - f1 / f0, 0.999);
		}
		return new NoiseSchedule(Kind.COSINE, b);
	}

	/** The schedule of the given family with its default parameters. */
	public static NoiseSchedule of(final Kind kind, final int T) {
		return kind == Kind.LINEAR ? linear(T) : cosine(T);
	}

	private static double cosineF(final int t, final int T, final double s) {
		final double c = Math.cos(((double) t / T + s) / (1 + s) * Math.PI / 2);
		return c * c;
	}

	private static void requirePositive(final int T) {
		if (T < 1) throw new IllegalArgumentException("Number of timesteps T must be positive, got " + T);
	}

	public Kind kind() { return kind; }

	/** T, the number of timesteps. */
	public int steps() { return beta.length; }

	/** beta_t. */
	public double beta(final int t) { return beta[check(t)]; }

	/** alpha_t = 1 - beta_t. */
	public double alpha(final int t) { return 1 - beta[check(t)]; }

	/** abar_t = prod_{s <= t} alpha_s; by convention abar_{-1} = 1 (the clean image). */
	public double alphaBar(final int t) {
		if (t == -1) return 1;
		return alphaBar[check(t)];
	}

	/** beta~_t = beta_t (1 - abar_{t-1}) / (1 - abar_t). */
	public double posteriorVariance(final int t) {
		return beta(t) * (1 - alphaBar(t - 1)) / (1 - alphaBar(t));
	}

	/** The noise standard deviation of x_t relative to its signal: sqrt((1 - abar_t) / abar_t). */
	public double noiseToSignal(final int t) {
		final double ab = alphaBar(t);
		return Math.sqrt((1 - ab) / ab);
	}

	/**
	 * The timestep whose noise-to-signal ratio sqrt((1 - abar_t)/abar_t) is closest to {@code sigma}:
	 * a measurement y = x + sigma n, scaled by sqrt(abar_t), is distributed like x_t.
	 */
	public int timestepForNoise(final double sigma) {
		int best = 0;
		double bestErr = Double.POSITIVE_INFINITY;
		for (int t = 0; t < beta.length; t++) {
			final double err = Math.abs(noiseToSignal(t) - sigma);
			if (err < bestErr) {
				bestErr = err;
				best = t;
			}
		}
		return best;
	}

	private int check(final int t) {
		if (t < 0 || t >= beta.length)
			throw new IndexOutOfBoundsException("Timestep " + t + " outside [0, " + beta.length + ")");
		return t;
	}
}
