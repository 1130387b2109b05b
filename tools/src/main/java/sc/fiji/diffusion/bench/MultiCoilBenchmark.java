/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import sc.fiji.diffusion.baseline.Bart;
import sc.fiji.diffusion.baseline.BartSense;
import sc.fiji.diffusion.data.Metrics;
import sc.fiji.diffusion.io.AtomicFiles;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.mri.CoilMaps;
import sc.fiji.diffusion.mri.CoilPlanes;
import sc.fiji.diffusion.mri.MultiCoilReconstruction.ImageModel;
import sc.fiji.diffusion.mri.MultiCoilReconstruction;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.Settings;

/**
 * Multi-coil MRI quality benchmark: the diffusion reconstruction ({@link MultiCoilReconstruction},
 * library defaults) against BART {@code pics} with ESPIRiT maps and l1-wavelet regularisation, its
 * {@code -r} tuned per case on the ground truth (best PSNR over {@link #LAMBDAS}), on the simulated
 * 8-coil cases of {@link MultiCoilCases}. Magnitudes are compared with the fully sampled
 * root-sum-of-squares image (PSNR and SSIM, data range 1 = its 99.8th percentile).
 * <p>
 * Variants of the diffusion method (option {@code --variants}): {@code default} (the library default,
 * maps estimated from the calibration region and refined, {@link sc.fiji.diffusion.mri.CoilMapRefinement}),
 * {@code unrefined} (the estimated maps as they are), {@code complex} and {@code magnitude} (the two
 * {@link ImageModel}s), {@code -espirit} (with BART's ESPIRiT maps instead of the estimated ones); {@code -oracle} (the simulation's true maps with the true phase:
 * a diagnostic, not a method).
 * <p>
 * {@code java -cp ... sc.fiji.diffusion.bench.MultiCoilBenchmark [--data DIR] [--set choose|report|all]
 * [--accelerations 4,8] [--variants default,complex,espirit] [--method M --xi X --ensemble --steps N --samples K --lambda L --cg N --t0 T --noise-sigma S]
 * [--limit N] [--every K --offset J (the slices i of the set with i mod K = J)] [--volume NAME (only slices of volumes whose file name contains NAME)] [--lambdas l1,l2,.. (BART's grid)] [--output FILE.md]}
 */
@Command(name = "MultiCoilBenchmark", mixinStandardHelpOptions = true,
	description = "Multi-coil MRI on held-out brain slices: the default reconstruction against tuned BART pics with ESPIRiT maps.")
public final class MultiCoilBenchmark implements Callable<Integer> {

	/** BART's {@code -r} grid. */
	public static final double[] LAMBDAS = { 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1 };


	private static final class Row {
		final MultiCoilCase c;
		final String method, detail;
		final double psnr, ssim, seconds;

		Row(final MultiCoilCase c, final String method, final float[] magnitude, final double seconds, final String detail) {
			this.c = c;
			this.method = method;
			this.psnr = Metrics.psnr(c.reference, magnitude, 1);
			this.ssim = Metrics.ssim(c.reference, magnitude, c.width(), c.height(), 1);
			this.seconds = seconds;
			this.detail = detail;
		}
	}

	@Option(names = "--data", description = "Folder of the data (scripts/fetch-data.sh). Default: data.")
	Path data = Paths.get("data");

	@Option(names = "--output", description = "The Markdown report, written atomically (default: printed).")
	Path output;

	@Option(names = "--set", description = "choose, report or all (default: all).")
	String set = "all";

	@Option(names = "--model", description = "The prior (default: mri-brain-t1).")
	String model = "mri-brain-t1";

	@Option(names = "--accelerations", split = ",", description = "Accelerations R (default: 4,8).")
	int[] accelerations = { 4, 8 };

	@Option(names = "--variants", split = ",", description = "Diffusion variants: default, complex, magnitude, unrefined (estimated maps not refined), each optionally with -espirit, -oracle or -truesens maps (default: default).")
	List<String> variants = List.of("default");

	@Option(names = "--limit", description = "At most this many cases (default: all).")
	int limit = Integer.MAX_VALUE;

	@Option(names = "--every", description = "Every n-th slice (default: 1).")
	int every = 1;

	@Option(names = "--offset", description = "Starting at this slice (with --every; default: 0).")
	int offset = 0;

