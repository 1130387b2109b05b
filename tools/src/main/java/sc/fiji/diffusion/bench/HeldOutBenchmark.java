/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import sc.fiji.diffusion.io.AtomicFiles;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.Settings;

/**
 * Microscopy defaults on images nobody tuned them on. Every real microscopy image that the package
 * registries offer here is split in two halves: the <b>choose</b> half, on which defaults may be chosen
 * ({@link #CHOOSE}), and the <b>report</b> half ({@link #REPORT}), which played no part in any choice and
 * is what the figures of merit are quoted on. Each image gives {@code crops} content-rich crops (crops of
 * one image count as that image: its score is their mean) under the four degradations of
 * {@link BenchCases}; the tool is told nothing but the task and, for deconvolution, the PSF: camera
 * parameters and noise levels are never given ({@code restore --task denoise --input x.tif} is what runs).
 * The classical baselines ({@link Baselines}) are oracle-tuned per crop.
 * <p>
 * Per task and half the report gives, per image, the default's PSNR minus the best baseline's (best by the
 * image's mean over its crops and degradations of the task), their mean and the worst image, and the
 * default's seconds per megapixel.
 */
@Command(name = "HeldOutBenchmark", mixinStandardHelpOptions = true,
	description = "The held-out microscopy benchmark: the library's defaults against oracle-tuned classical methods on the choose and report halves.")
public final class HeldOutBenchmark implements Callable<Integer> {

	@Option(names = "--data", description = "Folder of the data (scripts/fetch-data.sh). Default: data.")
	Path data = Paths.get("data");

	@Option(names = "--output", description = "The Markdown report (default: printed).")
	Path output;

	@Option(names = "--crop", description = "Crop size in pixels (default: 192).")
	int crop = 192;

	@Option(names = "--crops", description = "Crops per image (default: 2).")
	int crops = 2;

	@Option(names = "--model", description = "The prior (default: fluorescence-2d).")
	String model = "fluorescence-2d";


	/** Images on which defaults may be chosen: fluorescence bacteria (the priors' family), phase-contrast bacteria. */
	public static final String[] CHOOSE = { "ij-test/img/ecoli.png", "ij-test/img/isolateCells.png" };
	/** Images for the report only: colour-camera cells, a transmitted-light cell, brightfield histology (IHC). */
	public static final String[] REPORT = { "ij-test/img/cells.jpg", "skimage/cell.png", "skimage/ihc.png" };

	/** One image's result on one task. */
	static final class ImageScore {
		final String image, half, task;
		double defaultPsnr, bestBaselinePsnr, defaultSeconds, megapixels;
		String bestBaseline;
		int n;

		ImageScore(final String image, final String half, final String task) {
			this.image = image;
			this.half = half;
			this.task = task;
		}

		double margin() { return defaultPsnr - bestBaselinePsnr; }
	}

	private HeldOutBenchmark() {}

	/**
	 * Runs the benchmark on the images under {@code data}: {@code crop x crop} crops, {@code crops} per image,
	 * tasks denoise and deconvolve; progress to {@code log}; returns the Markdown report.
	 */
	public static String run(final Path data, final String modelName, final int crop, final int crops, final long seed, final PrintStream log)
		throws IOException
	{
		final long start = System.nanoTime();
		final Baselines baselines = new Baselines(Optional.empty());
		final List<ImageScore> scores = new ArrayList<>();
		final StringBuilder details = new StringBuilder();
		try (LoadedModel model = Models.open(modelName)) {
			final Restoration restoration = new Restoration(model);
			for (final String[] half : new String[][] { CHOOSE, REPORT })
				for (final String file : half) {
					final String halfName = half == CHOOSE ? "choose" : "report";
					final Map<String, ImageScore> byTask = new LinkedHashMap<>();
					final Map<String, Map<String, double[]>> baselineSums = new LinkedHashMap<>();
					for (final BenchCase c : BenchCases.microscopyBinned(data.resolve(file), crop, crops, seed)) {
						log.println("== " + halfName + " " + c.kind.title + ": " + c.name);
						final ImageScore s = byTask.computeIfAbsent(c.kind.task, t -> new ImageScore(Paths.get(file).getFileName().toString(), halfName, t));
						for (final Baselines.Result b : baselines.run(c)) {
							if (b.method.startsWith("input")) continue;
							baselineSums.computeIfAbsent(c.kind.task, t -> new LinkedHashMap<>()).computeIfAbsent(b.method, m -> new double[1])[0] += b.psnr;
							details.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %s |\n", halfName, c.name, c.kind.title, b.method, b.psnr, b.parameter));
							log.println(String.format(Locale.ROOT, "   %s %.2f dB (%s)", b.method, b.psnr, b.parameter));
						}
						final QualityBenchmark.Row d = QualityBenchmark.diffusion(restoration, c, new Settings().seed(seed), "default", true);
						details.append(String.format(Locale.ROOT, "| %s | %s | %s | **default** | %.2f | %s |\n", halfName, c.name, c.kind.title, d.psnr, d.parameter));
						log.println(String.format(Locale.ROOT, "   default %.2f dB, %.1f s", d.psnr, d.seconds));
						s.defaultPsnr += d.psnr;
						s.defaultSeconds += d.seconds;
						s.megapixels += c.width * (double) c.height / 1e6;
						s.n++;
					}
					for (final ImageScore s : byTask.values()) {
						s.defaultPsnr /= s.n;
						s.bestBaselinePsnr = Double.NEGATIVE_INFINITY;
						for (final Map.Entry<String, double[]> e : baselineSums.get(s.task).entrySet())
							if (e.getValue()[0] / s.n > s.bestBaselinePsnr) {
								s.bestBaselinePsnr = e.getValue()[0] / s.n;
								s.bestBaseline = e.getKey();
							}
						scores.add(s);
					}
				}
		}
		return markdown(scores, details, modelName, crop, crops, (System.nanoTime() - start) / 1e9);
	}

