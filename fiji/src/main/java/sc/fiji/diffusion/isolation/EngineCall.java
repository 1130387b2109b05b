/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.ObjDoubleConsumer;

/**
 * What every long call through the {@link EngineDoor} carries besides its request: where progress goes,
 * how the engine learns of a cancel, and where its log lines go. All three are JDK callbacks, called on
 * the calling thread; none may be null (each does nothing by default).
 */
public abstract class EngineCall {

	/** Called with what runs now (e.g. "plane 2/5, step 7/21") and the fraction done, 0 to 1. */
	public ObjDoubleConsumer<String> progress = (what, fraction) -> {};

	/** Asked at least once per sampler or training step; true stops the call with a {@link java.util.concurrent.CancellationException}. */
	public BooleanSupplier cancelled = () -> false;

	/** One line for the user's log (the settings used, the model, what was done), without a prefix. */
	public Consumer<String> log = line -> {};
}
