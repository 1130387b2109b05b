/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ij.ImagePlus;
import sc.fiji.diffusion.classical.PsfConvolution;
import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.data.synth.Degradation;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.testdata.SampleData;

/**
 * {@link PoissonGaussianFit} recovers var(y) = a E[y] + b from one image: clean signals x in [0, 1000]
 * (smooth fluorescence-like blobs on a dark background, a bright transmitted-light-like field, and a
 * real fluorescence image, ecoli.png), y = o + (Poisson(p x) + N(0, r^2)) / p with p from 0.01 to 10
 * photo-electrons per unit (10 to 10^4 at the brightest pixel), so a = 1 / p and b = (r / p)^2 - a o;
 * and pure Gaussian noise, which must come out Gaussian.
 */
class PoissonGaussianFitTest {

	static final int N = 384;
	static final List<String> TABLE = new ArrayList<>();

	@ParameterizedTest(name = "{0}: {1} photons per unit, read noise {2} e-, offset {3}")
	@CsvSource({
		// image, photons per unit p (0: Gaussian), read noise r (electrons; Gaussian: sigma in image units), offset o
		"blobs,  0.01, 0,  0", "blobs,  0.1, 3,  0", "blobs,  1, 5,  100", "blobs,  10, 20, 0", "blobs,  0, 10, 0",
		"bright, 0.01, 0,  0", "bright, 0.1, 3,  0", "bright, 1, 5,  100", "bright, 10, 20, 0", "bright, 0, 10, 0",
		"ecoli,  0.01, 0,  0", "ecoli,  0.1, 3,  0", "ecoli,  1, 5,  100", "ecoli,  10, 20, 0", "ecoli,  0, 10, 0" })
	void recoversTheNoiseModel(final String image, final double p, final double read, final double offset) throws Exception {
		final float[] x = clean(image);
		final boolean gaussianTruth = p == 0;
		final double a = gaussianTruth ? 0 : 1 / p, b = gaussianTruth ? read * read : (read / p) * (read / p) - a * offset;
		final float[] y = gaussianTruth ? Degradation.addGaussianNoise(x, read, 11) : Degradation.addPoissonGaussianNoise(x, p, read, 11);
		for (int i = 0; i < y.length; i++) y[i] += offset;

		final long t0 = System.nanoTime();
		final PoissonGaussianFit fit = PoissonGaussianFit.fit(y, N, N);
		final double ms = (System.nanoTime() - t0) / 1e6;

		// noise std, true and fitted, at 10 %, 50 % and 90 % of the image's range of E[y]
		final double[] levels = new double[3];
		double worst = 0;
		for (int k = 0; k < 3; k++) {
			levels[k] = fit.expectationLow + new double[] { 0.1, 0.5, 0.9 }[k] * (fit.expectationHigh - fit.expectationLow);
			worst = Math.max(worst, Math.abs(Math.sqrt(Math.max(fit.variance(levels[k]), 0)) / Math.sqrt(a * levels[k] + b) - 1));
		}
		TABLE.add(String.format(Locale.ROOT, "| %-6s | %6s | %4.0f | %4.0f | %9.4g | %9.4g | %9.4g | %9.4g | %5.1f %% | %-8s | %2d | %6d | %5.2f | %4.0f |", image,
			gaussianTruth ? "Gauss" : String.format(Locale.ROOT, "%.2f", p), read, offset, a, fit.a, b, fit.b, 100 * worst,
			fit.gaussian ? String.format(Locale.ROOT, "G %.2f", fit.sigma) : "PG", fit.levelSets, fit.pixelsUsed, fit.reducedChiSquare, ms));

		assertTrue(worst <= 0.10, "noise std off by " + worst + " at one of " + java.util.Arrays.toString(levels) + ": " + fit);
		if (gaussianTruth) {
			assertTrue(fit.gaussian, "pure Gaussian noise must be called Gaussian: " + fit);
			assertEquals(read, fit.sigma, 0.1 * read, fit.toString());
			assertEquals(read, fit.noiseModel().sigma(), 0.1 * read);
		}
		else {
			assertFalse(fit.gaussian, "Poisson noise must not be called Gaussian: " + fit);
			assertEquals(a, fit.a, 0.15 * a, "a: " + fit);
			// b matters only where it is a fair part of the variance: check it to 15 % of the variance at the dark end
			assertEquals(b, fit.b, 0.15 * (a * levels[0] + Math.abs(b)), "b: " + fit);
			final NoiseModel model = fit.noiseModel();
			assertEquals(fit.a, model.varianceSlope(), 1e-9 * fit.a);
			assertEquals(fit.b, model.varianceIntercept(), 1e-9 * (Math.abs(fit.b) + 1));
		}
	}

