/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole files written atomically: the content, the permissions of any new file, nothing else left. */
class AtomicFilesTest {

	@TempDir
	Path dir;

	@Test
	void writesTheBytesWithTheFoldersUsualPermissionsAndLeavesNoTemporaryFile() throws IOException {
		final Path target = dir.resolve("a.cfl"), plain = Files.createFile(dir.resolve("plain"));
		AtomicFiles.write(target, new byte[] { 1, 2, 3 });
		assertArrayEquals(new byte[] { 1, 2, 3 }, Files.readAllBytes(target));
		if (Files.getFileStore(dir).supportsFileAttributeView("posix"))
			assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target), "as any new file, not owner-only");
		AtomicFiles.write(target, "replaced");
		assertEquals("replaced", Files.readString(target));
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(2, files.count(), "only a.cfl and plain");
		}
	}
}
