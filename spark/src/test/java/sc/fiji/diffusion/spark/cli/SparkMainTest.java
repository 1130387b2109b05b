/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import sc.fiji.diffusion.spark.zarr.ChunkedVolume;

/**
 * The command line end to end: a TIFF stack converted to OME-Zarr, restored by {@code restore-volume}
 * on {@code local[2,2]} with a fault drill (the first attempt of a block fails), converted back to a
 * TIFF with its calibration; bad requests end with exit code 1 and one clear line.
 */
class SparkMainTest {

	@TempDir
	Path dir;

	@Test
	void tiffToOmeZarrRestoredAndBack() throws Exception {
		final int w = 48, h = 40, d = 3;
		final ImageStack stack = new ImageStack(w, h);
		final Random r = new Random(5);
		for (int z = 0; z < d; z++) {
			final float[] v = new float[w * h];
			for (int i = 0; i < v.length; i++) v[i] = (float) (200 + 300 * Math.exp(-((i % w - 20) * (i % w - 20) + (i / w - 15) * (i / w - 15)) / 40.0) + 15 * r.nextGaussian());
			stack.addSlice(new FloatProcessor(w, h, v));
		}
		final ImagePlus imp = new ImagePlus("in", stack);
		imp.getCalibration().pixelWidth = imp.getCalibration().pixelHeight = 0.2;
		imp.getCalibration().pixelDepth = 1;
		imp.getCalibration().setUnit("micron");
		final Path tif = dir.resolve("in.tif"), zarr = dir.resolve("in.ome.zarr"), out = dir.resolve("out.ome.zarr"), back = dir.resolve("out.tif");
		assertTrue(new FileSaver(imp).saveAsTiffStack(tif.toString()));
		final byte[] before = Files.readAllBytes(tif);
		assertEquals(0, SparkMain.run("convert", "--input", tif.toString(), "--output", zarr.toString(), "--chunks", "32,32,2"));
		assertEquals(0, SparkMain.run("restore-volume", "--master", "local[2,2]", "--input", zarr.toString(), "--output", out.toString(), "--task", "denoise",
			"--block", "24,40,2", "--halo", "16", "--fail-first-attempt-of-block", "1"));
		final ChunkedVolume o = ChunkedVolume.open(out);
		assertArrayEquals(new int[] { 2, 40, 24 }, o.array.chunks(), "--block is x,y,z");
		for (final long[] b : new long[][] { { 0, 0, 0 }, { 0, 0, 1 }, { 1, 0, 0 }, { 1, 0, 1 } })
			assertTrue(o.array.hasChunk(b), "block " + java.util.Arrays.toString(b) + " written");
		assertEquals(0, SparkMain.run("convert", "--input", out.toString(), "--output", back.toString()));
		final ImagePlus restored = IJ.openImage(back.toString());
		assertEquals(d, restored.getStackSize());
		assertEquals(0.2, restored.getCalibration().pixelWidth, 1e-9);
		assertEquals(1, restored.getCalibration().pixelDepth, 1e-9);
		assertArrayEquals(before, Files.readAllBytes(tif), "the input is never modified");

		final String other = errorOf("restore-volume", "--master", "local[1]", "--input", zarr.toString(), "--output", out.toString(), "--task", "denoise", "--block",
			"24,40,2");
		assertTrue(other.startsWith("Error: ") && other.contains("was not made by this request"), other);
		final String psf = errorOf("restore-volume", "--master", "local[1]", "--input", zarr.toString(), "--output", dir.resolve("d.zarr").toString(), "--task",
			"deconvolve", "--psf-sigma", "2", "--halo", "4");
		assertTrue(psf.contains("smaller than the PSF"), psf);
		assertFalse(Files.exists(dir.resolve("d.zarr")), "nothing is written for a refused request");
	}

	private static String errorOf(final String... args) {
		final PrintStream err = System.err;
		final ByteArrayOutputStream b = new ByteArrayOutputStream();
		System.setErr(new PrintStream(b, true, StandardCharsets.UTF_8));
		try {
			assertEquals(1, SparkMain.run(args));
		}
		finally {
			System.setErr(err);
		}
		final String[] lines = b.toString(StandardCharsets.UTF_8).split("\n");
		for (final String l : lines)
			if (l.startsWith("Error: ")) return l;
		return String.join("\n", lines);
	}
}
