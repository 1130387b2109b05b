/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import sc.fiji.diffusion.data.Metrics;
import sc.fiji.diffusion.io.AtomicFiles;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.task.Restoration.Task;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.RestorationDefaults;
import sc.fiji.diffusion.task.Settings;

/**
 * Is the uncertainty map ({@link Settings#uncertainty}) an error bar a user can trust? On
 * validation data that played no part in training, split in a <b>choose</b> half (the calibration factor
 * may be fitted there) and a <b>report</b> half (checked only):
 * <ul>
 * <li>MRI ({@code mri-brain-t1}, trained on Colin27 and INIA19): axial slices of {@code nibabel/example4d}
 * (choose) and {@code dipy/test_piesno} (report), Cartesian variable-density masks at R = 4 and 8
 * ({@link BenchCases#mri});</li>
 * <li>deconvolution ({@code fluorescence-2d}, trained on synthetic images): crops of the held-out microscopy
 * protocol's images ({@link HeldOutBenchmark#CHOOSE} and {@link HeldOutBenchmark#REPORT}, binned 2x2),
 * Gaussian PSF with Gaussian noise and widefield PSF with Poisson noise ({@link BenchCases#microscopyBinned});
 * the tool is told the PSF only, the noise is estimated.</li>
 * </ul>
 * Each case runs twice: the default (no map) and with the map asked for (the map's default sample count,
 * the raw posterior std). The factor per task is fitted on the choose half's pooled pixels
 * ({@link CoverageMetrics#fitFactor}); the tables give the metrics of {@link CoverageMetrics} within the anatomy or
 * objects for that factor (the library ships it, rounded, as {@link RestorationDefaults#stdCalibration}; a note is
 * printed where the two differ by more than 5 %) on both halves, the report half first. A stability study draws two independent maps of K samples on the first choose cases and
 * gives the map's relative error, sqrt(mean(((s_a - s_b) / ((s_a + s_b) / 2))^2) / 2) (the difference of
 * two independent maps has twice the variance of one). Figures: truth, result, map and |error| side by
 * side for the first report case of each task.
 */
@Command(name = "CalibrationBenchmark", mixinStandardHelpOptions = true, description = "Calibration of the uncertainty map on held-out MRI and deconvolution cases.")
public final class CalibrationBenchmark implements Callable<Integer> {

	@Option(names = "--data", description = "Folder of the data (scripts/fetch-data.sh). Default: data.")
	Path data = Paths.get("data");

	@Option(names = "--output", description = "The Markdown report (default: printed).")
	Path output;

	@Option(names = "--figures", description = "Folder for the PNG figures (default: none).")
	Path figures;

	@Option(names = "--tasks", split = ",", description = "mri, deconvolve, denoise (default: mri, deconvolve).")
	List<String> tasks = List.of("mri", "deconvolve");

	@Option(names = "--slices", description = "MRI slices per volume (default: 4).")
	int slices = 4;

	@Option(names = "--crop", description = "Microscopy crop size (default: 96).")
	int crop = 96;

	@Option(names = "--crops", description = "Microscopy crops per image (default: 2).")
	int crops = 2;

	@Option(names = "--samples", description = "Samples of the map (default: -1, the library's default).")
	int samples = -1;

	@Option(names = "--stability", split = ",", description = "Sample counts of the stability study (default: 4,8,16,32).")
	List<Integer> stability = List.of(4, 8, 16, 32);

	@Option(names = "--stability-cases", description = "Choose-half cases per task of the stability study (default: 2; 0: none).")
	int stabilityCases = 2;

	@Option(names = "--stability-only", description = "Run only the stability study (no calibration tables).")
	boolean stabilityOnly;

	@Option(names = "--seed", description = "Seed (default: 0).")
	long seed;

	@Option(names = "--cache", description = "Folder where each case's run (result, raw map, truth, measurement) and each stability row is stored once and "
		+ "reused by a re-run with the same options: an interrupted run resumes, and the tables can be rebuilt without sampling again (default: none).")
	Path cache;

	@Option(names = "--command", hidden = true)
	String command = "";

