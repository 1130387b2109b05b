/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.command;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/**
 * Plugins &gt; Diffusion &gt; Denoise: removes noise from every plane of the active image with the
 * prior's posterior mean (default) or a posterior sampler. Macro:
 * {@code run("Diffusion Denoise", "model=[] method=default steps=-1 samples=-1 noise_sigma=-1 noise_type=gaussian photons=1 read_noise=0 seed=0 tile_size=-1 show_std=false");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Diffusion Denoise", headless = true,
	description = "Denoise the active image with a diffusion prior")
public final class DenoiseCommand extends RestoreImageCommand {

	@Override
	String task() { return "denoise"; }
}
