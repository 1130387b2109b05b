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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import sc.fiji.diffusion.baseline.Bart;
import sc.fiji.diffusion.io.AtomicFiles;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.RestorationDefaults;
import sc.fiji.diffusion.task.Settings;

/**
 * The quality benchmark: diffusion restoration against oracle-tuned classical baselines on real
 * validation images the bundled priors were not trained on ({@link BenchCases}), printed as Markdown
 * tables of PSNR, SSIM and seconds per image.
 * <ul>
 * <li>Microscopy: square crops of {@code ij-test/img/ecoli.png} (real fluorescence) with Gaussian noise,
 * Poisson-Gaussian noise, Gaussian blur + noise and widefield blur + Poisson noise; prior
 * {@code fluorescence-2d}.</li>
 * <li>MRI: axial slices of {@code nibabel/example4d.nii.gz} and {@code dipy/test_piesno.nii.gz},
 * retrospectively undersampled at R = 4 and 8; prior {@code mri-brain-t1}.</li>
 * </ul>
 * Diffusion methods: the default of {@link Restoration} per task (denoise: mmse; otherwise fast =
 * DiffPIR), sdedit, and dps (with one sample, on the first {@link Options#dpsCases} cases of each kind,
 * because it is slow; none by default). All with the library defaults (noise sigma estimated from the input, except MRI:
 * 0), seed 0. Baselines: {@link Baselines}.
 * <p>
 * {@link #main} parses the options of {@link Options#parse} (picocli; {@code --help} lists them) and calls
 * {@link #run(Options, PrintStream)} (see {@code scripts/quality-benchmark.sh}).
 */
public final class QualityBenchmark {

	/** What to run: the benchmark's options, parsed by picocli ({@link #parse}). */
	@Command(name = "QualityBenchmark", mixinStandardHelpOptions = true, description = "The quality benchmark: every method and the tuned classical baselines on crops of ecoli.png and MRI slices.")
	public static final class Options {
		@Option(names = "--data", description = "Folder with ij-test/img/ecoli.png, nibabel/example4d.nii.gz, dipy/test_piesno.nii.gz (default: data).")
		public Path data = Paths.get("data");
		@Option(names = "--output", description = "The Markdown report (default: printed only).")
		public Path output;
		@Option(names = "--fluorescence-model", description = "The microscopy prior (default: fluorescence-2d).")
		public String fluorescenceModel = "fluorescence-2d";
		@Option(names = "--mri-model", description = "The MRI prior (default: mri-brain-t1).")
		public String mriModel = "mri-brain-t1";
		@Option(names = "--crop", description = "Microscopy crop size (default: 192; --quick: 96).")
		public int crop = 192;
		@Option(names = "--crops", description = "Microscopy crops (default: 3; --quick: 1).")
		public int crops = 3;
		@Option(names = "--slices", description = "MRI slices per volume (default: 4; --quick: 1).")
		public int slices = 4;
		@Option(names = "--dps", description = "DPS (one sample, 200 steps: minutes per image) on the first this many cases of each kind (default: 0).")
		public int dpsCases = 0;
		@Option(names = "--no-sdedit", description = "Leave out sdedit.")
		boolean noSdedit;
		@Option(names = "--no-mri", description = "Leave out the MRI part.")
		boolean noMri;
		@Option(names = "--no-microscopy", description = "Leave out the microscopy part.")
		boolean noMicroscopy;
		@Option(names = "--tasks", split = ",", description = "Only the cases of these tasks: denoise, deconvolve, mri (default: all).")
		public java.util.Set<String> tasks = new java.util.TreeSet<>();
		@Option(names = "--no-bart", description = "No BART for the MRI baseline, even where it is found.")
		boolean noBart;
		@Option(names = "--tune", description = "The default-settings study (DefaultsStudy) on the first this many cases of each kind (default: 0).")
		public int tuneCases = 0;
		@Option(names = "--seed", description = "Seed (default: 0).")
		public long seed = 0;
		@Option(names = "--quick", description = "A smoke run: one 96x96 crop, one slice per volume, no dps, no sdedit; other options override it.")
		boolean quick;
		/** Run sdedit too. */
		public boolean sdedit = true;
		/** Run the MRI or microscopy part. */
		public boolean mri = true, microscopy = true;
		/** Use BART for the MRI baseline when it is found. */
		public boolean bart = true;
		/** The command line to print in the report. */
		public String command = "";

