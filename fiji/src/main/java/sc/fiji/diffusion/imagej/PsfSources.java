/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;
import ij.measure.Calibration;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.operator.Psfs;

/**
 * The point-spread functions a user can ask for, sized for an image of {@code width x height}: a PSF
 * image file, a Gaussian, or a widefield Born-Wolf PSF from the optics (sampled over about 4 Airy radii,
 * 0.61 lambda / NA each, and never larger than the image).
 */
public final class PsfSources {

	private PsfSources() {}

	/**
	 * A PSF from an image file, normalised and centred on its centroid ({@link Psfs#fromImage}); a 2D
	 * image gives a 2D PSF, a stack a 3D one (z, y, x).
	 *
	 * @throws IllegalArgumentException if the PSF is larger than the image (once centred)
	 */
	public static PointSpreadFunction fromFile(final Path file, final int width, final int height) throws IOException {
		final ImagePlus pi = ImageFiles.open(file);
		return fromSamples(samples(pi), shape(pi), file.toString(), width, height);
	}

	/** The values of a PSF image, row-major over its planes (z, y, x), as {@link #fromSamples} takes them. */
	public static float[] samples(final ImagePlus psfImage) {
		final float[][] planes = ImageFiles.planes(psfImage);
		if (planes.length == 1) return planes[0];
		final int size = psfImage.getWidth() * psfImage.getHeight();
		final float[] v = new float[planes.length * size];
		for (int z = 0; z < planes.length; z++) System.arraycopy(planes[z], 0, v, z * size, size);
		return v;
	}

	/** The shape of a PSF image: {@code [height, width]} for one plane, {@code [depth, height, width]} for a stack. */
	public static int[] shape(final ImagePlus psfImage) {
		final int d = psfImage.getStackSize(), h = psfImage.getHeight(), w = psfImage.getWidth();
		return d == 1 ? new int[] { h, w } : new int[] { d, h, w };
	}

	/**
	 * A PSF from its samples of {@code shape} ({@code [h, w]}: 2D, {@code [d, h, w]}: 3D), normalised and
	 * centred on its centroid ({@link Psfs#fromImage}); {@code source} names it in messages.
	 *
	 * @throws IllegalArgumentException if the PSF is larger than the image (once centred)
	 */
	public static PointSpreadFunction fromSamples(final float[] values, final int[] shape, final String source, final int width, final int height) {
		final PointSpreadFunction psf = shape.length == 2 ? Psfs.fromImage(values, shape[0], shape[1]) : Psfs.fromImage(values, shape[0], shape[1], shape[2]);
		final int r = psf.rank();
		if (psf.size(r - 2) > height || psf.size(r - 1) > width)
			throw new IllegalArgumentException("The PSF " + source + " (" + psf.size(r - 1) + "x" + psf.size(r - 2) + " pixels once centred) is larger than the image ("
				+ width + "x" + height + "); crop it");
		return psf;
	}

	/**
	 * A 2D Gaussian PSF of {@code sigma} pixels, cropped to the image if it is larger.
	 *
	 * @throws IllegalArgumentException if sigma is not positive or larger than the image's larger side
	 */
	public static PointSpreadFunction gaussian(final double sigma, final int width, final int height) {
		if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("The PSF sigma must be a positive number of pixels, got " + sigma);
		requireSigmaFits(sigma, width, height, "PSF sigma");
		final PointSpreadFunction psf = Psfs.gaussian2D(sigma);
		return psf.size(0) > Math.min(width, height) ? Psfs.crop(psf, oddAtMost(height), oddAtMost(width)) : psf;
	}

