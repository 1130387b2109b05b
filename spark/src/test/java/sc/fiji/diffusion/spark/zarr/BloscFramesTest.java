/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonObject;

/**
 * Blosc chunks against Python: arrays written by Debian's python3-zarr 2.13 (numcodecs 0.11, c-blosc
 * 1.21) with its default compressor and with every Blosc codec, each shuffle, four element
 * types, chunks smaller than one Blosc block and chunks of several blocks (automatic and 64 KiB block
 * sizes; streams split per byte of the type, compressed and stored raw, raw frames), read here and
 * compared value by value with the values Python wrote beside them; and the Blosc chunks written here
 * read by Python. Skipped where python3-zarr is missing.
 */
class BloscFramesTest {

	private static final String[] TYPES = { "|u1", "<u2", "<f4", "<f8" };
	private static final String[] CODECS = { "zstd", "zlib", "blosclz", "lz4", "lz4hc", "snappy" };
	/** Shape of every Python array; small chunks (under 128 bytes for u1: stored raw) and chunks of several blocks. */
	private static final int[] SHAPE = { 4, 70, 300 };
	private static final String[] CHUNKS = { "(2, 5, 7)", "(4, 64, 300)" };

	@TempDir
	static Path dir;
	private static boolean python;

	/**
	 * name, element type, numcodecs compressor expression, chunk shape: the default compressor, and each
	 * codec with each shuffle, on small chunks and on big ones; on big ones also with a forced block size
	 * of 64 KiB, which makes 2 to 10 blocks per chunk, the last one shorter.
	 */
	static List<String[]> arrays() {
		final List<String[]> a = new ArrayList<>();
		for (final String t : TYPES)
			for (int c = 0; c < CHUNKS.length; c++) {
				final String tn = t.substring(1);
				a.add(new String[] { tn + "-default-" + c, t, "'default'", CHUNKS[c] });
				for (final String codec : CODECS)
					for (int shuffle = 0; shuffle <= 2; shuffle++)
						for (final int blocksize : c == 0 ? new int[] { 0 } : new int[] { 0, 65536 })
							a.add(new String[] { tn + "-" + codec + "-s" + shuffle + "-" + c + "-b" + blocksize, t,
								"numcodecs.Blosc(cname='" + codec + "', clevel=5, shuffle=" + shuffle + ", blocksize=" + blocksize + ")", CHUNKS[c] });
			}
		return a;
	}

	static List<String> names() {
		final List<String> n = new ArrayList<>();
		for (final String[] a : arrays()) n.add(a[0]);
		return n;
	}

