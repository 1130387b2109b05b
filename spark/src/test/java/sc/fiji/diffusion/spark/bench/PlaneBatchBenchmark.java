/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.sampler.Tweedie;
import sc.fiji.diffusion.spark.ModelBytes;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.RestorationProblem;
import sc.fiji.diffusion.task.Settings;

/**
 * Would batching a block's planes through the network pay? For n planes of a block region (side s:
 * block + 2 halo), times (1) the default denoising as {@code BlockRestorer} runs it, one
 * {@link Restoration#restore} per plane (mmse + the SURE/TV fallback), (2) the mmse network evaluation
 * alone, one plane per call, (3) the same for all n planes in one batch, and the largest relative
 * difference between (2) and (3). Usage: {@code PlaneBatchBenchmark [n] [side ...]} (default 8 planes,
 * sides 192 and 320), with the test class path.
 */
public final class PlaneBatchBenchmark {

	private PlaneBatchBenchmark() {}

	public static void main(final String[] args) throws Exception {
		final int n = args.length > 0 ? Integer.parseInt(args[0]) : 8;
		final int[] sides = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray() : new int[] { 192, 320 };
		final Path tmp = Files.createTempFile("bundle", ".zip");
		Files.write(tmp, ModelBytes.read("fluorescence-2d"));
		try (LoadedModel model = Models.openPath(tmp)) {
			final Restoration restoration = new Restoration(model);
			for (final int side : sides) {
				final Random r = new Random(1);
				final float[][] planes = new float[n][side * side];
				for (final float[] p : planes)
					for (int i = 0; i < p.length; i++) {
						final int x = i % side, y = i / side;
						p[i] = (float) (200 + 300 * Math.exp(-((x - side / 3.0) * (x - side / 3.0) + (y - side / 2.0) * (y - side / 2.0)) / (side * 4.0)) + 15 * r.nextGaussian());
					}
				final PercentileNormalization norm = PercentileNormalization.fit(planes[0]);
				final double sigma = 15, s = 2 / norm.range(), c = -1 - s * norm.pLow(), sigmaM = s * sigma;
				final Batch all = Batch.zeros(n, side, side, 1);
				for (int k = 0; k < n; k++)
					for (int i = 0; i < side * side; i++) all.data()[k * side * side + i] = (float) (s * planes[k][i] + c);
				for (int rep = 0; rep < 2; rep++) { // the first round warms up
					long t = System.nanoTime();
					for (int k = 0; k < n; k++)
						restoration.restore(RestorationProblem.denoising(planes[k], side, side), new Settings().seed(k).normalization(norm).noiseSigma(sigma), SamplerListener.NONE);
					final double restore = (System.nanoTime() - t) / 1e9;
					t = System.nanoTime();
					final float[][] single = new float[n][];
					for (int k = 0; k < n; k++) single[k] = Tweedie.denoise(model.eps, model.config.noiseSchedule(), all.image(k), sigmaM).data();
					final double one = (System.nanoTime() - t) / 1e9;
					t = System.nanoTime();
					final Batch batched = Tweedie.denoise(model.eps, model.config.noiseSchedule(), all, sigmaM);
					final double batch = (System.nanoTime() - t) / 1e9;
					double diff = 0, range = 0;
					for (int k = 0; k < n; k++)
						for (int i = 0; i < side * side; i++) {
							diff = Math.max(diff, Math.abs(single[k][i] - batched.data()[k * side * side + i]));
							range = Math.max(range, Math.abs(single[k][i]));
						}
					if (rep == 1)
						System.out.printf(Locale.ROOT, "%d planes of %dx%d: restore per plane %.2f s (%.3f s/plane); mmse network 1 plane/call %.2f s, %d planes/call %.2f s (ratio %.2f); "
							+ "max |batch - single| / max |single| %.2g; load %s%n", n, side, side, restore, restore / n, one, n, batch, one / batch, diff / range,
							Files.readString(Path.of("/proc/loadavg")).trim());
				}
			}
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}
}
