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

import sc.fiji.diffusion.imagej.ImagePlusImgs;
import sc.fiji.diffusion.imagej.MaskSources;
import sc.fiji.diffusion.isolation.MaskSpec;
import sc.fiji.diffusion.isolation.RestoreCall;

/**
 * Plugins &gt; Diffusion &gt; Reconstruct MRI: reconstructs an image from undersampled k-space. Either
 * the active image is a measured k-space (a 2-slice 32-bit stack: real, imaginary; centred, unitary DFT)
 * with a mask file (1 where sampled), or it is a magnitude image whose k-space is undersampled
 * retrospectively (every plane) with a simulated mask. Macro:
 * {@code run("Diffusion Reconstruct MRI", "model=[] method=default steps=-1 samples=-1 noise_sigma=-1 noise_type=gaussian photons=1 read_noise=0 seed=0 tile_size=-1 show_std=false input=kspace mask_file=[/path/mask.tif] mask_type=cartesian acceleration=4 mask_variant=0");} or
 * {@code run("Diffusion Reconstruct MRI", "model=[] method=default steps=-1 samples=-1 noise_sigma=-1 noise_type=gaussian photons=1 read_noise=0 seed=0 tile_size=-1 show_std=false input=simulate mask_file=[] mask_type=cartesian acceleration=4 mask_variant=0");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Diffusion Reconstruct MRI", headless = true,
	description = "Reconstruct an MR image from undersampled k-space with a diffusion prior")
public final class MriCommand extends RestoreImageCommand {

	@Parameter(label = "Input", choices = { "kspace", "simulate" }, persist = false,
		description = "kspace: the image is a 2-slice k-space stack (real, imaginary) and mask_file its sampling mask; simulate: undersample the image's k-space.")
	String input = "kspace";

	@Parameter(label = "Mask file", required = false, persist = false, style = "open", description = "Sampling mask, 1 where sampled (kspace: required; simulate: optional).")
	File mask_file;

	@Parameter(label = "Simulated mask", choices = { "cartesian", "equispaced", "poisson" }, persist = false,
		description = "cartesian: variable-density random lines with a full centre; equispaced: every R-th line and the centre; poisson: 2D variable-density Poisson disc.")
	String mask_type = "cartesian";

	@Parameter(label = "Acceleration R", min = "1", persist = false)
	double acceleration = 4;

	@Parameter(label = "Mask variant", persist = false,
		description = "simulate: which random mask (its random seed). (Macro key mask_variant: a key ending in _seed would be read as seed by ImageJ.)")
	long mask_variant = 0;

	@Override
	String task() { return "mri"; }

	@Override
	void fill(final RestoreCall call) throws IOException {
		final int w = image.getWidth(), h = image.getHeight();
		switch (input == null ? "" : input.trim().toLowerCase(Locale.ROOT)) {
			case "kspace":
				if (path(mask_file) == null) throw new IllegalArgumentException("input=kspace needs mask_file (the sampling mask, 1 where sampled)");
				if (image.getStackSize() != 2)
					throw new IllegalArgumentException("input=kspace needs a 2-slice k-space stack (real, imaginary); \"" + image.getTitle() + "\" has "
						+ image.getStackSize() + " slice(s). To undersample an image, use input=simulate");
				ImagePlusImgs.requireFloatKspace(image, "\"" + image.getTitle() + "\"");
				call.kspace = true;
				call.mask = MaskSpec.values(MaskSources.planeOf(path(mask_file), w, h, "k-space"), path(mask_file).toString());
				break;
			case "simulate":
				call.mask = path(mask_file) != null ? MaskSpec.values(MaskSources.planeOf(path(mask_file), w, h, "image"), path(mask_file).toString())
					: MaskSpec.simulated(mask_type, acceleration, mask_variant);
				break;
			default: throw new IllegalArgumentException("Unknown input '" + input + "' (expected kspace or simulate)");
		}
	}
}
