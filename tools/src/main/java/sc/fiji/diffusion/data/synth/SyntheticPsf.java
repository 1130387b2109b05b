/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import java.util.Locale;
import java.util.SplittableRandom;

import sc.fiji.diffusion.classical.PsfConvolution;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.operator.Psfs;

/**
 * The blur of a synthetic image: the parameters of the project's one 2D PSF model for it,
 * {@link Psfs#gaussianWithHaze} (which also makes the PSF), drawn at random ({@link #randomMild}) or from a
 * widefield microscope's NA and wavelength ({@link #widefield}), and applied by the project's one
 * convolution ({@link PsfConvolution#mirrored}). The model: an in-focus core of standard deviation
 * {@code coreSigma} pixels plus, optionally, a fraction {@code hazeFraction} of the light spread by
 * a broad Gaussian of {@code hazeSigma} pixels (out-of-focus light):
 * <pre>
 * PSF = (1 - h) G(coreSigma) + h G(hazeSigma)
 * </pre>
 * It integrates to 1 (blurring keeps the total intensity). Immutable.
 * <p>
 * Widefield model ({@link #widefield}): the in-focus Airy pattern of a lens with numerical
 * aperture NA at emission wavelength lambda is approximated by the Gaussian that fits it best,
 * {@code sigma = 0.21 lambda / NA} (Zhang, Zerubia and Olivo-Marin, Applied Optics 46(10), 2007;
 * the Airy disk's first zero is at {@code 0.61 lambda / NA}, its FWHM about {@code 0.51 lambda / NA}).
 * A widefield microscope also collects the light of the planes above and below focus; in 2D this
 * is modelled, crudely, by the haze term: a fraction h (0 to 0.5) of the light in a Gaussian of
 * 1 to 3 um. This is a documented approximation, not a 3D PSF model: it ignores the Airy rings,
 * spherical aberration and the dependence of the haze on the sample's thickness.
 */
public final class SyntheticPsf {

	/** Default haze of the widefield preset: 20% of the light in a Gaussian of sigma 1.5 um. */
	public static final double DEFAULT_HAZE_FRACTION = 0.2, DEFAULT_HAZE_SIGMA_UM = 1.5;

	private final double coreSigma, hazeFraction, hazeSigma;

	private SyntheticPsf(final double coreSigma, final double hazeFraction, final double hazeSigma) {
		if (!(coreSigma >= 0) || !Double.isFinite(coreSigma))
			throw new IllegalArgumentException("PSF sigma must be finite and >= 0 pixels, got " + coreSigma);
		if (!(hazeFraction >= 0 && hazeFraction <= 1))
			throw new IllegalArgumentException("Haze fraction must be in [0, 1], got " + hazeFraction);
		if (!(hazeSigma >= 0) || !Double.isFinite(hazeSigma))
			throw new IllegalArgumentException("Haze sigma must be finite and >= 0 pixels, got " + hazeSigma);
		this.coreSigma = coreSigma;
		this.hazeFraction = hazeFraction;
		this.hazeSigma = hazeSigma;
	}

	/** No blur (the identity). */
	public static SyntheticPsf none() {
		return new SyntheticPsf(0, 0, 0);
	}

	/** A Gaussian PSF of standard deviation {@code sigmaPx} pixels. */
	public static SyntheticPsf gaussian(final double sigmaPx) {
		return new SyntheticPsf(sigmaPx, 0, 0);
	}

	/** A core Gaussian plus haze, all in pixels. */
	public static SyntheticPsf withHaze(final double coreSigmaPx, final double hazeFraction, final double hazeSigmaPx) {
		return new SyntheticPsf(coreSigmaPx, hazeFraction, hazeSigmaPx);
	}

