/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import sc.fiji.diffusion.classical.PsfConvolution;
import sc.fiji.diffusion.operator.Psfs;
import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Blur (Gaussian and widefield PSFs, mirror borders) and noise (Poisson-Gaussian, Gaussian) of synthetic images. */
class DegradationTest {

	@Test
	void blurKeepsTheTotalIntensityEvenAtTheBordersAndBeyondTheImageSize() {
		final int w = 40, h = 30;
		final float[] img = new float[w * h];
		final SplittableRandom rng = new SplittableRandom(1);
		for (int k = 0; k < img.length; k++) img[k] = (float) rng.nextDouble();
		img[0] = 50; // a bright corner
		for (final double sigma : new double[] { 0.5, 3, 25, 100 }) {
			assertEquals(sum(img), sum(PsfConvolution.mirrored(Psfs.gaussian2D(sigma), img, w, h)), 1e-4 * sum(img), "sigma " + sigma);
		}
		final SyntheticPsf psf = SyntheticPsf.withHaze(1.5, 0.3, 12);
		assertEquals(sum(img), sum(psf.apply(img, w, h)), 1e-4 * sum(img));
	}

	@Test
	void blurringADeltaGivesAGaussianOfTheRightSigma() {
		final int w = 64, h = 64;
		final float[] delta = new float[w * h];
		delta[32 * w + 32] = 1;
		for (final double sigma : new double[] { 1.5, 4 }) {
			final float[] out = PsfConvolution.mirrored(Psfs.gaussian2D(sigma), delta, w, h);
			final double[] m = FluorescenceGeneratorTest.moments(out, w);
			assertEquals(32, m[0], 1e-4);
			assertEquals(32, m[1], 1e-4);
			assertEquals(sigma * sigma, m[2], 0.01 * sigma * sigma, "x variance");
			assertEquals(sigma * sigma, m[4], 0.01 * sigma * sigma, "y variance");
			assertEquals(0, m[3], 1e-6, "no x-y covariance");
		}
	}