	/** One case's run: the default result and the one with the map (raw posterior std). */
	static final class Run {
		final BenchCase c;
		final String half;
		float[] result, std;
		boolean[] mask;
		double psnrDefault, psnrMap, secondsDefault, secondsMap;
		int samples;

		Run(final BenchCase c, final String half) {
			this.c = c;
			this.half = half;
		}

		Task task() { return c.problem.task(); }

		double[] ratios() { return CoverageMetrics.ratios(result, c.truth, std, mask); }

		double blockAll() {
			final boolean[] all = new boolean[mask.length];
			java.util.Arrays.fill(all, true);
			return CoverageMetrics.blockSpearman(result, c.truth, std, all, c.width, c.height);
		}

		double blockWithin() { return CoverageMetrics.blockSpearman(result, c.truth, std, mask, c.width, c.height); }
	}

	@Override
	public Integer call() throws IOException {
		final long start = System.nanoTime();
		final PrintStream log = System.out;
		final List<Run> runs = new ArrayList<>();
		final StringBuilder stabilityTable = new StringBuilder();
		if (tasks.contains("mri")) {
			final List<Run> mri = new ArrayList<>();
			for (final BenchCase c : BenchCases.mri(data.resolve("nibabel/example4d.nii.gz"), slices)) mri.add(new Run(c, "choose"));
			for (final BenchCase c : BenchCases.mri(data.resolve("dipy/test_piesno.nii.gz"), slices)) mri.add(new Run(c, "report"));
			run("mri-brain-t1", mri, log, stabilityTable);
			runs.addAll(mri);
		}
		for (final String task : new String[] { "deconvolve", "denoise" }) {
			if (!tasks.contains(task)) continue;
			final List<Run> micro = new ArrayList<>();
			for (final String[] half : new String[][] { HeldOutBenchmark.CHOOSE, HeldOutBenchmark.REPORT })
				for (final String file : half)
					for (final BenchCase c : BenchCases.microscopyBinned(data.resolve(file), crop, crops, seed))
						if (c.kind.task.equals(task)) micro.add(new Run(c, half == HeldOutBenchmark.CHOOSE ? "choose" : "report"));
			run("fluorescence-2d", micro, log, stabilityTable);
			runs.addAll(micro);
		}
		if (stabilityOnly) {
			log.println(stabilityTable);
			return 0;
		}
		final Map<Task, Double> fitted = new LinkedHashMap<>();
		for (final Task t : new Task[] { Task.MRI, Task.DECONVOLVE, Task.DENOISE }) {
			final List<double[]> r = new ArrayList<>();
			for (final Run x : runs)
				if (x.task() == t && x.half.equals("choose")) r.add(x.ratios());
			if (!r.isEmpty()) fitted.put(t, CoverageMetrics.fitFactor(concat(r)));
		}
		if (figures != null) {
			Files.createDirectories(figures);
			for (final Task t : fitted.keySet())
				for (final Run x : runs)
					if (x.task() == t && x.half.equals("report")) {
						final Path png = figures.resolve("uncertainty-" + (t == Task.MRI ? "mri" : t == Task.DECONVOLVE ? "deconvolution" : "denoising") + ".png");
						UncertaintyFigure.write(x.c.truth, x.result, scaled(x.std, fitted.get(t)), x.c.width, x.c.height, png);
						log.println("Wrote " + png + " (" + x.c.name + ", " + x.c.kind.title + ")");
						break;
					}
		}
		for (final Map.Entry<Task, Double> e : fitted.entrySet()) {
			final double shipped = RestorationDefaults.stdCalibration(e.getKey(), Restoration.Method.FAST);
			if (Math.abs(shipped / e.getValue() - 1) > 0.05)
				log.println(String.format(Locale.ROOT, "NOTE: %s: fitted factor %.3f, the library ships %.3f (RestorationDefaults.stdCalibration)", e.getKey().id(), e.getValue(), shipped));
		}
		final String md = markdown(runs, fitted, stabilityTable, (System.nanoTime() - start) / 1e9);
		if (output != null) {
			AtomicFiles.write(output, md);
			log.println("Wrote " + output);
		}
		else log.println(md);
		return 0;
	}

