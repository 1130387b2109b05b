/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.house;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** No two main classes share a simple name (a reader, a stack trace or an import never has to ask which one). */
class ClassNamesTest {

	@Test
	void everyMainClassNameIsUsedOnce() throws IOException {
		final Map<String, List<Path>> byName;
		try (Stream<Path> s = Files.walk(Paths.get("src", "main", "java"))) {
			byName = s.filter(p -> p.toString().endsWith(".java"))
				.collect(Collectors.groupingBy(p -> p.getFileName().toString(), TreeMap::new, Collectors.toList()));
		}
		assertTrue(byName.size() > 100, byName.size() + " classes");
		final Map<String, List<Path>> twice = new TreeMap<>();
		byName.forEach((name, paths) -> {
			if (paths.size() > 1) twice.put(name, paths);
		});
		assertEquals(Map.of(), twice);
	}
}
