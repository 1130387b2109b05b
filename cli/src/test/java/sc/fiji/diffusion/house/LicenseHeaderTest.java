/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.house;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Every Java source file starts with the licence header of pom.xml's licence (scripts/license-headers.sh adds it). */
class LicenseHeaderTest {

	static final String SPDX = "SPDX-License-Identifier: BSD-2-Clause";

	@Test
	void everySourceFileCarriesTheLicenceHeader() throws IOException {
		final List<Path> files = SourceTrees.javaFiles("src");
		assertTrue(files.size() > 100, "found " + files.size() + " source files");
		final List<Path> without = files.stream().filter(p -> !header(p).contains(SPDX)).collect(Collectors.toList());
		assertEquals(List.of(), without, "files without the licence header: run scripts/license-headers.sh");
		final String pom = new String(Files.readAllBytes(Paths.get("pom.xml")), StandardCharsets.UTF_8);
		assertTrue(pom.contains("<license.licenseName>bsd_2</license.licenseName>"), "pom.xml declares BSD-2");
		assertTrue(new String(Files.readAllBytes(Paths.get("LICENSE.txt")), StandardCharsets.UTF_8).startsWith("BSD 2-Clause License"));
	}

	private static String header(final Path p) {
		try {
			final String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
			return text.substring(0, Math.min(300, text.length()));
		}
		catch (final IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}
}
