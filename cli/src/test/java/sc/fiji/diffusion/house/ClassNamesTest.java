/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.house;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** No two main classes of any module share a simple name (a reader, a stack trace or an import never has to ask which one). */
class ClassNamesTest {

	@Test
	void everyMainClassNameIsUsedOnce() throws IOException {
		final Map<String, List<Path>> byName;
		byName = SourceTrees.javaFiles("src/main/java").stream()
			.collect(Collectors.groupingBy(p -> p.getFileName().toString(), TreeMap::new, Collectors.toList()));
		assertTrue(byName.size() > 100, byName.size() + " classes");
		final Map<String, List<Path>> twice = new TreeMap<>();
		byName.forEach((name, paths) -> {
			if (paths.size() > 1) twice.put(name, paths);
		});
		assertEquals(Map.of(), twice);
	}
}
