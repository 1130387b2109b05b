/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ij.ImagePlus;
import sc.fiji.diffusion.classical.PsfConvolution;
import sc.fiji.diffusion.data.Metrics;
import sc.fiji.diffusion.data.synth.Degradation;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.task.NoiseEstimation;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.RestorationProblem;
import sc.fiji.diffusion.task.Settings;
import sc.fiji.diffusion.testdata.SampleData;

/**
 * Poisson-Gaussian (camera) noise: the Anscombe transform makes it unit Gaussian and its inverse is
 * unbiased; on a real image the noise model beats treating the noise as Gaussian.
 */
class PoissonGaussianTest {

	/** Photons per grey value and read noise in grey values of the camera simulated below. */
	static final double A = 0.2, READ = 2;

	@ParameterizedTest
	@CsvSource({ "10", "40", "150" })
	void theAnscombeTransformHasUnitVarianceAndItsInverseIsUnbiased(final double level) {
		final NoiseModel noise = NoiseModel.poissonGaussian(A, READ);
		final float[] x = new float[200_000];
		java.util.Arrays.fill(x, (float) level);
		// Degradation takes the read noise in photo-electrons: READ grey values = A READ electrons
		final float[] y = Degradation.addPoissonGaussianNoise(scaled(x, 1 / 255.0), A * 255, A * READ, 3);
		final float[] f = Anscombe.forward(scaled(y, 255), noise);
		double mean = 0, var = 0;
		for (final float v : f) mean += v / f.length;
		for (final float v : f) var += (v - mean) * (v - mean) / (f.length - 1);
		final float[] back = Anscombe.inverse(new float[] { (float) mean }, noise);
		System.out.println(String.format(Locale.ROOT, "[poisson-gaussian] level %.0f (%.0f photons): var of f %.3f, inverse of E[f] %.2f", level, level * A, var, back[0]));
		assertEquals(1, var, 0.12);
		assertEquals(level, back[0], 0.04 * level + 0.5);
	}

	@ParameterizedTest
	@CsvSource({ "0.2", "0.03" })
	void theNoiseModelDoesAtLeastAsWellAsAGaussianOnARealImage(final double a) throws Exception {
		final ImagePlus imp = ImageFiles.open(SampleData.ijTestImages().resolve("ecoli.png"));
		final float[] all = ImageFiles.planes(imp, true)[0];
		final int n = 64;
		final float[] clean = new float[n * n];
		for (int y = 0; y < n; y++) System.arraycopy(all, (600 + y) * imp.getWidth() + 1000, clean, y * n, n);
		final float[] noisy = scaled(Degradation.addPoissonGaussianNoise(scaled(clean, 1 / 255.0), a * 255, a * READ, 5), 255);
		final float[] blurred = scaled(Degradation.addPoissonGaussianNoise(scaled(PsfConvolution.mirrored(Psfs.gaussian2D(1.5), clean, n, n), 1 / 255.0), a * 255, a * READ, 6), 255);
		final NoiseModel camera = NoiseModel.poissonGaussian(a, READ);
		try (LoadedModel model = Models.open("demo-cells")) {
			final Restoration r = new Restoration(model);
			final double input = Metrics.psnr(clean, noisy, 255);
			// "as Gaussian": one sigma, the robust estimate (left unset, the noise model would be fitted to the image)
			final Settings asGaussian = new Settings().noiseSigma(NoiseEstimation.estimateNoiseSigma(noisy, n, n, null));
			final double gaussian = Metrics.psnr(clean, r.restore(RestorationProblem.denoising(noisy, n, n), asGaussian, SamplerListener.NONE).image, 255);
			final double poisson = Metrics.psnr(clean, r.restore(RestorationProblem.denoising(noisy, n, n), new Settings().noiseModel(camera), SamplerListener.NONE).image, 255);
			final double blurredIn = Metrics.psnr(clean, blurred, 255);
			final RestorationProblem deconv = RestorationProblem.deconvolution(blurred, n, n, Psfs.gaussian2D(1.5, 9));
			final double dGaussian = Metrics.psnr(clean, r.restore(deconv, new Settings().lambda(1).noiseSigma(NoiseEstimation.estimateNoiseSigma(blurred, n, n, null)),
				SamplerListener.NONE).image, 255);
			final double dPoisson = Metrics.psnr(clean, r.restore(deconv, new Settings().lambda(1).noiseModel(camera), SamplerListener.NONE).image, 255);
			System.out.println(String.format(Locale.ROOT, "[poisson-gaussian] %.2f photons per grey value: denoise: input %.2f, as Gaussian %.2f, Poisson-Gaussian %.2f dB; deconvolve: input %.2f, as Gaussian %.2f, "
				+ "Poisson-Gaussian %.2f dB", a, input, gaussian, poisson, blurredIn, dGaussian, dPoisson));
			assertTrue(poisson > input + 5 && poisson > gaussian - 0.2, "denoising: Poisson-Gaussian " + poisson + " vs Gaussian " + gaussian);
			assertTrue(dPoisson > blurredIn + 1 && dPoisson > dGaussian - 0.2, "deconvolution: Poisson-Gaussian " + dPoisson + " vs Gaussian " + dGaussian);
		}
	}

	@Test
	void badParametersAndMriAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> NoiseModel.poissonGaussian(0, 1));
		assertThrows(IllegalArgumentException.class, () -> NoiseModel.poissonGaussian(1, -1));
	}

	static float[] scaled(final float[] v, final double s) {
		final float[] out = new float[v.length];
		for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] * s);
		return out;
	}
}
