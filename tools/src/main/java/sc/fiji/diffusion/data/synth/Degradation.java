/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import java.util.Locale;
import java.util.SplittableRandom;

import sc.fiji.diffusion.data.GaussianNoise;

/**
 * A forward model of fluorescence image formation: blur with a {@link SyntheticPsf}, then noise. Pure
 * Java, deterministic from a seed; never modifies its input. Immutable.
 * <p>
 * Noise models, for an image {@code x} in relative units (1 = a bright object):
 * <ul>
 * <li>Poisson-Gaussian (camera): {@code y = (Poisson(photons * x) + N(0, read^2)) / photons}, where
 * {@code photons} is the expected photon count (photoelectrons) of a pixel of value 1 and
 * {@code read} the camera read noise in photoelectrons (rms). So {@code E[y] = x} and
 * {@code Var[y] = x / photons + (read / photons)^2}. Values can be negative where the read noise
 * is (as in offset-subtracted camera data); nothing is clipped.</li>
 * <li>Gaussian: {@code y = x + N(0, sigma^2)}, sigma in the image's units.</li>
 * </ul>
 */
public final class Degradation {

	private final SyntheticPsf psf;
	private final double photons, readNoise, sigma;

	private Degradation(final SyntheticPsf psf, final double photons, final double readNoise, final double sigma) {
		this.psf = psf == null ? SyntheticPsf.none() : psf;
		this.photons = photons;
		this.readNoise = readNoise;
		this.sigma = sigma;
	}

	/** Blur by {@code psf} (null: none), then Poisson-Gaussian noise (see the class description). */
	public static Degradation poissonGaussian(final SyntheticPsf psf, final double photons, final double readNoise) {
		checkPhotons(photons, readNoise);
		return new Degradation(psf, photons, readNoise, 0);
	}

	/** Blur by {@code psf} (null: none), then additive Gaussian noise of standard deviation {@code sigma} (>= 0). */
	public static Degradation gaussian(final SyntheticPsf psf, final double sigma) {
		checkSigma(sigma);
		return new Degradation(psf, 0, 0, sigma);
	}

	/** The degraded image of {@code clean} ({@code width x height}, row-major), noise drawn from {@code seed}. */
	public float[] apply(final float[] clean, final int width, final int height, final long seed) {
		final float[] blurred = psf.apply(clean, width, height);
		return photons > 0 ? addPoissonGaussianNoise(blurred, photons, readNoise, seed) : addGaussianNoise(blurred, sigma, seed);
	}

	public SyntheticPsf psf() {
		return psf;
	}

	/**
	 * A copy of {@code img} with Poisson-Gaussian noise: {@code (Poisson(photons * x) + read * N(0, 1)) / photons}
	 * per pixel (negative {@code x} count as 0 photons).
	 *
	 * @param photons expected photons of a pixel of value 1 (> 0)
	 * @param readNoise read noise in photoelectrons rms (>= 0)
	 */
	public static float[] addPoissonGaussianNoise(final float[] img, final double photons, final double readNoise, final long seed) {
		checkPhotons(photons, readNoise);
		final SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, 0));
		final float[] read = new float[img.length];
		GaussianNoise.fill(read, Seeds.derive(seed, 1));
		final float[] out = new float[img.length];
		for (int k = 0; k < img.length; k++)
			out[k] = (float) ((PoissonSampler.sample(photons * img[k], rng) + readNoise * read[k]) / photons);
		return out;
	}

	/** A copy of {@code img} plus independent N(0, sigma^2) noise. */
	public static float[] addGaussianNoise(final float[] img, final double sigma, final long seed) {
		checkSigma(sigma);
		final float[] out = new float[img.length];
		GaussianNoise.fill(out, Seeds.derive(seed, 2));
		for (int k = 0; k < img.length; k++) out[k] = (float) (img[k] + sigma * out[k]);
		return out;
	}

	private static void checkPhotons(final double photons, final double readNoise) {
		if (!(photons > 0) || !Double.isFinite(photons))
			throw new IllegalArgumentException("Photons per unit intensity must be a positive number, got " + photons);
		if (!(readNoise >= 0) || !Double.isFinite(readNoise))
			throw new IllegalArgumentException("Read noise must be finite and >= 0 photoelectrons, got " + readNoise);
	}

	private static void checkSigma(final double sigma) {
		if (!(sigma >= 0) || !Double.isFinite(sigma))
			throw new IllegalArgumentException("Noise sigma must be finite and >= 0, got " + sigma);
	}

	@Override
	public String toString() {
		final String noise = photons > 0 ? String.format(Locale.ROOT, "poisson-gaussian(photons=%g,read=%g)", photons, readNoise)
			: String.format(Locale.ROOT, "gaussian(sigma=%g)", sigma);
		return "blur " + psf + ", " + noise;
	}
}
