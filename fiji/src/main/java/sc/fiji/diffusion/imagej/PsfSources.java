/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

import ij.ImagePlus;
import ij.measure.Calibration;
import sc.fiji.diffusion.operator.MeasuredPsf;
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
	 * A PSF from an image file ({@link #openFile}) for {@code image}, made as {@link #fromSamples} makes it.
	 *
	 * @param notes receives what was done to the PSF (offset, noise floor, crop), one line each
	 * @throws IllegalArgumentException as {@link #openFile} and {@link #fromSamples}
	 */
	public static PointSpreadFunction fromFile(final Path file, final ImagePlus image, final Consumer<String> notes) throws IOException {
		final ImagePlus pi = openFile(file, image);
		return fromSamples(samples(pi), shape(pi), file.toString(), image.getWidth(), image.getHeight(), image.getNSlices(), notes);
	}

	/**
	 * Opens a PSF image file for deconvolving {@code image}, refusing one that cannot be its PSF as it
	 * stands: more than one channel or time frame (a hyperstack would be read as z slices), or a pixel
	 * size (or, for a 3D PSF and a z-stack, a z spacing) that differs by more than 2 % from the image's
	 * when both are calibrated in lengths (a PSF is sampled on the image's own grid; an uncalibrated one is
	 * taken to be).
	 *
	 * @throws IllegalArgumentException naming the file and what to do
	 */
	public static ImagePlus openFile(final Path file, final ImagePlus image) throws IOException {
		final ImagePlus pi = ImageFiles.open(file);
		if (pi.getNChannels() > 1 || pi.getNFrames() > 1)
			throw new IllegalArgumentException(String.format(Locale.ROOT, "The PSF %s has %d channels and %d time frames: a PSF is one plane or one z-stack; "
				+ "split it (Image > Color > Split Channels, Image > Stacks > Tools > Reduce) and deconvolve each channel of the image with its own PSF",
				file, pi.getNChannels(), pi.getNFrames()));
		final Calibration pc = pi.getCalibration(), ic = image.getCalibration();
		final String[] axes = { "x", "y", "z" };
		final double[] psfNm = { nm(pc.getXUnit(), pc.pixelWidth), nm(pc.getYUnit(), pc.pixelHeight), nm(pc.getZUnit(), pc.pixelDepth) };
		final double[] imageNm = { nm(ic.getXUnit(), ic.pixelWidth), nm(ic.getYUnit(), ic.pixelHeight), nm(ic.getZUnit(), ic.pixelDepth) };
		final int checked = pi.getNSlices() > 1 && image.getNSlices() > 1 ? 3 : 2;
		for (int a = 0; a < checked; a++)
			if (psfNm[a] > 0 && imageNm[a] > 0 && Math.abs(psfNm[a] / imageNm[a] - 1) > 0.02)
				throw new IllegalArgumentException(String.format(Locale.ROOT, "The PSF %s is sampled at %.4g nm in %s, the image at %.4g nm: a PSF must be sampled "
					+ "like the image it deconvolves; scale it to the image's pixel size (Image > Scale...) or record it at that size%s", file, psfNm[a], axes[a],
					imageNm[a], a == 2 ? " (in z: its slice spacing)" : ""));
		return pi;
	}

	/** A length in nm from a value in a unit of length (nm, micron, mm); NaN for another unit (pixel, inch...) or a value that is not positive. */
	static double nm(final String unit, final double value) {
		final String u = unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT);
		final double scale = u.equals("nm") || u.equals("nanometer") || u.equals("nanometers") ? 1
			: u.equals("um") || u.equals("µm") || u.equals("\u00b5m") || u.equals("micron") || u.equals("microns") || u.equals("micrometer") ? 1000
			: u.equals("mm") ? 1e6 : 0;
		return scale == 0 || !(value > 0) ? Double.NaN : value * scale;
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

	/** Largest share of a measured PSF's sum that may lie outside the image it is cropped to. */
	public static final double CROP_LOSS = 0.05;

	/**
	 * A PSF from its samples of {@code shape} ({@code [h, w]}: 2D, {@code [d, h, w]}: 3D): its offset and
	 * noise floor removed ({@link MeasuredPsf}), normalised and centred on its centroid
	 * ({@link Psfs#fromImage}), and cropped to an image of {@code width x height x depth} when it is larger
	 * and at most {@value #CROP_LOSS} of its sum lies outside; {@code source} names it in messages.
	 *
	 * @param notes receives what was done (offset, noise floor, crop), one line each, without the source
	 * @throws IllegalArgumentException if more of it lies outside the image
	 */
	public static PointSpreadFunction fromSamples(final float[] values, final int[] shape, final String source, final int width, final int height, final int depth,
		final Consumer<String> notes)
	{
		final MeasuredPsf.Cleaned cleaned = MeasuredPsf.clean(values, shape);
		double peak = 0;
		for (final float v : cleaned.values) peak = Math.max(peak, v);
		if (!(peak > 0))
			throw new IllegalArgumentException("The PSF " + source + " has no values above its background and noise" + (cleaned.note.isEmpty() ? "" : " (" + cleaned.note + ")")
				+ ": it must be the image of one bright bead on a dark field, or a computed PSF");
		if (!cleaned.note.isEmpty()) notes.accept(cleaned.note);
		final PointSpreadFunction psf = shape.length == 2 ? Psfs.fromImage(cleaned.values, shape[0], shape[1])
			: Psfs.fromImage(cleaned.values, shape[0], shape[1], shape[2]);
		final int r = psf.rank();
		final int[] dims = psf.dims(), fit = dims.clone();
		fit[r - 1] = Math.min(dims[r - 1], oddAtMost(width));
		fit[r - 2] = Math.min(dims[r - 2], oddAtMost(height));
		if (r == 3 && depth > 1) fit[0] = Math.min(dims[0], oddAtMost(depth));
		if (Arrays.equals(fit, dims)) return psf;
		final double kept = centralSum(psf, fit);
		final String sizes = String.format(Locale.ROOT, "%s pixels once centred, the image %dx%d%s", psf.sizeText(), width, height, r == 3 ? "x" + depth : "");
		if (kept < 1 - CROP_LOSS)
			throw new IllegalArgumentException(String.format(Locale.ROOT, "The PSF %s is larger than the image (%s) and %.1f %% of its sum lies outside it: "
				+ "crop it yourself where it matters, or deconvolve a larger image%s", source, sizes, 100 * (1 - kept),
				r == 3 ? " (a widefield PSF spreads as much light into each defocused plane as into its focal plane: give as many slices as the PSF has, or a 2D PSF)" : ""));
		final PointSpreadFunction cropped = Psfs.crop(psf, fit);
		notes.accept(String.format(Locale.ROOT, "cropped to %s pixels to fit the image (%s; it keeps %.1f %% of its sum)", cropped.sizeText(), sizes, 100 * kept));
		return cropped;
	}

	/** The sum of the central {@code fit} part of a normalised PSF (odd sizes, centred as {@link Psfs#crop} cuts). */
	private static double centralSum(final PointSpreadFunction psf, final int[] fit) {
		final int[] dims = psf.dims();
		final float[] v = psf.values();
		final int[] idx = new int[dims.length];
		double sum = 0;
		for (int i = 0; i < v.length; i++) {
			Psfs.unravel(i, dims, idx);
			boolean inside = true;
			for (int a = 0; a < dims.length; a++) inside &= Math.abs(idx[a] - dims[a] / 2) <= fit[a] / 2;
			if (inside) sum += v[i];
		}
		return sum;
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
		final double smallest = wavelengthNm / (40 * na);
		if (px < smallest)
			throw new IllegalArgumentException(String.format(Locale.ROOT, "A pixel size of %.4g nm is far below what a microscope resolves at %.0f nm and NA %.2f "
				+ "(under a tenth of its Nyquist pixel, %.3g nm): give the pixel size in nm (0.1 micron is 100 nm)", px, wavelengthNm, na, smallest));
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

	/**
	 * The pixel size in nm from an image calibration in a unit of length (nm, micron, mm); NaN if it has
	 * none.
	 *
	 * @throws IllegalArgumentException if the pixels are not square (their width and height differ by more
	 *           than 1 %): a Born-Wolf PSF is sampled on square pixels
	 */
	public static double calibratedPixelSizeNm(final Calibration cal) {
		if (cal == null) return Double.NaN;
		final double w = nm(cal.getXUnit(), cal.pixelWidth), h = nm(cal.getYUnit(), cal.pixelHeight);
		if (w > 0 && h > 0 && Math.abs(w / h - 1) > 0.01)
			throw new IllegalArgumentException(String.format(Locale.ROOT, "The image's pixels are %.4g x %.4g nm, not square: a Born-Wolf PSF needs square pixels; "
				+ "scale the image to square pixels, or correct its calibration (Image > Properties) if it is wrong", w, h));
		return w;
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
