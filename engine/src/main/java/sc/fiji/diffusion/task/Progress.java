/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import sc.fiji.diffusion.model.Cancellation;

/**
 * Where a long task reports how far it is and learns whether it should stop. Implementations show it
 * (console, Fiji's status bar and task list) and answer {@link #isCancelled()}; the task checks it at
 * least once per sampler step and then throws {@link java.util.concurrent.CancellationException}.
 */
public interface Progress {

	/**
	 * {@code fraction} (0 to 1) of the work is done; {@code message} says what runs now, e.g.
	 * "plane 2/5, tile 3/12, step 7/21".
	 */
	void update(double fraction, String message);

	/**
	 * True to stop at the next check. By default: a cancel was requested for the work of this thread
	 * ({@link Cancellation}, e.g. Ctrl-C on the command line).
	 */
	default boolean isCancelled() { return Cancellation.currentThreadCancelled(); }

	/** Reports nothing; cancels only through the thread's {@link Cancellation}. */
	Progress NONE = (fraction, message) -> {};
}
