/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.model.Cancellation;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.task.Progress;

/**
 * Prints progress to a stream about every 10 %: "step k/n (p %), ETA" for a sampler run, or
 * "p %, what runs now, ETA" for a whole task ({@link Progress}).
 */
final class ConsoleProgress implements SamplerListener, Progress {

	private final PrintStream out;
	private final String label;
	private final long start = System.nanoTime();
	private int lastDecile = -1;

	ConsoleProgress(final PrintStream out, final String label) {
		this.out = out;
		this.label = label;
	}

	@Override
	public void stepDone(final int k, final int n, final int t, final int tNext, final Supplier<Batch> current) {
		final int decile = 10 * k / n;
		if (decile == lastDecile && k != n) return;
		lastDecile = decile;
		final double elapsed = (System.nanoTime() - start) / 1e9;
		out.println(String.format(Locale.ROOT, "%s: step %d/%d (%d%%), %.1f s elapsed, ETA %.1f s",
			label, k, n, 100 * k / n, elapsed, elapsed / k * (n - k)));
	}

	/** Ctrl-C: the command line's shutdown hook requested a cancel of this thread's run ({@link CancelOnShutdown}). */
	@Override
	public boolean isCancelled() { return Cancellation.currentThreadCancelled(); }

	@Override
	public void update(final double fraction, final String message) {
		final int decile = (int) Math.floor(10 * fraction);
		if (decile == lastDecile || fraction <= 0) return;
		lastDecile = decile;
		final double elapsed = (System.nanoTime() - start) / 1e9;
		out.println(String.format(Locale.ROOT, "%s: %d%% (%s), %.1f s elapsed, ETA %.1f s", label, (int) (100 * fraction), message, elapsed,
			elapsed / fraction * (1 - fraction)));
	}
}
