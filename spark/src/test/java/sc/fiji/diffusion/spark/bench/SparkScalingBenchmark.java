/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.spark.LocalVolumeRestoration;
import sc.fiji.diffusion.spark.SparkVolumeRestoration;
import sc.fiji.diffusion.spark.TestVolumesAccess;
import sc.fiji.diffusion.spark.VolumeRequest;
import sc.fiji.diffusion.task.Restoration;

/**
 * Throughput of the Spark job on this machine (a main, not a test; docs/spark.md quotes its output):
 * <ol>
 * <li>scaling: the denoising default on a 256x256x16 volume in blocks of 128x128x16 (halo 32) with
 * {@code local[1]} and {@code local[2]} (one and two task slots in one executor JVM), and their
 * throughput ratio;</li>
 * <li>cost model: seconds per gigavoxel per core of each task's default (denoise: mmse; deconvolve:
 * pnp, Gaussian PSF sigma 1.5) with {@code local[2]} on 2 cores, per output voxel and per restored
 * (halo included) voxel;</li>
 * <li>the issue's volume: 256x256x32 in one block of 256x256x32 with {@code local[2]}, against the
 * single-JVM loop (max relative difference).</li>
 * </ol>
 * Usage: {@code java -cp ... sc.fiji.diffusion.spark.bench.SparkScalingBenchmark [scaling] [cost] [issue]}
 * (all three by default). Prints the load average with each figure: the CPU may be shared.
 */
public final class SparkScalingBenchmark {

	private static final PrintStream OUT = System.out;

	public static void main(final String[] args) throws Exception {
		final java.util.List<String> parts = args.length == 0 ? java.util.Arrays.asList("scaling", "cost", "issue") : java.util.Arrays.asList(args);
		final Path dir = Files.createTempDirectory("spark-bench-");
		try {
			if (parts.contains("scaling")) scaling(dir);
			if (parts.contains("cost")) cost(dir);
			if (parts.contains("issue")) issueVolume(dir);
		}
		finally {
			try (java.util.stream.Stream<Path> w = Files.walk(dir)) {
				w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	static JavaSparkContext spark(final String master) {
		return new JavaSparkContext(new SparkConf().setMaster(master).setAppName("bench").set("spark.ui.enabled", "false").set("spark.driver.host", "localhost"));
	}

	static String load() throws Exception {
		return new String(Files.readAllBytes(Path.of("/proc/loadavg"))).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
	}

	static double timed(final String master, final Path in, final Path out, final VolumeRequest request) throws Exception {
		try (JavaSparkContext spark = spark(master)) {
			spark.setLogLevel("WARN");
			final long t = System.nanoTime();
			SparkVolumeRestoration.run(spark, in, out, request, new PrintStream(java.io.OutputStream.nullOutputStream()));
			return (System.nanoTime() - t) / 1e9;
		}
	}

	static void scaling(final Path dir) throws Exception {
		final int d = 16, h = 256, w = 256;
		final Path in = TestVolumesAccess.noisyVolume(dir.resolve("scaling.ome.zarr"), d, h, w);
		final int[] block = { 16, 128, 128 }, halo = { 0, 32, 32 };
		// warm-up (TensorFlow's first graph optimisation, JIT) on one block, not timed
		timed("local[2]", in, dir.resolve("warm.ome.zarr"), new VolumeRequest(Restoration.Task.DENOISE, new int[] { 16, 256, 256 }).halo(halo));
		final double[] s = new double[2];
		final String[] loads = new String[2];
		for (int k = 1; k <= 2; k++) {
			loads[k - 1] = load();
			s[k - 1] = timed("local[" + k + "]", in, dir.resolve("scaling-" + k + ".ome.zarr"), new VolumeRequest(Restoration.Task.DENOISE, block).halo(halo));
			OUT.printf(Locale.ROOT, "scaling: denoise %dx%dx%d, 4 blocks of 128x128x16, halo 32, local[%d]: %.1f s, %.0f voxels/s (load before: %s)%n", w, h, d, k, s[k - 1],
				(double) w * h * d / s[k - 1], loads[k - 1]);
		}
		OUT.printf(Locale.ROOT, "scaling: throughput local[2] / local[1] = %.2f (load after: %s)%n", s[0] / s[1], load());
	}

	static void cost(final Path dir) throws Exception {
		final int d = 4, h = 256, w = 256;
		final Path in = TestVolumesAccess.noisyVolume(dir.resolve("cost.ome.zarr"), d, h, w);
		final int[] block = { 4, 128, 128 }, halo = { 0, 32, 32 };
		final double voxels = (double) w * h * d, restored = 4.0 * 160 * 160 * d;
		for (final Restoration.Task task : new Restoration.Task[] { Restoration.Task.DENOISE, Restoration.Task.DECONVOLVE }) {
			final VolumeRequest r = new VolumeRequest(task, block).halo(halo);
			if (task == Restoration.Task.DECONVOLVE) r.psf(Psfs.gaussian2D(1.5));
			final String before = load();
			final double s = timed("local[2]", in, dir.resolve("cost-" + task.id() + ".ome.zarr"), r);
			OUT.printf(Locale.ROOT, "cost: %s default (%s), %dx%dx%d in 4 blocks of 128x128x4, halo 32, local[2] on 2 cores: %.1f s = %.0f core-s per gigavoxel of output, "
				+ "%.0f core-s per gigavoxel restored (halo included, %.2fx the output) (load before: %s, after: %s)%n", task.id(),
				r.settings().describe(task).replaceAll(" noise=.*", ""), w, h, d, s, 2 * s / (voxels / 1e9), 2 * s / (restored / 1e9), restored / voxels, before, load());
		}
	}

	static void issueVolume(final Path dir) throws Exception {
		final int d = 32, h = 256, w = 256;
		final Path in = TestVolumesAccess.noisyVolume(dir.resolve("issue.ome.zarr"), d, h, w);
		final int[] block = { 32, 256, 256 };
		final String before = load();
		final long t = System.nanoTime();
		LocalVolumeRestoration.run(in, dir.resolve("issue-local.ome.zarr"), new VolumeRequest(Restoration.Task.DENOISE, block), new PrintStream(java.io.OutputStream.nullOutputStream()));
		final double local = (System.nanoTime() - t) / 1e9;
		final double spark = timed("local[2]", in, dir.resolve("issue-spark.ome.zarr"), new VolumeRequest(Restoration.Task.DENOISE, block));
		final double rel = TestVolumesAccess.maxRelativeDifference(dir.resolve("issue-spark.ome.zarr"), dir.resolve("issue-local.ome.zarr"));
		OUT.printf(Locale.ROOT, "issue volume: denoise 256x256x32, one block 256x256x32 (default halo 145, clipped): single JVM %.1f s, Spark local[2] %.1f s; "
			+ "max relative difference %.3g (load before: %s, after: %s)%n", local, spark, rel, before, load());
	}
}
