/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.diffusion.task.Restoration;

/**
 * The block-wise restoration in one JVM, without Spark: the same plan, statistics, blocks, seeds and
 * {@link BlockRestorer} as {@link SparkVolumeRestoration}, one block after the other. The reference that
 * the Spark output is compared with, and a way to run on one machine without a Spark context.
 */
public final class LocalVolumeRestoration {

	private LocalVolumeRestoration() {}

	/** Restores {@code in} into {@code out}, skipping blocks already written; returns the blocks restored. */
	public static int run(final Path in, final Path out, final VolumeRequest request, final PrintStream log) throws IOException {
		final VolumePlan plan = VolumePlan.prepare(in, out, request);
		VolumeStatistics stats = plan.storedStatistics();
		if (stats == null) {
			final List<VolumeStatistics.Sample> samples = new ArrayList<>();
			for (final long[] b : plan.grid.blocks())
				samples.add(VolumeStatistics.sample(plan.input.array, plan.grid, b, Double.isNaN(request.noiseSigma())));
			stats = VolumeStatistics.of(samples, request.noiseSigma());
			plan.store(stats);
		}
		final List<long[]> pending = plan.pendingBlocks();
		log.println("restore-volume (one JVM): " + plan.grid + ", " + pending.size() + " to restore; " + stats);
		final Restoration r = ExecutorModels.restoration(plan.modelSha256, () -> plan.model);
		final BlockRestorer restorer = new BlockRestorer(r, plan.request, stats);
		final BlockProgress progress = new BlockProgress(plan.grid.blocks().size(), plan.grid.blocks().size() - pending.size(), log);
		for (final long[] b : pending) {
			plan.output.array.writeChunk(restorer.restore(plan.input.array, plan.grid, b), b);
			progress.blockDone();
		}
		return pending.size();
	}
}