	@Test
	void nothingWrapsAroundFromTheOppositeBorder() {
		final int w = 128, h = 32;
		final float[] img = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < 4; x++) img[y * w + x] = 1000; // bright object at the left border
		final float[] out = PsfConvolution.mirrored(Psfs.gaussian2D(8), img, w, h); // kernel radius 32
		for (int y = 0; y < h; y++) {
			assertTrue(out[y * w] > 100, "the object is still there");
			for (int x = 4 + 32 + 1; x < w; x++)
				assertEquals(0f, out[y * w + x], 1e-9f * 1000, "pixel (" + x + ", " + y + ") is beyond the kernel's reach (0 up to the FFT's rounding)");
		}
		// the widefield haze reaches further, but mirrors instead of wrapping: it falls off to the right
		final float[] haze = SyntheticPsf.withHaze(1, 0.5, 20).apply(img, w, h);
		assertTrue(haze[w - 1] < 1e-3 * haze[0], "right border " + haze[w - 1] + " vs left " + haze[0]);
	}


	@Test
	void widefieldPsfUsesTheGaussianApproximationOfTheAiryPattern() {
		final SyntheticPsf psf = SyntheticPsf.widefield(1.4, 500, 0.1, 0.2, 1.5);
		assertEquals(0.21 * 0.5 / 1.4 / 0.1, psf.coreSigma(), 1e-9);
		assertEquals(15, psf.hazeSigma(), 1e-9);
		assertEquals(0.2, psf.hazeFraction());
		assertEquals("none", SyntheticPsf.none().toString());
		assertThrows(IllegalArgumentException.class, () -> SyntheticPsf.widefield(0, 500, 0.1, 0, 1));
		assertThrows(IllegalArgumentException.class, () -> SyntheticPsf.gaussian(-1));
		final double strongest = 1.5 * SyntheticPsf.airySigmaUm(0.75, 670) / 0.1; // the mildest NA, the longest wavelength, f = 1.5
		int none = 0;
		for (long seed = 0; seed < 200; seed++) {
			final SyntheticPsf random = SyntheticPsf.randomMild(new SplittableRandom(seed), 0.1);
			assertTrue(random.coreSigma() >= 0 && random.coreSigma() <= strongest && random.hazeFraction() <= 0.3, random.toString());
			if (random.coreSigma() == 0) none++;
		}
		assertTrue(none > 25 && none < 75, "about a quarter unblurred: " + none);
	}

	@Test
	void poissonGaussianNoiseHasTheCameraVariance() {
		final double photons = 100, read = 2;
		for (final double x : new double[] { 0.05, 0.5, 3 }) { // 5, 50 and 300 photons: both Poisson samplers
			final float[] img = new float[256 * 256];
			java.util.Arrays.fill(img, (float) x);
			final float[] noisy = Degradation.addPoissonGaussianNoise(img, photons, read, 11);
			final double[] mv = meanVariance(noisy);
			final double expected = x / photons + (read / photons) * (read / photons);
			assertEquals(x, mv[0], 4 * Math.sqrt(expected / img.length), "mean at " + x);
			assertEquals(expected, mv[1], 0.03 * expected, "variance at " + x);
		}
	}

	@Test
	void poissonSamplesHaveMeanAndVarianceLambda() {
		final SplittableRandom rng = new SplittableRandom(2);
		for (final double lambda : new double[] { 0.3, 9.9, 10, 37, 2500 }) {
			final int n = 100_000;
			double s = 0, sq = 0;
			for (int i = 0; i < n; i++) {
				final long k = PoissonSampler.sample(lambda, rng);
				assertTrue(k >= 0);
				s += k;
				sq += (double) k * k;
			}
			final double mean = s / n, var = sq / n - mean * mean;
			assertEquals(lambda, mean, 5 * Math.sqrt(lambda / n), "mean at " + lambda);
			assertEquals(lambda, var, 0.03 * lambda, "variance at " + lambda);
		}
		assertEquals(0, PoissonSampler.sample(0, rng));
		assertEquals(Math.log(3628800), PoissonSampler.logFactorial(10), 1e-9);
		assertEquals(Math.log(6), PoissonSampler.logFactorial(3), 1e-12);
	}

	@Test
	void gaussianNoiseHasItsSigma() {
		final float[] img = new float[128 * 128];
		java.util.Arrays.fill(img, 0.25f);
		final double[] mv = meanVariance(Degradation.addGaussianNoise(img, 0.1, 3));
		assertEquals(0.25, mv[0], 0.003);
		assertEquals(0.01, mv[1], 0.0004);
	}

	@Test
	void degradationBlursThenAddsNoiseDeterministically() {
		final int w = 48, h = 40;
		final float[] clean = new float[w * h];
		clean[20 * w + 24] = 100;
		final Degradation d = Degradation.poissonGaussian(SyntheticPsf.gaussian(2), 1000, 1);
		final float[] a = d.apply(clean, w, h, 5), b = d.apply(clean, w, h, 5);
		assertArrayEquals(a, b);
		assertFalse(java.util.Arrays.equals(a, d.apply(clean, w, h, 6)));
		assertEquals(100, sum(a), 1, "blur and Poisson noise keep the expected total");
		assertEquals(100f, clean[20 * w + 24], "input untouched");
		assertTrue(a[20 * w + 24] < 10, "the spot was blurred");
		assertThrows(IllegalArgumentException.class, () -> Degradation.poissonGaussian(null, 0, 1));
		assertThrows(IllegalArgumentException.class, () -> Degradation.gaussian(null, -1));
	}

	private static double sum(final float[] a) {
		double s = 0;
		for (final float v : a) s += v;
		return s;
	}

	private static double[] meanVariance(final float[] a) {
		double s = 0, sq = 0;
		for (final float v : a) s += v;
		final double mean = s / a.length;
		for (final float v : a) sq += (v - mean) * (v - mean);
		return new double[] { mean, sq / a.length };
	}
}
