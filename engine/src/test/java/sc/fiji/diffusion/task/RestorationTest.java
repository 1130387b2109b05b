/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.model.EpsModel;
import sc.fiji.diffusion.model.GaussianOracleModel;
import sc.fiji.diffusion.model.GaussianOracleNetwork;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.ModelConfig;
import sc.fiji.diffusion.model.TfEpsModel;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.Masks;
import sc.fiji.diffusion.operator.Operators;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.schedule.NoiseSchedule;
import sc.fiji.diffusion.task.Restoration.Method;
import sc.fiji.diffusion.task.Restoration.Task;
import sc.fiji.diffusion.task.Settings;

/**
 * The restoration facade with the analytic Gaussian prior x ~ N(mu, s^2) per pixel (in model units), whose
 * denoising posterior is known: it checks the intensity normalisation, the conversion of noise sigmas
 * from input to model units (sigma_m = 2 sigma / (pHigh - pLow)) and that the data terms see the
 * normalised measurement y_m = s y + A(c 1) of every operator.
 */
class RestorationTest {

	static final double MU = 0.1, S = 0.6;
	static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(1000);

	static LoadedModel oracle() {
		return new LoadedModel(new TfEpsModel(new GaussianOracleNetwork(SCHEDULE, MU, S), 1000), new ModelConfig(), "oracle");
	}

	/** An image in "input units": 100 + 40 n. */
	static float[] image(final int n, final long seed) {
		final float[] x = new float[n];
		GaussianNoise.fill(x, seed);
		for (int k = 0; k < n; k++) x[k] = 100 + 40 * x[k];
		return x;
	}

	static float[] noisy(final float[] x, final double sigma, final long seed) {
		final float[] y = new float[x.length];
		GaussianNoise.fill(y, seed);
		for (int k = 0; k < y.length; k++) y[k] = x[k] + (float) sigma * y[k];
		return y;
	}

	/** The Gaussian posterior mean of denoising, computed in model units and mapped back to input units. */
	static float[] posteriorMean(final float[] y, final double sigma) {
		final PercentileNormalization norm = PercentileNormalization.fit(y);
		final double s = 2 / norm.range(), sm = s * sigma;
		final float[] ym = norm.forward(y), post = new float[y.length];
		for (int k = 0; k < y.length; k++) post[k] = (float) ((MU * sm * sm + S * S * ym[k]) / (S * S + sm * sm));
		return norm.inverse(post);
	}

	static double rms(final float[] a, final float[] b) {
		double e = 0;
		for (int k = 0; k < a.length; k++) e += (a[k] - b[k]) * (a[k] - b[k]);
		return Math.sqrt(e / a.length);
	}

	@Test
	void mmseIsTheGaussianPosteriorMeanWithSigmaConvertedToModelUnits() {
		final int w = 12, h = 10;
		final float[] y = noisy(image(w * h, 1), 30, 2);
		try (LoadedModel m = oracle()) {
			final Restoration.Result r = new Restoration(m).restore(RestorationProblem.denoising(y, w, h), new Settings().noiseSigma(30), SamplerListener.NONE);
			assertEquals(Method.MMSE, r.method);
			final float[] expected = posteriorMean(y, 30);
			// only the matched timestep's rounding separates the two: well under 1 % of the 40-unit spread
			assertEquals(0, rms(r.image, expected), 0.3, "vs posterior mean");
			assertTrue(rms(r.image, posteriorMean(y, 45)) > 2, "a wrong sigma conversion would be visible");
			assertEquals(30, r.noiseSigma);
			assertFalse(r.noiseEstimated);
			final PercentileNormalization norm = PercentileNormalization.fit(y);
			assertEquals(60 / (norm.pHigh() - norm.pLow()), r.noiseSigmaModel, 1e-12);
			assertNull(r.std);
		}
	}

