/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import sc.fiji.diffusion.baseline.Bart;
import sc.fiji.diffusion.baseline.NonLocalMeans;
import sc.fiji.diffusion.classical.PsfConvolution;
import sc.fiji.diffusion.baseline.RichardsonLucy;
import sc.fiji.diffusion.classical.TotalVariation;
import sc.fiji.diffusion.baseline.Wiener;
import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.Metrics;
import sc.fiji.diffusion.operator.Operators;
import sc.fiji.diffusion.task.NoiseEstimation;
import sc.fiji.diffusion.task.Restoration;

/**
 * The classical baselines of the {@link QualityBenchmark}, each <b>oracle-tuned</b>: its one parameter is
 * chosen per image from a small grid by the best PSNR against the truth, which no real user can do, so
 * the baselines are favoured. Grids:
 * <ul>
 * <li>total variation (Chambolle, 100 iterations): lambda = c sigmaHat, c in {@link #TV_FACTORS};</li>
 * <li>non-local means (7x7 patches, 15x15 window): h = c sigmaHat, c in {@link #NLM_FACTORS}, with
 * sigmaHat the noise estimate of {@link NoiseEstimation#estimateNoiseSigma} (what the diffusion default
 * uses too);</li>
 * <li>Richardson-Lucy (padded model): iterations 1 to {@link #RL_MAX_ITERATIONS}, every one scored;</li>
 * <li>Wiener (circular model on the mirror-extended image): lambda in {@link #WIENER_LAMBDAS};</li>
 * <li>BART {@code pics -l1 -S} (l1-wavelet, single coil, sensitivities 1): {@code -r} in
 * {@link #BART_LAMBDAS}; the magnitude of BART's complex image is scored.</li>
 * </ul>
 * Seconds are those of one run at the chosen parameter (the sweep's time divided by the grid size for
 * TV, NLM, Wiener and BART; the time per iteration times the chosen iterations for Richardson-Lucy).
 */
public final class Baselines {

	public static final double[] TV_FACTORS = { 0.25, 0.5, 0.75, 1, 1.5, 2, 3 };
	public static final double[] NLM_FACTORS = { 0.4, 0.6, 0.8, 1, 1.3, 1.7, 2.2 };
	public static final int RL_MAX_ITERATIONS = 150;
	public static final double[] WIENER_LAMBDAS = { 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1 };
	public static final double[] BART_LAMBDAS = { 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1 };

	private final Optional<Bart> bart;

	public Baselines(final Optional<Bart> bart) {
		this.bart = bart;
	}

	/** All baselines for {@code c}, the unprocessed input first. */
	public List<Result> run(final BenchCase c) throws IOException {
		final List<Result> out = new ArrayList<>();
		switch (c.kind.task) {
			case "denoise":
				out.add(score(c, "input (noisy)", "", c.measured, 0));
				out.add(totalVariation(c));
				out.add(nonLocalMeans(c));
				break;
			case "deconvolve":
				out.add(score(c, "input (blurred)", "", c.measured, 0));
				out.add(richardsonLucy(c));
				out.add(wiener(c));
				break;
			case "mri":
				out.add(zeroFilled(c));
				if (bart.isPresent()) out.add(bartPics(c));
				break;
			default:
				throw new IllegalStateException(c.kind.task);
		}
		return out;
	}

	/** A scored result. */
	public static final class Result {
		public final String method, parameter;
		public final float[] image;
		public final double psnr, ssim, seconds;

		Result(final String method, final String parameter, final float[] image, final double psnr, final double ssim, final double seconds) {
			this.method = method;
			this.parameter = parameter;
			this.image = image;
			this.psnr = psnr;
			this.ssim = ssim;
			this.seconds = seconds;
		}
	}

	static Result score(final BenchCase c, final String method, final String parameter, final float[] image, final double seconds) {
		return new Result(method, parameter, image, Metrics.psnr(c.truth, image, 1), Metrics.ssim(c.truth, image, c.width, c.height, 1), seconds);
	}

	private double sigmaHat(final BenchCase c) {
		return Math.max(1e-4, NoiseEstimation.estimateNoiseSigma(c.measured, c.width, c.height, null));
	}

