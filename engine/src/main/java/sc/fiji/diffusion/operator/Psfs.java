/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import java.util.Arrays;

/**
 * Generators of {@link PointSpreadFunction}s: Gaussian, the Born &amp; Wolf diffraction model, and
 * measured PSFs. Every PSF comes out non-negative, summing to 1 and centred at index
 * {@code size / 2} per axis; odd sizes make it exactly symmetric. Sizes and indices are slowest axis
 * first ({@code {height, width}}, {@code {depth, height, width}}).
 */
public final class Psfs {

	private Psfs() {}

	// ---- Gaussian --------------------------------------------------------------------------------

	/** The sampled 2D Gaussian {@code exp(-(x^2 + y^2) / (2 sigma^2))}, {@code size x size}, sigma in pixels (0: a delta). */
	public static PointSpreadFunction gaussian2D(final double sigma, final int size) {
		return gaussian(new double[] { sigma, sigma }, new int[] { size, size });
	}

	/** Largest sigma (pixels) of {@link #gaussian2D(double)}: its size {@code 2 ceil(4 sigma) + 1} stays far from overflow. */
	public static final double MAX_SIGMA = 1 << 16;

	/** {@link #gaussian2D(double, int)} with size {@code 2 ceil(4 sigma) + 1}; sigma at most {@link #MAX_SIGMA}. */
	public static PointSpreadFunction gaussian2D(final double sigma) {
		if (!(sigma >= 0) || !(sigma <= MAX_SIGMA))
			throw new IllegalArgumentException("Gaussian PSF sigma must be in [0, " + MAX_SIGMA + "] pixels, got " + sigma);
		return gaussian2D(sigma, 2 * (int) Math.ceil(4 * sigma) + 1);
	}

	/**
	 * A Gaussian core with out-of-focus haze, the 2D widefield approximation of the synthetic data:
	 * {@code (1 - f) G(coreSigma) + f G(hazeSigma)}, each Gaussian the {@link #gaussian2D(double)} of its
	 * sigma (pixels), the core centred in the haze's larger support; sums to 1. {@code f = 0}: the core alone.
	 */
	public static PointSpreadFunction gaussianWithHaze(final double coreSigma, final double hazeFraction, final double hazeSigma) {
		if (!(hazeFraction >= 0 && hazeFraction <= 1)) throw new IllegalArgumentException("Haze fraction must be in [0, 1], got " + hazeFraction);
		final PointSpreadFunction core = gaussian2D(coreSigma);
		if (hazeFraction == 0) return core;
		final PointSpreadFunction haze = gaussian2D(hazeSigma);
		final int n = Math.max(core.size(0), haze.size(0)), cn = core.size(0), hn = haze.size(0);
		final float[] v = new float[n * n], c = core.values(), h = haze.values();
		final int co = (n - cn) / 2, ho = (n - hn) / 2;
		for (int r = 0; r < cn; r++)
			for (int k = 0; k < cn; k++) v[(r + co) * n + k + co] += (float) ((1 - hazeFraction) * c[r * cn + k]);
		for (int r = 0; r < hn; r++)
			for (int k = 0; k < hn; k++) v[(r + ho) * n + k + ho] += (float) (hazeFraction * h[r * hn + k]);
		return fromImage(v, n, n);
	}

	/** The sampled 3D Gaussian with lateral sigma {@code sigmaXY} and axial {@code sigmaZ} (in pixels / slices). */
	public static PointSpreadFunction gaussian3D(final double sigmaXY, final double sigmaZ, final int sizeXY, final int sizeZ) {
		return gaussian(new double[] { sigmaZ, sigmaXY, sigmaXY }, new int[] { sizeZ, sizeXY, sizeXY });
	}

