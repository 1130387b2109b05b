/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.util.Locale;

import org.tensorflow.Graph;
import org.tensorflow.TensorFlow;

/**
 * TensorFlow's native library, loaded before the first graph. TensorFlow Java 1.1 has native libraries
 * for {@link #PLATFORMS} only, in one jar per platform (in Fiji, the update site installs the one of the
 * running platform under {@code lib/<platform>/diffusion-fiji/}); where it is missing, the first use of
 * any TensorFlow class throws a {@link LinkageError} ({@link UnsatisfiedLinkError} the first time,
 * {@link NoClassDefFoundError} after that), which no door reports as an error of the user's run.
 * {@link #require()} turns it into an {@link IllegalStateException} that names the platform and what
 * to do; every graph of the engine is made by {@link #newGraph()}.
 */
public final class TensorFlowNatives {

	/** The platforms TensorFlow Java 1.1 publishes native libraries for. */
	public static final String PLATFORMS = "Linux x86-64, Linux ARM64, Windows x86-64 and Apple Silicon macOS";

	private static volatile boolean loaded;

	private TensorFlowNatives() {}

	/**
	 * Loads TensorFlow's native library once.
	 *
	 * @throws IllegalStateException if it cannot be loaded on this platform
	 */
	public static void require() {
		if (loaded) return;
		check(TensorFlow::version);
		loaded = true;
	}

	/**
	 * A new graph, the native library {@linkplain #require() loaded} first.
	 *
	 * @throws IllegalStateException if it cannot be loaded on this platform
	 */
	public static Graph newGraph() {
		require();
		return new Graph();
	}

	/** Runs {@code load}, turning a {@link LinkageError} into the exception {@link #require()} promises. */
	static void check(final Runnable load) {
		try {
			load.run();
		}
		catch (final LinkageError e) {
			throw unavailable(e);
		}
	}

	/** The exception for a native library that did not load, with {@code cause} as its cause. */
	static IllegalStateException unavailable(final LinkageError cause) {
		return new IllegalStateException(String.format(Locale.ROOT,
			"TensorFlow's native library could not be loaded on this computer (%s %s, Java %s): %s. TensorFlow Java 1.1 runs on %s only;"
				+ " on one of those, in Fiji, run Help > Update... so that the native jar of this platform is installed in lib/<platform>/diffusion-fiji/,"
				+ " then restart Fiji", System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"), rootMessage(cause), PLATFORMS),
			cause);
	}

	private static String rootMessage(final Throwable e) {
		Throwable t = e;
		while (t.getCause() != null && t.getCause() != t) t = t.getCause();
		return t.getMessage() == null || t.getMessage().isEmpty() ? t.getClass().getSimpleName() : t.getMessage();
	}
}