	@AfterAll
	static void printTable() {
		System.out.println("[noise-fit] image in [0, 1000] + offset; a = 1/p, b = (r/p)^2 - a o; std err: worst |fitted/true - 1| of sqrt(a y + b) at 10/50/90 % of the range");
		System.out.println("| image  | p      | r    | o    | a true    | a fit     | b true    | b fit     | std err | decision | K  | pixels | chi^2 | ms   |");
		System.out.println("|--------|--------|------|------|-----------|-----------|-----------|-----------|---------|----------|----|--------|-------|------|");
		TABLE.forEach(System.out::println);
	}

	@Test
	void edgesAndTextureDoNotInflateTheEstimate() {
		// hard-edged discs (edges at every angle) crowded on a wavy background, with Gaussian noise: the MAD
		// of the detail over all pixels (the plain Immerkaer estimate) sees the edges; the fit must not
		final float[] x = new float[N * N];
		for (int r = 0; r < N; r++)
			for (int c = 0; c < N; c++) x[r * N + c] = (float) (300 + 100 * Math.sin(c / 20.0) * Math.cos(r / 30.0));
		final SplittableRandom rng = new SplittableRandom(9);
		for (int k = 0; k < 400; k++) {
			final double cx = rng.nextDouble(N), cy = rng.nextDouble(N), rad = 3 + 9 * rng.nextDouble();
			final float level = (float) (1000 * rng.nextDouble());
			for (int r = 0; r < N; r++)
				for (int c = 0; c < N; c++) if ((r - cy) * (r - cy) + (c - cx) * (c - cx) <= rad * rad) x[r * N + c] = level;
		}
		final float[] y = Degradation.addGaussianNoise(x, 5, 3);
		final PoissonGaussianFit fit = PoissonGaussianFit.fit(y, N, N);
		final double plain = sc.fiji.diffusion.task.NoiseEstimation.estimateNoiseSigma(y, N, N, null);
		System.out.println(String.format(Locale.ROOT, "[noise-fit] discs, Gaussian sigma 5: plain MAD of the detail %.2f, fit %s", plain, fit));
		assertTrue(plain > 6, "the test image should fool the plain estimate, which gave " + plain);
		assertTrue(fit.gaussian, fit.toString());
		assertEquals(5, fit.sigma, 0.5, fit.toString());
	}

	@Test
	void maskedPixelsAreLeftOut() throws Exception {
		final float[] x = clean("blobs");
		final float[] y = Degradation.addPoissonGaussianNoise(x, 0.1, 3, 5);
		final float[] observed = new float[y.length];
		for (int i = 0; i < y.length; i++) {
			observed[i] = (i / N) % 16 < 12 ? 1 : 0;
			if (observed[i] == 0) y[i] = 1e6f; // garbage where nothing was measured
		}
		final PoissonGaussianFit fit = PoissonGaussianFit.fit(y, N, N, observed);
		assertEquals(10, fit.a, 1.5, fit.toString());
	}

