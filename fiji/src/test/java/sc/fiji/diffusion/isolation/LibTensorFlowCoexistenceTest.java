/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.testdata.SampleData;

/**
 * The plugin lives beside CSBDeep, N2V and StarDist, which put org.tensorflow:libtensorflow 1.15 and
 * libtensorflow_jni 1.15 on Fiji's classpath: in a JVM whose classpath starts with those jars, a
 * libtensorflow 1.15 session runs (its native library loaded), our Denoise command still restores an
 * image, with TensorFlow Java 1.1 and its natives loaded in its own class loader (the door's engine side
 * defined there, the door's types once), and a libtensorflow
 * 1.15 session runs again afterwards; without our TensorFlow jars it says exactly what to do.
 */
class LibTensorFlowCoexistenceTest {

	static Path libTensorFlow, libTensorFlowJni;
	static List<String> shared = new ArrayList<>(), tensorFlowJava = new ArrayList<>();

	@BeforeAll
	static void classpath() {
		final Path testLib = Paths.get(System.getProperty("diffusion.test-lib", "fiji/target/test-lib"));
		libTensorFlow = testLib.resolve("libtensorflow-1.15.0.jar").toAbsolutePath();
		libTensorFlowJni = testLib.resolve("libtensorflow_jni-1.15.0.jar").toAbsolutePath();
		for (final Path jar : new Path[] { libTensorFlow, libTensorFlowJni })
			assertTrue(Files.isRegularFile(jar), "missing " + jar + " (copied by maven-dependency-plugin in generate-test-resources)");
		String cp = System.getProperty("surefire.test.class.path");
		if (cp == null || cp.isEmpty()) cp = System.getProperty("java.class.path");
		for (final String entry : cp.split(File.pathSeparator)) {
			final String name = Paths.get(entry).getFileName().toString();
			if (name.matches("(tensorflow-|ndarray|javacpp|protobuf-java|gson).*\\.jar")) tensorFlowJava.add(entry);
			else if (!name.startsWith("junit") && !name.startsWith("opentest4j") && !name.startsWith("apiguardian")) shared.add(entry);
		}
		assertTrue(tensorFlowJava.size() >= 6, "TensorFlow Java jars on the test classpath: " + tensorFlowJava);
	}

	static Map<String, String> runFijiLike(final boolean withOurTensorFlow) throws Exception {
		final List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Xmx2g");
		cmd.add("-Djava.awt.headless=true");
		if (withOurTensorFlow) cmd.add("-D" + EngineLoader.PATH_PROPERTY + "=" + String.join(File.pathSeparator, tensorFlowJava));
		cmd.add("-cp");
		final List<String> cp = new ArrayList<>();
		cp.add(libTensorFlow.toString());
		cp.add(libTensorFlowJni.toString());
		cp.addAll(shared);
		cmd.add(String.join(File.pathSeparator, cp));
		cmd.add(FijiLikeRestore.class.getName());
		cmd.add(SampleData.ijTestImages().resolve("ecoli.png").toString());
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		final byte[] out = p.getInputStream().readAllBytes();
		assertTrue(p.waitFor(5, TimeUnit.MINUTES));
		final String text = new String(out, StandardCharsets.UTF_8);
		assertEquals(0, p.exitValue(), text);
		final Map<String, String> values = new HashMap<>();
		for (final String line : text.split("\n")) {
			final int colon = line.indexOf(": ");
			if (colon > 0 && line.matches("[a-z0-9-]+: .*")) values.put(line.substring(0, colon), line.substring(colon + 2).trim());
		}
		values.put("output", text);
		return values;
	}

	@Test
	void restoresBesideLibTensorFlow115AndLeavesItToTheOtherPlugins() throws Exception {
		final Map<String, String> v = runFijiLike(true);
		assertTrue(v.get("graph").endsWith("libtensorflow-1.15.0.jar"), v.get("output"));
		assertEquals("true", v.get("libtensorflow-version-method"));
		assertEquals("1.15.0 7.0", v.get("tf115-before"), "a libtensorflow 1.15 session before ours: " + v.get("output"));
		assertEquals("false", v.get("cancelled"), v.get("output"));
		final double noisy = Double.parseDouble(v.get("psnr-noisy")), denoised = Double.parseDouble(v.get("psnr-denoised"));
		System.out.println("[isolation] beside libtensorflow 1.15: noisy " + noisy + " dB -> denoised " + denoised + " dB");
		assertTrue(denoised > noisy + 3, v.get("output"));
		assertEquals("diffusion-fiji-engine", v.get("door-side-loader"), "the door's engine side runs in the isolated loader: " + v.get("output"));
		assertEquals("true", v.get("door-defined-once"), "the door's types are the plugin's in the isolated loader: " + v.get("output"));
		assertTrue(v.get("graph-after").endsWith("libtensorflow-1.15.0.jar"), "the other plugins' TensorFlow must stay 1.15: " + v.get("output"));
		assertEquals("1.15.0 11.5", v.get("tf115-after"), "a libtensorflow 1.15 session after ours, in the same JVM: " + v.get("output"));
		final String natives = v.get("natives");
		System.out.println("[isolation] TensorFlow natives in the one process: " + natives);
		if (!"unknown".equals(natives))
			for (final String lib : new String[] { "libtensorflow_jni.so", "libtensorflow_framework.so.1", "libjnitensorflow.so", "libtensorflow_framework.so.2" })
				assertTrue(natives.contains(lib), "both TensorFlow natives are loaded, " + lib + " missing: " + v.get("output"));
	}

	@Test
	void withoutItsOwnTensorFlowItSaysWhatToDo() throws Exception {
		final Map<String, String> v = runFijiLike(false);
		assertEquals("true", v.get("cancelled"), v.get("output"));
		assertEquals("1.15.0 7.0", v.get("tf115-before"), v.get("output"));
		assertEquals("1.15.0 11.5", v.get("tf115-after"), "the other plugins' TensorFlow still works: " + v.get("output"));
		final String reason = v.get("reason");
		System.out.println("[isolation] without TensorFlow Java: " + reason);
		assertTrue(reason.contains("libtensorflow-1.15.0.jar") && reason.contains("update site") && reason.contains(EngineLoader.PATH_PROPERTY), reason);
	}
}
