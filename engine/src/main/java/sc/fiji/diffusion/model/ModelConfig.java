/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.schedule.NoiseSchedule;

/**
 * The {@code config.json} of a model bundle (format version {@value #FORMAT_VERSION}): architecture,
 * noise schedule, intensity normalisation, intended use and training provenance. Serialised with Gson;
 * field names are the JSON keys.
 *
 * <pre>
 * { "format": "diffusion-fiji-model", "formatVersion": 1, "name": "...", "description": "...",
 *   "architecture": { "type": "unet", "channels": 1, "baseWidth": 32, "multipliers": [1,2,2],
 *                     "resBlocks": 2, "attention": true, "groups": 8 },
 *   "schedule": { "kind": "linear", "timesteps": 1000 },
 *   "normalization": { "type": "percentile", "lowPercentile": 1.0, "highPercentile": 99.8, "range": [-1, 1] },
 *   "intended": { "modality": "fluorescence", "pixelSize": 0.1, "pixelUnit": "micron" },
 *   "training": { "data": "...", "dataSource": "Debian mricron-data 1.2.20211006+dfsg-4", "steps": 20000, "batch": 16, "patch": 64, "learningRate": 2e-4,
 *                 "emaDecay": 0.999, "seed": 1, "command": "...", "wallSeconds": 3600, "finalLoss": 0.03,
 *                 "date": "2026-11-30T12:00:00Z", "trainer": "...", "device": "cpu", "stages": [ ... ] },
 *   "statistics": { "mean": -0.69, "patchMeanStd": 0.27, "patchSize": 64, "patches": 1000 } }
 * </pre>
 * {@code statistics} is optional (bundles written before it lack it).
 */
public final class ModelConfig {

	public static final String FORMAT = "diffusion-fiji-model";
	public static final int FORMAT_VERSION = 1;

	public static final class Architecture {
		public String type = "unet";
		public int channels = 1, baseWidth, resBlocks, groups;
		public int[] multipliers;
		public boolean attention;
	}

	public static final class Schedule {
		public String kind = "linear";
		public int timesteps = 1000;
	}

	public static final class Normalization {
		public String type = "percentile";
		public double lowPercentile = PercentileNormalization.DEFAULT_LOW_PERCENTILE;
		public double highPercentile = PercentileNormalization.DEFAULT_HIGH_PERCENTILE;
		public double[] range = { -1, 1 };
	}

	public static final class Intended {
		public String modality = "unspecified";
		public double pixelSize = 0;
		public String pixelUnit = "";
	}

	/** One training run: the program and device, its settings, steps, wall time and final loss. */
	public static class Stage {
		/** The program and device that ran it; empty in older bundles. */
		public String trainer = "", device = "";
		public String command = "", date = "";
		public long steps, seed;
		public int batch, patch;
		public double learningRate, emaDecay, wallSeconds, finalLoss;

		/** A copy of this run's fields (without a {@link Training}'s data and stages). */
		public Stage stage() {
			final Stage s = new Stage();
			s.trainer = trainer;
			s.device = device;
			s.command = command;
			s.date = date;
			s.steps = steps;
			s.seed = seed;
			s.batch = batch;
			s.patch = patch;
			s.learningRate = learningRate;
			s.emaDecay = emaDecay;
			s.wallSeconds = wallSeconds;
			s.finalLoss = finalLoss;
			return s;
		}
	}

	/**
	 * How the weights were trained: the data and, as a {@link Stage}, the run. A bundle trained in several
	 * runs (each started from the previous bundle's weights) lists every run in {@code stages}, oldest first;
	 * its stage fields are then the last run's, except {@code steps} and {@code wallSeconds}, the totals over
	 * all stages ({@code stages} null: one run).
	 */
	public static final class Training extends Stage {
		public String data = "", dataSource = "";
		public List<Stage> stages;

		/**
		 * Makes the run these fields describe the last stage after {@code previous} (the training of the
		 * bundle whose weights it started from): {@code stages} = previous's stages (or, for a bundle trained
		 * in one run, that run, by the Java trainer on the CPU unless it says otherwise), then this run;
		 * {@code steps} and {@code wallSeconds} their totals. Call it once on the run's own fields.
		 */
		public void after(final Training previous) {
			final List<Stage> all = new ArrayList<>();
			if (previous.stages != null && !previous.stages.isEmpty()) for (final Stage s : previous.stages) all.add(s.stage());
			else if (previous.steps > 0) {
				final Stage first = previous.stage();
				if (first.trainer == null || first.trainer.isEmpty()) first.trainer = JAVA_TRAINER;
				if (first.device == null || first.device.isEmpty()) first.device = "cpu";
				all.add(first);
			}
			all.add(stage());
			long totalSteps = 0;
			double totalSeconds = 0;
			for (final Stage s : all) {
				totalSteps += s.steps;
				totalSeconds += s.wallSeconds;
			}
			stages = all;
			steps = totalSteps;
			wallSeconds = totalSeconds;
		}
	}

	/** The {@code trainer} of a stage run by this project's Java trainer ({@code train}, the Fiji command). */
	public static final String JAVA_TRAINER = "java -jar diffusion-fiji.jar train (TensorFlow Java)";

