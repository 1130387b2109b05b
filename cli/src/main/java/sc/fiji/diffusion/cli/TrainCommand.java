/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sc.fiji.diffusion.imagej.FolderTraining;
import sc.fiji.diffusion.train.AugmentedPatches;
import sc.fiji.diffusion.train.TrainingListener;

@Command(name = "train", mixinStandardHelpOptions = true,
	description = { "Train a diffusion prior on random patches from a folder of images (TIFF, PNG, JPEG; 8/16/32-bit; stacks: every plane).",
		"Writes the model bundle OUTPUT, a checkpoint folder OUTPUT.checkpoint (continue with --resume), the loss log OUTPUT.loss.csv and its plot OUTPUT.loss.png." })
public final class TrainCommand implements Callable<Integer> {

	@Spec CommandSpec spec;

	@Option(names = "--data", required = true, description = "Folder of training images.")
	Path data;

	@Option(names = "--output", required = true, description = "Model bundle to write (.zip).")
	Path output;

	@Option(names = "--patch", description = "Patch size in pixels (default: ${DEFAULT-VALUE}).")
	int patch = D.patch;

	@Option(names = "--steps", description = "Total optimiser steps, counting resumed ones; 0 only loads the data (and writes --preview) (default: ${DEFAULT-VALUE}).")
	long steps = D.steps;

	@Option(names = "--batch", description = "Patches per step (default: ${DEFAULT-VALUE}).")
	int batch = D.batch;

	@Option(names = "--channels", description = "Base width of the UNet (feature channels at full resolution) (default: ${DEFAULT-VALUE}).")
	int channels = D.channels;

	@Option(names = "--levels", description = "Resolution levels of the UNet (default: ${DEFAULT-VALUE}).")
	int levels = D.levels;

	@Option(names = "--res-blocks", description = "Residual blocks per level (default: ${DEFAULT-VALUE}).")
	int resBlocks = D.resBlocks;

	@Option(names = "--no-attention", description = "Leave out self-attention at the lowest resolution.")
	boolean noAttention;

	@Option(names = "--schedule", description = "Noise schedule: linear or cosine (default: ${DEFAULT-VALUE}).")
	String schedule = D.schedule;

	@Option(names = "--timesteps", description = "Number of diffusion timesteps T (default: ${DEFAULT-VALUE}).")
	int timesteps = D.timesteps;

	@Option(names = "--lr", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
	float learningRate = D.learningRate;

	@Option(names = "--ema", description = "EMA decay of the shipped weights (default: ${DEFAULT-VALUE}).")
	double ema = D.ema;

	@Option(names = "--seed", description = "Random seed for initial weights and patches (default: ${DEFAULT-VALUE}).")
	long seed = D.seed;

	@Option(names = "--checkpoint-every", description = "Steps between checkpoints, 1 or more (default: 0 = min(500, steps / 4)).")
	long checkpointEvery = D.checkpointEvery;

	@Option(names = "--log-every", description = "Steps between progress lines (default: ${DEFAULT-VALUE}).")
	long logEvery = D.logEvery;

	@Option(names = "--augment", description = "Extra augmentations besides flips and rotations: any of " + AugmentedPatches.NAMES + " (default: ${DEFAULT-VALUE}).")
	String augment = D.augment;

	@Option(names = "--preview", description = "Write 16 training patches (as the network sees them, augmented) side by side to this PNG before training.")
	Path preview;

	@Option(names = "--init", description = "Start from the weights of this model bundle (fine-tune it on --data); its architecture and schedule are kept, so --channels, --levels, --res-blocks, --no-attention, --schedule and --timesteps are refused with it.")
	Path init;

	@Option(names = "--resume", description = "Continue from OUTPUT.checkpoint.")
	boolean resume;

	@Option(names = "--name", description = "Model name recorded in config.json (default: output file name).")
	String name;

	@Option(names = "--description", description = "Free-text description recorded in config.json.")
	String description = D.description;

	@Option(names = "--data-source", description = "Where the training data came from (package and version, generator command), recorded in config.json.")
	String dataSource = D.dataSource;

	@Option(names = "--modality", description = "Intended modality, e.g. fluorescence or mri-t1 (default: ${DEFAULT-VALUE}).")
	String modality = D.modality;

	@Option(names = "--pixel-size", description = "Intended pixel size (0: unspecified).")
	double pixelSize = D.pixelSize;

	@Option(names = "--pixel-unit", description = "Unit of --pixel-size, e.g. micron or mm.")
	String pixelUnit = D.pixelUnit;

	/** The options that --init replaces by the bundle's architecture and schedule, refused with it. */
	private static final String[] ARCHITECTURE_OPTIONS = { "--channels", "--levels", "--res-blocks", "--no-attention", "--schedule", "--timesteps" };

	/** The library's defaults: what an option not given keeps. */
	private static final FolderTraining.Request D = FolderTraining.Request.DEFAULTS;

	@Override
	public Integer call() throws Exception {
		final FolderTraining.Request r = request();
		if (init != null && spec != null && spec.commandLine().getParseResult() != null) {
			final java.util.List<String> given = new java.util.ArrayList<>();
			for (final String o : ARCHITECTURE_OPTIONS)
				if (spec.commandLine().getParseResult().hasMatchedOption(o)) given.add(o);
			if (!given.isEmpty()) throw FolderTraining.ignoredWithInit(init, given);
		}
		System.err.println("train settings: " + r.describe());
		FolderTraining.run(r, new TrainingListener() {
			@Override
			public void message(final String text) { System.err.println(text); }
		});
		return 0;
	}

	/** The request these options fill (the Fiji command fills the same one). */
	public FolderTraining.Request request() {
		final FolderTraining.Request r = new FolderTraining.Request();
		r.data = data;
		r.output = output;
		r.init = init;
		r.resume = resume;
		r.patch = patch;
		r.batch = batch;
		r.channels = channels;
		r.levels = levels;
		r.resBlocks = resBlocks;
		r.attention = !noAttention;
		r.schedule = schedule;
		r.timesteps = timesteps;
		r.augment = augment;
		r.learningRate = learningRate;
		r.ema = ema;
		r.seed = seed;
		r.steps = steps;
		r.checkpointEvery = checkpointEvery;
		r.logEvery = logEvery;
		r.name = name;
		r.description = description;
		r.dataSource = dataSource;
		r.modality = modality;
		r.pixelSize = pixelSize;
		r.pixelUnit = pixelUnit;
		r.preview = preview;
		r.command = spec == null || spec.commandLine().getParseResult() == null ? ""
			: "java -jar diffusion-fiji.jar train " + quoted(spec.commandLine().getParseResult().originalArgs());
		return r;
	}

	/** The arguments after "train", single-quoted where they contain spaces or quotes, as a shell would need them. */
	static String quoted(final java.util.List<String> args) {
		final int start = args.indexOf("train") + 1;
		final StringBuilder sb = new StringBuilder();
		for (final String a : args.subList(start, args.size())) {
			if (sb.length() > 0) sb.append(' ');
			sb.append(a.matches("[A-Za-z0-9_./:=,+@%-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
		}
		return sb.toString();
	}
}
