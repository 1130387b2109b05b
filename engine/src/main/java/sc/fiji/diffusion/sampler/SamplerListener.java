/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.sampler;

import java.util.function.Supplier;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.model.Cancellation;

/**
 * Observes a running {@link Sampler}: progress, previews and cancellation. The sampler calls
 * {@link #isCancelled()} before every step, so a cancel is honoured within one network evaluation.
 */
public interface SamplerListener {

	/** Called after step {@code k} (1-based) of {@code n}, which moved from t to tNext. */
	default void stepDone(final int k, final int n, final int t, final int tNext, final Supplier<Batch> current) {}

	/**
	 * True to stop the run; the sampler then throws {@link java.util.concurrent.CancellationException}. By
	 * default: a cancel was requested for the work of this thread ({@link Cancellation}, e.g. Ctrl-C on
	 * the command line).
	 */
	default boolean isCancelled() { return Cancellation.currentThreadCancelled(); }

	SamplerListener NONE = new SamplerListener() {};
}
