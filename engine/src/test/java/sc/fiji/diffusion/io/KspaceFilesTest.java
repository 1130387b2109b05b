/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.mri.KspaceVolume;
import sc.fiji.diffusion.task.StackProblem;

/**
 * {@link KspaceFiles}: BART names in any case, and the k-space, mask and coil-map files that would be read
 * wrongly refused by name: a mask of other dims, coil maps that are zero (nearly) everywhere or hold NaN,
 * k-space images (readout x phase encode) smaller than images to restore may be.
 */
class KspaceFilesTest {

	static final int N = 16, C = 2;

	@TempDir Path dir;

	private Path write(final String name, final long[] dims, final float value) throws IOException {
		final int n = (int) Arrays.stream(dims).reduce(1, (a, b) -> a * b);
		final float[] re = new float[n];
		Arrays.fill(re, value);
		final Path p = dir.resolve(name);
		BartCfl.write(p, new BartCfl.Array(dims, re, new float[n]));
		return p;
	}

	private KspaceVolume kspace() throws IOException {
		return KspaceFiles.read(write("k.cfl", new long[] { N, N, 1, C }, 1));
	}

	/** X.CFL with X.HDR (as another tool or a case-changing copy names them) is read as X. */
	@Test
	void upperCaseCflIsRead() throws Exception {
		write("x", new long[] { N, N, 1, C }, 1);
		Files.move(dir.resolve("x.cfl"), dir.resolve("MC2.CFL"));
		Files.move(dir.resolve("x.hdr"), dir.resolve("MC2.HDR"));
		final KspaceVolume k = KspaceFiles.read(dir.resolve("MC2.CFL"));
		assertEquals(N, k.readout);
		assertEquals(C, k.coils);
		assertEquals(N, KspaceFiles.read(dir.resolve("MC2.HDR")).phase);
	}

	@Test
	void maskOfOtherDimsIsRefused() throws Exception {
		final Path m = write("m.cfl", new long[] { 2 * N, N / 2 }, 1); // as many values as N x N
		final IOException e = assertThrows(IOException.class, () -> KspaceFiles.mask(m, N, N));
		assertTrue(e.getMessage().contains(m.toString()) && e.getMessage().contains("[32, 8]") && e.getMessage().contains("give dims [16, 16]"), e.getMessage());
		assertThrows(IOException.class, () -> KspaceFiles.mask(write("m3.cfl", new long[] { N, N, 2 }, 1), N, N));
		assertNotNull(KspaceFiles.mask(write("ok.cfl", new long[] { N, N }, 1), N, N));
		assertNotNull(KspaceFiles.mask(write("wide.cfl", new long[] { 2 * N, N }, 1), N, 2 * N), "dims [width, height]");
	}

	@Test
	void zeroCoilMapsAreRefused() throws Exception {
		final KspaceVolume k = kspace();
		final Path zero = write("zero.cfl", new long[] { N, N, 1, C }, 0);
		final IOException e = assertThrows(IOException.class, () -> KspaceFiles.maps(zero, k));
		assertTrue(e.getMessage().startsWith(zero + ": the coil maps are zero on all of the pixels"), e.getMessage());
		// non-zero at one pixel only (and a millionth of it elsewhere): zero nearly everywhere
		final float[] re = new float[N * N * C];
		Arrays.fill(re, 1e-7f);
		re[5] = 1;
		final Path nearly = dir.resolve("nearly.cfl");
		BartCfl.write(nearly, new BartCfl.Array(new long[] { N, N, 1, C }, re, new float[re.length]));
		final IOException f = assertThrows(IOException.class, () -> KspaceFiles.maps(nearly, k));
		assertTrue(f.getMessage().contains("zero (below 1.0E-6 of their largest value) on nearly all of the pixels (non-zero on 1 of 256)"), f.getMessage());
		// small everywhere is a scale, which normalisation removes
		assertNotNull(KspaceFiles.maps(write("small.cfl", new long[] { N, N, 1, C }, 1e-20f), k).apply(0));
	}

	@Test
	void nanCoilMapsAreNamed() throws Exception {
		final KspaceVolume k = kspace();
		final Path nan = write("nan.cfl", new long[] { N, N, 1, C }, Float.NaN);
		final IOException e = assertThrows(IOException.class, () -> KspaceFiles.maps(nan, k));
		assertTrue(e.getMessage().startsWith(nan + ": the coil maps contain NaN"), e.getMessage());
	}

	@Test
	void kspaceSmallerThanImagesToRestoreIsRefused() throws Exception {
		final Path small = write("small.cfl", new long[] { 4, 4, 1, C }, 1);
		final IOException e = assertThrows(IOException.class, () -> KspaceFiles.read(small));
		assertTrue(e.getMessage().contains(small + ": The k-space's images (readout x phase encode) are 4x4 pixels, too small to restore: it must be at least "
			+ StackProblem.MINIMUM_SIZE + "x" + StackProblem.MINIMUM_SIZE), e.getMessage());
		final IOException f = assertThrows(IOException.class, () -> KspaceFiles.read(write("short.cfl", new long[] { N, 8, 2, C }, 1)));
		assertTrue(f.getMessage().contains("are 16x8 pixels"), f.getMessage());
		// a 3D slab of few partitions is a z-stack of few slices: its images are readout x phase encode
		assertEquals(4, KspaceFiles.read(write("slab.cfl", new long[] { N, N, 4, C }, 1)).partitions);
	}
}