	/**
	 * A 3D Gaussian PSF of {@code sigma} pixels laterally and {@code sigmaZ} slices axially, sampled over
	 * +-3 sigma per axis and cropped to the volume.
	 */
	public static PointSpreadFunction gaussian3D(final double sigma, final double sigmaZ, final int width, final int height, final int depth) {
		if (!(sigma > 0) || !(sigmaZ > 0) || Double.isInfinite(sigma) || Double.isInfinite(sigmaZ))
			throw new IllegalArgumentException("The PSF sigmas must be positive, got " + sigma + " (x, y) and " + sigmaZ + " (z)");
		requireSigmaFits(sigma, width, height, "PSF sigma");
		if (sigmaZ > depth)
			throw new IllegalArgumentException("The PSF sigma in z (" + sigmaZ + " slices) is larger than the stack (" + depth + " slices): give it in slices");
		final int sizeXY = Math.min(2 * (int) Math.ceil(3 * sigma) + 1, oddAtMost(Math.min(width, height)));
		final int sizeZ = Math.min(2 * (int) Math.ceil(3 * sigmaZ) + 1, oddAtMost(depth));
		if (sizeZ < 1) throw new IllegalArgumentException("A 3D PSF needs an image with slices");
		return Psfs.gaussian3D(sigma, sigmaZ, sizeXY, sizeZ);
	}

	/**
	 * A 2D widefield (Born-Wolf) PSF.
	 *
	 * @param pixelSizeNm pixel size in nm; NaN or &lt;= 0: from {@code calibration} (nm or micron units; null: none, refused)
	 */
	public static PointSpreadFunction bornWolf(final double na, final double wavelengthNm, final double refractiveIndex, final double pixelSizeNm,
		final Calibration calibration, final int width, final int height)
	{
		if (!(na > 0) || !(na < refractiveIndex))
			throw new IllegalArgumentException("The numerical aperture must be in (0, refractive index " + refractiveIndex + "), got " + na);
		if (!(wavelengthNm > 100 && wavelengthNm < 2000))
			throw new IllegalArgumentException("The emission wavelength must be given in nm (100 to 2000), got " + wavelengthNm);
		final double px = pixelSizeNm > 0 ? pixelSizeNm : pixelSizeNm(calibration);
		final int radius = (int) Math.ceil(4 * 0.61 * wavelengthNm / na / px);
		final int size = Math.min(2 * radius + 1, oddAtMost(Math.min(width, height)));
		return Psfs.bornWolf2D(na, wavelengthNm, refractiveIndex, px, size);
	}

	/**
	 * The pixel width in nm from an image calibration in nm or microns.
	 *
	 * @throws IllegalArgumentException if the image is not calibrated in nm or microns
	 */
	public static double pixelSizeNm(final Calibration cal) {
		final double px = calibratedPixelSizeNm(cal);
		if (Double.isNaN(px))
			throw new IllegalArgumentException("A Born-Wolf PSF needs the pixel size in nm: the image is not calibrated in nm or microns (give the pixel size)");
		return px;
	}

	/** The pixel width in nm from an image calibration in nm or microns; NaN if it has neither unit or no pixel width. */
	public static double calibratedPixelSizeNm(final Calibration cal) {
		final String unit = cal == null || cal.getUnit() == null ? "" : cal.getUnit().trim().toLowerCase(Locale.ROOT);
		final double scale = unit.equals("nm") ? 1
			: unit.equals("um") || unit.equals("µm") || unit.equals("\u00b5m") || unit.equals("micron") || unit.equals("microns") ? 1000 : 0;
		return scale == 0 || !(cal.pixelWidth > 0) ? Double.NaN : cal.pixelWidth * scale;
	}

	/**
	 * A Gaussian blur wider than the whole image cannot be told apart from a constant offset: refuse a
	 * sigma larger than the image's larger side (in pixels), before any PSF is sampled.
	 */
	private static void requireSigmaFits(final double sigma, final int width, final int height, final String what) {
		if (sigma > Math.max(width, height))
			throw new IllegalArgumentException("The " + what + " (" + sigma + " pixels) is larger than the image (" + width + "x" + height
				+ " pixels): give the sigma of the blur in pixels (typically 1 to 5)");
	}

	private static int oddAtMost(final int n) { return n % 2 == 1 ? n : n - 1; }
}