	/**
	 * An image stored so that part of it clips, as an 8-bit conversion saturates its brightest pixels and a
	 * background subtraction clips at 0: the clipped pixels' windows are left out ({@link Clipping}), and the
	 * estimate the restoration uses ({@code NoiseEstimation.cameraNoise}) stays within 15 % of the true slope,
	 * where the fit over all pixels is far off. Images whose dark counts are only a fraction of a photon and
	 * unclipped images lose nothing.
	 */
	@ParameterizedTest(name = "{0}: {1} % saturated, {2} % clipped at 0")
	@CsvSource({ "blobs, 5, 0", "bright, 5, 0", "ecoli, 5, 0", "blobs, 0, 30", "ecoli, 0, 30", "ecoli, 3, 20", "blobs, 0, 0", "bright, 0, 0" })
	void clippedPixelsAreLeftOut(final String image, final double saturatedPercent, final double zeroPercent) throws Exception {
		final double p = 0.1, read = 3, a = 1 / p;
		final float[] y = Degradation.addPoissonGaussianNoise(clean(image), p, read, 13);
		final float[] sorted = y.clone();
		java.util.Arrays.sort(sorted);
		final float top = sorted[(int) ((1 - saturatedPercent / 100) * (sorted.length - 1))], floor = sorted[(int) (zeroPercent / 100 * (sorted.length - 1))];
		for (int i = 0; i < y.length; i++) y[i] = Math.min(y[i], top) - (zeroPercent > 0 ? floor : 0);
		if (zeroPercent > 0) for (int i = 0; i < y.length; i++) y[i] = Math.max(y[i], 0);
		final PoissonGaussianFit fit = sc.fiji.diffusion.task.NoiseEstimation.cameraNoise(sc.fiji.diffusion.task.Restoration.Task.DENOISE, y, N, N);
		assertTrue(fit != null, "a fit");
		assertEquals(a, fit.a, 0.15 * a, "slope with clipping left out: " + fit);
		final PoissonGaussianFit all = PoissonGaussianFit.fit(y, N, N);
		System.out.println(String.format(Locale.ROOT, "[noise-fit] %s, %.0f %% saturated, %.0f %% clipped at 0: slope %.2f left out, %.2f over all pixels (true %.0f)", image,
			saturatedPercent, zeroPercent, fit.a, all.a, a));
		if (image.equals("ecoli") && saturatedPercent + zeroPercent > 0)
			assertTrue(Math.abs(all.a / a - 1) > 0.15, "the fit over all pixels should be off, to show what the test checks: " + all);
		if (saturatedPercent + zeroPercent == 0) assertEquals(all.a, fit.a, 1e-12, "nothing clipped: the plain fit");
	}

	@Test
	void fewPhotonBackgroundsAreNotTakenForClipping() {
		final float[] counts = new float[N * N];
		final SplittableRandom rng = new SplittableRandom(3);
		for (final double mean : new double[] { 0.3, 1, 3 }) {
			for (int i = 0; i < counts.length; i++) { // Poisson by inversion
				double u = rng.nextDouble(), pk = Math.exp(-mean), cum = pk;
				int k = 0;
				while (u > cum) cum += pk *= mean / ++k;
				counts[i] = k;
			}
			assertEquals(null, Clipping.unclipped(counts, null), "Poisson counts of mean " + mean + " are not clipped");
		}
		final float[] zeros = counts.clone();
		for (int i = 0; i < zeros.length; i++) zeros[i] = Math.max(0, zeros[i] - 4);
		assertTrue(Clipping.unclipped(zeros, null) != null, "counts of mean 3 less 4, clipped at 0, are");
	}

