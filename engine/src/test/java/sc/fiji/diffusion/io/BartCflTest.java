/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

	/** A header that cannot be written (a folder of its name) leaves no data file and no temporary file behind. */
	@Test
	void aFailedHeaderLeavesNeitherFile(@TempDir final Path dir) throws Exception {
		Files.createDirectory(dir.resolve("r.hdr"));
		assertThrows(java.io.IOException.class, () -> BartCfl.write(dir.resolve("r.cfl"), new BartCfl.Array(new long[] { 2 }, new float[2], new float[2])));
		assertEquals(List.of("r.hdr"), names(dir), "only the folder that was there");
	}

	/** The pair's names keep the case of the name given; the printed names are the files written. */
	@Test
	void upperCaseNamesKeepTheirCase(@TempDir final Path dir) throws Exception {
		final float[] re = { 1, 2 }, im = { 3, 4 };
		BartCfl.write(dir.resolve("U3.CFL"), new BartCfl.Array(new long[] { 2 }, re, im));
		assertEquals(List.of("U3.CFL", "U3.HDR"), names(dir));
		assertArrayEquals(re, BartCfl.read(dir.resolve("U3.HDR")).re, 0f);
		assertArrayEquals(im, BartCfl.read(dir.resolve("U3.CFL")).im, 0f);
		assertEquals(dir.resolve("a.cfl"), BartCfl.data(dir.resolve("a")));
		assertEquals(dir.resolve("a.hdr"), BartCfl.header(dir.resolve("a.cfl")));
		assertEquals(dir.resolve("a.Cfl"), BartCfl.data(dir.resolve("a.Hdr")));
		assertEquals(dir.resolve("A.CFL"), BartCfl.data(dir.resolve("A.HDR")));
		assertEquals(dir.resolve("b.tif.cfl"), BartCfl.data(dir.resolve("b.tif")));
		assertTrue(BartCfl.isBartName(dir.resolve("X.cFl")));
		assertFalse(BartCfl.isBartName(dir.resolve("cfl")));
	}

	static List<String> names(final Path dir) throws Exception {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}
}
