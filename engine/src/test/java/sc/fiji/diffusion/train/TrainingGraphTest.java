/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.model.TestNetworks;
import sc.fiji.diffusion.model.UNetConfig;
import sc.fiji.diffusion.model.VariableParameters;
import sc.fiji.diffusion.model.Weights;
import sc.fiji.diffusion.schedule.NoiseSchedule;

class TrainingGraphTest {

	/** Smooth blobs at random places: a structured distribution a network can learn quickly. */
	static Batch blobs(final int n, final int size, final long seed) {
		final java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
		final Batch b = Batch.zeros(n, size, size, 1);
		for (int i = 0; i < n; i++) {
			final double cx = rng.nextDouble(size), cy = rng.nextDouble(size);
			for (int y = 0; y < size; y++)
				for (int x = 0; x < size; x++) {
					final double r2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 16.0;
					b.data()[(i * size + y) * size + x] = (float) (2 * Math.exp(-r2) - 1);
				}
		}
		return b;
	}

	@Test
	void tinyTrainingRunLowersTheLoss() {
		final UNetConfig config = TestNetworks.tinyConfig();
		final Batch eval = blobs(16, 16, 999);
		try (TrainingGraph g = new TrainingGraph(config, NoiseSchedule.linear(1000), VariableParameters.initialWeights(config, 1), 2e-3f)) {
			double before = 0, after = 0;
			for (int k = 0; k < 4; k++) before += g.evaluate(eval, 77, k);
			for (int step = 0; step < 150; step++) g.step(blobs(16, 16, step), 5, step, 0.99);
			for (int k = 0; k < 4; k++) after += g.evaluate(eval, 77, k);
			assertTrue(after < 0.7 * before, "loss " + before / 4 + " -> " + after / 4);
		}
	}

	@Test
	void checkpointRestoresEveryVariable(@TempDir final Path dir) throws Exception {
		final UNetConfig config = TestNetworks.tinyConfig();
		final String prefix = dir.resolve("ckpt").toString();
		final Weights trained, trainedEma;
		final float nextLoss;
		try (TrainingGraph g = new TrainingGraph(config, NoiseSchedule.linear(1000), VariableParameters.initialWeights(config, 1), 1e-3f)) {
			for (int step = 0; step < 5; step++) g.step(blobs(4, 16, step), 5, step, 0.9);
			g.save(prefix);
			trained = g.weights();
			trainedEma = g.emaWeights();
			nextLoss = g.step(blobs(4, 16, 5), 5, 5, 0.9);
			g.step(blobs(4, 16, 6), 5, 6, 0.9);
		}
		assertTrue(Files.list(dir).anyMatch(p -> p.getFileName().toString().startsWith("ckpt")));
		try (TrainingGraph g = new TrainingGraph(config, NoiseSchedule.linear(1000), VariableParameters.initialWeights(config, 2), 1e-3f)) {
			g.restore(prefix);
			for (final String name : trained.asMap().keySet()) {
				assertArrayEquals(trained.get(name).values, g.weights().get(name).values, name);
				assertArrayEquals(trainedEma.get(name).values, g.emaWeights().get(name).values, name);
			}
			// Adam state restored too: the next step is the same step
			assertEquals(nextLoss, g.step(blobs(4, 16, 5), 5, 5, 0.9), 1e-6f);
		}
	}
}
