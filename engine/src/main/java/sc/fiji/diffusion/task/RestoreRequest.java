/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import java.util.Locale;

import sc.fiji.diffusion.task.Settings;
import sc.fiji.diffusion.task.Restoration.Task;

/**
 * One restoration as a user asked for it, from any door (the command line's {@code restore}, the Fiji
 * commands, their macro lines): the task, the prior, the method {@link Settings} and the tiling. Every
 * field left unset means the library's default, which lives here and in {@link Restoration}, never in a
 * door: the doors only copy what the user gave. {@link #toString()} shows the request as given (unset
 * fields as {@code default}), {@link #describe()} with every default resolved; both doors print the
 * latter before they start, so a run from the command line and one from Fiji can be compared line by line.
 */
public final class RestoreRequest {

	private final Task task;
	private final Settings settings = new Settings();
	private String model;
	private int tileSize = -1, tileOverlap = -1;

	public RestoreRequest(final Task task) {
		if (task == null) throw new IllegalArgumentException("A restoration needs a task (denoise, deconvolve, mri, inpaint or sr)");
		this.task = task;
	}

	public Task task() { return task; }

	/** The method settings, to fill; unset values take the defaults of the task and method. */
	public Settings settings() { return settings; }

	/** A bundled or installed model name, or a bundle path; null or blank: {@link RestorationDefaults#defaultModel}. */
	public RestoreRequest model(final String name) {
		model = name == null || name.trim().isEmpty() ? null : name.trim();
		return this;
	}

	/** The prior to load: the one given, or the task's default. */
	public String modelName() { return model != null ? model : RestorationDefaults.defaultModel(task); }

	/** Tile edge in pixels (0: never tile); -1: {@link StackRestoration#DEFAULT_TILE_SIZE}. */
	public RestoreRequest tileSize(final int pixels) {
		tileSize = Settings.unsetOrAtLeast(pixels, 0, "The tile size");
		return this;
	}

	/** Minimum tile overlap in pixels; -1: {@link StackRestoration#DEFAULT_OVERLAP}. */
	public RestoreRequest tileOverlap(final int pixels) {
		tileOverlap = Settings.unsetOrAtLeast(pixels, 0, "The tile overlap");
		return this;
	}

	public int tileSize() { return tileSize < 0 ? StackRestoration.DEFAULT_TILE_SIZE : tileSize; }

	public int tileOverlap() { return tileOverlap < 0 ? StackRestoration.DEFAULT_OVERLAP : tileOverlap; }

	/** The request as given; unset fields read {@code default}. */
	@Override
	public String toString() {
		return String.format(Locale.ROOT, "task=%s model=%s %s tile_size=%s tile_overlap=%s", task.id(), model == null ? "default" : model, settings,
			tileSize < 0 ? "default" : Integer.toString(tileSize), tileOverlap < 0 ? "default" : Integer.toString(tileOverlap));
	}

	/** The settings a run will use, every default resolved (see {@link Settings#describe}). */
	public String describe() {
		return describe(settings);
	}

	/**
	 * {@link #describe()} with {@code effective} for this request's settings: what a method that fills in
	 * defaults of its own (e.g. the multi-coil reconstruction's samples) will run.
	 */
	public String describe(final Settings effective) {
		return String.format(Locale.ROOT, "task=%s model=%s %s tile_size=%d tile_overlap=%d", task.id(), modelName(), effective.describe(task), tileSize(), tileOverlap());
	}
}
