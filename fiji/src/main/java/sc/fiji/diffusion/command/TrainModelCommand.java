/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.command;

import static sc.fiji.diffusion.imagej.FolderTraining.Request.DEFAULTS;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.WindowManager;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.imagej.OutputPaths;
import sc.fiji.diffusion.isolation.EngineDoor;
import sc.fiji.diffusion.isolation.TrainCall;

/**
 * Plugins &gt; Diffusion &gt; Train Model: trains a prior on a lab's own images: a folder of images, or
 * every plane of the active image. Writes the bundle (.zip), its checkpoint folder (run again with
 * {@code resume} to continue), the loss log and loss plot next to it; the bundle can then be used by name
 * after installing it (Model Manager) or by its path. Cancelling keeps a bundle of what was trained.
 * Macro: {@code run("Diffusion Train Model", "source=folder data_folder=[/path/images] output_file=[/path/my-prior.zip] name=[] steps=10000 patch_size=64 batch_size=8 width=32 levels=3 augment=none init_model=[] resume=false");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Diffusion Train Model", headless = true,
	description = "Train a diffusion prior on a folder of images or the active image")
public final class TrainModelCommand extends DiffusionCommand {

	@Parameter(label = "Training images", choices = { "folder", "image" }, persist = false,
		description = "folder: every image in data_folder; image: every plane of the active image.")
	String source = "folder";

	@Parameter(label = "Data folder", required = false, persist = false, style = "directory")
	File data_folder;

	@Parameter(label = "Model bundle to write", persist = false, style = "save", description = "The new model (.zip); never an existing input.")
	File output_file;

	@Parameter(label = "Model name", required = false, persist = false, description = "Recorded in the bundle; empty: the file name.")
	String name = "";

	@Parameter(label = "Steps", min = "1", persist = false)
	long steps = DEFAULTS.steps;

	@Parameter(label = "Patch size", min = "16", persist = false)
	int patch_size = DEFAULTS.patch;

	@Parameter(label = "Batch size", min = "1", persist = false)
	int batch_size = DEFAULTS.batch;

	@Parameter(label = "Network width", min = "8", persist = false, description = "Feature channels at full resolution.")
	int width = DEFAULTS.channels;

	@Parameter(label = "Resolution levels", min = "1", max = "6", persist = false)
	int levels = DEFAULTS.levels;

	@Parameter(label = "Augmentations", persist = false, description = "Besides flips and rotations, any of scale,gamma,bias,contrast (comma-separated), or none.")
	String augment = DEFAULTS.augment;

	@Parameter(label = "Start from model", required = false, persist = false, description = "A bundle .zip to fine-tune (its architecture is kept); empty: from scratch.")
	File init_model;

	@Parameter(label = "Resume", persist = false, description = "Continue the run of output_file from its checkpoint.")
	boolean resume = false;

	@Parameter(type = ItemIO.OUTPUT)
	String report;

	@Override
	final void runThrough(final EngineDoor engine) {
		execute("Diffusion train", progress -> {
			if (path(output_file) == null) throw new IllegalArgumentException("output_file (the model bundle to write) is required");
			final TrainCall call = wired(request(), progress, "Diffusion train: ");
			OutputPaths.requireWritableFile(path(output_file), "output_file");
			Path temporary = null;
			try {
				switch (source == null ? "" : source.trim().toLowerCase(Locale.ROOT)) {
					case "folder":
						if (call.dataFolder == null) throw new IllegalArgumentException("source=folder needs data_folder");
						call.dataSource = data_folder.getPath();
						break;
					case "image": {
						// the active image, read here rather than as an ImagePlus input: with source=folder and no image
						// open, such an input would stay unresolved and Fiji would open a dialog for it
						final ImagePlus image = currentImage();
						if (image == null) throw new IllegalArgumentException("source=image needs an open image");
						temporary = Files.createTempDirectory("diffusion-train-");
						ImageFiles.saveFloatTiff(temporary.resolve("image.tif"), image.getWidth(), image.getHeight(), ImageFiles.planes(image), image.getCalibration(),
							image.getTitle());
						call.dataFolder = temporary.toString();
						call.dataSource = "image \"" + image.getTitle() + "\" (" + image.getStackSize() + " planes)";
						break;
					}
					default: throw new IllegalArgumentException("Unknown source '" + source + "' (expected folder or image)");
				}
				call.command = String.format(Locale.ROOT, "run(\"Diffusion Train Model\", \"source=%s data_folder=[%s] output_file=[%s] steps=%d patch_size=%d batch_size=%d width=%d levels=%d augment=%s\")",
					source, data_folder == null ? "" : data_folder, output_file, steps, patch_size, batch_size, width, levels, augment);
				report = engine.train(call);
			}
			finally {
				if (temporary != null) deleteTree(temporary);
			}
		});
	}

	/**
	 * The request these parameters fill (the engine makes of it the request that the command line's
	 * {@code train} fills); what the dialog does not ask for keeps the engine's default. {@code dataFolder}
	 * is the data folder (null for {@code source=image}, whose planes are written to a temporary folder when
	 * the command runs).
	 */
	public TrainCall request() {
		final TrainCall c = new TrainCall();
		c.dataFolder = "image".equalsIgnoreCase(source == null ? "" : source.trim()) ? null : pathString(data_folder);
		c.outputFile = pathString(output_file);
		c.initModel = pathString(init_model);
		c.resume = resume;
		c.name = name;
		c.steps = steps;
		c.patchSize = patch_size;
		c.batchSize = batch_size;
		c.width = width;
		c.levels = levels;
		c.augment = augment;
		return c;
	}

	private static void deleteTree(final Path dir) throws IOException {
		try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
			walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}

	/**
	 * The image {@code source=image} trains on: a batch-mode macro's current image when one runs this command
	 * (see {@link MacroImageInput}: this command's thread has no current image of its own), else ImageJ's.
	 */
	private ImagePlus currentImage() {
		final ImagePlus batch = MacroCaller.of(threads) != null ? MacroCaller.batchModeImage() : null;
		return batch != null ? batch : WindowManager.getCurrentImage();
	}
}
