/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.door;

import java.util.concurrent.CancellationException;

import sc.fiji.diffusion.isolation.EngineDoor;
import sc.fiji.diffusion.isolation.GenerateCall;
import sc.fiji.diffusion.isolation.GenerateResult;
import sc.fiji.diffusion.isolation.RawMriCall;
import sc.fiji.diffusion.isolation.RawMriResult;
import sc.fiji.diffusion.isolation.RestoreCall;
import sc.fiji.diffusion.isolation.RestoreResult;
import sc.fiji.diffusion.isolation.TrainCall;

/**
 * An engine side for the door's tests, made in an engine loader like {@link EngineSide}: {@link #restore}
 * runs {@code steps} steps, reporting each and stopping at a cancel, and answers in
 * {@link RestoreResult#method} which loader defined it and whether that was the context class loader;
 * {@link #train} fails with a message.
 */
public final class DoorProbe implements EngineDoor {

	/** The context class loader while this class was initialised. */
	static final ClassLoader CONTEXT_AT_INIT = Thread.currentThread().getContextClassLoader();

	@Override
	public RestoreResult restore(final RestoreCall call) {
		final ClassLoader own = getClass().getClassLoader();
		final String answer = own.getName() + " context=" + (Thread.currentThread().getContextClassLoader() == own) + " init=" + (CONTEXT_AT_INIT == own);
		for (int k = 1; k <= call.steps; k++) {
			call.progress.accept("step " + k + "/" + call.steps, k / (double) call.steps);
			if (call.cancelled.getAsBoolean()) throw new CancellationException("stopped after step " + k);
		}
		return new RestoreResult(call.width, call.height, new float[][] { call.planes[0].clone() }, null, false, answer, 0);
	}

	@Override
	public String train(final TrainCall call) {
		throw new IllegalStateException("engine failed with context=" + (Thread.currentThread().getContextClassLoader() == getClass().getClassLoader()));
	}

	@Override
	public RawMriResult reconstructRawMri(final RawMriCall call) { throw new UnsupportedOperationException(); }

	@Override
	public GenerateResult generate(final GenerateCall call) { throw new UnsupportedOperationException(); }

	@Override
	public String listModels() { throw new UnsupportedOperationException(); }

	@Override
	public String showModel(final String nameOrPath) { throw new UnsupportedOperationException(); }

	@Override
	public String installModel(final String file, final String name) { throw new UnsupportedOperationException(); }
}