		/** A smoke run: one 96x96 crop, one slice per volume, no dps, no sdedit. */
		public Options quick() {
			crop = 96;
			crops = 1;
			slices = 1;
			dpsCases = 0;
			sdedit = false;
			return this;
		}

		/**
		 * The options of {@code args} (see {@code --help}, or the {@link Option} descriptions); {@code --quick} first sets its values, which the other options override.
		 *
		 * @throws IllegalArgumentException for an unknown option, a missing or bad value, or an unknown task
		 */
		public static Options parse(final String... args) {
			final Options o = new Options();
			try {
				new CommandLine(o).parseArgs(args);
				if (o.quick) { // again, on the quick values, so that explicit options win
					final Options q = new Options().quick();
					new CommandLine(q).parseArgs(args);
					q.sdedit = false;
					return q.finish(args);
				}
			}
			catch (final CommandLine.ParameterException e) {
				throw new IllegalArgumentException(e.getMessage(), e);
			}
			return o.finish(args);
		}

		private Options finish(final String... args) {
			for (final String t : tasks)
				if (!java.util.List.of("denoise", "deconvolve", "mri").contains(t))
					throw new IllegalArgumentException("Unknown task '" + t + "' for --tasks (denoise, deconvolve, mri)");
			if (noSdedit) sdedit = false;
			if (noMri) mri = false;
			if (noMicroscopy) microscopy = false;
			if (noBart) bart = false;
			command = "QualityBenchmark " + String.join(" ", args);
			return this;
		}
	}

	/** One scored result. */
	public static final class Row {
		public final BenchCase.Kind kind;
		public final String image, method, parameter;
		public final boolean diffusion, isDefault, isInput;
		public final double psnr, ssim, seconds;

		Row(final BenchCase.Kind kind, final String image, final String method, final String parameter, final boolean diffusion,
			final boolean isDefault, final boolean isInput, final double psnr, final double ssim, final double seconds)
		{
			this.kind = kind;
			this.image = image;
			this.method = method;
			this.parameter = parameter;
			this.diffusion = diffusion;
			this.isDefault = isDefault;
			this.isInput = isInput;
			this.psnr = psnr;
			this.ssim = ssim;
			this.seconds = seconds;
		}
	}

	/** Everything a run produced. */
	public static final class Report {
		public final List<Row> rows = new ArrayList<>();
		/** Rows of the default-settings study ({@link DefaultsStudy}). */
		public final List<Row> studies = new ArrayList<>();
		public final Map<String, String> models = new LinkedHashMap<>();
		public String bart = "not used";
		public double seconds;
		public Options options;

		/** Rows of one kind. */
		public List<Row> of(final BenchCase.Kind kind) {
			final List<Row> out = new ArrayList<>();
			for (final Row r : rows) if (r.kind == kind) out.add(r);
			return out;
		}

		public String markdown() {
			return ReportWriter.markdown(this);
		}
	}

	private QualityBenchmark() {}

	/** Runs the benchmark; progress lines go to {@code log}. */
	public static Report run(final Options o, final PrintStream log) throws IOException {
		final long start = System.nanoTime();
		final Report report = new Report();
		report.options = o;
		Optional<Bart> bart = Optional.empty();
		if (o.mri && o.bart) {
			bart = Bart.locate();
			report.bart = bart.map(b -> {
				try {
					return "BART " + b.version() + " (" + b.executable() + ")";
				}
				catch (final IOException e) {
					return "BART: " + e.getMessage();
				}
			}).orElse("BART not found (run scripts/fetch-bart.sh): no BART baseline");
			log.println(report.bart);
		}
		final Baselines baselines = new Baselines(bart);
		if (o.microscopy) {
			final List<BenchCase> cases = BenchCases.microscopy(o.data.resolve("ij-test/img/ecoli.png"), o.crop, o.crops, o.seed);
			runModel(o.fluorescenceModel, cases, o, baselines, report, log);
		}
		if (o.mri) {
			final List<BenchCase> cases = new ArrayList<>();
			cases.addAll(BenchCases.mri(o.data.resolve("nibabel/example4d.nii.gz"), o.slices));
			cases.addAll(BenchCases.mri(o.data.resolve("dipy/test_piesno.nii.gz"), o.slices));
			runModel(o.mriModel, cases, o, baselines, report, log);
		}
		report.seconds = (System.nanoTime() - start) / 1e9;
		if (o.output != null) {
			if (o.output.toAbsolutePath().getParent() != null) Files.createDirectories(o.output.toAbsolutePath().getParent());
			AtomicFiles.write(o.output, report.markdown());
			log.println("Wrote " + o.output);
		}
		return report;
	}

