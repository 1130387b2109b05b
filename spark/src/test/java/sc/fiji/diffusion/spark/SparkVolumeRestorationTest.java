/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.spark.zarr.ChunkedVolume;
import sc.fiji.diffusion.task.Restoration;

/**
 * The Spark job on real files with the real default prior (bundled fluorescence-2d) and a real local
 * Spark: the same output as the single-JVM loop; a task whose first attempt fails still gives the complete,
 * identical output; a re-run skips finished blocks and restores only missing ones; block seams measured.
 */
class SparkVolumeRestorationTest {

	/** The test volume (x, y, z) and blocks: 2 x 2 x 2 blocks, halo 32 (cropped), 4 planes per block. */
	static final int W = 128, H = 128, D = 8;
	static final int[] BLOCK = { 4, 64, 64 }, HALO = { 0, 32, 32 };

	@TempDir
	static Path dir;
	static Path input;
	static float[] reference;
	static final PrintStream LOG = System.out;

	static VolumeRequest request() {
		return new VolumeRequest(Restoration.Task.DENOISE, BLOCK).halo(HALO).seed(7);
	}

	static JavaSparkContext spark(final String master) {
		return new JavaSparkContext(new SparkConf().setMaster(master).setAppName("test").set("spark.ui.enabled", "false").set("spark.driver.host", "localhost")
			.set("spark.ui.showConsoleProgress", "false"));
	}

	@BeforeAll
	static void singleJvmReference() throws Exception {
		input = dir.resolve("in.ome.zarr");
		// input chunks differ from the blocks, so blocks read across chunks
		TestVolumes.write(input, TestVolumes.noisy(TestVolumes.clean(D, H, W, 1), 40, 2), D, H, W, 3, true, new int[] { 2, 48, 48 });
		final long t = System.nanoTime();
		assertEquals(8, LocalVolumeRestoration.run(input, dir.resolve("reference.ome.zarr"), request(), LOG));
		LOG.printf(Locale.ROOT, "single JVM: %d blocks in %.1f s%n", 8, (System.nanoTime() - t) / 1e9);
		reference = TestVolumes.read(dir.resolve("reference.ome.zarr"));
	}

	@Test
	void sparkOutputEqualsTheSingleJvmRestoration() throws Exception {
		final Path out = dir.resolve("spark.ome.zarr");
		try (JavaSparkContext spark = spark("local[2]")) {
			final SparkVolumeRestoration.Report r = SparkVolumeRestoration.run(spark, input, out, request(), LOG);
			assertEquals(8, r.restored);
		}
		final double rel = TestVolumes.maxRelativeDifference(TestVolumes.read(out), reference);
		LOG.printf(Locale.ROOT, "spark local[2] vs single JVM: max relative difference %.3g%n", rel);
		assertTrue(rel <= 1e-5, "Spark differs from the single-JVM result by " + rel);
		final ChunkedVolume o = ChunkedVolume.open(out), in = ChunkedVolume.open(input);
		assertTrue(o.ome);
		assertEquals(3, o.array.format);
		assertArrayEquals(in.voxelSize(), o.voxelSize());
		assertEquals("micrometer", o.unit);
		assertEquals(1, ExecutorModels.loads(), "the model is loaded once per JVM");
	}

	@Test
	void aFailedFirstAttemptIsRetriedAndAReRunSkipsFinishedBlocks() throws Exception {
		final Path out = dir.resolve("retried.ome.zarr");
		try (JavaSparkContext spark = spark("local[2,2]")) { // 2 threads, a task may fail once
			final SparkVolumeRestoration.Report r = SparkVolumeRestoration.run(spark, input, out, request().failFirstAttemptOf(5), LOG);
			assertEquals(8, r.restored);
			final double rel = TestVolumes.maxRelativeDifference(TestVolumes.read(out), reference);
			LOG.printf(Locale.ROOT, "after a failed first attempt of block 5: max relative difference %.3g%n", rel);
			assertTrue(rel <= 1e-5, "the retried output differs by " + rel);
			try (java.util.stream.Stream<Path> files = Files.walk(out)) {
				assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count(), "no temporary chunk is left");
			}

			// a re-run of a complete output restores nothing
			final SparkVolumeRestoration.Report again = SparkVolumeRestoration.run(spark, input, out, request(), LOG);
			assertEquals(0, again.restored);
			assertEquals(8, again.skipped);

			// a killed run leaves some blocks unwritten: the re-run restores only those, to the same values
			final BlockGrid grid = new BlockGrid(new long[] { D, H, W }, BLOCK);
			Files.delete(ChunkedVolume.open(out).array.chunkFile(grid.blocks().get(2)));
			Files.delete(ChunkedVolume.open(out).array.chunkFile(grid.blocks().get(6)));
			final SparkVolumeRestoration.Report rest = SparkVolumeRestoration.run(spark, input, out, request(), LOG);
			assertEquals(2, rest.restored);
			assertEquals(6, rest.skipped);
			assertTrue(TestVolumes.maxRelativeDifference(TestVolumes.read(out), reference) <= 1e-5);
		}
	}
}