	private void run(final String modelName, final List<Run> runs, final PrintStream log, final StringBuilder stabilityTable) throws IOException {
		if (cache != null) Files.createDirectories(cache);
		try (LoadedModel model = Models.open(modelName)) {
			final Restoration restoration = new Restoration(model);
			for (final Run x : runs) {
				final BenchCase c = x.c;
				if (stabilityOnly) {
					x.mask = c.problem.task() == Task.MRI ? CoverageMetrics.anatomy(c.truth) : CoverageMetrics.objects(c.truth, c.width, c.height);
					continue;
				}
				log.println("== " + x.half + " " + c.kind.title + ": " + c.name);
				x.mask = c.problem.task() == Task.MRI ? CoverageMetrics.anatomy(c.truth) : CoverageMetrics.objects(c.truth, c.width, c.height);
				final Path stored = cache == null ? null : cache.resolve(CalibrationCache.fileName(x.half, c, samples, seed));
				if (stored != null && CalibrationCache.read(stored, x)) {
					log.println("   (from " + stored + ")");
					continue;
				}
				final Restoration.Result d = restoration.restore(c.problem, new Settings().seed(seed), SamplerListener.NONE);
				x.psnrDefault = Metrics.psnr(c.truth, d.image, 1);
				x.secondsDefault = d.seconds;
				final Restoration.Result m = restoration.restore(c.problem, mapSettings(samples, seed), SamplerListener.NONE);
				x.result = m.image;
				x.std = m.std;
				x.samples = m.samples;
				x.psnrMap = Metrics.psnr(c.truth, m.image, 1);
				x.secondsMap = m.seconds;
				if (stored != null) CalibrationCache.write(stored, x);
				final double[] r = x.ratios();
				log.println(String.format(Locale.ROOT, "   default %.2f dB %.1f s; with map (%d samples) %.2f dB %.1f s; raw 2-sigma coverage %.3f, median |e|/sigma %.2f, "
					+ "block Spearman %.3f (within %.3f), pixel Spearman within %.3f", x.psnrDefault, x.secondsDefault, x.samples, x.psnrMap, x.secondsMap,
					CoverageMetrics.coverage(r, 2, 1), CoverageMetrics.quantile(r, 0.5), x.blockAll(), x.blockWithin(), CoverageMetrics.pixelSpearman(x.result, c.truth, x.std, x.mask)));
			}
			int done = 0;
			for (final Run x : runs) {
				if (done == stabilityCases || !x.half.equals("choose")) continue;
				done++;
				for (final int k : stability) {
					final Path stored = cache == null ? null : cache.resolve(CalibrationCache.fileName("stability-" + x.half, x.c, k, seed) + ".md");
					if (stored != null && Files.isRegularFile(stored)) {
						final String row = new String(Files.readAllBytes(stored), java.nio.charset.StandardCharsets.UTF_8);
						stabilityTable.append(row);
						log.print("   stability (from " + stored + ")" + row);
						continue;
					}
					final Restoration.Result a = restoration.restore(x.c.problem, mapSettings(k, seed + 101), SamplerListener.NONE);
					final Restoration.Result b = restoration.restore(x.c.problem, mapSettings(k, seed + 202), SamplerListener.NONE);
					final double rel = relativeError(a.std, b.std, x.mask);
					final String row = String.format(Locale.ROOT, "| %s | %s | %s | %d | %.1f %% | %.1f |\n", x.task().id(), x.c.name, x.c.kind.title, k, 100 * rel,
						(a.seconds + b.seconds) / 2);
					stabilityTable.append(row);
					log.print("   stability" + row);
					if (stored != null) AtomicFiles.write(stored, row);
				}
			}
		}
		catch (final IOException e) {
			throw new IllegalStateException("Calibration run with model " + modelName + " failed: " + e.getMessage(), e);
		}
	}

	/** The map as a user asks for it, with the raw posterior std (calibration factor 1); {@code k < 0}: default sample count. */
	static Settings mapSettings(final int k, final long seed) {
		return new Settings().seed(seed).uncertainty(true).stdCalibration(1).samples(k);
	}

