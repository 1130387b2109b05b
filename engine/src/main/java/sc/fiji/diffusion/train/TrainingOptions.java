/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.train;

import sc.fiji.diffusion.task.Settings;


/**
 * Settings of a training run. Defaults suit a 2-core CPU: 64x64 patches, batch 8, learning rate 2e-4
 * (DDPM), EMA decay 0.999, a checkpoint every 500 steps.
 */
public final class TrainingOptions {

	public int patch = 64;
	public long steps = 10_000;
	public int batch = 8;
	public float learningRate = 2e-4f;
	public double emaDecay = 0.999;
	public long seed = 1;
	public long checkpointEvery = 500;
	public long logEvery = 50;

	/** Throws {@link IllegalArgumentException} naming the first invalid setting. */
	public TrainingOptions validate() {
		if (patch < 8) throw new IllegalArgumentException("patch size must be >= 8, got " + patch);
		if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
		if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
		if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
		if (!(emaDecay >= 0 && emaDecay < 1)) throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + emaDecay);
		if (checkpointEvery < 1 || logEvery < 1) throw new IllegalArgumentException("checkpoint and log intervals must be >= 1");
		return this;
	}
}
