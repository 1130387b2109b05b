/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.mri.KspaceVolume;

/** {@link KspaceFiles}: BART names in any case. */
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
}