	private static void runModel(final String modelName, final List<BenchCase> cases, final Options o, final Baselines baselines,
		final Report report, final PrintStream log) throws IOException
	{
		try (LoadedModel model = Models.open(modelName)) {
			report.models.put(modelName, ReportWriter.describe(model));
			final Restoration restoration = new Restoration(model);
			final Map<BenchCase.Kind, Integer> seen = new LinkedHashMap<>();
			for (final BenchCase c : cases) {
				if (!o.tasks.isEmpty() && !o.tasks.contains(c.kind.task)) continue;
				final int index = seen.merge(c.kind, 1, Integer::sum) - 1;
				log.println("== " + c.kind.title + ": " + c.name);
				for (final Baselines.Result b : baselines.run(c))
					add(report, log, new Row(c.kind, c.name, b.method, b.parameter, false, false, b.method.startsWith("input") || b.method.startsWith("zero"),
						b.psnr, b.ssim, b.seconds));
				final Restoration.Method def = RestorationDefaults.defaultMethod(c.problem.task());
				// the default as a user gets it: nothing told but the task and the PSF (camera noise is fitted to the image)
				add(report, log, diffusion(restoration, c, new Settings().seed(o.seed), def.id() + " (default)", true));
				if (c.camera() != null)
					add(report, log, diffusion(restoration, c, new Settings().seed(o.seed).noiseModel(c.camera()), def.id() + ", camera told", false));
				if (o.sdedit) add(report, log, diffusion(restoration, c, new Settings().method(Restoration.Method.SDEDIT).seed(o.seed), "sdedit", false));
				if (index < o.dpsCases)
					add(report, log, diffusion(restoration, c, new Settings().method(Restoration.Method.DPS).samples(1).seed(o.seed), "dps (1 sample)", false));
				if (index < o.tuneCases) for (final Row r : DefaultsStudy.run(restoration, c, o.seed)) {
						report.studies.add(r);
						log(log, r);
					}
			}
		}
	}

	static Row diffusion(final Restoration restoration, final BenchCase c, final Settings settings, final String label,
		final boolean isDefault)
	{
		final Restoration.Result r = restoration.restore(c.problem, settings, sc.fiji.diffusion.sampler.SamplerListener.NONE);
		final Baselines.Result s = Baselines.score(c, label, "", r.image, r.seconds);
		final String parameter = String.format(Locale.ROOT, "%d steps x %d samples, t0=%d, sigma=%.3g%s", r.steps, r.samples, r.t0, r.noiseSigma,
			r.noiseEstimated && c.problem.task() != Restoration.Task.MRI ? " (estimated)" : "");
		return new Row(c.kind, c.name, label, parameter, true, isDefault, false, s.psnr, s.ssim, r.seconds);
	}

	private static void add(final Report report, final PrintStream log, final Row r) {
		report.rows.add(r);
		log(log, r);
	}

	private static void log(final PrintStream log, final Row r) {
		log.println(String.format(Locale.ROOT, "   %-28s %6.2f dB  SSIM %.3f  %7.2f s  %s", r.method, r.psnr, r.ssim, r.seconds, r.parameter));
	}

	/** {@code java ... sc.fiji.diffusion.bench.QualityBenchmark [options]}: see {@link Options#parse}. */
	public static void main(final String[] args) throws IOException {
		if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
			new CommandLine(new Options()).usage(System.out);
			return;
		}
		final Options o;
		try {
			o = Options.parse(args);
		}
		catch (final IllegalArgumentException e) {
			System.err.println(e.getMessage());
			System.exit(2);
			return;
		}
		final String cmd = System.getProperty("quality.benchmark.command");
		if (cmd != null && !cmd.isEmpty()) o.command = cmd;
		final Report r = run(o, System.out);
		System.out.println();
		System.out.println(r.markdown());
	}
}
