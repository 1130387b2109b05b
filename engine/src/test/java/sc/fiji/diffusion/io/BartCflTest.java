/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BartCflTest {

	@Test
	void roundTripAndLayout(@TempDir final Path dir) throws Exception {
		final float[] re = { 1, 2, 3, 4, 5, 6 }, im = { -1, -2, -3, -4, -5, -6 };
		BartCfl.write(dir.resolve("a"), new BartCfl.Array(new long[] { 3, 2 }, re, im));
		final String hdr = new String(Files.readAllBytes(dir.resolve("a.hdr")), StandardCharsets.US_ASCII);
		assertEquals("# Dimensions\n3 2 1 1 1 1 1 1 1 1 1 1 1 1 1 1\n", hdr);
		assertEquals(48, Files.size(dir.resolve("a.cfl")));
		final BartCfl.Array b = BartCfl.read(dir.resolve("a"));
		assertArrayEquals(new long[] { 3, 2 }, b.dims);
		assertArrayEquals(re, b.re, 0f);
		assertArrayEquals(im, b.im, 0f);
	}
}
