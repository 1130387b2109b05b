/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.sampler;

import java.util.SplittableRandom;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.model.ModelConfig;
import sc.fiji.diffusion.schedule.NoiseSchedule;

/**
 * The start of a truncated reverse process (Lyu et al. 2022, "Accelerating diffusion models via early stop
 * of the diffusion process"; Zheng et al. 2023, "Truncated diffusion probabilistic models"): instead of
 * x_{T-1} ~ N(0, I), generation starts at t_s from a Gaussian approximation of the forward marginal
 * q(x_{t_s}) that keeps the one property of the data the noise has not yet drowned there, each image's
 * overall brightness:
 * <pre>
 *   x_{t_s} = sqrt(abar_{t_s}) (m + s xi) + sqrt(1 - abar_{t_s}) z,   xi ~ N(0, 1) per image, z ~ N(0, I),
 * </pre>
 * with m the mean pixel value of the training patches and s the standard deviation of their per-patch
 * means ({@link ModelConfig.Statistics}). s is measured on training patches ({@code patchSize}, 64 for the
 * default priors) and used as is for any sample size; the brightness of larger images varies less, but at
 * t_s the start's brightness is still a weak signal (8 % of x_t at t = 700) that the reverse process
 * revises (with an exact analytic prior, samples get the prior's spread of brightness with or without
 * the s term: {@code GenerationTest}).
 * <p>
 * Why: an eps network reaches the mean brightness of its clean estimate x0Hat = (x_t - sqrt(1 - abar_t)
 * eps) / sqrt(abar_t) only through an error in eps multiplied by sqrt((1 - abar_t) / abar_t) (158 at
 * t = 999 of the linear schedule, 12 at t = 700). An error of 0.003 in the mean of eps, negligible in the
 * training loss, moves a sample's brightness by 0.5 when sampling from pure noise (fluorescence-2d:
 * half of the samples bright where 2.5 % of the training patches are; docs/models.md). From t_s = 700
 * the same error moves it by 0.04, and the start already carries the data's brightness.
 */
public final class TruncatedStart {

	/** The default start for T = 1000 (scaled to other T). */
	public static final int DEFAULT_START = 700;

	private TruncatedStart() {}

	/** {@link #DEFAULT_START} scaled to the schedule's T. */
	public static int defaultStart(final NoiseSchedule schedule) {
		final int T = schedule.steps();
		return Math.min(T - 1, (int) Math.round(DEFAULT_START * T / 1000.0));
	}

	/**
	 * Draws {@code n} images x_{t_s} of the class description; reproducible from {@code seed}.
	 *
	 * @throws IllegalArgumentException if {@code t} is outside the schedule
	 */
	public static Batch draw(final NoiseSchedule schedule, final int t, final ModelConfig.Statistics statistics, final int n,
		final int height, final int width, final int channels, final long seed)
	{
		if (t < 0 || t >= schedule.steps()) throw new IllegalArgumentException("Start timestep must be in [0, " + (schedule.steps() - 1) + "], got " + t);
		final Batch x = GaussianNoise.like(Batch.zeros(n, height, width, channels), seed);
		final double ab = schedule.alphaBar(t);
		final float noise = (float) Math.sqrt(1 - ab);
		final SplittableRandom rng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
		final int size = x.imageSize();
		for (int i = 0; i < n; i++) {
			final float signal = (float) (Math.sqrt(ab) * (statistics.mean + statistics.patchMeanStd * GaussianNoise.sample(rng)));
			for (int k = i * size; k < (i + 1) * size; k++) x.data()[k] = signal + noise * x.data()[k];
		}
		return x;
	}
}