	@Test
	void fastSamplesAverageToThePosteriorMean() {
		final int w = 8, h = 8, k = 32;
		final float[] y = noisy(image(w * h, 3), 30, 4);
		try (LoadedModel m = oracle()) {
			final Restoration.Result r = new Restoration(m).restore(RestorationProblem.denoising(y, w, h),
				new Settings().method(Method.FAST).noiseSigma(30).samples(k).seed(5), SamplerListener.NONE);
			final PercentileNormalization norm = PercentileNormalization.fit(y);
			final double s = 2 / norm.range(), sm = s * 30;
			final double posteriorStd = Math.sqrt(S * S * sm * sm / (S * S + sm * sm)) / s;
			// Monte-Carlo error of a K-sample mean is posteriorStd / sqrt(K); DiffPIR is close to exact here (see PosteriorOracleTest)
			assertEquals(0, rms(r.image, posteriorMean(y, 30)), 2 * posteriorStd / Math.sqrt(k));
			double meanStd = 0;
			for (final float v : r.std) meanStd += v / r.std.length;
			assertTrue(meanStd > 0.2 * posteriorStd && meanStd < 1.2 * posteriorStd, "sample std " + meanStd + " vs posterior " + posteriorStd);
		}
	}

	/**
	 * pnp with the Gaussian oracle is exactly half-quadratic splitting with the Gaussian posterior-mean
	 * denoiser D(x, sigma) = (mu sigma^2 + s^2 x) / (s^2 + sigma^2) at DPIR's decreasing noise levels and
	 * x = (y + rho z) / (1 + rho), rho = lambda sigma_y^2 / sigma^2 (all in model units), ending with the
	 * last denoiser output as DPIR does: the whole chain, from normalisation through the plan to the
	 * proximal step, against that recursion computed here.
	 * Deterministic: the seed does not matter.
	 */
	@Test
	void pnpIsHalfQuadraticSplittingWithThePriorsDenoiser() {
		final int w = 12, h = 10;
		final float[] y = noisy(image(w * h, 1), 30, 2);
		try (LoadedModel m = oracle()) {
			final Settings pnp = new Settings().method(Method.PNP).noiseSigma(30);
			final Restoration.Result r = new Restoration(m).restore(RestorationProblem.denoising(y, w, h), pnp, SamplerListener.NONE);
			final PercentileNormalization norm = PercentileNormalization.fit(y);
			final double sm = 2 / norm.range() * 30;
			final int[] ts = sc.fiji.diffusion.method.PnpHqs.timesteps(SCHEDULE, sc.fiji.diffusion.method.PnpHqs.ITERATIONS);
			assertTrue(ts.length >= 4 && ts[0] > ts[ts.length - 1], java.util.Arrays.toString(ts));
			assertEquals(ts.length, r.steps);
			final float[] ym = norm.forward(y), x = ym.clone();
			for (int i = 0; i < ts.length; i++) {
				final double sigma2 = (1 - SCHEDULE.alphaBar(ts[i])) / SCHEDULE.alphaBar(ts[i]), rho = sc.fiji.diffusion.method.PnpHqs.LAMBDA * sm * sm / sigma2;
				for (int k = 0; k < x.length; k++) {
					final double z = (MU * sigma2 + S * S * x[k]) / (S * S + sigma2);
					x[k] = (float) (i == ts.length - 1 ? z : (ym[k] + rho * z) / (1 + rho));
				}
			}
			assertEquals(0, rms(r.image, norm.inverse(x)), 0.05, "vs the HQS recursion");
			assertTrue(rms(r.image, y) > 1, "it did something");
			assertArrayEquals(r.image, new Restoration(m).restore(RestorationProblem.denoising(y, w, h), pnp.copy().seed(9), SamplerListener.NONE).image, 1e-3f);
		}
	}

