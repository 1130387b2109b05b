/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * One file to publish on the update site: where it goes in a Fiji installation ({@link #path}, relative,
 * forward slashes, with its version in the name as Maven names jars) and where it comes from
 * ({@link #source}). A <em>main</em> file (the plugin jar) depends on every other jar of the site.
 */
public final class SiteFile {

	/**
	 * The platform folders the Fiji updater knows ({@code net.imagej.updater.util.Platforms}): files under
	 * {@code jars/<platform>/} or {@code lib/<platform>/} are installed only on that platform. Names ending in {@code x} are groups
	 * (all architectures of one system).
	 */
	public static final List<String> PLATFORMS = List.of("linux32", "linux64", "linux-arm64", "linuxx",
		"macos64", "macos-arm64", "macosx", "win32", "win64", "win-arm64", "winx");

	public final String path;
	public final Path source;
	public final boolean main;

	public SiteFile(final String path, final Path source, final boolean main) {
		if (path.startsWith("/") || path.contains("\\") || path.contains("..") || path.endsWith("/"))
			throw new IllegalArgumentException("Not a relative file path: " + path);
		this.path = path;
		this.source = Objects.requireNonNull(source, "source");
		this.main = main;
	}

	/**
	 * The plugin jar, published as {@code jars/<artifactId>-<version>.jar} from the Maven coordinates in
	 * its {@code META-INF/maven/.../pom.properties} (or under its own file name when it has none).
	 */
	public static SiteFile mainJar(final Path jar) {
		return new SiteFile("jars/" + mavenName(requireNoClassPath(jar)), jar, true);
	}

	/**
	 * A jar of this project that the plugin needs on Fiji's classpath (the engine, the priors), published
	 * like the plugin jar as {@code jars/<artifactId>-<version>.jar}; the plugin depends on it. The
	 * engine's classes run in the isolated class loader all the same ({@link sc.fiji.diffusion.isolation.EngineLoader}
	 * puts the engine's jar in it), so that they link against the isolated TensorFlow Java.
	 */
	public static SiteFile classpathJar(final Path jar) {
		return new SiteFile("jars/" + mavenName(requireNoClassPath(jar)), jar, false);
	}

	/**
	 * {@code jar}, checked to have no {@code Class-Path} in its manifest. A jar in {@code jars/} is read by
	 * Fiji's class loader and by the engine's isolated, child-first loader; both follow a manifest
	 * {@code Class-Path} (pom-scijava's default, {@code addClasspath}) to the jars it names beside it, so
	 * that Fiji's own {@code jars/gson-*.jar}, {@code slf4j-api-*.jar}... of exactly the build's versions
	 * would be loaded a second time, child first, by the engine's loader.
	 *
	 * @throws IllegalArgumentException if the manifest has a {@code Class-Path}
	 */
	static Path requireNoClassPath(final Path jar) {
		try (JarFile file = new JarFile(jar.toFile())) {
			final Manifest manifest = file.getManifest();
			final String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
			if (classPath != null) throw new IllegalArgumentException(jar + " names other jars in its manifest's Class-Path (" + classPath.trim().split("\\s+").length
				+ " jars, e.g. " + classPath.trim().split("\\s+")[0] + "); a jar in jars/ must not (build it with <addClasspath>false</addClasspath>)");
			return jar;
		}
		catch (final IOException e) {
			throw new UncheckedIOException("Cannot read jar " + jar, e);
		}
	}

	/** {@code <artifactId>-<version>.jar} from the jar's {@code pom.properties}, else the file's name. */
	private static String mavenName(final Path jar) {
		final Properties pom = pomProperties(jar);
		return pom == null ? jar.getFileName().toString() : pom.getProperty("artifactId") + "-" + pom.getProperty("version") + ".jar";
	}

	/** The folder, below Fiji's {@code lib/} (or {@code lib/<platform>/}), of the engine's jars. */
	public static final String ENGINE_FOLDER = "diffusion-fiji";

	/**
	 * A library jar of the engine (TensorFlow Java and its dependencies), published as
	 * {@code lib/diffusion-fiji/<file name>}: off Fiji's classpath, so that it never meets the
	 * libtensorflow 1.15 of CSBDeep, N2V or StarDist there; the plugin loads it in its own class loader
	 * ({@link sc.fiji.diffusion.isolation.EngineLoader}).
	 */
	public static SiteFile jar(final Path jar) {
		return new SiteFile("lib/" + ENGINE_FOLDER + "/" + jar.getFileName(), jar, false);
	}

	/**
	 * A native jar for one platform (one of {@link #PLATFORMS}), published as
	 * {@code lib/<platform>/diffusion-fiji/<file name>} (the updater takes the platform from the folder
	 * below {@code lib/}).
	 */
	public static SiteFile nativeJar(final String platform, final Path jar) {
		if (!PLATFORMS.contains(platform)) throw new IllegalArgumentException("Unknown platform '" + platform +
			"'; the Fiji updater knows " + PLATFORMS);
		return new SiteFile("lib/" + platform + "/" + ENGINE_FOLDER + "/" + jar.getFileName(), jar, false);
	}

	/** An ImageJ macro, published as {@code macros/<file name>}. */
	public static SiteFile macro(final Path file) {
		return new SiteFile("macros/" + file.getFileName(), file, false);
	}

	/**
	 * The platform of a path as the updater guesses it ({@code Checksummer.guessPlatform}): the folder
	 * below {@code jars/} or {@code lib/} when it is a known platform, else null (all platforms).
	 */
	public static String platformOf(final String path) {
		final String rest;
		if (path.startsWith("jars/")) rest = path.substring(5);
		else if (path.startsWith("lib/")) rest = path.substring(4);
		else return null;
		final int slash = rest.indexOf('/');
		if (slash < 0) return null;
		final String platform = rest.substring(0, slash);
		return PLATFORMS.contains(platform) ? platform : null;
	}

	/** The first {@code META-INF/maven/<group>/<artifact>/pom.properties} of a jar, or null. */
	static Properties pomProperties(final Path jar) {
		try (JarFile file = new JarFile(jar.toFile())) {
			for (final JarEntry entry : Collections.list(file.entries()))
				if (entry.getName().matches("META-INF/maven/[^/]+/[^/]+/pom\\.properties")) {
					final Properties properties = new Properties();
					try (InputStream in = file.getInputStream(entry)) {
						properties.load(in);
					}
					if (properties.getProperty("artifactId") != null && properties.getProperty("version") != null)
						return properties;
				}
			return null;
		}
		catch (final IOException e) {
			throw new UncheckedIOException("Cannot read jar " + jar, e);
		}
	}

	@Override
	public String toString() {
		return path + " <- " + source;
	}
}
