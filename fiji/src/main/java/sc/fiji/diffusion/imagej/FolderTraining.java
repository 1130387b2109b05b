/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;

import sc.fiji.diffusion.model.ModelBundle;
import sc.fiji.diffusion.model.ModelConfig;
import sc.fiji.diffusion.model.UNetConfig;
import sc.fiji.diffusion.schedule.NoiseSchedule;
import sc.fiji.diffusion.train.AugmentedPatches;
import sc.fiji.diffusion.train.PatchSource;
import sc.fiji.diffusion.train.TrainingListener;
import sc.fiji.diffusion.train.TrainingOptions;
import sc.fiji.diffusion.train.TrainingRun;

/**
 * Trains a prior on random patches of a folder of image files: the one training path of the command
 * line ({@code train}) and the Fiji command. Writes the bundle {@code output}, its checkpoint folder
 * {@code output.checkpoint}, the loss log {@code output.loss.csv} and its plot {@code output.loss.png}
 * (redrawn at every checkpoint). These outputs are checked to be writable before anything is read, and are
 * never read as training data, even when they lie in the data folder (a warning says so). A cancel (through the listener) stops after the current step and keeps
 * a bundle and checkpoint of what was trained.
 */
public final class FolderTraining {

	/** What to train; the defaults are those of the command line. */
	public static final class Request {
		/**
		 * The library's defaults, which every door shows and fills in the same way (the command line's
		 * {@code train}, the Fiji command, the macro): a new request holds them.
		 */
		public static final Request DEFAULTS = new Request();

		public Path data, output;
		/** Start from the weights (and architecture and schedule) of this bundle; null: from scratch. */
		public Path init;
		/** Continue from {@code output.checkpoint}. */
		public boolean resume;
		public int patch = 64, batch = 8, channels = 32, levels = 3, resBlocks = 2, timesteps = 1000;
		public boolean attention = true;
		public String schedule = "linear", augment = "none";
		public float learningRate = 2e-4f;
		public double ema = 0.999;
		/** {@code checkpointEvery} 0: every min(500, steps / 4) steps, so that short runs checkpoint too. */
		public long seed = 1, steps = 10000, checkpointEvery = 0, logEvery = 50;
		/** Provenance recorded in config.json; {@code name} null: the output file name. */
		public String name, description = "", dataSource = "", modality = "unspecified", pixelUnit = "", command = "";
		public double pixelSize;
		/** Also write 16 augmented training patches side by side to this PNG (null: none). */
		public Path preview;

		/**
		 * The training settings, every default resolved (data, output and provenance left out): the line that
		 * every door prints before it starts, so that runs from different doors can be compared.
		 */
		public String describe() {
			return String.format(java.util.Locale.ROOT,
				"steps=%d patch=%d batch=%d channels=%d levels=%d res_blocks=%d attention=%b schedule=%s timesteps=%d augment=%s lr=%s ema=%s seed=%d "
					+ "checkpoint_every=%d init=%s resume=%b",
				steps, patch, batch, channels, levels, resBlocks, attention, schedule, timesteps, augment, learningRate, ema, seed,
				checkpointEvery > 0 ? checkpointEvery : Math.max(1, Math.min(500, steps / 4)), init == null ? "none" : init, resume);
		}
	}

	private FolderTraining() {}

