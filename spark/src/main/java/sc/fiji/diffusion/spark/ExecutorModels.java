/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.task.Restoration;

/**
 * The models of this JVM (an executor, or the driver in local mode), loaded lazily once per bundle and
 * kept for the JVM's life: every task of the executor, on any of its cores, shares one TensorFlow
 * model (its session runs concurrently). Keyed by the bundle's SHA-256, so that a broadcast value is
 * only fetched ({@code bytes.get()}) the first time.
 */
public final class ExecutorModels {

	private static final Map<String, Restoration> LOADED = new HashMap<>();
	private static int loads;

	private ExecutorModels() {}

	/** The restoration for the bundle {@code sha256}, loading it from {@code bytes} on first use. */
	public static synchronized Restoration restoration(final String sha256, final Supplier<byte[]> bytes) {
		Restoration r = LOADED.get(sha256);
		if (r == null) {
			try {
				final Path tmp = Files.createTempFile("diffusion-spark-model-", ".zip");
				try {
					Files.write(tmp, bytes.get());
					final LoadedModel m = Models.openPath(tmp);
					r = new Restoration(m);
				}
				finally {
					Files.deleteIfExists(tmp);
				}
			}
			catch (final IOException e) {
				throw new UncheckedIOException("Cannot load the broadcast model bundle " + sha256, e);
			}
			LOADED.put(sha256, r);
			loads++;
		}
		return r;
	}

	/** How many bundles this JVM has loaded (for tests: once per bundle, however many tasks ran). */
	public static synchronized int loads() { return loads; }
}
