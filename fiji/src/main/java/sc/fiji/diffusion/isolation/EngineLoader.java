/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Decides, once per JVM, which class loader runs this plugin's engine (everything that touches
 * TensorFlow Java), so that it lives beside CSBDeep, N2V, StarDist and DeepImageJ, which bring
 * {@code org.tensorflow:libtensorflow} 1.15 with the same class names ({@code org.tensorflow.Graph},
 * {@code Session}, {@code Tensor}) on Fiji's one flat classpath:
 * <ol>
 * <li>If the system property {@value #PATH_PROPERTY} names jars or folders of jars, or a folder
 * {@code lib/diffusion-fiji/} (and {@code lib/<platform>/diffusion-fiji/}) exists beside the Fiji
 * {@code jars/} folder holding this plugin (where the update site installs TensorFlow Java, off the
 * classpath), the engine runs in a {@link ChildFirstClassLoader} over this plugin's jar, the engine's jar ({@link #ENGINE_ANCHOR}'s) and those
 * jars: it sees TensorFlow Java 1.1 whatever else the parent holds, and the other plugins keep their
 * libtensorflow 1.15.</li>
 * <li>Otherwise, if this plugin's own class loader sees TensorFlow Java ({@code org.tensorflow.types.TFloat32},
 * which libtensorflow 1.15 lacks, and {@code org.tensorflow.Graph} from the same jar), that loader runs the engine (the command line,
 * tests, a plain Fiji).</li>
 * <li>Otherwise TensorFlow Java is missing or shadowed, and {@link #engineLoader} fails with a message
 * that names the jar that shadows it and says what to do.</li>
 * </ol>
 * The choice is cached: a native TensorFlow library can be loaded by one class loader per JVM only.
 * The commands reach the engine only through the {@link EngineDoor} that {@link EngineDoors} opens in the
 * chosen loader, which makes that loader the thread's context class loader for each call and restores the
 * previous one afterwards.
 */
public final class EngineLoader {

	/** System property: jars or folders (path-separated) holding TensorFlow Java and its dependencies. */
	public static final String PATH_PROPERTY = "diffusion.tensorflow.path";

	/**
	 * A class of the engine module ({@code diffusion-engine}), whose jar (or classes folder) the isolated
	 * loader also holds: the engine's classes must link against the isolated TensorFlow Java.
	 */
	static final String ENGINE_ANCHOR = "sc.fiji.diffusion.task.Restoration";

	private static ClassLoader engine;

	private EngineLoader() {}

	/** The class loader for the engine of the plugin whose class {@code anchor} is (see the class description). */
	public static synchronized ClassLoader engineLoader(final Class<?> anchor) {
		if (engine == null) engine = choose(anchor);
		return engine;
	}


	private static ClassLoader choose(final Class<?> anchor) {
		final ClassLoader own = anchor.getClassLoader();
		final Path self = location(anchor);
		final List<Path> jars = isolatedJars(self);
		if (!jars.isEmpty()) {
			final List<URL> urls = new ArrayList<>();
			urls.add(url(self));
			final Path engineJar = location(ENGINE_ANCHOR, own);
			if (engineJar != null && !engineJar.equals(self)) urls.add(url(engineJar));
			for (final Path j : jars) urls.add(url(j));
			return new ChildFirstClassLoader(urls.toArray(new URL[0]), own);
		}
		final String problem = tensorFlowProblem(own);
		if (problem == null) return own;
		throw new IllegalStateException(problem + " Reinstall the Diffusion update site (Help > Update...), which puts its TensorFlow in "
			+ "Fiji's lib/diffusion-fiji folder, away from other TensorFlow versions; or set -D" + PATH_PROPERTY + "=<folder with tensorflow-core-api-1.1.0.jar and its dependencies>.");
	}

	/** Null if {@code loader} sees a consistent TensorFlow Java 1.x, else what is wrong. */
	static String tensorFlowProblem(final ClassLoader loader) {
		final Class<?> ops, graph;
		try {
			graph = Class.forName("org.tensorflow.Graph", false, loader);
		}
		catch (final ClassNotFoundException e) {
			return "TensorFlow Java is not installed.";
		}
		try {
			ops = Class.forName("org.tensorflow.types.TFloat32", false, loader);
		}
		catch (final ClassNotFoundException e) {
			return "Another TensorFlow (" + where(graph) + ", probably libtensorflow 1.15 from CSBDeep, N2V, StarDist or DeepImageJ) takes the place of "
				+ "TensorFlow Java 1.1, which this plugin needs.";
		}
		final String g = where(graph), o = where(ops);
		if (!g.equals(o))
			return "Another TensorFlow (" + g + ", probably libtensorflow 1.15 from CSBDeep, N2V, StarDist or DeepImageJ) shadows TensorFlow Java 1.1 ("
				+ o + "), which this plugin needs.";
		return null;
	}

	/** The jars to isolate: from the system property, else Fiji's lib/diffusion-fiji folders; empty if none. */
	static List<Path> isolatedJars(final Path self) {
		final List<Path> jars = new ArrayList<>();
		final String property = System.getProperty(PATH_PROPERTY);
		if (property != null && !property.trim().isEmpty()) {
			for (final String part : property.split(File.pathSeparator))
				if (!part.trim().isEmpty()) addJars(Paths.get(part.trim()), jars);
			return jars;
		}
		if (self == null || self.getParent() == null || self.getParent().getParent() == null) return jars;
		final Path lib = self.getParent().getParent().resolve("lib");
		addJars(lib.resolve("diffusion-fiji"), jars);
		if (Files.isDirectory(lib)) {
			try (Stream<Path> platforms = Files.list(lib)) {
				platforms.forEach(p -> addJars(p.resolve("diffusion-fiji"), jars));
			}
			catch (final IOException e) {
				// no platform folders
			}
		}
		return jars;
	}

	private static void addJars(final Path p, final List<Path> jars) {
		if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) jars.add(p);
		else if (Files.isDirectory(p)) {
			try (Stream<Path> files = Files.list(p)) {
				files.filter(f -> f.toString().endsWith(".jar") && Files.isRegularFile(f)).sorted().forEach(jars::add);
			}
			catch (final IOException e) {
				// unreadable folder: nothing from it
			}
		}
	}

	private static Path location(final Class<?> c) {
		try {
			final java.security.CodeSource cs = c.getProtectionDomain().getCodeSource();
			return cs == null ? null : Paths.get(cs.getLocation().toURI());
		}
		catch (final URISyntaxException | SecurityException e) {
			return null;
		}
	}

	/** Where {@code loader} finds the class named {@code name} (not initialised), or null. */
	private static Path location(final String name, final ClassLoader loader) {
		try {
			return location(Class.forName(name, false, loader));
		}
		catch (final ClassNotFoundException | LinkageError e) {
			return null;
		}
	}

	private static String where(final Class<?> c) {
		final Path p = location(c);
		return p == null ? "unknown location" : p.toString();
	}

	private static URL url(final Path p) {
		try {
			return p.toUri().toURL();
		}
		catch (final MalformedURLException e) {
			throw new IllegalStateException(e);
		}
	}
}