	static String markdown(final List<ImageScore> scores, final CharSequence details, final String model, final int crop, final int crops, final double seconds) {
		final StringBuilder b = new StringBuilder("# Held-out microscopy benchmark\n\n");
		b.append("Generated by `sc.fiji.diffusion.bench.HeldOutBenchmark` (`scripts/heldout-benchmark.sh`) on ").append(LocalDate.now())
			.append(". Do not edit by hand: re-run the script.\n\n");
		b.append("Every real microscopy image the package registries offer here, split before any measurement: **choose** half ")
			.append(String.join(", ", names(CHOOSE))).append(" (defaults may be chosen on these); **report** half ").append(String.join(", ", names(REPORT)))
			.append(" (no default was chosen on them). ").append(crops).append(" content-rich crops of ").append(crop).append("x").append(crop)
			.append(" per image, chosen by structure (mean gradient), from the image binned 2x2 (so that the real camera's own noise is halved in the truth); ")
			.append("an image's score is the mean over its crops and the task's two degradations; degradations as in ")
			.append("[the quality benchmark](quality-benchmark.md). The diffusion default is told nothing but the task and the PSF: noise levels and ")
			.append("camera parameters are estimated from the image. Baselines are oracle-tuned per crop (TV, NLM; Richardson-Lucy, Wiener).\n\n");
		b.append(String.format(Locale.ROOT, "Model `%s`; hardware: %s; wall time %.0f s.\n\n", model, ReportWriter.hardware(), seconds));
		b.append("## Summary\n\n| half | task | images | mean margin | worst image (margin) | default s / megapixel |\n|---|---|---|---|---|---|\n");
		for (final String half : new String[] { "report", "choose" })
			for (final String task : new String[] { "denoise", "deconvolve" }) {
				double sum = 0, secs = 0, mp = 0;
				ImageScore worst = null;
				int n = 0;
				for (final ImageScore s : scores) {
					if (!s.half.equals(half) || !s.task.equals(task)) continue;
					sum += s.margin();
					secs += s.defaultSeconds;
					mp += s.megapixels;
					n++;
					if (worst == null || s.margin() < worst.margin()) worst = s;
				}
				if (n == 0) continue;
				b.append(String.format(Locale.ROOT, "| %s | %s | %d | **%+.2f dB** | %s (%+.2f dB) | %.1f |\n", half, task, n, sum / n, worst.image, worst.margin(),
					secs / mp));
			}
		b.append("\n## Per image\n\n| half | image | task | default PSNR | best baseline (oracle-tuned) | margin |\n|---|---|---|---|---|---|\n");
		for (final ImageScore s : scores)
			b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %s %.2f | %+.2f |\n", s.half, s.image, s.task, s.defaultPsnr, s.bestBaseline,
				s.bestBaselinePsnr, s.margin()));
		b.append("\n<details><summary>per crop</summary>\n\n| half | crop | degradation | method | PSNR | parameter / settings |\n|---|---|---|---|---|---|\n")
			.append(details).append("\n</details>\n");
		return b.toString();
	}

	private static List<String> names(final String[] files) {
		final List<String> out = new ArrayList<>();
		for (final String f : files) out.add("`" + f + "`");
		return out;
	}

	@Override
	public Integer call() throws IOException {
		final String md = run(data, model, crop, crops, 0, System.out);
		if (output != null) {
			AtomicFiles.write(output, md);
			System.out.println("Wrote " + output);
		}
		else System.out.println(md);
		return 0;
	}

	/** {@code HeldOutBenchmark [--data DIR] [--output FILE] [--crop N] [--crops N] [--model NAME]} (see {@code --help}). */
	public static void main(final String[] args) {
		System.exit(new CommandLine(new HeldOutBenchmark()).execute(args));
	}
}
