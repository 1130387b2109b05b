/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a whole file atomically: into a temporary file beside it, then moved onto its name in one step,
 * so that a reader (or a killed run) sees the old file or the new one, never half of one; the temporary
 * file is gone afterwards, also when writing fails.
 */
public final class AtomicFiles {

	private AtomicFiles() {}

	/** Writes {@code bytes} to {@code target} atomically (see the class description). */
	public static void write(final Path target, final byte[] bytes) throws IOException {
		final Path tmp = temporary(target);
		try {
			try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
				out.write(bytes);
			}
			commit(tmp, target);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/**
	 * A new hidden path beside {@code target} for its temporary file, unique to this process and moment, not
	 * yet created: the writer creates it, so it gets the permissions of any new file (not those of
	 * {@link Files#createTempFile}, owner-only, which the move would carry onto the result).
	 */
	public static Path temporary(final Path target) {
		final Path abs = target.toAbsolutePath();
		return abs.resolveSibling("." + abs.getFileName() + "." + Long.toHexString(System.nanoTime()) + "." + ProcessHandle.current().pid() + ".tmp");
	}

	/** Moves the written {@code tmp} onto {@code target} in one step (a plain replace where the file system cannot move atomically). */
	public static void commit(final Path tmp, final Path target) throws IOException {
		try {
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (final AtomicMoveNotSupportedException e) {
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** Writes {@code text} as UTF-8 to {@code target} atomically. */
	public static void write(final Path target, final String text) throws IOException {
		write(target, text.getBytes(StandardCharsets.UTF_8));
	}
}
