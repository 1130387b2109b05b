/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a whole file atomically: into a temporary file beside it, then moved onto its name in one step,
 * so that a reader (or a killed run) sees the old file or the new one, never half of one; the temporary
 * file is gone afterwards, also when writing fails.
 */
public final class AtomicFiles {

	private AtomicFiles() {}

	/** Writes {@code bytes} to {@code target} atomically (see the class description). */
	public static void write(final Path target, final byte[] bytes) throws IOException {
		final Path dir = target.toAbsolutePath().getParent();
		final Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
		try {
			try (OutputStream out = Files.newOutputStream(tmp)) {
				out.write(bytes);
			}
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** Writes {@code text} as UTF-8 to {@code target} atomically. */
	public static void write(final Path target, final String text) throws IOException {
		write(target, text.getBytes(StandardCharsets.UTF_8));
	}
}
