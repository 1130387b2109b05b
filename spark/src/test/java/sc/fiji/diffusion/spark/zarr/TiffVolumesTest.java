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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

/**
 * {@code convert} (TIFF to Zarr) on real files is all or nothing: a conversion that fails after it has
 * written chunks leaves neither the output nor its temporary folder, so that a re-run succeeds; a
 * temporary folder left by a killed run does not block a re-run; a full output is refused before any
 * work.
 */
class TiffVolumesTest {

	@TempDir
	Path dir;

	private static final int W = 40, H = 30, D = 5;

	private Path tiff() throws IOException {
		final ImageStack stack = new ImageStack(W, H);
		for (int z = 0; z < D; z++) {
			final float[] p = new float[W * H];
			for (int i = 0; i < p.length; i++) p[i] = z * 1000 + i;
			stack.addSlice(new FloatProcessor(W, H, p));
		}
		final Path tif = dir.resolve("s.tif");
		assertTrue(new FileSaver(new ImagePlus("s", stack)).saveAsTiffStack(tif.toString()));
		return tif;
	}

	private List<String> names() throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	private static void assertComplete(final Path out) throws IOException {
		final ChunkedVolume v = ChunkedVolume.open(out);
		assertTrue(v.ome);
		final float[] all = v.array.read(new long[3], new int[] { D, H, W });
		for (int z = 0; z < D; z++)
			for (int i = 0; i < W * H; i++) assertEquals(z * 1000 + i, all[z * W * H + i]);
	}

	@Test
	void aConversionThatFailsPartWayLeavesNothingAndAReRunSucceeds() throws Exception {
		final Path tif = tiff(), out = dir.resolve("s.ome.zarr");
		// chunks of 1x2x2: 1500 chunk files (v3 keys c/z/y/x), written one by one. Once the first one is
		// written, a folder is put where the last one goes: moving that chunk onto its key then fails, a
		// failure part-way as a full disk or a lost mount would give
		final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
		final java.util.concurrent.atomic.AtomicReference<Path> blocked = new java.util.concurrent.atomic.AtomicReference<>();
		final Thread watcher = new Thread(() -> {
			try {
				while (!done.get()) {
					for (final String n : names()) {
						if (n.equals("s.tif")) continue;
						final Path base = n.startsWith(".") ? dir.resolve(n).resolve("s.ome.zarr") : dir.resolve(n);
						if (Files.isRegularFile(base.resolve("0/c/0/0/0"))) {
							blocked.set(Files.createDirectories(base.resolve("0/c/4/14/19")));
							return;
						}
					}
					Thread.onSpinWait();
				}
			}
			catch (final IOException e) {
				// the folder went away: the assertions below fail
			}
		});
		watcher.start();
		final IOException e;
		try {
			e = assertThrows(IOException.class, () -> TiffVolumes.toZarr(tif, out, 3, false, new int[] { 1, 2, 2 }, ZarrCompressor.ZSTD));
		}
		finally {
			done.set(true);
			watcher.join();
		}
		assertTrue(blocked.get() != null && e.getMessage().contains("19"), e.toString());
		assertFalse(Files.exists(out), "no partial output");
		assertEquals(List.of("s.tif"), names(), "no temporary folder left");
		TiffVolumes.toZarr(tif, out, 3, false, new int[] { 1, 2, 2 }, ZarrCompressor.ZSTD);
		assertComplete(out);
		assertEquals(List.of("s.ome.zarr", "s.tif"), names());
	}

	@Test
	void aStaleTemporaryFolderDoesNotBlockAReRunAndAFullOutputIsRefused() throws IOException {
		final Path tif = tiff(), out = dir.resolve("s.ome.zarr");
		// what a killed run leaves: its temporary folder with a half-written volume
		final Path stale = dir.resolve(".s.ome.zarr.converting-1234").resolve("s.ome.zarr").resolve("0");
		Files.createDirectories(stale);
		Files.write(stale.resolve("zarr.json"), "{".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		final ChunkedVolume v = TiffVolumes.toZarr(tif, out, 2, false, new int[] { 3, 16, 16 }, ZarrCompressor.BLOSC);
		assertEquals(out.toAbsolutePath(), v.root());
		assertComplete(out);
		assertEquals("s.ome.zarr", Json.read(out.resolve(".zattrs")).getAsJsonArray("multiscales").get(0).getAsJsonObject().get("name").getAsString(),
			"the image is named after its folder, not the temporary one");
		// an empty folder is taken; a full one is refused before any work
		final Path empty = dir.resolve("empty.ome.zarr");
		Files.createDirectories(empty);
		TiffVolumes.toZarr(tif, empty, 3, false, new int[] { 5, 30, 40 }, ZarrCompressor.NONE);
		assertComplete(empty);
		final List<String> before = names();
		assertTrue(assertThrows(IllegalArgumentException.class, () -> TiffVolumes.toZarr(tif, out, 3, false, new int[] { 2, 16, 16 }, ZarrCompressor.ZSTD)).getMessage()
			.contains("exists and is not empty"));
		assertEquals(before, names());
		assertComplete(out);
	}
}
