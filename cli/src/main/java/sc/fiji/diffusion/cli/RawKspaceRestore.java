/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import ij.measure.Calibration;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.imagej.OutputPaths;
import sc.fiji.diffusion.imagej.MaskSources;
import sc.fiji.diffusion.io.BartCfl;
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
 * {@code restore --task mri --kspace FILE.cfl|FILE.h5}: reads raw multi-coil k-space, reconstructs every
 * 2D problem ({@link VolumeReconstruction}) and writes a 32-bit TIFF stack (voxel size from the file, mm)
 * or a BART {@code .cfl} of the complex images (dims {@code [readout, phase, slices]}), whose two files
 * ({@link BartCfl#data}, {@link BartCfl#header}) are both checked before the work starts and written as a pair.
 */
final class RawKspaceRestore {

	private RawKspaceRestore() {}

	/** @param read the files the run reads (k-space, mask, coil maps), which {@code output} must not replace */
	static void run(final RestoreRequest request, final Path kspace, final Path maskFile, final MultiCoilOptions opts, final Path output,
		final java.util.Map<String, Path> read) throws IOException
	{
		OutputPaths.requireNotRead(output, read);
		final boolean cflOut = KspaceFiles.isCfl(output);
		if (!VolumeReconstruction.OUTPUTS.contains(opts.output))
			throw new IllegalArgumentException("--mri-output must be magnitude, magnitude-phase or complex, got '" + opts.output + "'");
		if (cflOut) { // both files of the pair, before any work: BartCfl.write makes them together
			OutputPaths.requireWritableFile(BartCfl.data(output), "--output");
			OutputPaths.requireWritableFile(BartCfl.header(output), "--output");
		}
		else {
			OutputPaths.requireTiffName(output, "--output");
			OutputPaths.requireWritableFile(output, "--output");
		}
		final MultiCoilReconstruction.ImageModel model = opts.imageModel == null ? MultiCoilReconstruction.DEFAULT_IMAGE_MODEL
			: MultiCoilReconstruction.ImageModel.parse(opts.imageModel);
		final KspaceVolume k = KspaceFiles.read(kspace, note -> System.err.println("restore: " + note));
		final Mask mask = maskFile == null ? null
			: KspaceFiles.isCfl(maskFile) ? KspaceFiles.mask(maskFile, k.planeHeight(), k.planeWidth())
			: MaskSources.fromFile(maskFile, k.planeWidth(), k.planeHeight(), "k-space plane");
		final java.util.function.IntFunction<sc.fiji.diffusion.mri.CoilPlanes> maps = opts.coilMaps == null ? null : KspaceFiles.maps(opts.coilMaps, k);
		System.err.println(String.format(Locale.ROOT, "restore: %s: %d coils, %dx%d%s, %s; image model %s; maps %s", kspace, k.coils, k.readout, k.phase,
			k.is3D() ? "x" + k.partitions + " (3D)" : k.slices > 1 ? ", " + k.slices + " slices" : "", k.is3D() ? k.readout + " readout positions" : k.slices + " plane(s)",
			model.name().toLowerCase(Locale.ROOT), maps == null ? "from the calibration region, refined" : opts.coilMaps.toString()));
		System.err.println("restore settings: " + request.describe(MultiCoilReconstruction.settings(request.settings())));
		try (LoadedModel lm = Models.open(request.modelName())) {
			final VolumeReconstruction recon = new VolumeReconstruction(new MultiCoilReconstruction(new Restoration(lm)));
			final VolumeReconstruction.Result r = recon.reconstruct(k, mask, maps, model, request.settings(), new ConsoleProgress(System.err, "restore"));
			System.err.println("restore " + r.description);
			if (cflOut) BartCfl.write(output, new BartCfl.Array(new long[] { r.width, r.height, r.depth }, r.re, r.im));
			else {
				final int channels = opts.output.equals("magnitude") ? 1 : 2;
				final float[][] planes = new float[channels * r.depth][];
				for (int z = 0; z < r.depth; z++) {
					final float[][] s = r.slice(z, opts.output);
					for (int c = 0; c < channels; c++) planes[z * channels + c] = s[c];
				}
				final Calibration cal = new Calibration();
				cal.pixelWidth = r.voxelSize[0];
				cal.pixelHeight = r.voxelSize[1];
				cal.pixelDepth = r.voxelSize[2];
				cal.setUnit(KspaceFiles.isCfl(kspace) ? "pixel" : "mm");
				final String title = kspace.getFileName().toString().replaceFirst("\\.[^.]*$", "") + "-mri";
				ImageFiles.saveFloatTiff(output, r.width, r.height, channels, r.depth, 1, planes, cal, title);
			}
			System.err.println(String.format(Locale.ROOT, "Wrote %s (%.1f s)", cflOut ? BartCfl.data(output) + " and " + BartCfl.header(output) : output, r.seconds));
		}
	}
}