	private static PointSpreadFunction gaussian(final double[] sigma, final int[] dims) {
		for (final double s : sigma)
			if (!(s >= 0) || !Double.isFinite(s)) throw new IllegalArgumentException("Gaussian PSF sigma must be finite and >= 0, got " + s);
		requireSizes(dims);
		final int n = Convolution.product(dims);
		final double[] v = new double[n];
		final int[] idx = new int[dims.length];
		for (int i = 0; i < n; i++) {
			unravel(i, dims, idx);
			double e = 0;
			boolean zero = false;
			for (int a = 0; a < dims.length; a++) {
				final int d = idx[a] - dims[a] / 2;
				if (sigma[a] == 0) zero |= d != 0;
				else e += d * d / (2 * sigma[a] * sigma[a]);
			}
			v[i] = zero ? 0 : Math.exp(-e);
		}
		return normalised(dims, v);
	}

	// ---- Born & Wolf -----------------------------------------------------------------------------

	/**
	 * The in-focus plane of {@link #bornWolf3D}: the Airy pattern {@code (2 J1(v) / v)^2},
	 * {@code v = 2 pi NA r / lambda}, sampled at pixel centres on a {@code size x size} grid.
	 */
	public static PointSpreadFunction bornWolf2D(final double na, final double wavelengthNm, final double refractiveIndex,
		final double pixelSizeNm, final int size)
	{
		return bornWolf(na, wavelengthNm, refractiveIndex, pixelSizeNm, 1, size, 1, false);
	}

	/**
	 * The scalar Born &amp; Wolf model of a widefield microscope (as in the EPFL PSF Generator; Born and
	 * Wolf, Principles of Optics, ch. 8.8): the intensity at lateral distance r and defocus z from a
	 * point source in focus is
	 * <pre>
	 * h(r, z) = | integral_0^1 J0(k NA r rho) exp(-i k z NA^2 rho^2 / (2 n)) rho drho |^2,    k = 2 pi / lambda
	 * </pre>
	 * with lambda the emission wavelength in vacuum, NA the numerical aperture and n the refractive
	 * index of the immersion medium (paraxial defocus phase; no spherical aberration, so the PSF is
	 * symmetric in z). Sampled at pixel/voxel centres (r = pixel size times the distance in pixels to
	 * the centre pixel, z = z step times the slice offset from the centre slice) by Simpson's rule with
	 * enough nodes for the oscillations of the integrand, and normalised so the whole volume sums to 1.
	 * In focus the FWHM is about {@code 0.51 lambda / NA}; sample it with pixels of at most a third of
	 * that.
	 *
	 * @param sizeXY lateral size in pixels; {@code sizeZ} number of slices
	 */
	public static PointSpreadFunction bornWolf3D(final double na, final double wavelengthNm, final double refractiveIndex,
		final double pixelSizeNm, final double zStepNm, final int sizeXY, final int sizeZ)
	{
		return bornWolf(na, wavelengthNm, refractiveIndex, pixelSizeNm, zStepNm, sizeXY, sizeZ, true);
	}

	private static PointSpreadFunction bornWolf(final double na, final double lambda, final double n, final double px, final double dz,
		final int sizeXY, final int sizeZ, final boolean threeD)
	{
		positive(na, "numerical aperture");
		positive(lambda, "wavelength (nm)");
		positive(n, "refractive index");
		positive(px, "pixel size (nm)");
		positive(dz, "z step (nm)");
		if (na >= n) throw new IllegalArgumentException("Numerical aperture " + na + " must be smaller than the refractive index " + n);
		final int[] dims = threeD ? new int[] { sizeZ, sizeXY, sizeXY } : new int[] { sizeXY, sizeXY };
		requireSizes(dims);
		final double k = 2 * Math.PI / lambda;
		final int c = sizeXY / 2, half = Math.max(c, sizeXY - 1 - c);
		final double[] v = new double[sizeZ * sizeXY * sizeXY];
		final double[] radial = new double[2 * half * half + 1];
		for (int iz = 0; iz < sizeZ; iz++) {
			final double z = (iz - sizeZ / 2) * (threeD ? dz : 0);
			final double defocus = k * z * na * na / (2 * n);
			Arrays.fill(radial, Double.NaN);
			for (int y = 0; y < sizeXY; y++)
				for (int x = 0; x < sizeXY; x++) {
					final int r2 = (y - c) * (y - c) + (x - c) * (x - c);
					if (Double.isNaN(radial[r2])) radial[r2] = bornWolfIntensity(k * na * Math.sqrt(r2) * px, defocus);
					v[(iz * sizeXY + y) * sizeXY + x] = radial[r2];
				}
		}
		return normalised(dims, v);
	}

