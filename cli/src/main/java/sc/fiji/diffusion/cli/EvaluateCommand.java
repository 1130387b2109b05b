/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.ImagePlus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.imagej.OutputPaths;
import sc.fiji.diffusion.io.AtomicFiles;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.task.PriorDenoisingCheck;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
	description = { "Check a prior on clean validation images: add Gaussian noise and compare the noisy image, the best Gaussian filter",
		"and the prior's one-step posterior mean (with and without 8-fold flip/rotation averaging) by PSNR and SSIM.",
		"Prints a Markdown table (also written to --table).",
		"The images and --table are checked before the model is loaded: a truncated TIFF is refused, and so is a --table that is "
		+ "a folder, one of the images, or not named .md or .txt." })
final class EvaluateCommand implements Callable<Integer> {

	@Option(names = "--model", defaultValue = "demo-cells", description = "Model to check (default: ${DEFAULT-VALUE}).")
	String model;

	@Option(names = "--images", required = true, arity = "1..*", description = "Clean validation images or folders of them (every plane of a stack).")
	List<Path> images;

	@Option(names = "--noise-sigma", defaultValue = "0.1", description = "Noise standard deviation relative to the image's 1st-99.8th percentile range (default: ${DEFAULT-VALUE}).")
	double sigma;

	@Option(names = "--crop", defaultValue = "256", description = "Centre crop evaluated per image (default: ${DEFAULT-VALUE}).")
	int crop;

	@Option(names = "--max-planes", defaultValue = "8", description = "At most this many planes per file, evenly spaced (default: ${DEFAULT-VALUE}).")
	int maxPlanes;

	@Option(names = "--seed", defaultValue = "1", description = "Noise seed (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--table", description = "Also write the Markdown table to this .md or .txt file (written atomically at the end; missing folders are created).")
	Path table;

	@Override
	public Integer call() throws Exception {
		final List<Path> files = new ArrayList<>();
		for (final Path p : images) {
			if (Files.isDirectory(p)) try (Stream<Path> s = Files.list(p)) {
				files.addAll(s.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(tif|tiff|png|jpg|jpeg)$")).sorted().collect(Collectors.toList()));
			}
			else files.add(p);
		}
		if (files.isEmpty()) throw new IllegalArgumentException("No images found in " + images);
		for (final Path f : files) ImageFiles.checkReadable(f);
		if (table != null) requireTablePath(table, files);
		for (final Path f : files) requireFinite(f);
		final StringBuilder md = new StringBuilder(PriorDenoisingCheck.markdownHeader()).append('\n');
		System.out.println(PriorDenoisingCheck.markdownHeader());
		double noisy = 0, gauss = 0, prior = 0, ensemble = 0;
		int n = 0;
		try (LoadedModel m = Models.open(model)) {
			final PriorDenoisingCheck check = new PriorDenoisingCheck(m, sigma, crop, seed);
			for (final Path f : files) {
				final ImagePlus imp = ImageFiles.open(f);
				final float[][] planes = ImageFiles.planes(imp, true);
				for (final int plane : evaluatedPlanes(planes.length)) {
					final String name = f.getFileName() + (planes.length > 1 ? " #" + (plane + 1) : "");
					final PriorDenoisingCheck.Row r = check.evaluate(name, planes[plane], imp.getWidth(), imp.getHeight());
					final String line = PriorDenoisingCheck.markdown(r);
					System.out.println(line);
					md.append(line).append('\n');
					noisy += r.psnrNoisy;
					gauss += r.psnrGauss;
					prior += r.psnrPrior;
					ensemble += r.psnrEnsemble;
					n++;
				}
			}
			final String mean = String.format(Locale.ROOT, "| **mean PSNR** (%d images, sigma %.3g) | | %.2f | %.2f | %.2f | %.2f |", n, sigma, noisy / n, gauss / n, prior / n, ensemble / n);
			System.out.println(mean);
			md.append(mean).append('\n');
			md.append("\nModel: ").append(m.source).append(" (").append(m.config.name).append(", ").append(m.config.training.steps).append(" training steps)\n");
		}
		if (table != null) {
			Files.createDirectories(table.toAbsolutePath().getParent());
			AtomicFiles.write(table, md.toString());
		}
		return 0;
	}

	/** The planes of a stack of {@code planes} that are evaluated: at most {@code --max-planes}, spread evenly. */
	private int[] evaluatedPlanes(final int planes) {
		final int count = Math.min(maxPlanes, planes);
		final int[] out = new int[count];
		for (int k = 0; k < count; k++) out[k] = planes == 1 ? 0 : (int) Math.round((planes - 1) * (k + 0.5) / count);
		return out;
	}

	/**
	 * Refuses, before any work, an image whose evaluated planes hold a NaN or infinite value, naming the file,
	 * the pixel and the plane: a clean image is the truth the PSNRs are measured against.
	 */
	private void requireFinite(final Path file) throws IOException {
		final ImagePlus imp = ImageFiles.open(file);
		final float[][] planes = ImageFiles.planes(imp, true);
		for (final int plane : evaluatedPlanes(planes.length))
			for (int i = 0; i < planes[plane].length; i++)
				if (!Float.isFinite(planes[plane][i]))
					throw new IllegalArgumentException(String.format(Locale.ROOT, "%s holds a non-finite value (%s) at x = %d, y = %d%s: evaluate needs clean images "
						+ "with finite values", file, planes[plane][i], i % imp.getWidth(), i / imp.getWidth(), planes.length > 1 ? " of plane " + (plane + 1) : ""));
	}

	/**
	 * Refuses, before any work, a {@code --table} path that cannot take the report: an existing folder,
	 * a path that cannot be written ({@link OutputPaths#requireWritableFile}), one of the images evaluated,
	 * or a name not ending in {@code .md} or {@code .txt} (so that no image name ever gets Markdown text).
	 *
	 * @throws IllegalArgumentException naming the path and what to do
	 */
	static void requireTablePath(final Path table, final List<Path> inputs) {
		OutputPaths.requireWritableFile(table, "--table");
		final Map<String, Path> read = new LinkedHashMap<>();
		for (final Path f : inputs) read.put("the input image " + f, f);
		OutputPaths.requireNotRead(table, read);
		final String name = table.getFileName().toString().toLowerCase(Locale.ROOT);
		if (!name.endsWith(".md") && !name.endsWith(".txt"))
			throw new IllegalArgumentException("--table " + table + ": the table is Markdown text; name the file .md (or .txt)");
	}
}