	@Option(names = "--dc-steps", description = "Coil-wise data-consistency steps (default: the library's).")
	int dcSteps = MultiCoilReconstruction.COIL_WISE_STEPS;

	@Option(names = "--lambdas", split = ",", description = "BART pics -r values tried per case (default: 1e-4 to 1e-1).")
	double[] lambdas = LAMBDAS;

	@Option(names = "--volume", description = "Only the volumes whose file name contains this.")
	String volume = "";

	@Option(names = "--consistency", description = "Data consistency: coil-wise or sense (default: coil-wise).")
	String consistencyName = "coil-wise";

	@Option(names = "--method", description = "The method (fast, pnp, ...; default: the library's).")
	String method;

	@Option(names = "--xi", description = "DiffPIR's xi, the share of fresh noise (default: the library's).")
	Double xi;

	@Option(names = "--ensemble", description = "The network's flip/rotation ensemble at every step (8x the network evaluations).")
	boolean ensemble;

	@Option(names = "--steps", description = "Sampler steps (default: the library's).")
	Integer steps;

	@Option(names = "--samples", description = "Posterior samples (default: the library's).")
	Integer samples;

	@Option(names = "--lambda", description = "DiffPIR's lambda (default: the library's).")
	Double lambda;

	@Option(names = "--cg", description = "CG iterations (default: the library's).")
	Integer cg;

	@Option(names = "--t0", description = "Start timestep (default: the library's).")
	Integer t0;

	@Option(names = "--noise-sigma", description = "k-space noise sigma (default: the library's).")
	Double noiseSigma;

	/** The command line as given, for the report. */
	private String[] args = new String[0];