	/** {@code |integral_0^1 J0(a rho) exp(-i b rho^2) rho drho|^2} by composite Simpson. */
	static double bornWolfIntensity(final double a, final double b) {
		final int intervals = 2 * (32 + (int) Math.ceil(8 * (a + 2 * Math.abs(b)) / (2 * Math.PI)));
		double re = 0, im = 0;
		for (int i = 0; i <= intervals; i++) {
			final double rho = i / (double) intervals;
			final double w = i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2;
			final double f = w * besselJ0(a * rho) * rho, phase = b * rho * rho;
			re += f * Math.cos(phase);
			im -= f * Math.sin(phase);
		}
		re /= 3 * intervals;
		im /= 3 * intervals;
		return re * re + im * im;
	}

	/**
	 * The Bessel function of the first kind of order 0, by the rational and asymptotic approximations
	 * of Numerical Recipes ({@code bessj0}; absolute error about 1e-8).
	 */
	static double besselJ0(final double x) {
		final double ax = Math.abs(x);
		if (ax < 8.0) {
			final double y = x * x;
			final double p = 57568490574.0 + y * (-13362590354.0 + y * (651619640.7 + y * (-11214424.18 + y * (77392.33017 + y * -184.9052456))));
			final double q = 57568490411.0 + y * (1029532985.0 + y * (9494680.718 + y * (59272.64853 + y * (267.8532712 + y))));
			return p / q;
		}
		final double z = 8.0 / ax, y = z * z, xx = ax - 0.785398164;
		final double p = 1.0 + y * (-0.1098628627e-2 + y * (0.2734510407e-4 + y * (-0.2073370639e-5 + y * 0.2093887211e-6)));
		final double q = -0.1562499995e-1 + y * (0.1430488765e-3 + y * (-0.6911147651e-5 + y * (0.7621095161e-6 - y * 0.934935152e-7)));
		return Math.sqrt(0.636619772 / ax) * (Math.cos(xx) * p - z * Math.sin(xx) * q);
	}

	// ---- measured --------------------------------------------------------------------------------

	/**
	 * A measured PSF (e.g. an image of a bead), {@code dims} = {@code {height, width}} or
	 * {@code {depth, height, width}}, values row-major. Negative values (noise after background
	 * subtraction) are set to 0, the result is normalised to sum 1 and centred: it is copied into an
	 * array of odd size per axis, just large enough to hold all of it with its centroid (rounded to
	 * the nearest pixel) at the centre, zeros filling the rest.
	 *
	 * @throws IllegalArgumentException for a wrong number of values or dimensions, non-finite values, or
	 *           a PSF with no positive values
	 */
	public static PointSpreadFunction fromImage(final float[] values, final int... dims) {
		if (dims.length != 2 && dims.length != 3)
			throw new IllegalArgumentException("A PSF is 2D or 3D, got " + dims.length + " dimensions");
		requireSizes(dims);
		if (values.length != (long) Convolution.product(dims))
			throw new IllegalArgumentException("PSF image has " + values.length + " values, expected " + Convolution.sizeString(dims) + " = "
				+ Convolution.product(dims));
		final int[] idx = new int[dims.length];
		double sum = 0;
		final double[] moment = new double[dims.length];
		for (int i = 0; i < values.length; i++) {
			unravel(i, dims, idx);
			if (!Float.isFinite(values[i]))
				throw new IllegalArgumentException("PSF image contains a non-finite value (" + values[i] + ") at " + indexString(idx));
			final double v = Math.max(0, values[i]);
			sum += v;
			for (int a = 0; a < dims.length; a++) moment[a] += v * idx[a];
		}
		if (!(sum > 0))
			throw new IllegalArgumentException("PSF image is empty: no positive values (the PSF must have a positive sum)");
		final int[] centre = new int[dims.length], out = new int[dims.length];
		for (int a = 0; a < dims.length; a++) {
			centre[a] = (int) Math.round(moment[a] / sum);
			out[a] = 2 * Math.max(centre[a], dims[a] - 1 - centre[a]) + 1;
		}
		final double[] v = new double[Convolution.product(out)];
		for (int i = 0; i < values.length; i++) {
			unravel(i, dims, idx);
			int to = 0;
			for (int a = 0; a < dims.length; a++) to = to * out[a] + idx[a] - centre[a] + out[a] / 2;
			v[to] = Math.max(0, values[i]);
		}
		return normalised(out, v);
	}

