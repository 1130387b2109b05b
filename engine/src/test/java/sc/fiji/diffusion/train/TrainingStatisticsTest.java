/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.model.ModelConfig;

/** Training statistics of a source with known brightness: patch = c + checkerboard, c ~ N(-0.5, 0.2^2). */
class TrainingStatisticsTest {

	static PatchSource source(final float bad) {
		return new PatchSource() {
			@Override
			public Batch next(final int batchSize, final int patchSize, final SplittableRandom rng) {
				final Batch b = Batch.zeros(batchSize, patchSize, patchSize, 1);
				final int size = patchSize * patchSize;
				for (int i = 0; i < batchSize; i++) {
					final double c = -0.5 + 0.2 * GaussianNoise.sample(rng);
					for (int k = 0; k < size; k++) b.data()[i * size + k] = (float) (c + ((k / patchSize + k % patchSize) % 2 == 0 ? 0.7 : -0.7));
				}
				b.data()[0] += bad;
				return b;
			}

			@Override public String description() { return "test"; }
		};
	}

	@Test
	void meanAndSpreadOfPatchMeans() {
		final ModelConfig.Statistics st = TrainingStatistics.measure(source(0), 16, 1000, 1);
		// standard errors: mean 0.0063, spread 0.0045
		assertEquals(-0.5, st.mean, 0.02);
		assertEquals(0.2, st.patchMeanStd, 0.015);
		assertEquals(16, st.patchSize);
		assertEquals(1000, st.patches);
		final ModelConfig.Statistics again = TrainingStatistics.measure(source(0), 16, 1000, 1);
		assertEquals(st.mean, again.mean, "reproducible from the seed");
	}

	@Test
	void nonFinitePatchesAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> TrainingStatistics.measure(source(Float.NaN), 8, 10, 1));
		assertThrows(IllegalArgumentException.class, () -> TrainingStatistics.measure(source(0), 8, 1, 1));
	}
}
