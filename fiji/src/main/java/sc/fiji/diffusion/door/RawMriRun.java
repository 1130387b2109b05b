/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.door;

import java.io.IOException;
import java.nio.file.Path;

import sc.fiji.diffusion.imagej.MaskSources;
import sc.fiji.diffusion.io.KspaceFiles;
import sc.fiji.diffusion.isolation.RawMriCall;
import sc.fiji.diffusion.isolation.RawMriResult;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.mri.KspaceVolume;
import sc.fiji.diffusion.mri.MultiCoilReconstruction;
import sc.fiji.diffusion.mri.VolumeReconstruction;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.RestoreRequest;

/**
 * A raw multi-coil MRI reconstruction through the door, as the command line's
 * {@code restore --task mri --kspace FILE}: reads the k-space, mask and coil maps, reconstructs every
 * slice with the MRI prior and gives the slices back as float planes with the voxel size.
 */
final class RawMriRun {

	private RawMriRun() {}

	static RawMriResult run(final RawMriCall call) throws IOException {
		final Path kspace = DoorRequests.path(call.kspaceFile), maskFile = DoorRequests.path(call.maskFile), maps = DoorRequests.path(call.coilMapsFile);
		if (kspace == null) throw new IllegalArgumentException("No k-space file (kspace_file)");
		VolumeReconstruction.requireOutput(call.output);
		final KspaceVolume k = KspaceFiles.read(kspace, call.log);
		final Mask mask = maskFile == null ? null
			: KspaceFiles.isCfl(maskFile) ? KspaceFiles.mask(maskFile, k.planeHeight(), k.planeWidth())
			: MaskSources.fromFile(maskFile, k.planeWidth(), k.planeHeight(), "k-space plane");
		final RestoreRequest request = DoorRequests.rawMri(call);
		call.log.accept("settings: " + request.describe(MultiCoilReconstruction.settings(request.settings())) + " prior_on=" + call.priorOn);
		try (LoadedModel lm = Models.open(request.modelName())) {
			final VolumeReconstruction.Result r = new VolumeReconstruction(new MultiCoilReconstruction(new Restoration(lm))).reconstruct(k, mask,
				maps == null ? null : KspaceFiles.maps(maps, k), MultiCoilReconstruction.ImageModel.parse(call.priorOn), request.settings(), new CallProgress(call));
			final float[][][] slices = new float[r.depth][][];
			for (int z = 0; z < r.depth; z++) slices[z] = r.slice(z, call.output);
			final int channels = r.depth == 0 ? 1 : slices[0].length;
			final float[][] planes = new float[r.depth * channels][];
			for (int z = 0; z < r.depth; z++)
				for (int c = 0; c < channels; c++) planes[channels * z + c] = slices[z][c];
			return new RawMriResult(r.width, r.height, channels, r.depth, planes, r.voxelSize.clone(), KspaceFiles.isCfl(kspace) ? "pixel" : "mm", r.description,
				r.seconds);
		}
	}
}
