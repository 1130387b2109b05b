/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.door;

import sc.fiji.diffusion.isolation.EngineCall;
import sc.fiji.diffusion.task.Progress;

/** The engine's {@link Progress} over a door call's callbacks: updates go to its progress, cancels come from its cancel state. */
final class CallProgress implements Progress {

	private final EngineCall call;

	CallProgress(final EngineCall call) {
		this.call = call;
	}

	@Override
	public void update(final double fraction, final String message) {
		call.progress.accept(message, fraction);
	}

	@Override
	public boolean isCancelled() {
		return call.cancelled.getAsBoolean();
	}
}
