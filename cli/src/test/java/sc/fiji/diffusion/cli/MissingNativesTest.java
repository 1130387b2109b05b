/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A computer whose platform has no TensorFlow native library (an Intel Mac; a Fiji whose updater skipped
 * the native jar): {@code restore} says so in one line, names the platforms that work and writes
 * nothing, where it used to end with an {@link UnsatisfiedLinkError}'s stack trace. The child JVM runs
 * without the native jar and with an empty JavaCPP cache, so that no library extracted before is found.
 */
class MissingNativesTest {

	@TempDir Path dir;

	@Test
	void restoreWithoutTheNativeLibrarySaysWhatToDo() throws Exception {
		final String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		final List<String> entries = Arrays.stream(full.split(File.pathSeparator)).collect(Collectors.toList());
		final List<String> withoutNatives = entries.stream().filter(e -> !(e.contains("tensorflow-core-native") && e.contains("linux-"))).collect(Collectors.toList());
		assertTrue(withoutNatives.size() < entries.size(), "the test class path holds the native jar: " + full);
		final Path in = dir.resolve("in.tif"), out = dir.resolve("out.tif"), cache = Files.createDirectories(dir.resolve("javacpp-cache"));
		final float[] pixels = new float[64 * 64];
		for (int k = 0; k < pixels.length; k++) pixels[k] = (float) (0.5 + 0.3 * Math.sin(k * 0.37));
		sc.fiji.diffusion.imagej.ImageFiles.saveFloatTiff(in, 64, 64, new float[][] { pixels }, null, "in");
		final ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
			"-Dorg.bytedeco.javacpp.cachedir=" + cache, "-D" + QuietTensorFlow.PROPERTY + "=false", "-cp", String.join(File.pathSeparator, withoutNatives),
			Main.class.getName(), "restore", "--task", "denoise", "--model", "demo-cells", "--input", in.toString(), "--output", out.toString())
				.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("err.txt").toFile());
		final Process p = pb.start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS), "restore did not return");
		final String err = new String(Files.readAllBytes(dir.resolve("err.txt")), StandardCharsets.UTF_8);
		assertEquals(1, p.exitValue(), err);
		assertTrue(err.contains("Error: TensorFlow's native library could not be loaded on this computer (" + System.getProperty("os.name")), err);
		assertTrue(err.contains("jnitensorflow") && err.contains("Linux x86-64, Linux ARM64, Windows x86-64 and Apple Silicon macOS"), err);
		assertFalse(err.contains("\tat "), "no stack trace: " + err);
		assertFalse(Files.exists(out), "no output");
	}
}