	/**
	 * Loads the patches and trains. {@code steps == 0} only loads the data (and writes the preview).
	 *
	 * @throws IllegalArgumentException for bad options (negative steps, an output or preview that cannot be
	 *         written) or unusable data, with what to change; before anything is read or trained
	 */
	public static void run(final Request r, final TrainingListener listener) throws IOException {
		if (r.data == null || r.output == null) throw new IllegalArgumentException("Training needs a data folder and an output bundle");
		if (r.steps < 0) throw new IllegalArgumentException("The number of training steps must be 0 or more (0 only loads and checks the data), got " + r.steps);
		OutputPaths.requireNotSame(r.data, r.output);
		if (r.output.getFileName() == null || !r.output.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip"))
			throw new IllegalArgumentException("The output bundle " + r.output + " is written as a zip file: name it .zip");
		OutputPaths.requireWritableFile(r.output, "The output bundle");
		if (r.preview != null) {
			if (!r.preview.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png"))
				throw new IllegalArgumentException("The preview " + r.preview + " is written as PNG: name it .png");
			OutputPaths.requireWritableFile(r.preview, "The preview");
		}
		requireNoInputReplaced(r);
		if (r.checkpointEvery < 0)
			throw new IllegalArgumentException("The steps between checkpoints must be 1 or more (0: the default, min(500, steps / 4)), got " + r.checkpointEvery);
		final TrainingOptions options = new TrainingOptions();
		options.patch = r.patch;
		options.steps = Math.max(1, r.steps);
		options.batch = r.batch;
		options.learningRate = r.learningRate;
		options.emaDecay = r.ema;
		options.seed = r.seed;
		options.checkpointEvery = r.checkpointEvery > 0 ? r.checkpointEvery : Math.max(1, Math.min(500, r.steps / 4));
		options.logEvery = r.logEvery;
		options.validate();
		final ModelBundle base = r.init == null ? null : ModelBundle.read(r.init);
		if (base != null) requireInitArchitecture(r, base.config);
		final UNetConfig unet = base != null ? base.config.unet()
			: new UNetConfig(1, r.channels, multipliers(r.levels), r.resBlocks, r.attention, Math.min(8, r.channels));
		final ModelConfig config = ModelConfig.of(unet,
			base != null ? base.config.noiseSchedule() : NoiseSchedule.of(NoiseSchedule.Kind.parse(r.schedule), r.timesteps));
		config.name = r.name != null && !r.name.isEmpty() ? r.name : r.output.getFileName().toString().replaceFirst("\\.zip$", "");
		config.description = r.description;
		config.intended.modality = r.modality;
		config.training.dataSource = r.dataSource;
		config.intended.pixelSize = r.pixelSize;
		config.intended.pixelUnit = r.pixelUnit;
		config.training.command = r.command;
		final Set<AugmentedPatches.Kind> augmentations = AugmentedPatches.parse(r.augment);
		if (isInside(r.output, r.data))
			listener.message("Warning: the output " + r.output + " is inside the training data folder " + r.data
				+ "; this run's own files (the bundle, .checkpoint, .loss.csv, .loss.png, preview) are never read as training data, but keep outputs apart from data");
		final PatchSource patches = new AugmentedPatches(ImageFolderPatches.load(r.data,
			augmentations.contains(AugmentedPatches.Kind.SCALE) ? (int) Math.ceil(r.patch * 1.15) : r.patch, listener::message,
			file -> isOwnOutput(r, file)), augmentations);
		if (r.preview != null) Montage.savePng(patches.next(16, r.patch, new SplittableRandom(r.seed)), r.preview);
		if (r.steps == 0) {
			listener.message("steps 0: data checked (" + patches.description() + "), nothing trained");
			return;
		}
		final Path lossPlot = r.output.resolveSibling(r.output.getFileName() + ".loss.png");
		final TrainingRun[] run = new TrainingRun[1];
		final TrainingListener withPlot = new TrainingListener() {
			@Override
			public void message(final String text) { listener.message(text); }

			@Override
			public void stepDone(final long done, final long total, final double loss) { listener.stepDone(done, total, loss); }

			@Override
			public boolean isCancelled() { return listener.isCancelled(); }

			@Override
			public void checkpointWritten(final long step) {
				try {
					LossPlot.savePng(run[0].lossLog(), lossPlot, config.name + " training loss");
				}
				catch (final IOException e) {
					listener.message("Could not plot the loss: " + e.getMessage());
				}
				listener.checkpointWritten(step);
			}
		};
		run[0] = new TrainingRun(config, options, patches, r.output, withPlot);
		if (base != null)
			run[0].startFrom(base.weights, "started from " + r.init.getFileName() + " (" + base.config.training.steps + " steps on " + base.config.training.data + ")", base.config.training);
		run[0].run(r.resume);
	}

	/**
	 * Whether {@code file} is one of the run's own outputs: the bundle, anything named after it
	 * ({@code output.checkpoint}, {@code output.loss.csv}, {@code output.loss.png}, temporary
	 * {@code .output.part} files) or the preview.
	 */
	static boolean isOwnOutput(final Request r, final Path file) {
		final Path f = file.toAbsolutePath().normalize();
		final Path out = r.output.toAbsolutePath().normalize();
		if (r.preview != null && f.equals(r.preview.toAbsolutePath().normalize())) return true;
		if (!java.util.Objects.equals(f.getParent(), out.getParent())) return false;
		final String name = f.getFileName().toString(), base = out.getFileName().toString();
		return name.equals(base) || name.startsWith(base + ".") || name.startsWith("." + base + ".");
	}

	/**
	 * Throws unless none of the files this run writes (the bundle, {@code .checkpoint}, {@code .loss.csv},
	 * {@code .loss.png}, the preview) is a file it reads: the {@code --init} bundle or a training image of the
	 * data folder. A {@code .loss.png} already in the data folder is taken as this run's own only on
	 * {@code --resume}; otherwise it is a training image like any other.
	 */
	static void requireNoInputReplaced(final Request r) {
		final String base = r.output.getFileName().toString();
		final Path checkpoint = r.output.resolveSibling(base + ".checkpoint"), lossCsv = r.output.resolveSibling(base + ".loss.csv"),
			lossPng = r.output.resolveSibling(base + ".loss.png");
		final java.util.Map<String, Path> init = java.util.Collections.singletonMap("the --init bundle", r.init);
		for (final Path p : java.util.Arrays.asList(r.output, checkpoint, lossCsv, lossPng, r.preview))
			if (p != null) OutputPaths.requireNotRead(p, init);
		if (r.preview != null) {
			OutputPaths.requireNotRead(r.preview, java.util.Collections.singletonMap("this run's loss plot", lossPng));
			if (isTrainingImage(r.data, r.preview))
				throw new IllegalArgumentException("The preview " + r.preview + " is a training image in " + r.data
					+ ": choose a preview path outside the data folder (or a new name)");
		}
		if (!r.resume && isTrainingImage(r.data, lossPng))
			throw new IllegalArgumentException("The loss plot " + lossPng + " of the output " + r.output + " is a training image in " + r.data
				+ ": choose an output outside the data folder");
	}

	/** Whether {@code file} exists and is an image of {@code folder} that the training run would read. */
	private static boolean isTrainingImage(final Path folder, final Path file) {
		final Path f = file.toAbsolutePath().normalize();
		if (!Files.isRegularFile(f) || !ImageFolderPatches.isImageFile(f) || f.getParent() == null || !Files.isDirectory(folder)) return false;
		try {
			return Files.isSameFile(f.getParent(), folder);
		}
		catch (final IOException e) {
			return f.getParent().equals(folder.toAbsolutePath().normalize());
		}
	}

	/**
	 * With {@code --init} the architecture and schedule are the bundle's: throws if an architecture or schedule
	 * option was changed from its default to a value other than the bundle's (it would be ignored).
	 */
	static void requireInitArchitecture(final Request r, final ModelConfig base) {
		final Request d = Request.DEFAULTS;
		final java.util.List<String> differ = new java.util.ArrayList<>();
		if (r.channels != d.channels && r.channels != base.architecture.baseWidth) differ.add("--channels " + r.channels + " (the bundle has " + base.architecture.baseWidth + ")");
		final int levels = base.architecture.multipliers == null ? -1 : base.architecture.multipliers.length;
		if (r.levels != d.levels && r.levels != levels) differ.add("--levels " + r.levels + " (the bundle has " + levels + ")");
		if (r.resBlocks != d.resBlocks && r.resBlocks != base.architecture.resBlocks) differ.add("--res-blocks " + r.resBlocks + " (the bundle has " + base.architecture.resBlocks + ")");
		if (r.attention != d.attention && r.attention != base.architecture.attention) differ.add("--no-attention (the bundle has attention)");
		if (!r.schedule.equalsIgnoreCase(d.schedule) && !r.schedule.equalsIgnoreCase(base.schedule.kind)) differ.add("--schedule " + r.schedule + " (the bundle has " + base.schedule.kind + ")");
		if (r.timesteps != d.timesteps && r.timesteps != base.schedule.timesteps) differ.add("--timesteps " + r.timesteps + " (the bundle has " + base.schedule.timesteps + ")");
		if (!differ.isEmpty()) throw ignoredWithInit(r.init, differ);
	}

	/** The refusal of architecture or schedule options given with {@code --init} {@code init}, which would be ignored. */
	public static IllegalArgumentException ignoredWithInit(final Path init, final java.util.List<String> options) {
		return new IllegalArgumentException("--init " + init + " gives the architecture and schedule, so " + String.join(", ", options)
			+ " would be ignored: leave " + (options.size() == 1 ? "it" : "them") + " out, or train from scratch without --init");
	}

	/** Whether {@code file} lies in {@code folder} (or below it). */
	private static boolean isInside(final Path file, final Path folder) {
		return file.toAbsolutePath().normalize().startsWith(folder.toAbsolutePath().normalize());
	}

	private static int[] multipliers(final int levels) {
		if (levels < 1 || levels > 6) throw new IllegalArgumentException("The number of UNet levels must be in [1, 6], got " + levels);
		return UNetConfig.of(1, 8, levels).multipliers;
	}
}
