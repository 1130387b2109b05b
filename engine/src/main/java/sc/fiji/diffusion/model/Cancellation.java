/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A cancel request for the work running on one thread, made from another (a Ctrl-C shutdown hook, a
 * test). The worker binds a token with {@link #bind()}; long loops check it between native calls (the
 * default {@code isCancelled()} of the sampler, task and training listeners asks
 * {@link #currentThreadCancelled()}), stop with a {@link java.util.concurrent.CancellationException} or
 * a clean return, close their TensorFlow objects in their own thread, and {@link #close()} the token.
 * The requester {@link #request()}s and then {@link #awaitClosed}: no thread but the worker ever closes
 * its sessions and graphs, and the requester knows when the worker has left native code.
 */
public final class Cancellation implements AutoCloseable {

	private static final ThreadLocal<Cancellation> BOUND = new ThreadLocal<>();

	private final Thread worker;
	private final Cancellation outer;
	private final CountDownLatch closed = new CountDownLatch(1);
	private volatile boolean requested;

	private Cancellation(final Thread worker, final Cancellation outer) {
		this.worker = worker;
		this.outer = outer;
	}

	/**
	 * A new token for the current thread, in place of one bound before until it is closed (a cancel of
	 * that outer token still counts).
	 */
	public static Cancellation bind() {
		final Cancellation c = new Cancellation(Thread.currentThread(), BOUND.get());
		BOUND.set(c);
		return c;
	}

	/** True if a token is bound to the current thread and its cancel was requested. */
	public static boolean currentThreadCancelled() {
		final Cancellation c = BOUND.get();
		return c != null && c.isRequested();
	}

	/** Asks the worker to stop at its next check; returns at once. */
	public void request() { requested = true; }

	public boolean isRequested() { return requested || outer != null && outer.isRequested(); }

	/** The thread this token was bound to. */
	public Thread worker() { return worker; }

	/**
	 * Waits until the worker has closed this token (it then no longer runs native code for this work).
	 *
	 * @return false if it had not after {@code millis}
	 */
	public boolean awaitClosed(final long millis) throws InterruptedException {
		return closed.await(millis, TimeUnit.MILLISECONDS);
	}

	public boolean isClosed() { return closed.getCount() == 0; }

	/** Called by the worker when its work has ended and its native objects are closed; unbinds the token. */
	@Override
	public void close() {
		if (Thread.currentThread() == worker && BOUND.get() == this) {
			if (outer != null) BOUND.set(outer);
			else BOUND.remove();
		}
		closed.countDown();
	}
}
