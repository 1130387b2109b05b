/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.command;

import java.io.File;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import sc.fiji.diffusion.isolation.EngineDoor;
import sc.fiji.diffusion.isolation.RawMriCall;
import sc.fiji.diffusion.isolation.RawMriResult;

/**
 * Plugins &gt; Diffusion &gt; Reconstruct Raw MRI: opens raw multi-coil k-space (BART {@code .cfl} or
 * ISMRMRD {@code .h5}), reconstructs every slice (multi-slice 2D) or readout position (3D) with the MRI
 * prior and shows the stack (32-bit, voxel size from the file): what the command line's
 * {@code restore --task mri --kspace FILE} does. Macro:
 * {@code run("Diffusion Reconstruct Raw MRI", "kspace_file=[/path/k.cfl] coil_maps=[] mask_file=[] prior_on=magnitude output=magnitude model=[] steps=-1 samples=-1 seed=0");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Diffusion Reconstruct Raw MRI", headless = true,
	description = "Reconstruct MR images from raw multi-coil k-space (BART .cfl, ISMRMRD .h5) with a diffusion prior")
public final class RawMriCommand extends DiffusionCommand {

	@Parameter(label = "k-space file", style = "open", persist = false, description = "BART .cfl [readout, phase, partition, coil] or ISMRMRD .h5.")
	File kspace_file;

	@Parameter(label = "Coil maps", required = false, style = "open", persist = false,
		description = "BART .cfl of the coil sensitivities (e.g. bart ecalib -m1); empty: estimated from the calibration region, then refined with a first reconstruction.")
	File coil_maps;

	@Parameter(label = "Mask file", required = false, style = "open", persist = false,
		description = "Sampling mask of the 2D problems (TIFF or .cfl, 1 where sampled); empty: the non-zero samples.")
	File mask_file;

	@Parameter(label = "Prior on", choices = { "magnitude", "complex" }, persist = false,
		description = "magnitude: a real image (after the smooth phase has gone into the coil maps); complex: the prior on the real and imaginary parts.")
	String prior_on = "magnitude";

	@Parameter(label = "Output", choices = { "magnitude", "magnitude-phase", "complex" }, persist = false,
		description = "magnitude; magnitude-phase (2 channels, radians); complex (2 channels: real, imaginary).")
	String output = "magnitude";

	@Parameter(label = "Model", required = false, persist = false, description = "Model name or bundle path; empty: mri-brain-t1.")
	String model = "";

	@Parameter(label = "Steps", min = "-1", persist = false, description = "Steps of the plan before truncation at t0; -1: the default.")
	int steps = -1;

	@Parameter(label = "Posterior samples", min = "-1", persist = false, description = "Samples averaged; -1: the default (2, one antithetic pair).")
	int samples = -1;

	@Parameter(label = "Random seed", persist = false)
	long seed = 0;

	@Parameter(type = ItemIO.OUTPUT)
	ImagePlus reconstructed;

	/** The request these parameters fill (the engine makes of it what {@code restore --task mri --kspace FILE} asks for). */
	public RawMriCall request() {
		final RawMriCall c = new RawMriCall();
		c.kspaceFile = pathString(kspace_file);
		c.coilMapsFile = pathString(coil_maps);
		c.maskFile = pathString(mask_file);
		c.priorOn = prior_on;
		c.output = output;
		c.model = model;
		c.steps = steps;
		c.samples = samples;
		c.seed = seed;
		return c;
	}

	@Override
	void runThrough(final EngineDoor engine) {
		execute("Diffusion raw MRI", progress -> {
			if (path(kspace_file) == null) throw new IllegalArgumentException("No k-space file (kspace_file)");
			final RawMriResult r = engine.reconstructRawMri(wired(request(), progress, "Diffusion raw MRI "));
			final ImageStack stack = new ImageStack(r.width, r.height);
			for (final float[] plane : r.planes) stack.addSlice(new FloatProcessor(r.width, r.height, plane));
			final String title = kspace_file.getName().replaceFirst("\\.[^.]*$", "") + "-mri";
			final ImagePlus imp = new ImagePlus(title, stack);
			imp.setDimensions(r.channels, r.depth, 1);
			imp.setOpenAsHyperStack(r.channels > 1);
			final Calibration cal = new Calibration();
			cal.pixelWidth = r.voxelSize[0];
			cal.pixelHeight = r.voxelSize[1];
			cal.pixelDepth = r.voxelSize[2];
			cal.setUnit(r.unit);
			imp.setCalibration(cal);
			reconstructed = imp;
			log.info(String.format(Locale.ROOT, "Diffusion raw MRI: \"%s\" in %.1f s (%s)", title, r.seconds, r.description));
		});
	}
}
