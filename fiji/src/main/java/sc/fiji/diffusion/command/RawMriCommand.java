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
import sc.fiji.diffusion.imagej.MaskSources;
import sc.fiji.diffusion.io.KspaceFiles;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.mri.KspaceVolume;
import sc.fiji.diffusion.mri.MultiCoilReconstruction;
import sc.fiji.diffusion.mri.VolumeReconstruction;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.RestoreRequest;

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
		description = "BART .cfl of the coil sensitivities (e.g. bart ecalib -m1); empty: estimated from the calibration region.")
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

	@Parameter(label = "Posterior samples", min = "-1", persist = false, description = "Samples averaged; -1: the default (4).")
	int samples = -1;

	@Parameter(label = "Random seed", persist = false)
	long seed = 0;

	@Parameter(type = ItemIO.OUTPUT)
	ImagePlus reconstructed;

	/** The request these parameters fill, as {@code restore --task mri} does. */
	public RestoreRequest request() {
		final RestoreRequest r = new RestoreRequest(Restoration.Task.MRI).model(model);
		r.settings().steps(steps).samples(samples).seed(seed);
		return r;
	}

	@Override
	void runHere() {
		execute("Diffusion raw MRI", progress -> {
			if (path(kspace_file) == null) throw new IllegalArgumentException("No k-space file (kspace_file)");
			final KspaceVolume k = KspaceFiles.read(path(kspace_file));
			final Mask mask = path(mask_file) == null ? null
				: KspaceFiles.isCfl(path(mask_file)) ? KspaceFiles.mask(path(mask_file), k.planeHeight(), k.planeWidth())
				: MaskSources.fromFile(path(mask_file), k.planeWidth(), k.planeHeight(), "k-space plane");
			final RestoreRequest request = request();
			log.info("Diffusion raw MRI settings: " + request.describe() + " prior_on=" + prior_on);
			try (LoadedModel lm = Models.open(request.modelName())) {
				final VolumeReconstruction.Result r = new VolumeReconstruction(new MultiCoilReconstruction(new Restoration(lm))).reconstruct(k, mask,
					path(coil_maps) == null ? null : KspaceFiles.maps(path(coil_maps), k), MultiCoilReconstruction.ImageModel.parse(prior_on), request.settings(), progress);
				final ImageStack stack = new ImageStack(r.width, r.height);
				int channels = 1;
				for (int z = 0; z < r.depth; z++) {
					final float[][] s = r.slice(z, output);
					channels = s.length;
					for (final float[] plane : s) stack.addSlice(new FloatProcessor(r.width, r.height, plane));
				}
				final String title = kspace_file.getName().replaceFirst("\\.[^.]*$", "") + "-mri";
				final ImagePlus imp = new ImagePlus(title, stack);
				imp.setDimensions(channels, r.depth, 1);
				imp.setOpenAsHyperStack(channels > 1);
				final Calibration cal = new Calibration();
				cal.pixelWidth = r.voxelSize[0];
				cal.pixelHeight = r.voxelSize[1];
				cal.pixelDepth = r.voxelSize[2];
				cal.setUnit(KspaceFiles.isCfl(path(kspace_file)) ? "pixel" : "mm");
				imp.setCalibration(cal);
				reconstructed = imp;
				showWhereFijiWouldNot(reconstructed);
				log.info(String.format(Locale.ROOT, "Diffusion raw MRI: \"%s\" in %.1f s (%s)", title, r.seconds, r.description));
			}
		});
	}
}
