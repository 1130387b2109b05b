/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;
import sc.fiji.diffusion.imagej.ImagePlusImgs;
import sc.fiji.diffusion.imagej.MaskSources;
import sc.fiji.diffusion.imagej.PsfSources;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.task.TaskInputs;

/**
 * The {@link RestoreCommand}'s inputs for the engine's {@code TaskProblems}, made from its options and
 * files when asked (a PSF or mask file is read only for the task that needs it); a missing or conflicting
 * option is refused with a message that names it.
 */
final class RestoreInputs implements TaskInputs {

	private final RestoreCommand o;
	private final ImagePlus imp;
	private final Path source;
	private final long seed;

	/**
	 * @param options the command's options
	 * @param imp the opened input ({@code --input}, or the 2-slice {@code --kspace})
	 * @param source the file {@code imp} was read from
	 * @param seed the restoration's seed
	 */
	RestoreInputs(final RestoreCommand options, final ImagePlus imp, final Path source, final long seed) {
		this.o = options;
		this.imp = imp;
		this.source = source;
		this.seed = seed;
	}

	@Override
	public String name() { return source.toString(); }

	/**
	 * Exactly one of {@code --psf}, {@code --psf-sigma} (3D with {@code --psf-sigma-z}), or {@code --na} with
	 * {@code --wavelength}; the PSF is printed ({@code restore psf: ...}), with the pixel size a Born-Wolf PSF
	 * took from the image's calibration, so that a user can check it.
	 */
	@Override
	public PointSpreadFunction psf() throws IOException {
		final int w = imp.getWidth(), h = imp.getHeight();
		final int given = (o.psf != null ? 1 : 0) + (o.psfSigma != null ? 1 : 0) + (o.na != null || o.wavelength != null ? 1 : 0);
		if (given != 1) throw new IllegalArgumentException("deconvolve needs exactly one PSF: --psf file, --psf-sigma S, or --na, --wavelength (and --pixel-size)");
		final PointSpreadFunction psf;
		final String what;
		if (o.psf != null) {
			psf = PsfSources.fromFile(o.psf, imp, note -> System.err.println("restore psf: " + note));
			what = "from " + o.psf;
		}
		else if (o.psfSigma != null) {
			if (!(o.psfSigmaZ >= 0)) throw new IllegalArgumentException("--psf-sigma-z must be 0 (a 2D PSF) or positive, got " + o.psfSigmaZ);
			psf = o.psfSigmaZ > 0 ? PsfSources.gaussian3D(o.psfSigma, o.psfSigmaZ, w, h, imp.getNSlices()) : PsfSources.gaussian(o.psfSigma, w, h);
			what = "Gaussian, sigma " + o.psfSigma + " px" + (o.psfSigmaZ > 0 ? ", " + o.psfSigmaZ + " slices in z" : "");
		}
		else {
			if (o.na == null || o.wavelength == null) throw new IllegalArgumentException("A Born-Wolf PSF needs both --na and --wavelength (nm)");
			if (o.pixelSize != null && !(o.pixelSize > 0)) throw new IllegalArgumentException("--pixel-size must be positive (nm), got " + o.pixelSize
				+ " (leave it out to take it from the image's calibration)");
			final double px = o.pixelSize != null ? o.pixelSize : PsfSources.pixelSizeNm(imp.getCalibration());
			psf = PsfSources.bornWolf(o.na, o.wavelength, o.refractiveIndex, px, imp.getCalibration(), w, h);
			what = String.format(Locale.ROOT, "Born & Wolf, NA %s, %s nm, n %s, pixel size %.4g nm (%s)", o.na, o.wavelength, o.refractiveIndex, px,
				o.pixelSize != null ? "--pixel-size" : "the image's calibration");
		}
		System.err.println("restore psf: " + what + "; " + psf.sizeText() + " pixels");
		return psf;
	}

	/** Always a mask file: the command line has no "non-finite" inpainting. */
	@Override
	public boolean inpaintNonFinite() { return false; }

	@Override
	public Mask observed() throws IOException {
		if (o.inpaintMask == null) throw new IllegalArgumentException("Missing --inpaint-mask");
		return MaskSources.fromFile(o.inpaintMask, imp.getWidth(), imp.getHeight(), "input image");
	}

	/** {@code --mask}; with {@code --simulate} and no {@code --mask}, the simulated pattern of {@code --mask-type}. */
	@Override
	public Mask sampling() throws IOException {
		final int w = imp.getWidth(), h = imp.getHeight();
		final Mask m = o.mask != null ? MaskSources.fromFile(o.mask, w, h, o.simulate ? "input image" : "k-space") : null;
		if (o.simulate) return m != null ? m : MaskSources.simulated(o.maskType, o.acceleration, o.maskSeed, w, h);
		if (m == null) throw new IllegalArgumentException("mri with --kspace needs --mask (1 where sampled)");
		return m;
	}

	/**
	 * True without {@code --simulate}, once the k-space file is checked to be a 32-bit image
	 * ({@link ImagePlusImgs#requireFloatKspace}) of 2 slices (real, imaginary).
	 */
	@Override
	public boolean kspace() {
		if (o.simulate) return false;
		if (imp.getStackSize() != 2)
			throw new IllegalArgumentException("The k-space " + source + " must be a 2-slice stack (real, imaginary), got " + imp.getStackSize() + " slice(s)");
		ImagePlusImgs.requireFloatKspace(imp, source.toString());
		return true;
	}

	@Override
	public double simulationNoiseSigma() { return o.noiseSigma == null ? 0 : o.noiseSigma; }

	@Override
	public long seed() { return seed; }

	@Override
	public int srFactor() { return o.factor; }

	@Override
	public int channels() { return imp.getNChannels(); }

	@Override
	public int slices() { return imp.getNSlices(); }

	@Override
	public int frames() { return imp.getNFrames(); }
}
