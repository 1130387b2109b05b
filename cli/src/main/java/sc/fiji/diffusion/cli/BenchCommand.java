/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.sampler.Sampler;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.sampler.StepRule;
import sc.fiji.diffusion.schedule.StepPlan;

/**
 * Prints speed figures (a benchmark, not a test): for each batch size, the median seconds of one
 * network evaluation ({@code eps}), of one fused step ({@code step}: network + noise + update in one
 * session call) and of one step of the full sampler loop, and the share of a sampler step spent outside
 * the network evaluation.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
	description = "Measure seconds per network evaluation and per sampler step on this machine.")
final class BenchCommand implements Callable<Integer> {

	@Option(names = "--model", defaultValue = "demo-cells", description = "Model to measure (default: ${DEFAULT-VALUE}).")
	String model;

	@Option(names = "--size", defaultValue = "256", description = "Image size (square) in pixels (default: ${DEFAULT-VALUE}).")
	int size;

	@Option(names = "--batch", split = ",", defaultValue = "1,8", description = "Batch sizes to measure (default: ${DEFAULT-VALUE}).")
	int[] batches;

	@Option(names = "--repeats", defaultValue = "5", description = "Timed repetitions per figure, after one warm-up (default: ${DEFAULT-VALUE}).")
	int repeats;

	@Override
	public Integer call() throws Exception {
		if (size < 16) throw new IllegalArgumentException("--size must be at least 16 pixels, got " + size);
		if (repeats < 1) throw new IllegalArgumentException("--repeats must be at least 1, got " + repeats);
		for (final int n : batches)
			if (n < 1) throw new IllegalArgumentException("--batch sizes must be at least 1, got " + n);
		try (LoadedModel m = Models.open(model)) {
			System.out.println("model " + m.source + ": " + m.config.unet() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
			System.out.println("size     batch  eps_s    step_s   sampler_step_s  per_image_s  outside_network");
			for (final int n : batches) {
				final Batch x = GaussianNoise.like(Batch.zeros(n, size, size, m.eps.channels()), 1);
				// the middle of the model's schedule, and its last timestep (any T, not only 1000)
				final int T = m.eps.timesteps(), mid = T / 2;
				final int[] t = new int[n];
				Arrays.fill(t, mid);
				final double eps = median(() -> m.eps.eps(x, t));
				final Sampler sampler = new Sampler(m.config.noiseSchedule(), StepRule.ddpm());
				final double step = median(() -> m.eps.step(x, t, sampler.rule().coefficients(sampler.schedule(), mid, mid - 1), 3));
				final StepPlan plan = StepPlan.uniform(T, repeats + 1);
				sampler.run(m.eps, x, StepPlan.of(T - 1, mid), 0, SamplerListener.NONE); // warm-up
				final long start = System.nanoTime();
				sampler.run(m.eps, x, plan, 0, SamplerListener.NONE);
				final double samplerStep = (System.nanoTime() - start) / 1e9 / plan.size();
				System.out.println(String.format(Locale.ROOT, "%-8s %-6d %-8.3f %-8.3f %-15.3f %-12.3f %.1f%%",
					size + "x" + size, n, eps, step, samplerStep, samplerStep / n, 100 * Math.max(0, samplerStep - eps) / samplerStep));
			}
		}
		return 0;
	}

	private double median(final Runnable r) {
		r.run(); // warm-up: the first session run optimises the graph
		final double[] s = new double[repeats];
		for (int k = 0; k < repeats; k++) {
			final long start = System.nanoTime();
			r.run();
			s[k] = (System.nanoTime() - start) / 1e9;
		}
		Arrays.sort(s);
		return s[repeats / 2];
	}
}
