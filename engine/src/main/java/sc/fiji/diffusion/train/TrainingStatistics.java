/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.train;

import java.util.SplittableRandom;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.model.ModelConfig;

/**
 * Measures {@link ModelConfig.Statistics} of a training source: the mean pixel value m of its patches and
 * the standard deviation s of the per-patch means, over patches drawn exactly as training draws them
 * (same size, same augmentation), from a fixed seed.
 */
public final class TrainingStatistics {

	/** Patches measured by the trainer. */
	public static final int PATCHES = 1000;

	private static final int CHUNK = 50;

	private TrainingStatistics() {}

	/**
	 * @param patches number of patches of {@code patchSize x patchSize} drawn from {@code data} (at least 2)
	 * @throws IllegalArgumentException if a patch contains a value that is not finite
	 */
	public static ModelConfig.Statistics measure(final PatchSource data, final int patchSize, final int patches, final long seed) {
		if (patches < 2) throw new IllegalArgumentException("Need at least 2 patches for statistics, got " + patches);
		final SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
		final double[] means = new double[patches];
		for (int done = 0; done < patches; ) {
			final int n = Math.min(CHUNK, patches - done);
			final Batch b = data.next(n, patchSize, rng);
			b.requireFinite("A training patch");
			final int size = b.imageSize();
			for (int i = 0; i < n; i++) {
				double sum = 0;
				for (int k = i * size; k < (i + 1) * size; k++) sum += b.data()[k];
				means[done + i] = sum / size;
			}
			done += n;
		}
		double m = 0;
		for (final double v : means) m += v;
		m /= patches;
		double ss = 0;
		for (final double v : means) ss += (v - m) * (v - m);
		return new ModelConfig.Statistics(m, Math.sqrt(ss / (patches - 1)), patchSize, patches);
	}
}
