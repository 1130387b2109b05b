/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import java.util.Locale;

import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.sampler.StepRule;

/**
 * One unconditional generation as a user asked for it, from any door (the command line's
 * {@code generate}, the Fiji command, a macro line). A new request holds the library's defaults; the doors
 * only copy what the user gave, and both print {@link #describe()} before they start.
 */
public final class GenerateRequest {

	/** The library's defaults. */
	public static final String DEFAULT_MODEL = "fluorescence-2d", DEFAULT_SAMPLER = "ddim";
	public static final int DEFAULT_COUNT = 4, DEFAULT_SIZE = 128, DEFAULT_STEPS = 50, DEFAULT_BATCH = 4;

	/** A bundled or installed model name, or a bundle path. */
	public String model = DEFAULT_MODEL;
	public int count = DEFAULT_COUNT, height = DEFAULT_SIZE, width = DEFAULT_SIZE, steps = DEFAULT_STEPS;
	/** ddim (deterministic, eta 0) or ddpm (ancestral). */
	public String sampler = DEFAULT_SAMPLER;
	/** Start timestep; -1: {@link Generation#defaultStart}. */
	public int t0 = -1;
	/** x0Hat clipped to [-clip, clip] at every step; 0: no clip. */
	public double clip = Generation.DEFAULT_X0_CLIP;
	/** Samples computed together in one network batch (at most {@code count}). */
	public int batch = DEFAULT_BATCH;
	public long seed;

	/**
	 * The generation for {@code loaded} (this request's model, opened by the caller).
	 *
	 * @throws IllegalArgumentException for values out of range, with what to change
	 */
	public Generation generation(final LoadedModel loaded) {
		validate();
		return new Generation(loaded, StepRule.parse(sampler), steps, clip > 0 ? clip : Double.POSITIVE_INFINITY).start(t0);
	}

	/** @throws IllegalArgumentException for values out of range */
	public void validate() {
		if (model == null || model.trim().isEmpty()) throw new IllegalArgumentException("No model: give a bundled or installed name, or a bundle path");
		if (count < 1 || batch < 1) throw new IllegalArgumentException("count and batch must be >= 1, got " + count + " and " + batch);
		if (width < 8 || height < 8) throw new IllegalArgumentException("Samples must be at least 8x8 pixels, got " + height + "x" + width);
		if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
		if (!(clip >= 0)) throw new IllegalArgumentException("clip must be >= 0 (0: no clip), got " + clip);
		StepRule.parse(sampler);
	}

	/** The batch actually used: at most {@code count}. */
	public int effectiveBatch() { return Math.min(batch, count); }

	/** Every setting of the request, the same text from every door. */
	public String describe() {
		return String.format(Locale.ROOT, "model=%s count=%d size=%dx%d steps=%d sampler=%s t0=%s clip=%s batch=%d seed=%d", model.trim(), count, height, width, steps,
			sampler.trim().toLowerCase(Locale.ROOT), t0 < 0 ? "default" : Integer.toString(t0), clip > 0 ? Double.toString(clip) : "none", effectiveBatch(), seed);
	}
}
