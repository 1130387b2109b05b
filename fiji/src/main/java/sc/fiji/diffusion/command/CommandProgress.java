/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.command;

import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.scijava.app.StatusService;
import org.scijava.task.Task;
import org.scijava.task.TaskService;

import sc.fiji.diffusion.task.Progress;

/**
 * Progress of a Fiji command: Fiji's status bar and progress bar ({@link StatusService}: "label: what
 * runs now, p %, ETA") and its task list ({@link TaskService}, where the user can cancel). Cancelled when
 * the task is cancelled, the command is cancelled, or the thread is interrupted.
 */
final class CommandProgress implements Progress, AutoCloseable {

	private static final int SCALE = 1000;
	private final StatusService status;
	private final Task task;
	private final String label;
	private final BooleanSupplier commandCancelled;
	private final long start = System.nanoTime();

	/** @param tasks null where the context has no task service */
	CommandProgress(final StatusService status, final TaskService tasks, final String label, final BooleanSupplier commandCancelled) {
		this.status = status;
		this.label = label;
		this.commandCancelled = commandCancelled;
		task = tasks == null ? null : tasks.createTask(label);
		if (task != null) {
			task.setProgressMaximum(SCALE);
			task.start();
		}
	}

	@Override
	public void update(final double fraction, final String message) {
		final int value = (int) Math.round(SCALE * Math.max(0, Math.min(1, fraction)));
		final double elapsed = (System.nanoTime() - start) / 1e9;
		final String eta = fraction > 0.001 && fraction < 1 ? String.format(Locale.ROOT, ", ETA %s", duration(elapsed / fraction * (1 - fraction))) : "";
		final String text = String.format(Locale.ROOT, "%s: %s (%d%%%s)", label, message, value / 10, eta);
		if (status != null) status.showStatus(value, SCALE, text);
		if (task != null) {
			task.setProgressValue(value);
			task.setStatusMessage(text);
		}
	}

	@Override
	public boolean isCancelled() {
		return task != null && task.isCanceled() || commandCancelled.getAsBoolean() || Thread.currentThread().isInterrupted();
	}

	/** Why the task was cancelled, if it was cancelled from the task list. */
	String cancelReason() {
		return task != null && task.isCanceled() && task.getCancelReason() != null ? task.getCancelReason() : "cancelled";
	}

	@Override
	public void close() {
		if (task != null) task.finish();
		if (status != null) status.clearStatus();
	}

	private static String duration(final double seconds) {
		final long s = Math.round(seconds);
		return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60) : s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60)
			: s + " s";
	}
}