	@BeforeAll
	static void pythonWritesAll() throws Exception {
		python = PythonZarr.available();
		if (!python) return;
		final StringBuilder s = new StringBuilder("import zarr, numcodecs, numpy as np\nrng = np.random.default_rng(3)\n"
			+ "z, y, x = np.meshgrid(np.arange(" + SHAPE[0] + "), np.arange(" + SHAPE[1] + "), np.arange(" + SHAPE[2] + "), indexing='ij')\n"
			+ "smooth = 100 + 80 * np.sin(x / 17.0) * np.cos(y / 11.0) + 5 * z\n"
			// noise-free in y < 40 (compressible), noisy beyond: some Blosc streams are compressed, others stored raw
			+ "noisy = y >= 40\n"
			+ "def values(t):\n"
			+ "    if t in ('|u1', '<u2'):\n"
			+ "        v = np.round(smooth) + noisy * rng.normal(0, 4, smooth.shape)\n"
			+ "        return np.clip(v * (1 if t == '|u1' else 150), 0, np.iinfo(np.dtype(t)).max).astype(t)\n"
			+ "    return (np.round(smooth * 4) / 4 + noisy * rng.normal(0, 1, smooth.shape)).astype(t)\n"
			+ "def write(name, t, comp, chunks):\n"
			+ "    v = values(t)\n"
			+ "    kw = {} if comp == 'default' else {'compressor': comp}\n"
			+ "    a = zarr.open(name + '.zarr', mode='w', shape=v.shape, chunks=chunks, dtype=t, **kw)\n"
			+ "    a[:] = v\n"
			+ "    assert (comp != 'default') or a.compressor == numcodecs.Blosc(cname='lz4', clevel=5, shuffle=1), a.compressor\n"
			+ "    v.astype('<f8').tofile(name + '.f8')\n");
		for (final String[] a : arrays())
			s.append("write('").append(a[0]).append("', '").append(a[1]).append("', ").append(a[2]).append(", ").append(a[3]).append(")\n");
		PythonZarr.run(dir, s.toString());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("names")
	void pythonBloscArraysAreReadValueByValue(final String name) throws IOException {
		Assumptions.assumeTrue(python, "Debian python3-zarr is not installed");
		final ChunkedVolume v = ChunkedVolume.open(dir.resolve(name + ".zarr"));
		assertEquals(ZarrCompressor.BLOSC, v.array.compressor);
		final float[] values = v.array.read(new long[3], SHAPE.clone());
		final ByteBuffer expected = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(name + ".f8"))).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(values.length * 8, expected.capacity());
		for (int i = 0; i < values.length; i++) {
			final float e = (float) expected.getDouble(i * 8);
			if (Float.floatToIntBits(e) != Float.floatToIntBits(values[i])) assertEquals(e, values[i], 0, name + " at " + i);
		}
	}

	@Test
	void pythonReadsBloscChunksWrittenHere() throws Exception {
		Assumptions.assumeTrue(python, "Debian python3-zarr is not installed");
		final Path work = Files.createDirectories(dir.resolve("ours"));
		// a chunk of 2 x 300 x 300 float32 (720 kB: 3 Blosc blocks, the last one shorter), and tiny ones (raw frames)
		for (final String layout : new String[] { "big", "tiny" }) {
			final boolean big = layout.equals("big");
			final long[] shape = big ? new long[] { 3, 300, 310 } : new long[] { 3, 5, 6 };
			final int[] chunks = big ? new int[] { 2, 300, 300 } : new int[] { 2, 2, 3 };
			final ChunkedVolume v = ChunkedVolume.create(work.resolve(layout + ".zarr"), 2, false, shape, chunks, new double[] { 1, 1, 1 }, "", ZarrCompressor.BLOSC);
			final Random r = new Random(11);
			final float[] all = new float[(int) (shape[0] * shape[1] * shape[2])];
			for (int i = 0; i < all.length; i++) all[i] = (float) (Math.sin(i / 50.0) * 1000 + r.nextGaussian());
			writeAll(v.array, all);
			final ByteBuffer b = ByteBuffer.allocate(all.length * 4).order(ByteOrder.LITTLE_ENDIAN);
			for (final float f : all) b.putFloat(f);
			Files.write(work.resolve(layout + ".f4"), b.array());
			assertArrayEquals(all, ChunkedVolume.open(work.resolve(layout + ".zarr")).array.read(new long[3], new int[] { (int) shape[0], (int) shape[1], (int) shape[2] }));
		}
		final String out = PythonZarr.run(work, "import zarr, numpy as np\n"
			+ "for n in ('big', 'tiny'):\n"
			+ "    a = zarr.open(n + '.zarr', mode='r')\n"
			+ "    e = np.fromfile(n + '.f4', dtype='<f4').reshape(a.shape)\n"
			+ "    print(n, a.compressor.cname, a.compressor.shuffle, np.array_equal(a[:], e))\n");
		assertEquals("big lz4 1 True\ntiny lz4 1 True", out);
	}

	/** Writes {@code all} (C order over the array's shape) chunk by chunk. */
	static void writeAll(final ZarrArray a, final float[] all) throws IOException {
		final long[] shape = a.shape();
		final int[] ch = a.chunks();
		for (long cz = 0; cz < a.chunkCount(0); cz++)
			for (long cy = 0; cy < a.chunkCount(1); cy++)
				for (long cx = 0; cx < a.chunkCount(2); cx++) {
					final float[] c = new float[a.chunkSize()];
					for (int z = 0; z < ch[0]; z++)
						for (int y = 0; y < ch[1]; y++)
							for (int x = 0; x < ch[2]; x++) {
								final long gz = cz * ch[0] + z, gy = cy * ch[1] + y, gx = cx * ch[2] + x;
								if (gz < shape[0] && gy < shape[1] && gx < shape[2]) c[(z * ch[1] + y) * ch[2] + x] = all[(int) ((gz * shape[1] + gy) * shape[2] + gx)];
							}
					a.writeChunk(c, cz, cy, cx);
				}
	}

	@Test
	void zarrV3BloscCodecRoundTripsWithItsConfiguration() throws IOException {
		final Path p = dir.resolve("v3.ome.zarr");
		final ChunkedVolume v = ChunkedVolume.create(p, 3, true, new long[] { 3, 70, 90 }, new int[] { 2, 64, 64 }, new double[] { 1, 0.5, 0.5 }, "micrometer",
			ZarrCompressor.BLOSC);
		final float[] all = new float[3 * 70 * 90];
		for (int i = 0; i < all.length; i++) all[i] = i % 977 * 0.25f;
		writeAll(v.array, all);
		final JsonObject meta = Json.read(p.resolve("0").resolve("zarr.json"));
		final JsonObject codec = meta.getAsJsonArray("codecs").get(1).getAsJsonObject();
		assertEquals("blosc", codec.get("name").getAsString());
		final JsonObject conf = codec.getAsJsonObject("configuration");
		assertEquals("lz4", conf.get("cname").getAsString());
		assertEquals("shuffle", conf.get("shuffle").getAsString());
		assertEquals(4, conf.get("typesize").getAsInt());
		assertArrayEquals(all, ChunkedVolume.open(p).array.read(new long[3], new int[] { 3, 70, 90 }));
	}

	@Test
	void malformedFramesAreRefusedClearly() throws IOException {
		final byte[] frame = BloscFrames.compress(new byte[4000], 4);
		assertEquals(4000, BloscFrames.decompress(frame).length);
		assertThrows(IOException.class, () -> BloscFrames.decompress(java.util.Arrays.copyOf(frame, 10)));
		final byte[] future = frame.clone();
		future[2] |= 0x08;
		assertTrue(assertThrows(IOException.class, () -> BloscFrames.decompress(future)).getMessage().contains("future"));
		final byte[] blosc2 = frame.clone();
		blosc2[2] |= 0x05;
		assertTrue(assertThrows(IOException.class, () -> BloscFrames.decompress(blosc2)).getMessage().contains("extended header"));
		final byte[] split = frame.clone();
		split[2] &= ~0x10; // now read as 4 streams of 1000 bytes: the first one's lz4 stream does not decode to 1000 bytes
		assertThrows(IOException.class, () -> BloscFrames.decompress(split));
		final byte[] shortFrame = frame.clone();
		shortFrame[12] = 21; // frame size: the block's stream runs past it
		shortFrame[13] = 0;
		assertThrows(IOException.class, () -> BloscFrames.decompress(shortFrame));
	}

	@Test
	void aHeaderThatDisagreesWithTheChunkIsRefusedBeforeAllocating() throws IOException {
		// a float32 chunk of 1000 values: 4000 bytes
		final byte[] data = new byte[4000];
		for (int i = 0; i < data.length; i++) data[i] = (byte) (i % 7 * (i / 400));
		final byte[] frame = BloscFrames.compress(data, 4);
		assertTrue((frame[2] & BloscFrames.MEMCPYED) == 0, "an lz4 frame");
		assertEquals(4000, ZarrCompressor.BLOSC.decompress(frame, 4000).length);
		// a valid frame of another size (a chunk of another array, or a corrupt header)
		final IOException other = assertThrows(IOException.class, () -> ZarrCompressor.BLOSC.decompress(BloscFrames.compress(new byte[8000], 4), 4000));
		assertTrue(other.getMessage().contains("8000") && other.getMessage().contains("4000"), other.getMessage());
		// a forged header claiming 2 GB: refused with an IOException, not an OutOfMemoryError
		for (final boolean raw : new boolean[] { false, true }) {
			final byte[] forged = frame.clone();
			if (raw) forged[2] |= BloscFrames.MEMCPYED;
			forged[4] = forged[5] = forged[6] = (byte) 0xff;
			forged[7] = 0x7f;
			assertTrue(assertThrows(IOException.class, () -> ZarrCompressor.BLOSC.decompress(forged, 4000)).getMessage().contains("2147483647"));
		}
		// a block size larger than the data, and a frame size that is not the chunk file's
		final byte[] block = frame.clone();
		block[10] = 0x7f;
		assertTrue(assertThrows(IOException.class, () -> ZarrCompressor.BLOSC.decompress(block, 4000)).getMessage().contains("block size"));
		final byte[] longer = java.util.Arrays.copyOf(frame, frame.length + 100);
		assertTrue(assertThrows(IOException.class, () -> ZarrCompressor.BLOSC.decompress(longer, 4000)).getMessage().contains("chunk file has"));
	}
}