	/**
	 * The widefield approximation (see the class description).
	 *
	 * @param na numerical aperture (0 to 1.7)
	 * @param wavelengthNm emission wavelength in nanometres
	 * @param pixelSizeUm pixel size in micrometres
	 * @param hazeFraction fraction of out-of-focus light, 0 to 1
	 * @param hazeSigmaUm standard deviation of the haze in micrometres
	 */
	public static SyntheticPsf widefield(final double na, final double wavelengthNm, final double pixelSizeUm, final double hazeFraction,
		final double hazeSigmaUm)
	{
		if (!(na > 0 && na <= 1.7))
			throw new IllegalArgumentException("Numerical aperture must be in (0, 1.7], got " + na);
		if (!(wavelengthNm > 0) || !Double.isFinite(wavelengthNm))
			throw new IllegalArgumentException("Wavelength must be a positive number of nanometres, got " + wavelengthNm);
		if (!(pixelSizeUm > 0) || !Double.isFinite(pixelSizeUm))
			throw new IllegalArgumentException("Pixel size must be a positive number of micrometres, got " + pixelSizeUm);
		return new SyntheticPsf(airySigmaUm(na, wavelengthNm) / pixelSizeUm, hazeFraction, hazeSigmaUm / pixelSizeUm);
	}

	/** {@code 0.21 lambda / NA} in micrometres: the Gaussian fit to the in-focus Airy pattern. */
	public static double airySigmaUm(final double na, final double wavelengthNm) {
		return 0.21 * wavelengthNm / 1000 / na;
	}

	/**
	 * A random mild PSF from none to widefield-like, for training data that covers both
	 * deconvolved-looking and widefield-looking images: NA uniform in [0.75, 1.45], emission
	 * wavelength in [450, 670] nm, then a strength f uniform in [0, 1.5]: core
	 * {@code sigma = f * 0.21 lambda / NA}, haze fraction {@code f/1.5} times one uniform in
	 * [0, 0.3], haze sigma in [1, 3] um. In a quarter of the draws f is 0 (no blur).
	 */
	public static SyntheticPsf randomMild(final SplittableRandom rng, final double pixelSizeUm) {
		final double na = Random2.uniform(rng, 0.75, 1.45), lambda = Random2.uniform(rng, 450, 670);
		final double f = Random2.chance(rng, 0.25) ? 0 : Random2.uniform(rng, 0, 1.5);
		final double haze = f / 1.5 * Random2.uniform(rng, 0, 0.3), hazeSigma = Random2.uniform(rng, 1, 3) / pixelSizeUm;
		return new SyntheticPsf(f * airySigmaUm(na, lambda) / pixelSizeUm, haze, haze > 0 ? hazeSigma : 0);
	}

	/** Standard deviation of the in-focus core, pixels. */
	public double coreSigma() {
		return coreSigma;
	}

	public double hazeFraction() {
		return hazeFraction;
	}

	/** Standard deviation of the haze, pixels. */
	public double hazeSigma() {
		return hazeSigma;
	}

	/** This blur as a point spread function, {@link Psfs#gaussianWithHaze}. */
	public PointSpreadFunction pointSpreadFunction() {
		return Psfs.gaussianWithHaze(coreSigma, hazeFraction, hazeSigma);
	}

	/**
	 * A blurred copy of {@code img} ({@code width x height}, row-major), the image mirrored beyond its
	 * borders ({@link PsfConvolution#mirrored}); no blur: a copy.
	 */
	public float[] apply(final float[] img, final int width, final int height) {
		if (coreSigma == 0 && hazeFraction == 0) return img.clone();
		return PsfConvolution.mirrored(pointSpreadFunction(), img, width, height);
	}

	/** For example {@code gaussian(sigma=1.20px)+haze(0.15,sigma=15.0px)} or {@code none}. */
	@Override
	public String toString() {
		if (coreSigma == 0 && hazeFraction == 0) return "none";
		final String core = String.format(Locale.ROOT, "gaussian(sigma=%.2fpx)", coreSigma);
		return hazeFraction == 0 ? core : core + String.format(Locale.ROOT, "+haze(%.2f,sigma=%.1fpx)", hazeFraction, hazeSigma);
	}
}