	/**
	 * The central part of a PSF, at most {@code maxDims} per axis (odd sizes stay centred), normalised
	 * again to sum 1; e.g. to fit a PSF into a smaller image.
	 */
	public static PointSpreadFunction crop(final PointSpreadFunction psf, final int... maxDims) {
		final int[] dims = psf.dims();
		if (maxDims.length != dims.length)
			throw new IllegalArgumentException("Crop size has " + maxDims.length + " dimensions, the PSF " + dims.length);
		requireSizes(maxDims);
		final int[] out = new int[dims.length], offset = new int[dims.length];
		for (int a = 0; a < dims.length; a++) {
			out[a] = Math.min(dims[a], maxDims[a]);
			offset[a] = dims[a] / 2 - out[a] / 2;
		}
		final double[] v = new double[Convolution.product(out)];
		final int[] idx = new int[dims.length];
		final float[] src = psf.array();
		for (int i = 0; i < v.length; i++) {
			unravel(i, out, idx);
			int from = 0;
			for (int a = 0; a < dims.length; a++) from = from * dims[a] + idx[a] + offset[a];
			v[i] = src[from];
		}
		double sum = 0;
		for (final double x : v) sum += x;
		if (!(sum > 0)) throw new IllegalArgumentException("Cropping the PSF to " + Convolution.sizeString(out) + " leaves nothing of it");
		return normalised(out, v);
	}

	// ---- helpers ---------------------------------------------------------------------------------

	private static PointSpreadFunction normalised(final int[] dims, final double[] v) {
		double sum = 0;
		for (final double x : v) sum += x;
		final float[] f = new float[v.length];
		for (int i = 0; i < v.length; i++) f[i] = (float) (v[i] / sum);
		return new PointSpreadFunction(dims, f);
	}

	/** The index per axis ({@code idx}, filled) of the row-major position {@code i} in an array of {@code dims}. */
	public static void unravel(int i, final int[] dims, final int[] idx) {
		for (int a = dims.length - 1; a >= 0; a--) {
			idx[a] = i % dims[a];
			i /= dims[a];
		}
	}

	private static String indexString(final int[] idx) {
		final StringBuilder b = new StringBuilder("(x, y");
		b.append(idx.length == 3 ? ", z) = (" : ") = (");
		for (int a = idx.length - 1; a >= 0; a--) b.append(idx[a]).append(a > 0 ? ", " : ")");
		return b.toString();
	}

	private static void requireSizes(final int[] dims) {
		for (final int d : dims)
			if (d < 1) throw new IllegalArgumentException("PSF size must be positive, got " + Convolution.sizeString(dims));
		long n = 1;
		for (final int d : dims) n *= d;
		if (n > (1 << 26)) throw new IllegalArgumentException("PSF of " + Convolution.sizeString(dims) + " is too large");
	}

	private static void positive(final double v, final String what) {
		if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException("The " + what + " must be positive and finite, got " + v);
	}
}
