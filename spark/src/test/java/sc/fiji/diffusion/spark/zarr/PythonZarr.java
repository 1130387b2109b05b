/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's python3-zarr for the interoperability tests: whether it is there, and running a script. */
public final class PythonZarr {

	private static final String PYTHON = "/usr/bin/python3";

	private PythonZarr() {}

	/** Whether {@code /usr/bin/python3} imports zarr and numcodecs. */
	public static boolean available() {
		try {
			final Process p = new ProcessBuilder(PYTHON, "-c", "import zarr, numcodecs").redirectErrorStream(true).start();
			return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
		}
		catch (final IOException | InterruptedException e) {
			return false;
		}
	}

	/** Runs {@code script} in {@code dir} (written there as script.py); asserts it succeeds and returns its output, trimmed. */
	public static String run(final Path dir, final String script) throws IOException, InterruptedException {
		final Path f = dir.resolve("script.py");
		Files.write(f, script.getBytes(StandardCharsets.UTF_8));
		final Process p = new ProcessBuilder(PYTHON, f.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(300, TimeUnit.SECONDS));
		assertEquals(0, p.exitValue(), out);
		return out.trim();
	}
}
