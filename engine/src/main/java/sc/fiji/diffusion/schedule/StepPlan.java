/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.schedule;

import java.util.Arrays;

/**
 * A descending list of timestep pairs {@code (t, tNext)} that a sampler walks, from the noisiest
 * timestep to {@code tNext = -1} (the clean image, abar_{-1} = 1).
 * <p>
 * {@link #uniform(int, int)} respaces a T-step schedule to n evaluations (DDIM, "1000 -> 50");
 * {@link #from(int)} truncates a plan to start at t0 (SDEdit and img2img start from a partly noised
 * image rather than pure noise).
 */
public final class StepPlan {

	private final int[] timesteps; // strictly descending, all >= 0

	private StepPlan(final int[] timesteps) {
		if (timesteps.length == 0) throw new IllegalArgumentException("A step plan needs at least one step");
		for (int k = 0; k < timesteps.length; k++) {
			if (timesteps[k] < 0) throw new IllegalArgumentException("Negative timestep in plan: " + timesteps[k]);
			if (k > 0 && timesteps[k] >= timesteps[k - 1])
				throw new IllegalArgumentException("Step plan must be strictly descending: " + Arrays.toString(timesteps));
		}
		this.timesteps = timesteps;
	}

	/** Every timestep of a T-step schedule: T-1, T-2, ..., 0. */
	public static StepPlan full(final int T) {
		return uniform(T, T);
	}

	/**
	 * {@code n} timesteps evenly spaced over [0, T-1], starting at T-1 and ending at 0, e.g. T = 1000,
	 * n = 4 gives 999, 666, 333, 0.
	 */
	public static StepPlan uniform(final int T, final int n) {
		if (n < 1 || n > T) throw new IllegalArgumentException("Number of steps must be in [1, " + T + "], got " + n);
		final int[] ts = new int[n];
		for (int k = 0; k < n; k++)
			ts[k] = n == 1 ? T - 1 : (int) Math.round((T - 1) * (1 - (double) k / (n - 1)));
		return new StepPlan(ts);
	}

	/** An explicit plan; timesteps must be strictly descending and non-negative. */
	public static StepPlan of(final int... timesteps) {
		return new StepPlan(timesteps.clone());
	}

	/**
	 * This plan truncated to start at {@code t0}: the steps with t <= t0, with t0 itself inserted as the
	 * first timestep if the plan does not contain it (so a sampler started from x_{t0} makes a first
	 * jump t0 -> next planned step).
	 */
	public StepPlan from(final int t0) {
		if (t0 < 0) throw new IllegalArgumentException("Start timestep must be >= 0, got " + t0);
		final int[] kept = Arrays.stream(timesteps).filter(t -> t < t0).toArray();
		final int[] ts = new int[kept.length + 1];
		ts[0] = t0;
		System.arraycopy(kept, 0, ts, 1, kept.length);
		return new StepPlan(ts);
	}

	/** Number of steps (= number of network evaluations for a first-order sampler). */
	public int size() { return timesteps.length; }

	/** The k-th timestep t. */
	public int t(final int k) { return timesteps[k]; }

	/** The timestep after the k-th, or -1 after the last one. */
	public int tNext(final int k) { return k + 1 < timesteps.length ? timesteps[k + 1] : -1; }

	/** The first (noisiest) timestep. */
	public int first() { return timesteps[0]; }

	public int[] timesteps() { return timesteps.clone(); }

	@Override
	public String toString() {
		return "StepPlan" + Arrays.toString(timesteps);
	}
}
