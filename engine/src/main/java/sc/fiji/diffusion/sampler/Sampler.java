/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.sampler;

import java.util.concurrent.CancellationException;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.model.EpsModel;
import sc.fiji.diffusion.schedule.NoiseSchedule;
import sc.fiji.diffusion.schedule.StepCoefficients;
import sc.fiji.diffusion.schedule.StepPlan;

/**
 * The one reverse-diffusion loop. For each (t, tNext) of a {@link StepPlan} it asks the
 * {@link StepRule} for the update coefficients and lets the {@link EpsModel} execute
 * x_next = a x_t + b eps_theta(x_t, t) + c z in one call, reporting to a {@link SamplerListener}.
 * <p>
 * Unconditional generation starts from x_{T-1} ~ N(0, I) ({@link #generate}); conditioned starts
 * (SDEdit) call {@link #run} with their own x_{t0} and a plan truncated with {@link StepPlan#from}.
 * Noise for step k is drawn from {@code seed + k + 1}, so a run is reproducible from its seed.
 */
public final class Sampler {

	private final NoiseSchedule schedule;
	private final StepRule rule;
	private final double x0Clip;

	public Sampler(final NoiseSchedule schedule, final StepRule rule) {
		this(schedule, rule, Double.POSITIVE_INFINITY);
	}

	/**
	 * @param x0Clip the plain update clips x0Hat to [-x0Clip, x0Clip] at every step (Ho et al. 2020's
	 *        sampler, for unconditional generation in the model's [-1, 1] range; see
	 *        {@link StepCoefficients}); +infinity: no clip
	 */
	public Sampler(final NoiseSchedule schedule, final StepRule rule, final double x0Clip) {
		if (!(x0Clip > 0)) throw new IllegalArgumentException("x0Hat clip must be > 0 (infinity: none), got " + x0Clip);
		this.schedule = schedule;
		this.rule = rule;
		this.x0Clip = x0Clip;
	}

	public NoiseSchedule schedule() { return schedule; }

	public StepRule rule() { return rule; }

	/** Draws x_{T-1} ~ N(0, I) of the given shape from {@code seed} and runs the full plan. */
	public Batch generate(final EpsModel model, final int n, final int height, final int width, final StepPlan plan,
		final long seed, final SamplerListener listener)
	{
		final Batch start = GaussianNoise.like(Batch.zeros(n, height, width, model.channels()), seed);
		return run(model, start, plan, seed, listener);
	}

	/**
	 * Runs the plan from {@code xStart}, which must be distributed like x_{plan.first()}, with the plain
	 * update of this sampler's {@link StepRule} executed by the model.
	 *
	 * @throws CancellationException if the listener cancels; nothing partial is returned
	 */
	public Batch run(final EpsModel model, final Batch xStart, final StepPlan plan, final long seed,
		final SamplerListener listener)
	{
		if (xStart.channels() != model.channels())
			throw new IllegalArgumentException("Model expects " + model.channels() + " channel(s), image has " + xStart.channels());
		return run(kernel(model), xStart, plan, seed, listener);
	}

	/** The plain update x_next = a x_t + b eps + c z of this sampler's rule (and x0Hat clip), executed by {@code model}. */
	public StepKernel kernel(final EpsModel model) {
		return (x, t, tNext, noiseSeed) -> {
			final int[] ts = new int[x.n()];
			java.util.Arrays.fill(ts, t);
			final StepCoefficients k = rule.coefficients(schedule, t, tNext);
			return model.step(x, ts, Double.isFinite(x0Clip) ? k.withX0Clip(x0Clip, schedule.alphaBar(t)) : k, noiseSeed);
		};
	}

	/**
	 * Runs the plan from {@code xStart} with any step kernel (plain or with data consistency): step k
	 * goes from plan.t(k) to plan.tNext(k) with noise seed {@code seed + k + 1}.
	 *
	 * @throws CancellationException if the listener cancels; nothing partial is returned
	 */
	public Batch run(final StepKernel kernel, final Batch xStart, final StepPlan plan, final long seed,
		final SamplerListener listener)
	{
		if (plan.first() >= schedule.steps())
			throw new IllegalArgumentException("Plan starts at t=" + plan.first() + " but the schedule has T=" + schedule.steps());
		Batch x = xStart;
		for (int k = 0; k < plan.size(); k++) {
			if (listener.isCancelled()) throw new CancellationException("Sampling cancelled at step " + (k + 1) + " of " + plan.size());
			x = kernel.step(x, plan.t(k), plan.tNext(k), seed + k + 1);
			final Batch current = x;
			listener.stepDone(k + 1, plan.size(), plan.t(k), plan.tNext(k), () -> current);
		}
		return x;
	}
}
