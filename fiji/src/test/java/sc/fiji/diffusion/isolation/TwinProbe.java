/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

import org.scijava.Cancelable;

/**
 * A command-like class for {@link TwinTest}: its twin, loaded by another class loader, records which
 * context class loader its static initializer and its work saw.
 */
public class TwinProbe implements Cancelable {

	static final ClassLoader CONTEXT_AT_INIT = Thread.currentThread().getContextClassLoader();

	String input;
	String output;
	boolean ownLoaderAtInit;
	boolean ownLoaderInWork;
	String cancelReason;

	void work() {
		final ClassLoader own = getClass().getClassLoader();
		ownLoaderAtInit = CONTEXT_AT_INIT == own;
		ownLoaderInWork = Thread.currentThread().getContextClassLoader() == own;
		output = input + " by " + own.getName();
	}

	void fail() {
		throw new IllegalArgumentException("engine failed");
	}

	@Override
	public boolean isCanceled() {
		return cancelReason != null;
	}

	@Override
	public void cancel(final String reason) {
		cancelReason = reason;
	}

	@Override
	public String getCancelReason() {
		return cancelReason;
	}
}
