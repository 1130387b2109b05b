/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The first check of an input file, before any byte of it is read: it exists, is a file, and can be read. */
public final class InputFiles {

	private InputFiles() {}

	/**
	 * @param what the kind of file, for the message, e.g. {@code "Image file"} or {@code "NIfTI file"}
	 * @throws IOException naming the file and the problem: missing, a folder, or unreadable
	 */
	public static void requireReadable(final Path file, final String what) throws IOException {
		if (!Files.exists(file))
			throw new IOException(what + " not found: " + file);
		if (Files.isDirectory(file))
			throw new IOException("Expected a file (" + what.toLowerCase(java.util.Locale.ROOT) + ") but found a folder: " + file);
		if (!Files.isReadable(file))
			throw new IOException(what + " is not readable (check its permissions): " + file);
	}
}