	/**
	 * With the Gaussian oracle, DiffPIR is affine in its start and step noise, so the mean of an antithetic
	 * pair is the noise-free result: the same for every seed, and its std is half the pair's difference.
	 */
	@Test
	void anAntitheticPairAveragesAwayTheNoise() {
		final int w = 8, h = 8;
		final float[] y = noisy(image(w * h, 3), 30, 4);
		try (LoadedModel m = oracle()) {
			final Restoration r = new Restoration(m);
			final Settings pair = new Settings().method(Method.FAST).noiseSigma(30).samples(2);
			final Restoration.Result a = r.restore(RestorationProblem.denoising(y, w, h), pair.copy().seed(1), SamplerListener.NONE);
			final Restoration.Result b = r.restore(RestorationProblem.denoising(y, w, h), pair.copy().seed(2), SamplerListener.NONE);
			assertTrue(a.description.contains("antithetic pairs"), a.description);
			assertEquals(0, rms(a.image, b.image), 1e-3, "pair mean independent of the seed");
			final Restoration.Result c = r.restore(RestorationProblem.denoising(y, w, h), pair.copy().seed(1).antithetic(false), SamplerListener.NONE);
			final Restoration.Result d = r.restore(RestorationProblem.denoising(y, w, h), pair.copy().seed(2).antithetic(false), SamplerListener.NONE);
			assertTrue(rms(c.image, d.image) > 0.1, "independent pairs differ: " + rms(c.image, d.image));
			// K = 2 antithetic: samples mean +- d, std with divisor K is |d|; with K - 1 it would be sqrt(2) |d|
			final Restoration.Result one = r.restore(RestorationProblem.denoising(y, w, h), pair.copy().seed(1).samples(1), SamplerListener.NONE);
			for (int k = 0; k < y.length; k++) assertEquals(Math.abs(one.image[k] - a.image[k]), a.std[k], 1e-3, "pixel " + k);
		}
	}

	/** The oracle prior (i.i.d. pixels) is symmetric, so its flip/rotation ensemble changes nothing: same result, same seed. */
	@ParameterizedTest
	@CsvSource({ "8, 8", "8, 6" })
	void ensembleOfASymmetricPriorIsThePriorItself(final int w, final int h) {
		final float[] y = noisy(image(w * h, 3), 30, 4);
		try (LoadedModel m = oracle()) {
			final Settings s = new Settings().method(Method.FAST).noiseSigma(30).samples(2).seed(5);
			final Restoration.Result plain = new Restoration(m).restore(RestorationProblem.denoising(y, w, h), s, SamplerListener.NONE);
			final Restoration.Result ensemble = new Restoration(m).restore(RestorationProblem.denoising(y, w, h), s.copy().ensemble(true), SamplerListener.NONE);
			assertTrue(ensemble.description.contains("ensemble"), ensemble.description);
			assertFalse(plain.description.contains("ensemble"), plain.description);
			assertEquals(0, rms(plain.image, ensemble.image), 1e-3);
		}
	}

	@Test
	void noiselessDataAreKeptExactlyWhereObserved() {
		final int w = 16, h = 16;
		final float[] x = image(w * h, 6);
		try (LoadedModel m = oracle()) {
			final Restoration restoration = new Restoration(m);
			final Settings exact = new Settings().noiseSigma(0).steps(20);
			// MRI with every k-space sample: the data term alone fixes the image (tests y_m = s y + A(c 1) in k-space)
			final Restoration.Result full = restoration.restore(RestorationProblem.simulatedMri(x, w, h, Mask.full(h, w), 0, 0), exact.samples(1),
				SamplerListener.NONE);
			assertEquals(0, rms(full.image, x), 0.05, "fully sampled MRI");
			assertTrue(full.residual < 1e-3, "residual " + full.residual);
			// undersampled: consistent with the sampled k-space
			final Mask mask = Masks.cartesianVariableDensity(h, w, 2, 0.1, 1);
			final Restoration.Result under = restoration.restore(RestorationProblem.simulatedMri(x, w, h, mask, 0, 0), exact, SamplerListener.NONE);
			assertTrue(under.residual < 1e-3, "residual " + under.residual);
			final float[] k1 = Operators.run(Operators.mri(mask, h, w), under.image, 1, false), k0 = Operators.run(Operators.mri(mask, h, w), x, 1, false);
			assertEquals(0, rms(k1, k0), 0.05, "sampled k-space kept");
			// inpainting: the observed pixels stay
			final float[] obs = new float[w * h];
			for (int i = 0; i < obs.length; i++) obs[i] = i % 3 == 0 ? 0 : 1;
			final Restoration.Result inpainted = restoration.restore(RestorationProblem.inpainting(x, w, h, new Mask(h, w, obs)), exact,
				SamplerListener.NONE);
			for (int i = 0; i < obs.length; i++)
				if (obs[i] == 1) assertEquals(x[i], inpainted.image[i], 0.05, "observed pixel " + i);
			// super-resolution: the block means are the input
			final Restoration.Result sr = restoration.restore(RestorationProblem.superResolution(x, w, h, 2), exact, SamplerListener.NONE);
			assertEquals(2 * w, sr.width);
			assertEquals(2 * h, sr.height);
			final float[] down = Operators.run(Operators.superResolution(h, w, 2), sr.image, 1, false);
			assertEquals(0, rms(down, x), 0.05, "block means");
		}
	}