	public static void main(final String[] args) {
		final MultiCoilBenchmark b = new MultiCoilBenchmark();
		b.args = args;
		System.exit(new CommandLine(b).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		final sc.fiji.diffusion.operator.MultiCoilFourier.Consistency consistency = sc.fiji.diffusion.operator.MultiCoilFourier.Consistency
			.valueOf(consistencyName.toUpperCase(Locale.ROOT).replace('-', '_'));
		final Settings settings = new Settings();
		if (method != null) settings.method(sc.fiji.diffusion.task.Restoration.Method.parse(method));
		if (xi != null) settings.xi(xi);
		if (ensemble) settings.ensemble(true);
		if (steps != null) settings.steps(steps);
		if (samples != null) settings.samples(samples);
		if (lambda != null) settings.lambda(lambda);
		if (cg != null) settings.cgIterations(cg);
		if (t0 != null) settings.t0(t0);
		if (noiseSigma != null) settings.noiseSigma(noiseSigma);
		final Bart bart = Bart.locate().orElseThrow(() -> new IllegalStateException("BART not found: run scripts/fetch-bart.sh"));
		final List<MultiCoilCase> cases = new ArrayList<>();
		int index = 0;
		for (final MultiCoilCases.Slice s : MultiCoilCases.heldOut(data))
			if ((set.equals("all") || s.set.equals(set)) && index++ % every == offset && s.nifti.getFileName().toString().contains(volume))
				cases.addAll(MultiCoilCases.of(s, accelerations, bart));
		final List<Row> rows = new ArrayList<>();
		final long start = System.nanoTime();
		try (LoadedModel m = Models.open(model)) {
			final MultiCoilReconstruction recon = new MultiCoilReconstruction(new Restoration(m)).consistency(consistency).coilWiseSteps(dcSteps);
			int done = 0;
			for (final MultiCoilCase c : cases) {
				if (done++ >= limit) break;
				final CoilPlanes k = c.kspace();
				final CoilPlanes ownMaps = CoilMaps.estimate(k, c.mask);
				final float[][] zf = MultiCoilReconstruction.zeroFilled(k, c.mask, ownMaps);
				rows.add(new Row(c, "zero-filled", magnitude(zf), 0, ""));
				CoilPlanes espirit;
				try (BartSense b = new BartSense(bart, k)) {
					long t = System.nanoTime();
					espirit = b.ecalib();
					final double calib = (System.nanoTime() - t) / 1e9;
					Row best = null;
					for (final double l : lambdas) {
						t = System.nanoTime();
						final float[][] x = b.picsL1(l);
						final Row r = new Row(c, "BART pics -l1 (ESPIRiT), tuned", magnitude(x), calib + (System.nanoTime() - t) / 1e9,
							String.format(Locale.ROOT, "-r %.0e", l));
						if (best == null || r.psnr > best.psnr) best = r;
					}
					rows.add(best);
				}
				for (final String v : variants) {
					final ImageModel im = v.startsWith("complex") ? ImageModel.COMPLEX : v.startsWith("magnitude") ? ImageModel.MAGNITUDE
						: MultiCoilReconstruction.DEFAULT_IMAGE_MODEL;
					final CoilPlanes maps = v.endsWith("espirit") ? espirit : v.endsWith("oracle") ? c.trueMaps : v.endsWith("truesens") ? c.trueSensitivities : null;
					final long t = System.nanoTime();
					recon.mapRefinement(v.contains("unrefined") ? 0 : sc.fiji.diffusion.mri.CoilMapRefinement.ITERATIONS);
					final MultiCoilReconstruction.Plane p = recon.reconstruct(k, c.mask, maps, im, settings.copy(), sc.fiji.diffusion.sampler.SamplerListener.NONE);
					rows.add(new Row(c, "diffusion " + v, p.magnitude(), (System.nanoTime() - t) / 1e9, p.result.description));
				}
				final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s R=%d [%s]:", c.name, c.acceleration, c.set));
				for (final Row r : rows)
					if (r.c == c) line.append(String.format(Locale.ROOT, "  %s %.2f/%.3f (%.1fs)", r.method, r.psnr, r.ssim, r.seconds));
				System.out.println(line);
			}
		}
		final String report = report(rows, variants, (System.nanoTime() - start) / 1e9, args);
		if (output == null) System.out.print(report);
		else {
			AtomicFiles.write(output, report);
			System.out.println("wrote " + output);
		}
		return 0;
	}

	static float[] magnitude(final float[][] x) {
		final float[] m = new float[x[0].length];
		for (int i = 0; i < m.length; i++) m[i] = (float) Math.hypot(x[0][i], x[1][i]);
		return m;
	}

	private static String report(final List<Row> rows, final List<String> variants, final double seconds, final String[] args) {
		final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		out.printf(Locale.ROOT, "Command: `MultiCoilBenchmark %s`; %d available processors; total %.0f s.%n%n", String.join(" ", args),
			Runtime.getRuntime().availableProcessors(), seconds);
		out.println("| set | R | method | cases | mean PSNR | mean SSIM | margin over BART (mean / worst case) | SSIM margin | mean s |");
		out.println("|---|---|---|---|---|---|---|---|---|");
		final Map<String, List<Row>> groups = new LinkedHashMap<>();
		for (final Row r : rows) groups.computeIfAbsent(r.c.set + "|" + r.c.acceleration + "|" + r.method, k -> new ArrayList<>()).add(r);
		for (final Map.Entry<String, List<Row>> e : groups.entrySet()) {
			final List<Row> g = e.getValue();
			double p = 0, s = 0, t = 0, margin = 0, worst = Double.POSITIVE_INFINITY, ssimMargin = 0;
			for (final Row r : g) {
				p += r.psnr;
				s += r.ssim;
				t += r.seconds;
				final Row b = bartOf(rows, r.c);
				final double d = r.psnr - b.psnr;
				margin += d;
				ssimMargin += r.ssim - b.ssim;
				worst = Math.min(worst, d);
			}
			final int n = g.size();
			final String[] key = e.getKey().split("\\|");
			out.printf(Locale.ROOT, "| %s | %s | %s | %d | %.2f | %.3f | %+.2f / %+.2f dB | %+.3f | %.1f |%n", key[0], key[1], key[2], n, p / n, s / n, margin / n, worst,
				ssimMargin / n, t / n);
		}
		out.println();
		out.println("<details><summary>per case</summary>");
		out.println();
		out.println("| case | set | R | method | PSNR | SSIM | s | settings |");
		out.println("|---|---|---|---|---|---|---|---|");
		for (final Row r : rows)
			out.printf(Locale.ROOT, "| %s | %s | %d | %s | %.2f | %.3f | %.1f | %s |%n", r.c.name, r.c.set, r.c.acceleration, r.method, r.psnr, r.ssim, r.seconds,
				r.detail.replace("|", "/"));
		out.println();
		out.println("</details>");
		return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
	}

	private static Row bartOf(final List<Row> rows, final MultiCoilCase c) {
		for (final Row r : rows)
			if (r.c == c && r.method.startsWith("BART")) return r;
		throw new IllegalStateException("no BART row for " + c.name);
	}
}
