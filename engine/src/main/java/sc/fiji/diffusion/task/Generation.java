/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import java.util.function.Supplier;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.sampler.Sampler;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.sampler.StepRule;
import sc.fiji.diffusion.sampler.TruncatedStart;
import sc.fiji.diffusion.schedule.NoiseSchedule;
import sc.fiji.diffusion.schedule.StepPlan;

/**
 * Unconditional generation: draws {@code count} images from the model's prior, {@code batchSize} images
 * at a time through the network's batch dimension. Models whose bundle records the training statistics
 * start at t_s = {@link TruncatedStart#defaultStart} (700 for T = 1000) from {@link TruncatedStart};
 * others (and a start of T - 1) from pure noise x_{T-1} ~ N(0, I). The plan is {@code StepPlan.uniform(T, steps).from(t_s)}.
 * Results are in the model's normalised range (about [-1, 1]).
 */
public final class Generation {

	/**
	 * The default x0Hat clip of generation: x0Hat is kept in [-1, 1], the range the training
	 * normalisation maps the 1st-99.8th percentiles to (Ho et al. 2020 clip x0Hat the same way). Without
	 * it, an undertrained prior's samples drift far outside the data's range (on mri-brain-t1 at 5,000
	 * steps: samples with mean -3.3, docs/models.md).
	 */
	public static final double DEFAULT_X0_CLIP = 1;

	private final LoadedModel model;
	private final StepRule rule;
	private final int steps;
	private final double x0Clip;
	private int start = -1;

	/** Generation with {@link #DEFAULT_X0_CLIP}; {@code steps}: sampler steps, respaced uniformly over the model's T timesteps. */
	public Generation(final LoadedModel model, final StepRule rule, final int steps) {
		this(model, rule, steps, DEFAULT_X0_CLIP);
	}

	/** @param x0Clip x0Hat clipped to [-x0Clip, x0Clip] at every step; +infinity: no clip */
	public Generation(final LoadedModel model, final StepRule rule, final int steps, final double x0Clip) {
		this.model = model;
		this.rule = rule;
		this.steps = steps;
		this.x0Clip = x0Clip;
	}

	/**
	 * The start timestep t_s: T - 1 for pure noise, less for a {@link TruncatedStart} (which needs the
	 * model's training statistics); -1: {@link #defaultStart}.
	 */
	public Generation start(final int t) {
		if (t < -1) throw new IllegalArgumentException("Start timestep must be -1 (default) or in [0, T - 1], got " + t);
		start = t;
		return this;
	}

	/** {@link TruncatedStart#defaultStart} for models with training statistics, else T - 1 (pure noise). */
	public static int defaultStart(final LoadedModel model) {
		final NoiseSchedule schedule = model.config.noiseSchedule();
		return model.config.statistics != null ? TruncatedStart.defaultStart(schedule) : schedule.steps() - 1;
	}

	/**
	 * The start timestep this generation uses.
	 *
	 * @throws IllegalArgumentException if it is outside [0, T - 1], or below T - 1 for a model without
	 *         training statistics
	 */
	public int startTimestep() {
		final int T = model.eps.timesteps();
		final int t = start < 0 ? defaultStart(model) : start;
		if (t >= T) throw new IllegalArgumentException("Start timestep must be in [0, " + (T - 1) + "], got " + t);
		if (t < T - 1 && model.config.statistics == null)
			throw new IllegalArgumentException("Model " + model.config.name + " records no training statistics (its bundle predates them), so "
				+ "generation can only start from pure noise (start " + (T - 1) + "); retrain or resume its training to add them");
		return t;
	}

	/** One line: where sampling starts. */
	public String describeStart() {
		final int t = startTimestep();
		if (t == model.eps.timesteps() - 1) return "from pure noise at t=" + t;
		final var st = model.config.statistics;
		return String.format(java.util.Locale.ROOT, "from t=%d at the training patches' brightness (mean %.3f, spread %.3f)", t, st.mean, st.patchMeanStd);
	}

	/**
	 * @param listener sees progress over all batches (step k of steps x batches) and may cancel
	 * @return {@code count} images of {@code height x width}; image i is reproducible from {@code seed}
	 *         and the batch size
	 */
	public Batch generate(final int count, final int height, final int width, final int batchSize, final long seed,
		final SamplerListener listener)
	{
		if (count < 1) throw new IllegalArgumentException("count must be >= 1, got " + count);
		if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
		final NoiseSchedule schedule = model.config.noiseSchedule();
		final Sampler sampler = new Sampler(schedule, rule, x0Clip);
		final int tStart = startTimestep();
		final StepPlan plan = StepPlan.uniform(model.eps.timesteps(), steps).from(tStart);
		final int c = model.eps.channels();
		final Batch out = Batch.zeros(count, height, width, c);
		final int chunks = (count + batchSize - 1) / batchSize;
		for (int k = 0; k < chunks; k++) {
			final int n = Math.min(batchSize, count - k * batchSize);
			final int chunk = k;
			final SamplerListener overall = new SamplerListener() {
				@Override
				public void stepDone(final int s, final int total, final int t, final int tNext, final Supplier<Batch> current) {
					listener.stepDone(chunk * total + s, chunks * total, t, tNext, current);
				}

				@Override
				public boolean isCancelled() { return listener.isCancelled(); }
			};
			final long chunkSeed = seed + 1_000_003L * k;
			final Batch x = tStart == schedule.steps() - 1 ? sampler.generate(model.eps, n, height, width, plan, chunkSeed, overall)
				: sampler.run(model.eps, TruncatedStart.draw(schedule, tStart, model.config.statistics, n, height, width, model.eps.channels(), chunkSeed),
					plan, chunkSeed, overall);
			System.arraycopy(x.data(), 0, out.data(), k * batchSize * out.imageSize(), x.data().length);
		}
		return out;
	}
}