	private Result totalVariation(final BenchCase c) throws IOException {
		final double s = sigmaHat(c);
		final double[] lambdas = new double[TV_FACTORS.length];
		for (int i = 0; i < lambdas.length; i++) lambdas[i] = TV_FACTORS[i] * s;
		return tuned(c, "TV (Chambolle), tuned", "lambda=%.3g", lambdas, l -> TotalVariation.denoise(c.measured, c.width, c.height, l));
	}

	/** One run of a baseline at parameter value {@code p}. */
	private interface Run {
		float[] at(double p) throws IOException;
	}

	/**
	 * The oracle-tuned baseline: {@code run} at every value of {@code grid}, the result with the best PSNR
	 * against the truth, timed per run.
	 */
	private static Result tuned(final BenchCase c, final String method, final String format, final double[] grid, final Run run) throws IOException {
		final long t = System.nanoTime();
		float[] best = null;
		double bestP = Double.NEGATIVE_INFINITY, bestValue = 0;
		for (final double v : grid) {
			final float[] x = run.at(v);
			final double p = Metrics.psnr(c.truth, x, 1);
			if (p > bestP) {
				bestP = p;
				best = x;
				bestValue = v;
			}
		}
		return score(c, method, fmt(format, bestValue), best, secondsSince(t) / grid.length);
	}

	private Result nonLocalMeans(final BenchCase c) {
		final double s = sigmaHat(c);
		final double[] hs = new double[NLM_FACTORS.length];
		for (int i = 0; i < hs.length; i++) hs[i] = NLM_FACTORS[i] * s;
		final long t = System.nanoTime();
		final float[][] xs = NonLocalMeans.denoise(c.measured, c.width, c.height, s, hs);
		final double sec = secondsSince(t);
		int best = 0;
		for (int i = 1; i < xs.length; i++) if (Metrics.psnr(c.truth, xs[i], 1) > Metrics.psnr(c.truth, xs[best], 1)) best = i;
		// one pass serves all h; a single h costs nearly the same
		return score(c, "NLM, tuned", fmt("h=%.3g (sigma=%.3g)", hs[best], s), xs[best], sec);
	}

	private Result richardsonLucy(final BenchCase c) {
		final RichardsonLucy rl = new RichardsonLucy(PsfConvolution.padded(c.psf, c.height, c.width));
		final float[][] best = new float[1][];
		final double[] bestP = { Double.NEGATIVE_INFINITY };
		final int[] bestK = { 0 };
		final long t = System.nanoTime();
		rl.run(c.measured, RL_MAX_ITERATIONS, (k, x) -> {
			final double p = Metrics.psnr(c.truth, x, 1);
			if (p > bestP[0]) {
				bestP[0] = p;
				best[0] = x;
				bestK[0] = k;
			}
		});
		final double perIteration = secondsSince(t) / RL_MAX_ITERATIONS;
		return score(c, "Richardson-Lucy, tuned", "iterations=" + bestK[0], best[0], perIteration * bestK[0]);
	}

	private Result wiener(final BenchCase c) throws IOException {
		return tuned(c, "Wiener, tuned", "lambda=%.0e", WIENER_LAMBDAS, l -> Wiener.deconvolve(c.measured, c.height, c.width, c.psf, l));
	}

	private static Result zeroFilled(final BenchCase c) {
		final long t = System.nanoTime();
		final Batch x = Operators.run(c.problem.operator(), c.problem.measurement(), true);
		return score(c, "zero-filled (Re A^H y)", "", x.data(), secondsSince(t));
	}

	private Result bartPics(final BenchCase c) throws IOException {
		return tuned(c, "BART pics -l1, tuned", "-r %.0e", BART_LAMBDAS, l -> magnitude(bart.get().picsL1(c.kRe, c.kIm, c.height, c.width, l)));
	}

	static float[] magnitude(final float[][] z) {
		final float[] m = new float[z[0].length];
		for (int k = 0; k < m.length; k++) m[k] = (float) Math.hypot(z[0][k], z[1][k]);
		return m;
	}

	static double secondsSince(final long t) {
		return (System.nanoTime() - t) / 1e9;
	}

	private static String fmt(final String f, final Object... a) {
		return String.format(Locale.ROOT, f, a);
	}
}
