/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.noise;

import java.util.Locale;

import sc.fiji.diffusion.classical.PsfConvolution;
import sc.fiji.diffusion.operator.Psfs;

/**
 * The measurement noise of y = A x + n, in the units of the input image.
 * <ul>
 * <li><b>Gaussian</b>: n ~ N(0, sigma^2), the same everywhere.</li>
 * <li><b>Poisson-Gaussian</b> (camera noise): y = (Poisson(a x) + a n_r) / a with n_r ~ N(0, sigma_r^2),
 * i.e. var(y_i) = x_i / a + sigma_r^2, where the photon scale a is the number of photo-electrons per
 * unit of image intensity (1 / gain) and sigma_r the read noise in image units. (A camera with gain g
 * electrons per grey value and read noise r electrons has a = g and sigma_r = r / g.) A camera may add
 * an offset o (image units): y = o + (Poisson(a x) + a n_r) / a, E[y] = x + o.</li>
 * </ul>
 * In the notation of Foi et al. (2008), whose fit {@link PoissonGaussianFit} gives it, every model is
 * <pre>
 * var(y_i) = A E[y_i] + B,     A = 1 / a = {@link #varianceSlope()},     B = sigma_r^2 - o / a = {@link #varianceIntercept()}
 * </pre>
 * (Gaussian: A = 0, B = sigma^2). B &lt; 0 means an offset. {@link #affine} builds a model from (A, B).
 * Data terms use the Gaussian (weighted least-squares) form of the likelihood,
 * -log p(y | x) = sum_i (A x - y)_i^2 / (2 var_i) + const, with var_i from {@link #variance} evaluated at
 * the smoothed measurement (var_i = max(y_i, 1 / a) / a + sigma_r^2 for Poisson-Gaussian: at least one
 * photo-electron's worth, so that dark pixels do not get unbounded weight; with an offset, y_i - o replaces y_i), whose gradient is
 * A^H W (A x - y), W = diag(1 / var_i). For denoising, the Poisson-Gaussian case is instead turned into
 * unit Gaussian noise by the generalised Anscombe transform ({@link Anscombe}).
 */
public final class NoiseModel {

	private final double sigma, photons, readSigma, offset;

	private NoiseModel(final double sigma, final double photons, final double readSigma, final double offset) {
		this.sigma = sigma;
		this.photons = photons;
		this.readSigma = readSigma;
		this.offset = offset;
	}

	/** Gaussian noise of standard deviation {@code sigma} (image units; NaN: to be estimated). */
	public static NoiseModel gaussian(final double sigma) {
		if (sigma < 0 || Double.isInfinite(sigma)) throw new IllegalArgumentException("Noise sigma must be finite and >= 0, got " + sigma);
		return new NoiseModel(sigma, Double.NaN, Double.NaN, 0);
	}

	/**
	 * Poisson-Gaussian noise: {@code photons} photo-electrons per unit of image intensity and Gaussian read
	 * noise {@code readSigma} (image units).
	 */
	public static NoiseModel poissonGaussian(final double photons, final double readSigma) {
		return poissonGaussian(photons, readSigma, 0);
	}

	/**
	 * Poisson-Gaussian noise on top of a camera offset: y = o + (Poisson(a x) + a n_r) / a, so
	 * var(y) = (E[y] - o) / a + sigma_r^2 (a = {@code photons}, sigma_r = {@code readSigma}, o = {@code offset},
	 * all in image units).
	 */
	public static NoiseModel poissonGaussian(final double photons, final double readSigma, final double offset) {
		if (!(photons > 0) || Double.isInfinite(photons)) throw new IllegalArgumentException("The photon scale must be positive, got " + photons);
		if (!(readSigma >= 0) || Double.isInfinite(readSigma)) throw new IllegalArgumentException("The read noise must be finite and >= 0, got " + readSigma);
		if (!Double.isFinite(offset)) throw new IllegalArgumentException("The offset must be finite, got " + offset);
		return new NoiseModel(Double.NaN, photons, readSigma, offset);
	}

	/**
	 * The Poisson-Gaussian model with var(y) = A E[y] + B (Foi et al. 2008), A &gt; 0. Only A and B are
	 * identifiable from an image, not how B splits into read noise and offset; this takes the split with
	 * the smaller offset: photons a = 1 / A and, for B &ge; 0, sigma_r = sqrt(B), o = 0; for B &lt; 0,
	 * sigma_r = 0, o = -B / A. {@link #variance} and {@link Anscombe} then depend on (A, B) alone, except
	 * for their floors (one photo-electron of variance; no light below the offset).
	 */
	public static NoiseModel affine(final double A, final double B) {
		if (!(A > 0) || Double.isInfinite(A)) throw new IllegalArgumentException("The variance slope A must be positive and finite, got " + A);
		if (!Double.isFinite(B)) throw new IllegalArgumentException("The variance intercept B must be finite, got " + B);
		return B >= 0 ? poissonGaussian(1 / A, Math.sqrt(B), 0) : poissonGaussian(1 / A, 0, -B / A);
	}

	public boolean isPoissonGaussian() { return !Double.isNaN(photons); }

	/** The Gaussian sigma (NaN for Poisson-Gaussian, or when it is to be estimated). */
	public double sigma() { return sigma; }

	public double photons() { return photons; }

	public double readSigma() { return readSigma; }

	/** The camera offset o (image units; 0 unless given, and for Gaussian noise). */
	public double offset() { return offset; }

	/** A of var(y) = A E[y] + B: 1 / photons for Poisson-Gaussian, 0 for Gaussian. */
	public double varianceSlope() { return isPoissonGaussian() ? 1 / photons : 0; }

	/** B of var(y) = A E[y] + B: sigma_r^2 - o / photons for Poisson-Gaussian, sigma^2 for Gaussian. */
	public double varianceIntercept() { return isPoissonGaussian() ? readSigma * readSigma - offset / photons : sigma * sigma; }

	/**
	 * var_i of each measured value (image units squared): Gaussian, sigma^2 everywhere; Poisson-Gaussian,
	 * max(y_i - o, 1 / a) / a + sigma_r^2 (= A y_i + B wherever that exceeds A^2 + sigma_r^2).
	 */
	public float[] variance(final float[] y) {
		final float[] v = new float[y.length];
		for (int i = 0; i < y.length; i++)
			v[i] = (float) (isPoissonGaussian() ? Math.max(y[i] - offset, 1 / photons) / photons + readSigma * readSigma : sigma * sigma);
		return v;
	}

	/**
	 * {@link #variance(float[])} of a {@code width x height} measurement evaluated at its Gaussian-smoothed
	 * values (sigma {@value #SMOOTHING} pixels): the signal, not its noise, sets the variance, so that dark
	 * pixels whose noise happened to be negative do not get the large weight of a read-noise-only pixel.
	 */
	public float[] variance(final float[] y, final int width, final int height) {
		return variance(isPoissonGaussian() ? PsfConvolution.mirrored(Psfs.gaussian2D(SMOOTHING), y, width, height) : y);
	}

	/** Smoothing of the measurement before its variance is taken, in pixels. */
	public static final double SMOOTHING = 1.5;

	@Override
	public String toString() {
		if (isPoissonGaussian() && offset != 0)
			return String.format(Locale.ROOT, "Poisson-Gaussian (%.4g photons per unit, read noise %.4g, offset %.4g)", photons, readSigma, offset);
		return isPoissonGaussian() ? String.format(Locale.ROOT, "Poisson-Gaussian (%.4g photons per unit, read noise %.4g)", photons, readSigma)
			: String.format(Locale.ROOT, "Gaussian (sigma %.4g)", sigma);
	}
}
