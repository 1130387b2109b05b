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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import sc.fiji.diffusion.spark.zarr.ChunkedVolume;
import sc.fiji.diffusion.spark.zarr.PythonZarr;
import sc.fiji.diffusion.spark.zarr.ZarrCompressor;

/**
 * The command line end to end: a TIFF stack converted to OME-Zarr, restored by {@code restore-volume}
 * on {@code local[2,2]} with a fault drill (the first attempt of a block fails), converted back to a
 * TIFF with its calibration; bad requests end with exit code 1 and one clear line; a plain Zarr array
 * with Python zarr's default compressor (Blosc) restored and its output read by Python.
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

	/**
	 * A plain Zarr array as Python's zarr writes it by default (Blosc lz4 with byte shuffle, uint16),
	 * restored by {@code restore-volume}: the same output as for the same values written with zlib, and
	 * the output (Blosc, like its input) is read by Python with the values read here.
	 */
	@Test
	void pythonDefaultZarrIsRestored() throws Exception {
		Assumptions.assumeTrue(PythonZarr.available(), "Debian python3-zarr is not installed");
		PythonZarr.run(dir, "import zarr, numcodecs, numpy as np\n"
			+ "rng = np.random.default_rng(7)\n"
			+ "z, y, x = np.meshgrid(np.arange(3), np.arange(40), np.arange(48), indexing='ij')\n"
			+ "v = np.clip(2000 + 3000 * np.exp(-((x - 20) ** 2 + (y - 15) ** 2) / 40.0) + rng.normal(0, 150, x.shape), 0, 65535).astype('<u2')\n"
			+ "zarr.open('default.zarr', mode='w', shape=v.shape, chunks=(2, 32, 32), dtype='<u2')[:] = v\n"
			+ "zarr.open('zlib.zarr', mode='w', shape=v.shape, chunks=(2, 32, 32), dtype='<u2', compressor=numcodecs.Zlib(level=1))[:] = v\n");
		final ChunkedVolume in = ChunkedVolume.open(dir.resolve("default.zarr"));
		assertEquals(ZarrCompressor.BLOSC, in.array.compressor);
		for (final String name : new String[] { "default", "zlib" })
			assertEquals(0, SparkMain.run("restore-volume", "--master", "local[2]", "--input", dir.resolve(name + ".zarr").toString(), "--output",
				dir.resolve(name + "-out.zarr").toString(), "--task", "denoise", "--block", "24,40,2", "--halo", "16"));
		final ChunkedVolume out = ChunkedVolume.open(dir.resolve("default-out.zarr"));
		assertEquals(ZarrCompressor.BLOSC, out.array.compressor, "the output keeps the input's compressor");
		final float[] restored = out.array.read(new long[3], new int[] { 3, 40, 48 });
		assertArrayEquals(ChunkedVolume.open(dir.resolve("zlib-out.zarr")).array.read(new long[3], new int[] { 3, 40, 48 }), restored,
			"the same values restore the same, whatever their compressor");
		final ByteBuffer b = ByteBuffer.allocate(restored.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (final float f : restored) b.putFloat(f);
		Files.write(dir.resolve("restored.f4"), b.array());
		assertEquals("(3, 40, 48) blosc True", PythonZarr.run(dir, "import zarr, numpy as np\n"
			+ "a = zarr.open('default-out.zarr', mode='r')\n"
			+ "print(a.shape, a.compressor.codec_id, np.array_equal(a[:], np.fromfile('restored.f4', dtype='<f4').reshape(a.shape)))\n"));
	}

	/**
	 * {@code convert} refuses an output named for the other direction (a TIFF written as a folder named
	 * .tif, a Zarr written as a TIFF file named .zarr) and Zarr options on Zarr -> TIFF, where they do
	 * nothing; nothing is written, and the corrected commands run.
	 */
	@Test
	void convertRefusesAnOutputOfTheWrongKindAndOptionsThatDoNothing() throws Exception {
		final ImageStack stack = new ImageStack(8, 6);
		for (int z = 0; z < 2; z++) stack.addSlice(new FloatProcessor(8, 6, new float[48]));
		final Path tif = dir.resolve("stack.tif"), zarr = dir.resolve("plain.zarr");
		assertTrue(new FileSaver(new ImagePlus("s", stack)).saveAsTiffStack(tif.toString()));
		final String toTif = errorOf("convert", "--input", tif.toString(), "--output", dir.resolve("s2.tif").toString());
		assertTrue(toTif.contains("converts to Zarr") && toTif.contains("s2.tif"), toTif);
		assertFalse(Files.exists(dir.resolve("s2.tif")));
		assertEquals(0, SparkMain.run("convert", "--input", tif.toString(), "--output", zarr.toString(), "--plain", "--chunks", "8,6,1"));
		final String toZarr = errorOf("convert", "--input", zarr.toString(), "--output", dir.resolve("p2.zarr").toString());
		assertTrue(toZarr.contains("converts to a TIFF stack") && toZarr.contains("p2.zarr"), toZarr);
		assertFalse(Files.exists(dir.resolve("p2.zarr")));
		for (final String[] option : new String[][] { { "--compressor", "blosc" }, { "--plain" }, { "--chunks", "4,4,1" }, { "--zarr-format", "2" } }) {
			final String[] args = new String[5 + option.length];
			System.arraycopy(new String[] { "convert", "--input", zarr.toString(), "--output", dir.resolve("p.tif").toString() }, 0, args, 0, 5);
			System.arraycopy(option, 0, args, 5, option.length);
			final String e = errorOf(args);
			assertTrue(e.contains(option[0] + " sets the Zarr output") && e.contains("nothing for Zarr -> TIFF"), e);
			assertFalse(Files.exists(dir.resolve("p.tif")));
		}
		assertEquals(0, SparkMain.run("convert", "--input", zarr.toString(), "--output", dir.resolve("p.tif").toString()));
		assertEquals(2, IJ.openImage(dir.resolve("p.tif").toString()).getStackSize());
	}

	/** A misspelt option: the error, a suggestion and where the options are (exit 2), not the whole help text. */
	@Test
	void badUsageIsShort() {
		final PrintStream err = System.err;
		final ByteArrayOutputStream b = new ByteArrayOutputStream();
		System.setErr(new PrintStream(b, true, StandardCharsets.UTF_8));
		try {
			assertEquals(2, SparkMain.run("convert", "--inptu", "a.tif", "--output", "b.zarr"));
		}
		finally {
			System.setErr(err);
		}
		final String text = b.toString(StandardCharsets.UTF_8);
		assertTrue(text.startsWith("Error: "), text);
		assertTrue(text.contains("--input"), text);
		assertTrue(text.contains("--help' for the options"), text);
		assertTrue(text.lines().count() <= 6, text);
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
