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
 * Spark: the same output as the single-JVM loop on the 256x256x32 volume; a task whose first attempt fails still gives the complete,
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
	void sparkOutputEqualsTheSingleJvmRestorationOnA256x256x32Volume() throws Exception {
		// the volume, as OME-Zarr v2 (the small one is v3); blocks of whole planes (the x-y seams are measured below)
		final int d = 32, h = 256, w = 256;
		final Path in = dir.resolve("big.ome.zarr");
		TestVolumes.write(in, TestVolumes.noisy(TestVolumes.clean(d, h, w, 3), 40, 4), d, h, w, 2, true, new int[] { 16, 128, 128 });
		final VolumeRequest request = new VolumeRequest(Restoration.Task.DENOISE, new int[] { 8, 256, 256 }).seed(11); // default halo, clipped to the plane
		long t = System.nanoTime();
		assertEquals(4, LocalVolumeRestoration.run(in, dir.resolve("big-local.ome.zarr"), request, LOG));
		final double local = (System.nanoTime() - t) / 1e9;
		final Path out = dir.resolve("big-spark.ome.zarr");
		t = System.nanoTime();
		try (JavaSparkContext spark = spark("local[2]")) {
			final SparkVolumeRestoration.Report r = SparkVolumeRestoration.run(spark, in, out,
				new VolumeRequest(Restoration.Task.DENOISE, new int[] { 8, 256, 256 }).seed(11), LOG);
			assertEquals(4, r.restored);
		}
		final double rel = TestVolumes.maxRelativeDifference(TestVolumes.read(out), TestVolumes.read(dir.resolve("big-local.ome.zarr")));
		LOG.printf(Locale.ROOT, "256x256x32 in 4 blocks: single JVM %.1f s, Spark local[2] %.1f s (context included); max relative difference %.3g%n", local,
			(System.nanoTime() - t) / 1e9, rel);
		assertTrue(rel <= 1e-5, "Spark differs from the single-JVM result by " + rel);
		final ChunkedVolume o = ChunkedVolume.open(out), i = ChunkedVolume.open(in);
		assertTrue(o.ome);
		assertEquals(2, o.array.format, "the output keeps the input's layout");
		assertArrayEquals(i.voxelSize(), o.voxelSize());
		assertEquals("micrometer", o.unit);
		assertArrayEquals(new int[] { 8, 256, 256 }, o.array.chunks(), "one chunk per block");
		assertEquals(1, ExecutorModels.loads(), "the model is loaded once per JVM, whatever the tasks and runs");
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

	@Test
	void blockSeamsAreMeasured() throws Exception {
		// the same volume restored as one block (no seams) and in 2 x 2 x 2 blocks with a halo of 32, cropped
		final Path whole = dir.resolve("whole.ome.zarr");
		LocalVolumeRestoration.run(input, whole, new VolumeRequest(Restoration.Task.DENOISE, new int[] { D, H, W }).halo(HALO).seed(7), LOG);
		final float[] untiled = TestVolumes.read(whole), clean = TestVolumes.clean(D, H, W, 1), noisy = TestVolumes.read(input);
		double all = 0, seam = 0, away = 0, lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
		int nSeam = 0, nAway = 0;
		for (int z = 0; z < D; z++)
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++) {
					final int i = (z * H + y) * W + x;
					final double d = (reference[i] - untiled[i]) * (reference[i] - untiled[i]);
					all += d;
					// the seams lie between pixels 63 and 64 in x and y
					if (Math.abs(x - 63.5) < 4 || Math.abs(y - 63.5) < 4) {
						seam += d;
						nSeam++;
					}
					else {
						away += d;
						nAway++;
					}
					lo = Math.min(lo, untiled[i]);
					hi = Math.max(hi, untiled[i]);
				}
		final double range = hi - lo, rms = Math.sqrt(all / untiled.length) / range, rmsSeam = Math.sqrt(seam / nSeam) / range, rmsAway = Math.sqrt(away / nAway) / range;
		final double psnrBlocks = psnr(clean, reference), psnrWhole = psnr(clean, untiled), psnrNoisy = psnr(clean, noisy);
		LOG.printf(Locale.ROOT, "seams: blocks of 64x64x4 (halo 32) vs one block: rms difference %.5f of the range (%.5f within 4 px of a seam, %.5f away); "
			+ "PSNR %.2f dB (blocks) vs %.2f dB (one block), input %.2f dB%n", rms, rmsSeam, rmsAway, psnrBlocks, psnrWhole, psnrNoisy);
		assertTrue(rms < 0.01, "blocks differ from one block by " + rms + " of the range");
		assertTrue(psnrBlocks > psnrWhole - 0.3, "blocks cost " + (psnrWhole - psnrBlocks) + " dB");
		assertTrue(psnrBlocks > psnrNoisy + 3, "the restoration gains " + (psnrBlocks - psnrNoisy) + " dB");
	}

	/** PSNR over the clean volume's range. */
	static double psnr(final float[] clean, final float[] x) {
		double mse = 0, lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
		for (int i = 0; i < clean.length; i++) {
			mse += (clean[i] - x[i]) * (clean[i] - x[i]);
			lo = Math.min(lo, clean[i]);
			hi = Math.max(hi, clean[i]);
		}
		return 10 * Math.log10((hi - lo) * (hi - lo) / (mse / clean.length));
	}
}