	@Test
	void deconvolutionCropsThePaddingAndFitsTheData() {
		final int w = 20, h = 18;
		final var op = Operators.deconvolution2D(Psfs.gaussian2D(1), h, w);
		final int p = op.padding()[0];
		final float[] y = noisy(Operators.run(op, image((w + 2 * p) * (h + 2 * p), 7), 1, false), 0.5, 8);
		try (LoadedModel m = oracle()) {
			final Restoration.Result r = new Restoration(m).restore(RestorationProblem.deconvolution(y, w, h, Psfs.gaussian2D(1)),
				new Settings().noiseSigma(0.5).steps(20).lambda(1), SamplerListener.NONE);
			assertEquals(w, r.width);
			assertEquals(h, r.height);
			assertEquals(w * h, r.image.length);
			assertTrue(r.residual < 0.05, "residual " + r.residual);
		}
	}

	/**
	 * Asking for the map does not change the result of a deterministic default (pnp for deconvolution, mmse
	 * for denoising): the image is that method's, bit for bit; the map is fast's calibrated spread (as fast's
	 * own run with those samples gives it), for pnp (and a classical image SURE chose) plus the result's distance
	 * from the samples' mean.
	 */
	@Test
	void theMapOfADeterministicDefaultLeavesItsResultAsItIs() {
		final int w = 20, h = 18;
		final PointSpreadFunction psf = Psfs.gaussian2D(1);
		final int p = Operators.deconvolution2D(psf, h, w).padding()[0];
		final float[] blurred = noisy(Operators.run(Operators.deconvolution2D(psf, h, w), image((w + 2 * p) * (h + 2 * p), 7), 1, false), 0.5, 8);
		final float[] noisy = noisy(image(w * h, 3), 30, 4);
		try (LoadedModel m = oracle()) {
			final Restoration restoration = new Restoration(m);
			for (final RestorationProblem problem : new RestorationProblem[] { RestorationProblem.deconvolution(blurred, w, h, psf),
				RestorationProblem.denoising(noisy, w, h) })
			{
				final Task task = problem.task();
				final Settings plain = new Settings().seed(5).noiseSigma(task == Task.DENOISE ? 30 : 0.5);
				final Restoration.Result without = restoration.restore(problem, plain, SamplerListener.NONE);
				final Restoration.Result with = restoration.restore(problem, plain.copy().uncertainty(true).samples(4), SamplerListener.NONE);
				assertEquals(task == Task.DENOISE ? Method.MMSE : Method.PNP, with.method, task.id());
				assertArrayEquals(without.image, with.image, task.id() + ": the result is the default's");
				assertEquals(4, with.samples, task.id());
				final Restoration.Result fast = restoration.restore(problem, plain.copy().uncertainty(true).samples(4).method(Method.FAST), SamplerListener.NONE);
				for (final float s : with.std) assertTrue(s > 0, task.id() + ": std " + s);
				if (with.posteriorMean) {
					assertArrayEquals(fast.std, with.std, 1e-6f, task.id() + ": mmse is the posterior mean, its map fast's calibrated spread");
					continue;
				}
				final float[] expected = PosteriorSpread.aroundEstimate(fast.std, fast.image, with.image, plain.copy().method(Method.FAST).stdCalibrationFor(task), w, h);
				assertArrayEquals(expected, with.std, 1e-6f, task.id() + ": the map is pnp's calibrated error around fast's samples");
				int wider = 0;
				for (int k = 0; k < with.std.length; k++) {
					assertTrue(with.std[k] >= fast.std[k] * (1 - 1e-6f), task.id() + ": the bias term only adds, pixel " + k);
					if (with.std[k] > fast.std[k] * 1.001f) wider++;
				}
				assertTrue(wider > 0, task.id() + ": the result differs from the samples' mean somewhere");
			}
		}
	}

