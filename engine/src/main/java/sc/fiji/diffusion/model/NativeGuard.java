/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

/**
 * Guards native TensorFlow objects (a {@code Session}, its {@code Graph}, fed tensors) against use
 * while or after they are closed. Every native call runs inside {@link #use()}; {@link #close(Runnable)}
 * marks the guard closed at once, so new uses fail with an {@link IllegalStateException} (a Java
 * exception, never a call into freed native memory), and runs the release when the last use in
 * progress ends: a close from another thread (a cancel, a shutdown hook, Fiji closing a model) never
 * frees a session that a worker thread is still running. Closing twice does nothing.
 * <pre>
 * try (NativeGuard.Use u = guard.use(); TFloat32 x = ...; Result r = session.runner()...run()) { ... }
 * </pre>
 * Declare the {@link Use} first, so that the tensors of the call are closed before it ends.
 */
public final class NativeGuard {

	private final String what;
	private int active;
	private boolean closed;
	private Runnable release;

	/** @param what names the guarded object in the exception of a use after close */
	public NativeGuard(final String what) {
		this.what = what;
	}

	/** One use in progress; {@link #close()} ends it. */
	public final class Use implements AutoCloseable {

		private boolean ended;

		private Use() {}

		@Override
		public void close() {
			final Runnable r;
			synchronized (NativeGuard.this) {
				if (ended) return;
				ended = true;
				active--;
				if (!closed || active > 0 || release == null) return;
				r = release;
				release = null;
			}
			r.run();
		}
	}

	/**
	 * Starts a use of the native objects.
	 *
	 * @throws IllegalStateException if the guard is closed
	 */
	public synchronized Use use() {
		if (closed) throw new IllegalStateException(what + " is closed");
		active++;
		return new Use();
	}

	/**
	 * Closes: runs {@code releaseNative} now if no use is in progress, else when the last one ends (in
	 * the thread that ends it). Only the first call counts.
	 */
	public void close(final Runnable releaseNative) {
		synchronized (this) {
			if (closed) return;
			closed = true;
			if (active > 0) {
				release = releaseNative;
				return;
			}
		}
		releaseNative.run();
	}

	public synchronized boolean isClosed() { return closed; }

	/** Number of uses in progress (for tests). */
	synchronized int active() { return active; }
}