	/**
	 * Intensity statistics of the training patches as the network saw them (normalised, augmented), measured
	 * by the trainer: the mean pixel value m and the standard deviation s of the per-patch means, over
	 * {@code patches} patches of {@code patchSize} pixels. Generation starts from them
	 * ({@code sc.fiji.diffusion.sampler.TruncatedStart}).
	 */
	public static final class Statistics {
		public double mean, patchMeanStd;
		public int patchSize, patches;

		public Statistics() {}

		public Statistics(final double mean, final double patchMeanStd, final int patchSize, final int patches) {
			this.mean = mean;
			this.patchMeanStd = patchMeanStd;
			this.patchSize = patchSize;
			this.patches = patches;
			validate();
		}

		/** Throws {@link IllegalArgumentException} unless the mean is finite, the spread finite and >= 0, the counts positive. */
		public Statistics validate() {
			if (!Double.isFinite(mean) || !(patchMeanStd >= 0) || Double.isInfinite(patchMeanStd) || patchSize < 1 || patches < 1)
				throw new IllegalArgumentException(String.format(Locale.ROOT, "invalid statistics: mean %s, patchMeanStd %s, patchSize %d, patches %d",
					mean, patchMeanStd, patchSize, patches));
			return this;
		}
	}

	public String format = FORMAT;
	public int formatVersion = FORMAT_VERSION;
	public String name = "", description = "";
	public Architecture architecture = new Architecture();
	public Schedule schedule = new Schedule();
	public Normalization normalization = new Normalization();
	public Intended intended = new Intended();
	public Training training = new Training();
	/** null: not measured (older bundles). */
	public Statistics statistics;

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

	/** A config for a new model of the given architecture and schedule. */
	public static ModelConfig of(final UNetConfig unet, final NoiseSchedule schedule) {
		final ModelConfig c = new ModelConfig();
		c.architecture.channels = unet.channels;
		c.architecture.baseWidth = unet.baseWidth;
		c.architecture.multipliers = unet.multipliers.clone();
		c.architecture.resBlocks = unet.resBlocks;
		c.architecture.attention = unet.attention;
		c.architecture.groups = unet.groups;
		c.schedule.kind = schedule.kind().id();
		c.schedule.timesteps = schedule.steps();
		return c;
	}

	/** The UNet architecture; throws {@link IllegalArgumentException} if invalid. */
	public UNetConfig unet() {
		return new UNetConfig(architecture.channels, architecture.baseWidth, architecture.multipliers, architecture.resBlocks,
			architecture.attention, architecture.groups);
	}

	public NoiseSchedule noiseSchedule() {
		return NoiseSchedule.of(NoiseSchedule.Kind.parse(schedule.kind), schedule.timesteps);
	}

	public String toJson() {
		return GSON.toJson(this);
	}

	/**
	 * Parses and validates a {@code config.json}.
	 *
	 * @throws ModelFormatException naming the problem: not JSON, another format, a newer format version,
	 *           or an invalid architecture, schedule or normalisation
	 */
	public static ModelConfig fromJson(final String json, final String source) throws ModelFormatException {
		final ModelConfig c;
		try {
			c = GSON.fromJson(json, ModelConfig.class);
		}
		catch (final JsonParseException e) {
			throw new ModelFormatException(source + ": config.json is not valid JSON (" + e.getMessage() + ")", e);
		}
		if (c == null) throw new ModelFormatException(source + ": config.json is empty");
		if (!FORMAT.equals(c.format))
			throw new ModelFormatException(source + ": config.json has format '" + c.format + "', expected '" + FORMAT + "'");
		if (c.formatVersion < 1 || c.formatVersion > FORMAT_VERSION)
			throw new ModelFormatException(source + ": model format version " + c.formatVersion + " is not supported (this plugin reads version " + FORMAT_VERSION + "; update the plugin)");
		try {
			if (c.architecture == null || !"unet".equals(c.architecture.type))
				throw new IllegalArgumentException("unknown architecture type " + (c.architecture == null ? "null" : c.architecture.type));
			if (c.architecture.multipliers == null) throw new IllegalArgumentException("architecture lacks 'multipliers'");
			c.unet();
			if (c.schedule == null) throw new IllegalArgumentException("missing 'schedule'");
			if (c.schedule.kind == null) throw new IllegalArgumentException("missing 'schedule.kind' (linear or cosine)");
			if (c.schedule.timesteps < 1 || c.schedule.timesteps > 100_000)
				throw new IllegalArgumentException("'schedule.timesteps' must be in [1, 100000], got " + c.schedule.timesteps);
			c.noiseSchedule();
			if (c.normalization == null) throw new IllegalArgumentException("missing 'normalization'");
			if (c.normalization.type == null) throw new IllegalArgumentException("missing 'normalization.type' (percentile)");
			if (!"percentile".equals(c.normalization.type.toLowerCase(Locale.ROOT)))
				throw new IllegalArgumentException("unsupported normalisation " + c.normalization.type);
			if (c.intended == null) c.intended = new Intended();
			if (c.training == null) c.training = new Training();
			if (c.statistics != null) c.statistics.validate();
		}
		catch (final IllegalArgumentException e) {
			throw new ModelFormatException(source + ": invalid config.json: " + e.getMessage(), e);
		}
		return c;
	}
}
