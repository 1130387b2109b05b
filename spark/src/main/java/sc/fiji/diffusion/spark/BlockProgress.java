/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Counts finished blocks and prints, per block, how many are done and the estimated time left: the
 * mean time per block so far times the blocks left (blocks skipped as complete count as done but not
 * in the rate). Thread-safe (Spark calls it from its listener bus).
 */
public final class BlockProgress {

	private final int total, skipped;
	private final PrintStream log;
	private final long start = System.nanoTime();
	private int done;

	public BlockProgress(final int total, final int skipped, final PrintStream log) {
		this.total = total;
		this.skipped = skipped;
		this.log = log;
		log.printf(Locale.ROOT, "blocks: %d in all, %d complete from an earlier run (skipped), %d to restore%n", total, skipped, total - skipped);
	}

	/** One more block written. */
	public synchronized void blockDone() {
		done++;
		final double elapsed = (System.nanoTime() - start) / 1e9, left = (total - skipped - done) * elapsed / done;
		log.printf(Locale.ROOT, "blocks done %d/%d, %.1f s, ETA %.0f s%n", skipped + done, total, elapsed, left);
	}

	public synchronized int done() { return done; }
}