	/**
	 * Where SURE replaces mmse's result by total variation (here: a two-level image, which the Gaussian oracle
	 * prior shrinks towards its mean), the result is not the posterior mean, and its map is its error around
	 * fast's samples, as pnp's is.
	 */
	@Test
	void theMapOfTheClassicalImageSureChoseIsItsErrorAroundTheSamples() {
		final int w = 32, h = 32;
		final float[] x = new float[w * h];
		for (int k = 0; k < x.length; k++) x[k] = (k % w) < w / 2 ? 100 : 200;
		final float[] y = noisy(x, 10, 9);
		try (LoadedModel m = oracle()) {
			final Restoration restoration = new Restoration(m);
			final RestorationProblem problem = RestorationProblem.denoising(y, w, h);
			final Settings plain = new Settings().seed(5).noiseSigma(10);
			final Restoration.Result with = restoration.restore(problem, plain.copy().uncertainty(true).samples(4), SamplerListener.NONE);
			assertTrue(with.description.contains("SURE chose total variation"), with.description);
			assertFalse(with.posteriorMean);
			final Restoration.Result fast = restoration.restore(problem, plain.copy().uncertainty(true).samples(4).method(Method.FAST), SamplerListener.NONE);
			assertArrayEquals(PosteriorSpread.aroundEstimate(fast.std, fast.image, with.image, plain.copy().uncertainty(true).stdCalibrationFor(Task.DENOISE), w, h), with.std,
				1e-6f);
			final Restoration.Result kept = restoration.restore(problem, plain.copy().fallback(false).uncertainty(true).samples(4), SamplerListener.NONE);
			assertTrue(kept.posteriorMean, "mmse itself is the posterior mean");
			assertArrayEquals(fast.std, kept.std, 1e-6f, "whose map is the samples' spread");
		}
	}

	/**
	 * The map's 3x3 average runs within each output plane: a volume's z-slices (a map of 1 on slice 1 and 3 on
	 * slice 2 keeps both: an average across the slices' boundary would mix them), a plane as {@link
	 * PosteriorSpread#smoothed} does, and not at all for inpainting (observed pixels next to holes).
	 */
	@Test
	void theMapIsAveragedWithinEachOutputPlane() {
		final int w = 9, h = 8;
		final float[] std = new float[2 * w * h];
		for (int k = 0; k < std.length; k++) std[k] = k < w * h ? 1 : 3;
		final RestorationProblem volume = RestorationProblem.deconvolution3D(image(2 * w * h, 4), w, h, 2,
			sc.fiji.diffusion.operator.Psfs.gaussian3D(1, 0.5, 5, 1));
		assertArrayEquals(std, Restoration.averagedMap(std, w, 2 * h, volume), 1e-6f);
		final float[] plane = image(w * h, 5);
		for (int k = 0; k < plane.length; k++) plane[k] = Math.abs(plane[k]);
		assertArrayEquals(PosteriorSpread.smoothed(plane, w, h), Restoration.averagedMap(plane, w, h, RestorationProblem.denoising(plane, w, h)));
		final float[] v = new float[w * h];
		java.util.Arrays.fill(v, 1);
		v[w + 1] = 0;
		assertArrayEquals(plane, Restoration.averagedMap(plane, w, h, RestorationProblem.inpainting(plane, w, h,
			new sc.fiji.diffusion.operator.Mask(h, w, v))));
	}

