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

	/**
	 * The restoration for the bundle {@code sha256}, loading it from {@code bytes} on first use. Where the
	 * loaded model is not taken (e.g. {@link Restoration} refuses it), the model is closed before the
	 * exception propagates and nothing is kept, so that a retried task does not leak a TensorFlow graph and
	 * session per attempt.
	 */
	public static Restoration restoration(final String sha256, final Supplier<byte[]> bytes) {
		return restoration(sha256, bytes, Models::openPath);
	}

	/** Opens a bundle file (the real {@link Models#openPath}, or one that records what it opened, for tests). */
	interface Opener {
		LoadedModel open(Path bundle) throws IOException;
	}

	/** {@link #restoration(String, Supplier)} with the bundle opened by {@code open}. */
	static synchronized Restoration restoration(final String sha256, final Supplier<byte[]> bytes, final Opener open) {
		Restoration r = LOADED.get(sha256);
		if (r == null) {
			try {
				final Path tmp = Files.createTempFile("diffusion-spark-model-", ".zip");
				try {
					Files.write(tmp, bytes.get());
					r = restoration(open.open(tmp));
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

	/** The restoration of {@code m}; closes {@code m} where it cannot be made. */
	private static Restoration restoration(final LoadedModel m) {
		try {
			return new Restoration(m);
		}
		catch (final RuntimeException | Error e) {
			try {
				m.close();
			}
			catch (final RuntimeException c) {
				e.addSuppressed(c);
			}
			throw e;
		}
	}

	/** How many bundles this JVM has loaded (for tests: once per bundle, however many tasks ran). */
	public static synchronized int loads() { return loads; }
}
