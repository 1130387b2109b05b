/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.house;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.command.DenoiseCommand;
import sc.fiji.diffusion.testdata.SampleData;

/**
 * What the update site installs as the plugin (the {@code fiji} module's jar, {@code jars/diffusion-fiji-*.jar}):
 * the Fiji commands, the ImageJ image exchange, the class-loader isolation with its typed engine door
 * ({@code isolation}) and the door's engine side ({@code door}: its own package because the isolated loader
 * must define it while it delegates {@code isolation} to Fiji's), and nothing of the tools
 * (benchmarks, classical baselines, synthetic data, NIfTI slicing, update-site assembly) or the command line.
 */
class PluginJarContentTest {

	static final Set<String> PLUGIN_PACKAGES = Set.of("sc/fiji/diffusion/command", "sc/fiji/diffusion/door", "sc/fiji/diffusion/imagej", "sc/fiji/diffusion/isolation");

	@Test
	void thePluginJarHoldsTheCommandsAndNoTools() throws Exception {
		// the folder the jar is made of (the jar itself is made only by mvn package)
		final Path classes = Path.of(DenoiseCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		final List<String> files;
		try (Stream<Path> s = Files.walk(classes)) {
			files = s.filter(Files::isRegularFile).map(p -> classes.relativize(p).toString().replace('\\', '/')).collect(Collectors.toList());
		}
		final Set<String> packages = new TreeSet<>();
		for (final String f : files)
			if (f.endsWith(".class")) packages.add(f.substring(0, f.lastIndexOf('/')));
		assertEquals(PLUGIN_PACKAGES, packages, "the packages of the plugin jar");
		assertTrue(files.contains("META-INF/json/org.scijava.plugin.Plugin"), "the SciJava plugin index is in the plugin jar: " + files);
		for (final String tool : new String[] { "bench", "baseline", "data/synth", "data/nifti", "data/volume", "site", "cli" })
			assertFalse(files.stream().anyMatch(f -> f.startsWith("sc/fiji/diffusion/" + tool + "/")), tool);
	}

	@Test
	void thePluginModuleDeclaresNeitherTheToolsNorTheCommandLine() throws IOException {
		final String pom = new String(Files.readAllBytes(SampleData.repoRoot().resolve("fiji/pom.xml")), StandardCharsets.UTF_8);
		assertTrue(pom.contains("<artifactId>diffusion-engine</artifactId>"));
		assertFalse(pom.contains("<artifactId>diffusion-tools</artifactId>"));
		assertFalse(pom.contains("<artifactId>diffusion-cli</artifactId>"));
	}
}