	@Test
	void theFittedModelDrivesVarianceAndAnscombe() {
		// with an offset (b < 0): variance is a y + b above one photo-electron, and the Anscombe transform
		// of such data has unit variance, its inverse giving back the level
		final double a = 2, b = -150; // photons 0.5, offset 75
		final NoiseModel m = NoiseModel.affine(a, b);
		assertEquals(0.5, m.photons(), 1e-12);
		assertEquals(75, m.offset(), 1e-12);
		assertEquals(a * 400 + b, m.variance(new float[] { 400 })[0], 1e-3);
		final float[] level = new float[100_000];
		java.util.Arrays.fill(level, 300);
		final float[] y = Degradation.addPoissonGaussianNoise(level, 0.5, 0, 4);
		for (int i = 0; i < y.length; i++) y[i] += 75;
		final float[] f = Anscombe.forward(y, m);
		double mean = 0, var = 0;
		for (final float v : f) mean += v / f.length;
		for (final float v : f) var += (v - mean) * (v - mean) / (f.length - 1);
		assertEquals(1, var, 0.05);
		assertEquals(375, Anscombe.inverse(new float[] { (float) mean }, m)[0], 4);
		// the zero-offset form is unchanged: f = 2 sqrt(p y + 3/8 + (p sigma_r)^2)
		final NoiseModel plain = NoiseModel.poissonGaussian(4, 0.5);
		assertEquals(2 * Math.sqrt(4 * 10 + 0.375 + 4), Anscombe.forward(new float[] { 10 }, plain)[0], 1e-4);
		assertEquals(NoiseModel.affine(0.25, 0.25).variance(new float[] { 10 })[0], plain.variance(new float[] { 10 })[0], 1e-6);
		assertThrows(IllegalArgumentException.class, () -> NoiseModel.affine(0, 1));
	}

	@Test
	void tooSmallImagesAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> PoissonGaussianFit.fit(new float[20 * 20], 20, 20));
	}

	/** A {@code N x N} clean image in [0, 1000]. */
	static float[] clean(final String name) throws Exception {
		final float[] x = new float[N * N];
		if (name.equals("ecoli")) {
			// a real fluorescence image, its own (8-bit camera) noise smoothed away
			final ImagePlus imp = ImageFiles.open(SampleData.ijTestImages().resolve("ecoli.png"));
			final float[] all = ImageFiles.planes(imp, true)[0];
			for (int r = 0; r < N; r++) System.arraycopy(all, (400 + r) * imp.getWidth() + 600, x, r * N, N);
			return stretched(PsfConvolution.mirrored(Psfs.gaussian2D(1.5), x, N, N));
		}
		final SplittableRandom rng = new SplittableRandom(7);
		final boolean bright = name.equals("bright");
		for (int k = 0; k < 25; k++) {
			final double cx = rng.nextDouble(N), cy = rng.nextDouble(N), s = 4 + 16 * rng.nextDouble(), amp = 0.3 + 0.7 * rng.nextDouble();
			for (int r = 0; r < N; r++)
				for (int c = 0; c < N; c++) x[r * N + c] += amp * Math.exp(-((r - cy) * (r - cy) + (c - cx) * (c - cx)) / (2 * s * s));
		}
		if (bright) // transmitted light: a bright field with an illumination ramp, darkened by absorbing cells
			for (int r = 0; r < N; r++)
				for (int c = 0; c < N; c++) x[r * N + c] = (float) ((0.75 + 0.25 * c / N) * Math.exp(-0.6 * x[r * N + c]));
		return bright ? scaledToMax(x) : stretched(x);
	}

	/** 1000 x / max(x). */
	static float[] scaledToMax(final float[] x) {
		double hi = 0;
		for (final float v : x) hi = Math.max(hi, v);
		final float[] out = new float[x.length];
		for (int i = 0; i < x.length; i++) out[i] = (float) (1000 * x[i] / hi);
		return out;
	}

	/** x mapped linearly onto [0, 1000]. */
	static float[] stretched(final float[] x) {
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (final float v : x) {
			lo = Math.min(lo, v);
			hi = Math.max(hi, v);
		}
		final float[] out = new float[x.length];
		for (int i = 0; i < x.length; i++) out[i] = (float) (1000 * (x[i] - lo) / (hi - lo));
		return out;
	}
}
