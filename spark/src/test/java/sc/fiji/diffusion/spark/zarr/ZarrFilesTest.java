/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

/**
 * Zarr v2 and v3 arrays and OME-Zarr images: round trips with every compressor, regions across chunks,
 * missing chunks, voxel sizes, TIFF conversion both ways, and arrays written and read by Python's zarr
 * (Debian python3-zarr; those tests are skipped where it is not installed).
 */
class ZarrFilesTest {

	@TempDir
	Path dir;

	static float[] ramp(final int n) {
		final float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = (float) (i * 0.37 - 100);
		return v;
	}

	@ParameterizedTest
	@CsvSource({ "2, true, none", "2, false, zlib", "2, true, gzip", "3, true, zstd", "3, false, gzip", "3, true, none" })
	void volumesRoundTripWithLayoutVoxelSizeAndCompressor(final int format, final boolean ome, final String compressor) throws IOException {
		final long[] shape = { 5, 37, 41 };
		final int[] chunks = { 2, 16, 16 };
		final ChunkedVolume v = ChunkedVolume.create(dir.resolve("v"), format, ome, shape, chunks, new double[] { 2, 0.25, 0.2 }, "micrometer", ZarrCompressor.of(compressor));
		final float[] all = ramp(5 * 37 * 41);
		final ZarrArray a = v.array;
		for (long cz = 0; cz < a.chunkCount(0); cz++)
			for (long cy = 0; cy < a.chunkCount(1); cy++)
				for (long cx = 0; cx < a.chunkCount(2); cx++) {
					if (cz == 2 && cy == 0 && cx == 0) continue; // one chunk missing: the fill value
					final float[] c = new float[a.chunkSize()];
					for (int z = 0; z < 2; z++)
						for (int y = 0; y < 16; y++)
							for (int x = 0; x < 16; x++) {
								final long gz = cz * 2 + z, gy = cy * 16 + y, gx = cx * 16 + x;
								if (gz < 5 && gy < 37 && gx < 41) c[(z * 16 + y) * 16 + x] = all[(int) ((gz * 37 + gy) * 41 + gx)];
							}
					a.writeChunk(c, cz, cy, cx);
				}
		final ChunkedVolume back = ChunkedVolume.open(dir.resolve("v"));
		assertEquals(ome, back.ome);
		assertEquals(format, back.array.format);
		assertArrayEquals(shape, back.array.shape());
		assertArrayEquals(chunks, back.array.chunks());
		if (ome) {
			assertArrayEquals(new double[] { 2, 0.25, 0.2 }, back.voxelSize());
			assertEquals("micrometer", back.unit);
		}
		final float[] region = back.array.read(new long[] { 1, 10, 7 }, new int[] { 4, 20, 30 });
		for (int z = 0; z < 4; z++)
			for (int y = 0; y < 20; y++)
				for (int x = 0; x < 30; x++) {
					final boolean missing = z + 1 == 4 && y + 10 < 16 && x + 7 < 16;
					assertEquals(missing ? 0 : all[((z + 1) * 37 + y + 10) * 41 + x + 7], region[(z * 20 + y) * 30 + x], 0, "at " + z + "," + y + "," + x);
				}
		try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
			assertFalse(files.anyMatch(f -> f.toString().endsWith(".tmp")), "no temporary files are left");
		}
		assertThrows(IllegalArgumentException.class, () -> back.array.read(new long[] { 0, 0, 0 }, new int[] { 6, 1, 1 }));
		assertThrows(IllegalArgumentException.class, () -> ChunkedVolume.create(dir.resolve("v"), format, ome, shape, chunks, new double[] { 1, 1, 1 }, "", ZarrCompressor.NONE),
			"an existing volume is never overwritten");
	}

	@Test
	void tiffStacksConvertToOmeZarrAndBackWithTheirCalibration() throws IOException {
		final ImageStack stack = new ImageStack(30, 20);
		final float[] v = ramp(30 * 20 * 3);
		for (int z = 0; z < 3; z++) stack.addSlice(new FloatProcessor(30, 20, java.util.Arrays.copyOfRange(v, z * 600, (z + 1) * 600)));
		final ImagePlus imp = new ImagePlus("s", stack);
		imp.getCalibration().pixelWidth = 0.1;
		imp.getCalibration().pixelHeight = 0.1;
		imp.getCalibration().pixelDepth = 0.3;
		imp.getCalibration().setUnit("micron");
		final Path tif = dir.resolve("s.tif");
		assertTrue(new FileSaver(imp).saveAsTiffStack(tif.toString()));
		final ChunkedVolume z = TiffVolumes.toZarr(tif, dir.resolve("s.ome.zarr"), 2, false, new int[] { 2, 16, 16 }, ZarrCompressor.ZLIB);
		assertArrayEquals(new double[] { 0.3, 0.1, 0.1 }, z.voxelSize(), 1e-12);
		assertEquals("micrometer", z.unit);
		assertArrayEquals(v, z.array.read(new long[3], new int[] { 3, 20, 30 }));
		final Path back = dir.resolve("back.tif");
		TiffVolumes.toTiff(dir.resolve("s.ome.zarr"), back);
		final ImagePlus r = ij.IJ.openImage(back.toString());
		assertEquals(3, r.getStackSize());
		assertEquals(0.3, r.getCalibration().pixelDepth, 1e-9);
		assertEquals("micron", r.getCalibration().getUnit());
		assertArrayEquals(java.util.Arrays.copyOfRange(v, 600, 1200), (float[]) r.getStack().getProcessor(2).getPixels());
	}

	// ---- Python's zarr ----------------------------------------------------------------------------

	private static final String PYTHON = "/usr/bin/python3";

	private static boolean pythonZarr() {
		try {
			final Process p = new ProcessBuilder(PYTHON, "-c", "import zarr, numcodecs").redirectErrorStream(true).start();
			return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
		}
		catch (final IOException | InterruptedException e) {
			return false;
		}
	}

	private String python(final String script) throws IOException, InterruptedException {
		final Path f = dir.resolve("script.py");
		Files.write(f, script.getBytes(StandardCharsets.UTF_8));
		final Process p = new ProcessBuilder(PYTHON, f.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		assertEquals(0, p.exitValue(), out);
		return out.trim();
	}

	@Test
	void plainArraysWrittenByPythonZarrAreRead() throws Exception {
		Assumptions.assumeTrue(pythonZarr(), "Debian python3-zarr is not installed");
		python("import zarr, numcodecs, numpy as np\n"
			+ "v = (np.arange(5 * 40 * 30).reshape(5, 40, 30) % 4099).astype('>u2')\n"
			+ "zarr.open('zlib.zarr', mode='w', shape=v.shape, chunks=(2, 16, 16), dtype='>u2', compressor=numcodecs.Zlib(level=1))[:] = v\n"
			+ "zarr.open('zstd.zarr', mode='w', shape=v.shape, chunks=(3, 7, 16), dtype='<f4', compressor=numcodecs.Zstd(level=1), dimension_separator='/')[:] = v\n"
			+ "zarr.open('raw.zarr', mode='w', shape=v.shape, chunks=(5, 40, 30), dtype='i2', compressor=None, fill_value=7)[1:] = v[1:]\n");
		for (final String name : new String[] { "zlib.zarr", "zstd.zarr", "raw.zarr" }) {
			final ChunkedVolume v = ChunkedVolume.open(dir.resolve(name));
			assertFalse(v.ome);
			final float[] values = v.array.read(new long[3], new int[] { 5, 40, 30 });
			for (int i = 0; i < values.length; i++)
				assertEquals(name.equals("raw.zarr") && i < 1200 ? 7 : i % 4099, values[i], 0, name + " at " + i);
		}
		python("import zarr, numpy as np\nzarr.open('blosc.zarr', mode='w', shape=(2, 16, 16), chunks=(1, 16, 16), dtype='f4')[:] = 1\n");
		final ZarrArray blosc = ChunkedVolume.open(dir.resolve("blosc.zarr")).array;
		assertEquals(ZarrCompressor.BLOSC, blosc.compressor, "Python zarr's default compressor");
		for (final float f : blosc.read(new long[3], new int[] { 2, 16, 16 })) assertEquals(1, f);
		final IllegalArgumentException lzma = assertThrows(IllegalArgumentException.class, () -> {
			python("import zarr, numcodecs\nzarr.open('lzma.zarr', mode='w', shape=(2, 16, 16), chunks=(1, 16, 16), dtype='f4', compressor=numcodecs.LZMA())[:] = 1\n");
			ChunkedVolume.open(dir.resolve("lzma.zarr"));
		});
		assertTrue(lzma.getMessage().contains("lzma") && lzma.getMessage().contains("blosc"), lzma.getMessage());
	}

	@Test
	void pythonZarrReadsWhatIsWritten() throws Exception {
		Assumptions.assumeTrue(pythonZarr(), "Debian python3-zarr is not installed");
		final ChunkedVolume v = ChunkedVolume.create(dir.resolve("ours.zarr"), 2, true, new long[] { 3, 20, 24 }, new int[] { 2, 8, 16 }, new double[] { 1, 0.5, 0.5 },
			"micrometer", ZarrCompressor.ZLIB);
		final float[] c = ramp(v.array.chunkSize());
		v.array.writeChunk(c, 1, 2, 1);
		final String out = python("import zarr\ng = zarr.open('ours.zarr', mode='r')\n"
			+ "print(g.attrs['multiscales'][0]['datasets'][0]['coordinateTransformations'][0]['scale'], float(g['0'][2, 16:20, 16:24].sum()), float(g['0'][0, 0, 0]))\n");
		double expected = 0;
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 8; x++) expected += c[(0 * 8 + y) * 16 + x];
		final String[] parts = out.replace("[", "").replace("]", "").replace(",", "").split("\\s+");
		assertEquals("1.0 0.5 0.5", parts[0] + " " + parts[1] + " " + parts[2]);
		assertEquals(expected, Double.parseDouble(parts[3]), 1e-3);
		assertEquals(0, Double.parseDouble(parts[4]));
	}

	/**
	 * A damaged .zarray is refused naming the file before anything is allocated: a shape whose planes
	 * cannot be held (once ran out of memory), chunks beyond 2^31, a missing dtype (once a bare
	 * null-pointer message), shape or chunks.
	 */
	@Test
	void malformedMetadataIsRefusedNamingTheFile() throws IOException {
		final String ok = "\"zarr_format\": 2, \"order\": \"C\", \"compressor\": null, \"fill_value\": 0, \"filters\": null";
		final String[][] cases = { { "{" + ok + ", \"shape\": [4, 48, 4800000000], \"chunks\": [2, 16, 16], \"dtype\": \"<f4\"}", "cannot be held" },
			{ "{" + ok + ", \"shape\": [4000000, 40000, 40000], \"chunks\": [1, 1, 1], \"dtype\": \"<f4\"}", "more than 2^31 chunks" },
			{ "{" + ok + ", \"shape\": [4, 48, 48], \"chunks\": [2, 16, 16]}", "the required field \"dtype\" is missing" },
			{ "{" + ok + ", \"chunks\": [2, 16, 16], \"dtype\": \"<f4\"}", "the required field \"shape\" is missing" },
			{ "{" + ok + ", \"shape\": [4, 48, 48], \"dtype\": \"<f4\"}", "the required field \"chunks\" is missing" } };
		for (int i = 0; i < cases.length; i++) {
			final Path a = Files.createDirectories(dir.resolve("bad" + i + ".zarr"));
			Files.write(a.resolve(".zarray"), cases[i][0].getBytes(StandardCharsets.UTF_8));
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChunkedVolume.open(a));
			assertTrue(e.getMessage().startsWith(a.resolve(".zarray").toString()) && e.getMessage().contains(cases[i][1]), e.getMessage());
		}
	}
}
