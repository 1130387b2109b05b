/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.train;

import sc.fiji.diffusion.model.Cancellation;

/** Observes a {@link TrainingRun}: progress lines and cancellation (checked before every step). */
public interface TrainingListener {

	/** A progress or status message, e.g. "step 500/10000 loss 0.0412 (1.2 steps/s, ETA 2h 11m)". */
	default void message(final String text) {}

	/** Called after every step with the step count done so far and the loss of that step. */
	default void stepDone(final long done, final long total, final double loss) {}

	/** Called after a checkpoint (and the bundle and loss log) were written at {@code step}. */
	default void checkpointWritten(final long step) {}

	/**
	 * True to stop; the run then writes a checkpoint and a bundle of what it has, and returns. By default:
	 * a cancel was requested for the work of this thread ({@link Cancellation}, e.g. Ctrl-C on the
	 * command line).
	 */
	default boolean isCancelled() { return Cancellation.currentThreadCancelled(); }
}
