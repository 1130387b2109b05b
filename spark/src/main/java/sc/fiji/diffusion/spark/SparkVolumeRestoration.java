/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import sc.fiji.diffusion.spark.zarr.ZarrArray;
import sc.fiji.diffusion.task.Restoration;

/**
 * The block-wise restoration on Spark. The driver prepares the {@link VolumePlan}, computes the volume's
 * {@link VolumeStatistics} with one task per block (or reads them from an earlier run), leaves out the
 * blocks whose output chunk exists, broadcasts the model bundle's bytes and runs one task per remaining
 * block. A task loads the model once per executor JVM ({@link ExecutorModels}), restores its block
 * ({@link BlockRestorer}) and writes it as one chunk, atomically ({@link ZarrArray#writeChunk}). A
 * failed or lost task leaves no chunk behind and is retried by Spark ({@code spark.task.maxFailures});
 * a killed job, run again with the same request, restores only the missing blocks. The driver prints
 * progress (blocks done, ETA) as tasks end.
 */
public final class SparkVolumeRestoration {

	/** The job group of the restoration tasks (what the progress counts). */
	static final String JOB_GROUP = "diffusion-restore-volume";

	/** What a run did. */
	public static final class Report {
		public final int blocks, restored, skipped;
		public final double seconds;

		Report(final int blocks, final int restored, final int skipped, final double seconds) {
			this.blocks = blocks;
			this.restored = restored;
			this.skipped = skipped;
			this.seconds = seconds;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%d blocks: %d restored, %d skipped as complete, %.1f s", blocks, restored, skipped, seconds);
		}
	}

	private SparkVolumeRestoration() {}

	/** Restores {@code in} into {@code out} on {@code spark}; see the class description. */
	public static Report run(final JavaSparkContext spark, final Path in, final Path out, final VolumeRequest request, final PrintStream log) throws IOException {
		final long start = System.nanoTime();
		final VolumePlan plan = VolumePlan.prepare(in, out, request);
		final ZarrArray input = plan.input.array;
		final BlockGrid grid = plan.grid;
		final List<long[]> blocks = grid.blocks();
		log.println("restore-volume: " + plan.input + " -> " + plan.output.root() + ", " + grid + ", halo (z, y, x) " + java.util.Arrays.toString(plan.request.halo()));
		log.println("request: " + plan.request.describe());
		VolumeStatistics stats = plan.storedStatistics();
		if (stats == null) {
			final boolean estimate = Double.isNaN(request.noiseSigma());
			final List<VolumeStatistics.Sample> samples = spark.parallelize(blocks, Math.max(1, Math.min(blocks.size(), 4 * spark.defaultParallelism())))
				.map(b -> VolumeStatistics.sample(input, grid, b, estimate)).collect();
			stats = VolumeStatistics.of(samples, request.noiseSigma());
			plan.store(stats);
		}
		log.println("volume statistics: " + stats);
		final List<long[]> pending = plan.pendingBlocks();
		final BlockProgress progress = new BlockProgress(blocks.size(), blocks.size() - pending.size(), log);
		if (!pending.isEmpty()) {
			final Broadcast<byte[]> model = spark.broadcast(plan.model);
			final ProgressListener listener = new ProgressListener(progress);
			spark.sc().addSparkListener(listener);
			try {
				spark.setJobGroup(JOB_GROUP, "restore " + pending.size() + " blocks", false);
				spark.parallelize(pending, pending.size()).foreach(new BlockTask(input, plan.output.array, grid, plan.request, stats, model, plan.modelSha256));
				// the listener bus is asynchronous: let the last task ends reach the progress before the listener goes
				for (int i = 0; i < 500 && progress.done() < pending.size(); i++) Thread.sleep(10);
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			finally {
				spark.clearJobGroup();
				spark.sc().removeSparkListener(listener);
				model.destroy();
			}
		}
		final Report r = new Report(blocks.size(), pending.size(), blocks.size() - pending.size(), (System.nanoTime() - start) / 1e9);
		log.println("restore-volume: " + r);
		return r;
	}

	/** One block: restore, then write its chunk. */
	private static final class BlockTask implements VoidFunction<long[]> {
		private static final long serialVersionUID = 1L;
		private final ZarrArray input, output;
		private final BlockGrid grid;
		private final VolumeRequest request;
		private final VolumeStatistics stats;
		private final Broadcast<byte[]> model;
		private final String sha256;

		BlockTask(final ZarrArray input, final ZarrArray output, final BlockGrid grid, final VolumeRequest request, final VolumeStatistics stats,
			final Broadcast<byte[]> model, final String sha256)
		{
			this.input = input;
			this.output = output;
			this.grid = grid;
			this.request = request;
			this.stats = stats;
			this.model = model;
			this.sha256 = sha256;
		}

		@Override
		public void call(final long[] b) throws Exception {
			final Restoration r = ExecutorModels.restoration(sha256, model::value);
			final float[] chunk = new BlockRestorer(r, request, stats).restore(input, grid, b);
			final TaskContext task = TaskContext.get();
			if (request.failFirstAttemptOf() == grid.index(b) && task != null && task.attemptNumber() == 0)
				throw new IllegalStateException("Injected failure of the first attempt of block " + grid.index(b) + " (restored, not written)");
			output.writeChunk(chunk, b);
		}
	}

	/** Counts the successful tasks of the restoration jobs. */
	private static final class ProgressListener extends SparkListener {
		private final BlockProgress progress;
		private final Set<Integer> stages = new HashSet<>();

		ProgressListener(final BlockProgress progress) { this.progress = progress; }

		@Override
		public synchronized void onStageSubmitted(final SparkListenerStageSubmitted stage) {
			if (stage.properties() != null && JOB_GROUP.equals(stage.properties().getProperty("spark.jobGroup.id"))) stages.add(stage.stageInfo().stageId());
		}

		@Override
		public synchronized void onTaskEnd(final SparkListenerTaskEnd end) {
			if (stages.contains(end.stageId()) && end.taskInfo().successful()) progress.blockDone();
		}
	}
}
