/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import ij.measure.Calibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.imagej.OutputPaths;
import sc.fiji.diffusion.imagej.Montage;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.task.GenerateRequest;
import sc.fiji.diffusion.task.Generation;

@Command(name = "generate", mixinStandardHelpOptions = true,
	description = { "Draw unconditional samples from a diffusion prior and write them as 32-bit TIFFs (sample_0000.tif, ...).",
		"Values are in the model's normalised range (about -1 to 1)." })
public final class GenerateCommand implements Callable<Integer> {

	/** The library's defaults: what an option not given keeps. */
	private static final GenerateRequest D = new GenerateRequest();

	@Option(names = "--model", description = "Bundled model name, installed model name, bundle .zip or SavedModel folder (default: ${DEFAULT-VALUE}).")
	String model = D.model;

	@Option(names = "--count", description = "Number of samples (default: ${DEFAULT-VALUE}).")
	int count = D.count;

	@Option(names = "--size", description = "Sample size HxW in pixels (default: ${DEFAULT-VALUE}).")
	String size = D.height + "x" + D.width;

	@Option(names = "--steps", description = "Sampler steps, respaced over the model's T; a start at t0 runs about steps x t0 / T of them (default: ${DEFAULT-VALUE}).")
	int steps = D.steps;

	@Option(names = "--t0", description = "Start timestep: T-1 starts from pure noise; less starts from noise at the brightness of the "
		+ "training patches (a truncated start; needs a bundle that records them). Default: 700 for such bundles, else T-1.")
	int t0 = D.t0;

	@Option(names = "--sampler", description = "ddpm (ancestral) or ddim (deterministic, eta 0) (default: ${DEFAULT-VALUE}).")
	String sampler = D.sampler;

	@Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
	long seed = D.seed;

	@Option(names = "--clip", description = "Clip the clean-image estimate x0Hat to [-L, L] at every step, as Ho et al. 2020 "
		+ "(the normalisation maps the 1st-99.8th percentiles to [-1, 1]); 0: no clip (default: ${DEFAULT-VALUE}).")
	double clip = D.clip;

	@Option(names = "--batch", description = "Samples computed together in one network batch (default: ${DEFAULT-VALUE}).")
	int batch = D.batch;

	@Option(names = "--output", required = true, description = "Output folder (created if needed).")
	Path output;

	@Option(names = "--montage", description = "Also write all samples side by side as an 8-bit PNG to look at.")
	Path montage;

	/** The request these options fill (the Fiji command fills the same one). */
	public GenerateRequest request() {
		final GenerateRequest r = new GenerateRequest();
		final int[] hw = parseSize(size);
		r.model = model;
		r.count = count;
		r.height = hw[0];
		r.width = hw[1];
		r.steps = steps;
		r.t0 = t0;
		r.sampler = sampler;
		r.seed = seed;
		r.clip = clip;
		r.batch = batch;
		r.validate();
		return r;
	}

	@Override
	public Integer call() throws Exception {
		final GenerateRequest r = request();
		OutputPaths.requireWritableFolder(output, "--output");
		if (montage != null) {
			if (!montage.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
				throw new IllegalArgumentException("--montage " + montage + " is written as an 8-bit PNG: name it .png");
			OutputPaths.requireWritableFile(montage, "--montage");
		}
		System.err.println("generate settings: " + r.describe());
		try (LoadedModel m = Models.open(r.model.trim())) {
			final Generation generation = r.generation(m);
			System.err.println("Model " + m.source + " (" + m.config.name + "), " + generation.describeStart());
			final long start = System.nanoTime();
			final Batch samples = generation.generate(r.count, r.height, r.width, r.effectiveBatch(), r.seed, new ConsoleProgress(System.err, "generate"));
			for (int i = 0; i < r.count; i++) {
				final Path file = output.resolve(String.format(Locale.ROOT, "sample_%04d.tif", i));
				ImageFiles.saveFloatTiff(file, r.width, r.height, new float[][] { samples.image(i).data() }, new Calibration(), file.getFileName().toString());
			}
			if (montage != null) Montage.savePng(samples, montage);
			System.err.println(String.format(Locale.ROOT, "Wrote %d samples to %s in %.1f s", r.count, output, (System.nanoTime() - start) / 1e9));
		}
		return 0;
	}

	/** Parses "HxW" (or a single number for a square). */
	static int[] parseSize(final String s) {
		final String[] parts = s.toLowerCase(Locale.ROOT).split("x");
		try {
			final int h = Integer.parseInt(parts[0].trim());
			final int w = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : h;
			if (parts.length > 2 || h < 1 || w < 1) throw new NumberFormatException();
			return new int[] { h, w };
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("--size must be HxW with positive integers, e.g. 64x64; got '" + s + "'");
		}
	}
}
