/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.command;

import java.io.File;
import java.io.IOException;
import java.util.Locale;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import sc.fiji.diffusion.imagej.PsfSources;
import sc.fiji.diffusion.isolation.PsfSpec;
import sc.fiji.diffusion.isolation.RestoreCall;

/**
 * Plugins &gt; Diffusion &gt; Deconvolve: deconvolves the active image with a PSF: a Gaussian, a
 * widefield (Born-Wolf) PSF from the optics, or a PSF image file (normalised and centred). A 2D PSF
 * deconvolves every plane; a 3D PSF (a PSF stack, or {@code psf_sigma_z > 0}) deconvolves every z-stack
 * (each channel and frame) in 3D, with the 2D prior applied slice by slice. The blur is modelled without
 * wrap-around (padded, then cropped). Macro (every key given, so that Fiji opens no dialog; the PSF keys that
 * {@code psf} does not use are ignored):
 * {@code run("Diffusion Deconvolve", "model=[] method=default steps=-1 samples=-1 noise_sigma=-1 noise_type=gaussian photons=1 read_noise=0 seed=0 tile_size=-1 show_std=false psf=gaussian psf_file=[] psf_sigma=2 psf_sigma_z=0 na=1.4 wavelength=520 refractive_index=1.518 pixel_size=0");} or, for a widefield PSF or a PSF file,
 * {@code psf=[born-wolf]} or {@code psf=file psf_file=[/path/psf.tif]} with the same other keys.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Diffusion Deconvolve", headless = true,
	description = "Deconvolve the active image with a diffusion prior")
public final class DeconvolveCommand extends RestoreImageCommand {

	@Parameter(label = "PSF", choices = { "gaussian", "born-wolf", "file" }, persist = false,
		description = "gaussian: sigma in pixels; born-wolf: widefield PSF from NA, wavelength, refractive index and pixel size; file: a PSF image.")
	String psf = "gaussian";

	@Parameter(label = "PSF file", required = false, persist = false, style = "open", description = "The PSF image (psf=file): 2D, or a stack for 3D deconvolution.")
	File psf_file;

	@Parameter(label = "Gaussian sigma (pixels)", min = "0", persist = false)
	double psf_sigma = 2;

	@Parameter(label = "Gaussian sigma in z (slices)", min = "0", persist = false, description = "0: a 2D PSF, plane by plane; > 0: a 3D Gaussian PSF for z-stacks.")
	double psf_sigma_z = 0;

	@Parameter(label = "Numerical aperture", min = "0", persist = false)
	double na = 1.4;

	@Parameter(label = "Emission wavelength (nm)", min = "0", persist = false)
	double wavelength = 520;

	@Parameter(label = "Immersion refractive index", min = "1", persist = false)
	double refractive_index = 1.518;

	@Parameter(label = "Pixel size (nm)", min = "0", persist = false, description = "0: from the image's calibration (nm or microns).")
	double pixel_size = 0;

	@Override
	String task() { return "deconvolve"; }

	@Override
	void fill(final RestoreCall call) throws IOException {
		call.psf = psfSpec();
	}

	private PsfSpec psfSpec() throws IOException {
		switch (psf == null ? "" : psf.trim().toLowerCase(Locale.ROOT)) {
			case "gaussian": return PsfSpec.gaussian(psf_sigma, psf_sigma_z);
			case "born-wolf":
				return PsfSpec.bornWolf(na, wavelength, refractive_index, pixel_size > 0 ? pixel_size : PsfSources.calibratedPixelSizeNm(image.getCalibration()));
			case "file": {
				if (path(psf_file) == null) throw new IllegalArgumentException("psf=file needs psf_file (the PSF image)");
				final ImagePlus p = PsfSources.openFile(path(psf_file), image);
				return PsfSpec.samples(PsfSources.samples(p), PsfSources.shape(p), path(psf_file).toString());
			}
			default: throw new IllegalArgumentException("Unknown psf '" + psf + "' (expected gaussian, born-wolf or file)");
		}
	}
}
