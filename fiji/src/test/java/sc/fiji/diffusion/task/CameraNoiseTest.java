/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.data.Metrics;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.imagej.ImagePlusImgs;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.noise.PoissonGaussianFit;
import sc.fiji.diffusion.testdata.SampleData;

/**
 * With no noise given, a restoration fits the camera-noise model var(y) = a E[y] + b to each plane and
 * uses it (Anscombe for denoising): on a real image with Poisson-Gaussian noise whose parameters the tool
 * is not told, the result is at least as good as with the one-sigma Gaussian estimate used before; on
 * Gaussian noise the fit finds no signal-dependent part and the Gaussian estimate is used as before.
 */
class CameraNoiseTest {

	static final int N = 128;
	static LoadedModel model;
	static float[] clean;

	@BeforeAll
	static void load() throws Exception {
		model = Models.open("demo-cells");
		final ImagePlus imp = ImageFiles.open(SampleData.ijTestImages().resolve("ecoli.png"));
		final float[] all = ImageFiles.planes(imp, true)[0];
		clean = new float[N * N];
		for (int y = 0; y < N; y++) System.arraycopy(all, (560 + y) * imp.getWidth() + 940, clean, y * N, N);
	}

	@AfterAll
	static void close() {
		if (model != null) model.close();
	}

	static StackRestoration.Result restore(final float[] noisy, final Settings settings) {
		final ImageStack stack = new ImageStack(N, N);
		stack.addSlice(new FloatProcessor(N, N, noisy.clone()));
		final ImagePlus imp = new ImagePlus("noisy", stack);
		return new StackRestoration(new Restoration(model), 256, 32).restore(StackProblem.denoising(ImagePlusImgs.wrap(imp)), settings, Progress.NONE);
	}

	/** y = (Poisson(p x) + N(0, r^2)) / p with p photons per grey value. */
	static float[] camera(final double p, final double r, final long seed) {
		final java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
		final float[] g = new float[clean.length];
		GaussianNoise.fill(g, seed + 1);
		final float[] y = new float[clean.length];
		for (int i = 0; i < y.length; i++) y[i] = (float) ((poisson(random, p * Math.max(clean[i], 0)) + r * g[i]) / p);
		return y;
	}

	static int poisson(final java.util.SplittableRandom random, final double mean) {
		if (mean > 50) return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
		final double l = Math.exp(-mean);
		int k = 0;
		double prod = random.nextDouble();
		while (prod > l) {
			k++;
			prod *= random.nextDouble();
		}
		return k;
	}

	static double gaussian(final java.util.SplittableRandom random) {
		return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
	}

	@Test
	void cameraNoiseIsFittedAndDoesAtLeastAsWellAsOneGaussianSigma() {
		final float[] noisy = camera(0.1, 2, 11);
		final PoissonGaussianFit fit = PoissonGaussianFit.fit(noisy, N, N);
		final StackRestoration.Result fitted = restore(noisy, new Settings());
		final double mad = NoiseEstimation.estimateNoiseSigma(noisy, N, N, null);
		final StackRestoration.Result gaussian = restore(noisy, new Settings().noiseSigma(mad));
		final double input = Metrics.psnr(clean, noisy, 255), withFit = Metrics.psnr(clean, fitted.image.getPlane(0).getCurrentStorageArray(), 255),
			withSigma = Metrics.psnr(clean, gaussian.image.getPlane(0).getCurrentStorageArray(), 255);
		System.out.println(String.format(Locale.ROOT, "[camera-noise] 0.1 photons per grey value, read noise 2 e-: fit a=%.3f (true 10), b=%.1f; input %.2f dB, "
			+ "one Gaussian sigma %.2f (%.2f dB), fitted model %.2f dB", fit.a, fit.b, input, mad, withSigma, withFit));
		assertTrue(fitted.report.get(0).contains("camera noise (fitted to the image"), fitted.report.toString());
		assertTrue(!fitted.report.get(0).contains("NaN"), "no sigma where the noise has none: " + fitted.report);
		// SURE needs Gaussian noise: on the Anscombe transform of camera noise the prior's result is kept
		assertTrue(!fitted.report.get(0).contains("SURE chose"), fitted.report.toString());
		assertTrue(Math.abs(fit.a - 10) < 1.5, "a = " + fit.a);
		assertTrue(withFit > input + 3 && withFit > withSigma - 0.2, "fitted " + withFit + " dB vs one sigma " + withSigma + " dB");
	}

	@Test
	void gaussianNoiseKeepsTheGaussianEstimate() {
		final float[] noisy = new float[clean.length];
		GaussianNoise.fill(noisy, 5);
		for (int i = 0; i < noisy.length; i++) noisy[i] = clean[i] + 12 * noisy[i];
		final StackRestoration.Result r = restore(noisy, new Settings());
		assertTrue(r.report.get(0).contains("(estimated)"), r.report.toString());
	}
}
