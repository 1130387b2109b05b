/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;
import sc.fiji.diffusion.io.KspaceFiles;

/** The options of {@code restore --task mri} for raw multi-coil k-space ({@code --kspace FILE.cfl|FILE.h5}). */
public final class MultiCoilOptions {

	@Option(names = "--coil-maps", description = "mri with raw k-space: coil sensitivities as a BART .cfl [readout, phase, partition, coil] "
		+ "(e.g. from bart ecalib -m1), finite and non-zero on at least " + (int) (100 * KspaceFiles.MIN_MAP_SUPPORT) + " %% of the pixels (normalised, so of any scale); "
		+ "default: estimated from the fully sampled calibration region, then refined with a first reconstruction.")
	Path coilMaps;

	@Option(names = "--image-model", description = "mri with raw k-space: how the real-valued prior sees the complex image, after the smoothed phase "
		+ "of the zero-filled image has gone into the coil maps: magnitude (a real image) or complex (the prior on its real and imaginary parts) "
		+ "(default: magnitude).")
	String imageModel;

	@Option(names = "--mri-output", defaultValue = "magnitude", description = "mri with raw k-space, TIFF output: magnitude, magnitude-phase "
		+ "(2 channels, phase in radians) or complex (2 channels: real, imaginary) (default: ${DEFAULT-VALUE}); a .cfl output is always complex.")
	String output;
}