	@Test
	void guidedMethodsNeedAGraphNetworkAndMmseOnlyDenoises() {
		final int w = 8, h = 8;
		final float[] y = image(w * h, 8);
		try (LoadedModel plain = new LoadedModel(new GaussianOracleModel(SCHEDULE, MU, S), new ModelConfig(), "saved_model_dir")) {
			final Restoration r = new Restoration(plain);
			final RestorationProblem p = RestorationProblem.denoising(y, w, h);
			final Exception e = assertThrows(IllegalArgumentException.class, () -> r.restore(p, new Settings().method(Method.FAST), SamplerListener.NONE));
			assertTrue(e.getMessage().contains("model bundle") && e.getMessage().contains("saved_model_dir"), e.getMessage());
			assertEquals(w * h, r.restore(p, new Settings(), SamplerListener.NONE).image.length, "mmse works");
			assertEquals(w * h, r.restore(p, new Settings().method(Method.SDEDIT).steps(10), SamplerListener.NONE).image.length, "sdedit works");
			final RestorationProblem inpaint = RestorationProblem.inpainting(y, w, h, Mask.full(h, w));
			final Exception mmse = assertThrows(IllegalArgumentException.class, () -> r.restore(inpaint, new Settings().method(Method.MMSE), SamplerListener.NONE));
			assertTrue(mmse.getMessage().contains("one-step denoiser"), mmse.getMessage());
			final Exception samples = assertThrows(IllegalArgumentException.class, () -> r.restore(p, new Settings().samples(3), SamplerListener.NONE));
			assertTrue(samples.getMessage().contains("deterministic"), samples.getMessage());
		}
	}

	@Test
	void badInputsAreRefusedClearly() {
		final float[] y = image(64, 9);
		y[10] = Float.NaN;
		final Exception nan = assertThrows(IllegalArgumentException.class, () -> RestorationProblem.denoising(y, 8, 8));
		assertTrue(nan.getMessage().contains("non-finite"), nan.getMessage());
		final Exception psf = assertThrows(IllegalArgumentException.class, () -> RestorationProblem.deconvolution(image(64, 1), 8, 8, Psfs.gaussian2D(3)));
		assertTrue(psf.getMessage().contains("larger than the image"), psf.getMessage());
		final Exception mask = assertThrows(IllegalArgumentException.class, () -> RestorationProblem.inpainting(image(64, 1), 8, 8, Mask.full(4, 4)));
		assertTrue(mask.getMessage().contains("does not match"), mask.getMessage());
		final Exception sr = assertThrows(IllegalArgumentException.class, () -> RestorationProblem.superResolution(image(64, 1), 8, 8, 1));
		assertTrue(sr.getMessage().contains("at least 2"), sr.getMessage());
	}

	@Test
	void noiseEstimateFindsWhiteNoiseOnStructuredImages() {
		final int w = 64, h = 64;
		final float[] x = new float[w * h];
		for (int r = 0; r < h; r++)
			for (int c = 0; c < w; c++) x[r * w + c] = (float) (50 + c + 30 * Math.sin(r / 5.0) + (c > 32 ? 80 : 0)); // ramp, waves and an edge
		assertEquals(0, NoiseEstimation.estimateNoiseSigma(x, w, h, null), 0.2, "noise-free");
		assertEquals(7, NoiseEstimation.estimateNoiseSigma(noisy(x, 7, 1), w, h, null), 0.35);
		final float[] observed = new float[w * h];
		for (int i = 0; i < observed.length; i++) observed[i] = i % 7 == 0 ? 0 : 1;
		final float[] holes = noisy(x, 7, 2);
		for (int i = 0; i < holes.length; i++)
			if (observed[i] == 0) holes[i] = 0;
		assertEquals(7, NoiseEstimation.estimateNoiseSigma(holes, w, h, observed), 0.5, "holes ignored");
	}

	@Test
	void repeatCopiesTheMeasurement() {
		final Batch one = new Batch(1, 2, 2, 1, new float[] { 1, 2, 3, 4 });
		final Batch three = one.repeated(3);
		assertEquals(3, three.n());
		assertArrayEquals(one.data(), three.image(2).data());
	}
}
