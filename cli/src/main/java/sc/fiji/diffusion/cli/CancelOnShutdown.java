/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import sc.fiji.diffusion.model.Cancellation;

/**
 * Ctrl-C (SIGINT, also SIGTERM) on the command line: an orderly stop instead of a JVM exit under a
 * running TensorFlow session. The JVM runs its shutdown hooks and then calls the C library's exit, which
 * tears down TensorFlow's native state (static destructors, thread pools) while a worker thread may
 * still be inside {@code Session.run}: that is a native crash (SIGSEGV). So the hook only
 * {@linkplain Cancellation#request() requests a cancel} of every running command and WAITS, up to
 * {@link #waitMillis()} (system property {@value #WAIT_PROPERTY}, seconds; default 60), until each
 * worker has left its sampler or training loop (checked between steps), closed its sessions and graphs
 * in its own thread and ended. It never closes a native object itself. A cancelled restoration writes no
 * output; a cancelled training writes its checkpoint and model; a cancelled {@code synth} keeps the images
 * written and lists them in its synth.csv.
 */
final class CancelOnShutdown {

	static final String WAIT_PROPERTY = "diffusion.cancel.wait";

	private static final Set<Cancellation> RUNNING = ConcurrentHashMap.newKeySet();
	private static boolean installed;

	private CancelOnShutdown() {}

	/** Registers the calling thread's command run (installs the hook on first use). Close it when the run has ended. */
	static Cancellation begin() {
		install();
		final Cancellation c = Cancellation.bind();
		RUNNING.add(c);
		return c;
	}

	/** The run has ended (its native objects are closed): the hook no longer waits for it. */
	static void end(final Cancellation c) {
		RUNNING.remove(c);
		c.close();
	}

	private static synchronized void install() {
		if (installed) return;
		installed = true;
		final Thread hook = new Thread(() -> cancelAndWait(waitMillis(), System.err), "diffusion-fiji cancel on shutdown");
		Runtime.getRuntime().addShutdownHook(hook);
	}

	static long waitMillis() {
		try {
			return Math.round(1000 * Double.parseDouble(System.getProperty(WAIT_PROPERTY, "60")));
		}
		catch (final NumberFormatException e) {
			return 60_000;
		}
	}

	/**
	 * What Ctrl-C does: requests a cancel of every running command and waits, at most {@code millis} in
	 * all, until they have ended.
	 *
	 * @return the number of runs still going when the wait ended (0: all stopped in order)
	 */
	static int cancelAndWait(final long millis, final PrintStream err) {
		if (RUNNING.isEmpty()) return 0;
		for (final Cancellation c : RUNNING) c.request();
		err.println(String.format(Locale.ROOT, "Cancelling: stopping after the current step (waiting up to %.0f s)", millis / 1000.0));
		final long deadline = System.nanoTime() + millis * 1_000_000L;
		int left = 0;
		for (final Cancellation c : RUNNING) {
			try {
				if (!c.awaitClosed(Math.max(0, (deadline - System.nanoTime()) / 1_000_000L))) left++;
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				left++;
			}
		}
		if (left > 0) err.println("Cancelling: " + left + " run(s) did not stop in time; exiting anyway");
		return left;
	}
}
