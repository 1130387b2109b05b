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

import sc.fiji.diffusion.imagej.MaskSources;
import sc.fiji.diffusion.isolation.MaskSpec;
import sc.fiji.diffusion.isolation.RestoreCall;

/**
 * Plugins &gt; Diffusion &gt; Inpaint: fills in missing pixels of every plane: those inside the image's
 * area selection, the NaN pixels of each plane, or the pixels where a mask file is 0 (1 = observed).
 * Macro: {@code run("Diffusion Inpaint", "model=[] method=default steps=-1 samples=-1 noise_sigma=-1 noise_type=gaussian photons=1 read_noise=0 seed=0 tile_size=-1 show_std=false missing=selection mask_file=[]");}, {@code missing=nan} or
 * {@code missing=file mask_file=/path/mask.tif}.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Diffusion Inpaint", headless = true,
	description = "Fill in missing pixels with a diffusion prior")
public final class InpaintCommand extends RestoreImageCommand {

	@Parameter(label = "Missing pixels", choices = { "selection", "nan", "file" }, persist = false,
		description = "selection: inside the area selection; nan: the NaN pixels; file: where mask_file is 0.")
	String missing = "selection";

	@Parameter(label = "Mask file", required = false, persist = false, style = "open", description = "Mask image, 1 where observed (missing=file).")
	File mask_file;

	@Override
	String task() { return "inpaint"; }

	@Override
	void fill(final RestoreCall call) throws IOException {
		switch (missing == null ? "" : missing.trim().toLowerCase(Locale.ROOT)) {
			case "selection":
				call.mask = MaskSpec.values(MaskSources.outsideSelectionValues(image), "from the selection");
				break;
			case "nan":
				call.mask = MaskSpec.nonFinite();
				break;
			case "file":
				if (path(mask_file) == null) throw new IllegalArgumentException("missing=file needs mask_file (1 where observed)");
				call.mask = MaskSpec.values(MaskSources.planeOf(path(mask_file), image.getWidth(), image.getHeight(), "image"), path(mask_file).toString());
				break;
			default: throw new IllegalArgumentException("Unknown missing '" + missing + "' (expected selection, nan or file)");
		}
	}
}
