/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.house;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import sc.fiji.diffusion.testdata.SampleData;

/** The Java source files of every module of the build (the folders beside the root pom.xml that have their own pom.xml). */
final class SourceTrees {

	private SourceTrees() {}

	/** The modules' folders, sorted. */
	static List<Path> modules() {
		try (Stream<Path> s = Files.list(SampleData.repoRoot())) {
			return s.filter(d -> Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("src"))).sorted()
				.collect(Collectors.toList());
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The {@code .java} files below {@code <module>/<sub>} of every module ({@code sub} e.g. {@code src/main/java} or {@code src}). */
	static List<Path> javaFiles(final String sub) {
		final List<Path> files = new ArrayList<>();
		for (final Path m : modules()) {
			final Path root = m.resolve(sub);
			if (!Files.isDirectory(root)) continue;
			try (Stream<Path> s = Files.walk(root)) {
				s.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
			}
			catch (final IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return files;
	}
}
