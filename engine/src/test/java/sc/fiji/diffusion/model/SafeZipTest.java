/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeZipTest {

	@TempDir
	Path tmp;

	private Path zip(final String file, final Object... nameAndContent) throws IOException {
		final Path zip = tmp.resolve(file);
		try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(os)) {
			for (int k = 0; k < nameAndContent.length; k += 2) {
				out.putNextEntry(new ZipEntry((String) nameAndContent[k]));
				final Object content = nameAndContent[k + 1];
				out.write(content instanceof byte[] ? (byte[]) content : ((String) content).getBytes(StandardCharsets.UTF_8));
				out.closeEntry();
			}
		}
		return zip;
	}

	private static String refusal(final Path zip, final SafeZip.Limits limits) {
		return assertThrows(ModelFormatException.class, () -> SafeZip.read(zip, limits)).getMessage();
	}

	@Test
	void readsEntriesInOrderAndExtractsInsideTempDir() throws IOException {
		final Path zip = zip("ok.zip", "model/", "", "model/saved_model.pb", "graph", "model/variables/variables.index", "index");
		final Map<String, byte[]> entries = SafeZip.read(zip, SafeZip.Limits.defaults());
		assertEquals(List.of("model/saved_model.pb", "model/variables/variables.index"), List.copyOf(entries.keySet()));
		assertArrayEquals("graph".getBytes(StandardCharsets.UTF_8), entries.get("model/saved_model.pb"));

		final Path dir = SafeZip.extractToTempDir(entries, "safezip-test");
		try {
			assertEquals("index", Files.readString(dir.resolve("model/variables/variables.index")));
		}
		finally {
			SafeZip.deleteRecursively(dir);
		}
		assertFalse(Files.exists(dir));
	}

	@Test
	void refusesParentSegment() throws IOException {
		final String msg = refusal(zip("slip.zip", "ok.txt", "x", "../evil", "x"), SafeZip.Limits.defaults());
		assertTrue(msg.contains("'../evil'") && msg.contains(".."), msg);
		final String inner = refusal(zip("slip2.zip", "a/../../evil", "x"), SafeZip.Limits.defaults());
		assertTrue(inner.contains("'a/../../evil'"), inner);
	}

	@Test
	void refusesAbsoluteDriveAndBackslashNames() throws IOException {
		final String abs = refusal(zip("abs.zip", "/etc/evil", "x"), SafeZip.Limits.defaults());
		assertTrue(abs.contains("'/etc/evil'") && abs.contains("absolute"), abs);
		final String drive = refusal(zip("drive.zip", "C:/evil", "x"), SafeZip.Limits.defaults());
		assertTrue(drive.contains("drive letter"), drive);
		final String backslash = refusal(zip("bs.zip", "a\\..\\evil", "x"), SafeZip.Limits.defaults());
		assertTrue(backslash.contains("backslash"), backslash);
	}

	@Test
	void refusesDuplicatesIgnoringCase() throws IOException {
		final String msg = refusal(zip("dup.zip", "saved_model.pb", "a", "SAVED_MODEL.pb", "b"), SafeZip.Limits.defaults());
		assertTrue(msg.contains("duplicate entry 'SAVED_MODEL.pb'"), msg);
		final String fileAsFolder = refusal(zip("dup2.zip", "a", "x", "a/b", "y"), SafeZip.Limits.defaults());
		assertTrue(fileAsFolder.contains("duplicate entry 'a/b'"), fileAsFolder);
	}

	@Test
	void refusesZipBombWhileInflating() throws IOException {
		final Path zip = zip("bomb.zip", "small.txt", "x", "bomb.bin", new byte[4 << 20]);
		assertTrue(Files.size(zip) < 64 * 1024, "test archive should be highly compressed");
		final String perEntry = refusal(zip, new SafeZip.Limits(10, 1 << 20, 1L << 30));
		assertTrue(perEntry.contains("'bomb.bin'") && perEntry.contains("per-entry limit"), perEntry);
		final String total = refusal(zip("two.zip", "a", new byte[600_000], "b", new byte[600_000]), new SafeZip.Limits(10, 1 << 20, 1 << 20));
		assertTrue(total.contains("in total") && total.contains("'b'"), total);
	}

	@Test
	void refusesTooManyEntries() throws IOException {
		final String msg = refusal(zip("many.zip", "a", "1", "b", "2", "c", "3"), new SafeZip.Limits(2, 100, 1000));
		assertTrue(msg.contains("3 entries") && msg.contains("limit of 2"), msg);
	}

	@Test
	void refusesTruncatedAndGarbageFiles() throws IOException {
		final Path zip = zip("whole.zip", "a.txt", "some text that is long enough to be cut", "b.txt", "more");
		final byte[] bytes = Files.readAllBytes(zip);
		final Path cut = tmp.resolve("cut.zip");
		Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
		final String msg = refusal(cut, SafeZip.Limits.defaults());
		assertTrue(msg.startsWith("not a valid zip / truncated: " + cut), msg);

		final Path garbage = tmp.resolve("garbage.zip");
		Files.write(garbage, "this is no zip".getBytes(StandardCharsets.UTF_8));
		assertTrue(refusal(garbage, SafeZip.Limits.defaults()).startsWith("not a valid zip / truncated: " + garbage));
	}

	@Test
	void extractRefusesNamesThatLeaveTheFolder() {
		final Map<String, byte[]> evil = new LinkedHashMap<>();
		evil.put("../evil", new byte[1]);
		final String msg = assertThrows(ModelFormatException.class, () -> SafeZip.extractToTempDir(evil, "safezip-test")).getMessage();
		assertTrue(msg.contains("'../evil'") && msg.contains("outside"), msg);
	}
}