	/** sqrt(mean over the mask of ((a - b) / ((a + b) / 2))^2 / 2): the relative error of one of two independent maps. */
	static double relativeError(final float[] a, final float[] b, final boolean[] mask) {
		double sum = 0;
		int n = 0;
		for (int k = 0; k < a.length; k++)
			if (mask[k]) {
				final double m = (a[k] + b[k]) / 2.0;
				if (m <= 0) continue;
				sum += (a[k] - b[k]) * (a[k] - b[k]) / (m * m);
				n++;
			}
		return Math.sqrt(sum / Math.max(1, n) / 2);
	}

	static float[] scaled(final float[] v, final double factor) {
		final float[] out = new float[v.length];
		for (int k = 0; k < v.length; k++) out[k] = (float) (factor * v[k]);
		return out;
	}

	static double[] concat(final List<double[]> parts) {
		int n = 0;
		for (final double[] p : parts) n += p.length;
		final double[] out = new double[n];
		int i = 0;
		for (final double[] p : parts) {
			System.arraycopy(p, 0, out, i, p.length);
			i += p.length;
		}
		return out;
	}

	private String markdown(final List<Run> runs, final Map<Task, Double> fitted, final CharSequence stabilityTable, final double seconds) {
		final java.util.function.ToDoubleFunction<Run> factor = x -> fitted.get(x.task());
		final StringBuilder b = new StringBuilder();
		b.append("Generated by `sc.fiji.diffusion.bench.CalibrationBenchmark` (`scripts/calibration-benchmark.sh").append(command.isEmpty() ? "" : " " + command)
			.append("`) on ").append(LocalDate.now()).append(String.format(Locale.ROOT, "; %s; wall time %.0f s.\n\n", ReportWriter.hardware(), seconds));
		b.append("The map is what `--std-output` and `show_std` give: the per-pixel posterior standard deviation of ")
			.append("the samples (").append(runs.isEmpty() ? RestorationDefaults.STD_SAMPLES : runs.get(0).samples)
			.append(" samples in antithetic pairs, DiffPIR with its posterior-sampling data step; for deconvolution, pnp's root expected squared ")
			.append("error around them, which adds pnp's squared distance from their mean; the variance averaged over 3x3 pixels), times a ")
			.append("calibration factor per task. ")
			.append("Validation data that played no part in training, split before any measurement: **choose** half (MRI: `nibabel/example4d`; ")
			.append("deconvolution: `ecoli.png`, `isolateCells.png`), on which the factor was fitted (2 sigma covering 95 % of the pooled pixels, ")
			.append("split-conformal), and **report** half (MRI: `dipy/test_piesno`; deconvolution: `cells.jpg`, `cell.png`, `ihc.png`), checked only. ")
			.append("MRI: ").append(slices).append(" axial slices per volume at R = 4 and 8 (no noise); deconvolution: ").append(crops).append(" crops of ")
			.append(crop).append("x").append(crop).append(" per image (binned 2x2), Gaussian PSF + Gaussian noise and widefield PSF + Poisson noise, ")
			.append("noise estimated. Error = result minus the clean image; pixels within the anatomy (truth above 0.1 of the range) or the objects ")
			.append("(more than 0.15 of the range from the crop's median, dilated by 2 pixels). A calibrated Gaussian map gives coverage 68.3 / 95.4 / ")
			.append("99.7 %, median |error| / sigma 0.67, MSE / mean variance 1.\n\n");
		b.append("Calibration factors fitted on the choose half in this run (the tables use them): ");
		for (final Map.Entry<Task, Double> e : fitted.entrySet()) b.append(String.format(Locale.ROOT, "%s x%.3f, ", e.getKey().id(), e.getValue()));
		b.append("shipped by the library (`RestorationDefaults.stdCalibration`): ");
		for (final Task t : fitted.keySet())
			b.append(String.format(Locale.ROOT, "%s x%.2f, ", t.id(), RestorationDefaults.stdCalibration(t, Restoration.Method.FAST)));
		b.setLength(b.length() - 2);
		b.append(". Raw: the posterior std without the factor. Block Spearman: 8x8 blocks of the whole image (in parentheses: only the blocks at ")
			.append("least half within the anatomy or objects).\n\n");
		b.append("| half | degradation | cases | raw 2 sigma / median | coverage 1 / 2 / 3 sigma | median abs(error) / sigma | MSE / mean variance | block Spearman min, mean (within) | pixel Spearman within | PSNR default / with map | s default / with map |\n");
		b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (final String half : new String[] { "report", "choose" })
			for (final BenchCase.Kind kind : BenchCase.Kind.values()) {
				final List<Run> group = new ArrayList<>();
				for (final Run x : runs)
					if (x.half.equals(half) && x.c.kind == kind) group.add(x);
				if (group.isEmpty()) continue;
				b.append(row(half, kind.title, group, fitted.get(group.get(0).task())));
			}
		b.append("\n<details><summary>per case (fitted factor)</summary>\n\n| half | case | degradation | coverage 1 / 2 / 3 sigma | median | MSE / var | block Spearman (within) | pixel Spearman | PSNR default / map |\n|---|---|---|---|---|---|---|---|---|\n");
		for (final Run x : runs) {
			final double f = factor.applyAsDouble(x);
			final double[] r = x.ratios();
			b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f / %.1f / %.1f %% | %.2f | %.2f | %.3f (%.3f) | %.3f | %.2f / %.2f |\n", x.half, x.c.name, x.c.kind.title,
				100 * CoverageMetrics.coverage(r, 1, f), 100 * CoverageMetrics.coverage(r, 2, f), 100 * CoverageMetrics.coverage(r, 3, f), CoverageMetrics.quantile(r, 0.5) / f,
				CoverageMetrics.mseOverVariance(x.result, x.c.truth, x.std, x.mask) / (f * f), x.blockAll(), x.blockWithin(),
				CoverageMetrics.pixelSpearman(x.result, x.c.truth, x.std, x.mask), x.psnrDefault, x.psnrMap));
		}
		b.append("\n</details>\n");
		if (stabilityTable.length() > 0)
			b.append("\n**Samples for a stable map** (choose half; relative error of one map from two independent maps, within the anatomy or objects):\n\n")
				.append("| task | case | degradation | samples | relative error of the std | s per map |\n|---|---|---|---|---|---|\n").append(stabilityTable);
		return b.toString();
	}

	private static String row(final String half, final String title, final List<Run> group, final double f) {
		final Task task = group.get(0).task();
		final List<double[]> parts = new ArrayList<>();
		double mse = 0, var = 0, minBlock = Double.POSITIVE_INFINITY, meanBlock = 0, within = 0, pixel = 0, pd = 0, pm = 0, sd = 0, sm = 0;
		for (final Run x : group) {
			parts.add(x.ratios());
			final double block = x.blockAll();
			minBlock = Math.min(minBlock, block);
			meanBlock += block / group.size();
			within += x.blockWithin() / group.size();
			pixel += CoverageMetrics.pixelSpearman(x.result, x.c.truth, x.std, x.mask) / group.size();
			for (int k = 0; k < x.result.length; k++)
				if (x.mask[k]) {
					mse += (x.result[k] - x.c.truth[k]) * (double) (x.result[k] - x.c.truth[k]);
					var += x.std[k] * (double) x.std[k];
				}
			pd += x.psnrDefault / group.size();
			pm += x.psnrMap / group.size();
			sd += x.secondsDefault / group.size();
			sm += x.secondsMap / group.size();
		}
		final double[] r = concat(parts);
		return String.format(Locale.ROOT, "| %s | %s: %s | %d | %.1f %% / %.2f | %.1f / **%.1f** / %.1f %% | **%.2f** | %.2f | **%.2f**, %.2f (%.2f) | %.2f | %.2f / %.2f dB | %.1f / %.1f |\n", half, task.id(), title,
			group.size(), 100 * CoverageMetrics.coverage(r, 2, 1), CoverageMetrics.quantile(r, 0.5), 100 * CoverageMetrics.coverage(r, 1, f), 100 * CoverageMetrics.coverage(r, 2, f),
			100 * CoverageMetrics.coverage(r, 3, f), CoverageMetrics.quantile(r, 0.5) / f, mse / var / (f * f), minBlock, meanBlock, within, pixel, pd, pm, sd, sm);
	}

	public static void main(final String[] args) {
		System.exit(new CommandLine(new CalibrationBenchmark()).execute(args));
	}
}
