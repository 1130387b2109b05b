/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.ImageStack;
import sc.fiji.diffusion.isolation.EngineDoor;
import sc.fiji.diffusion.isolation.GenerateCall;
import sc.fiji.diffusion.isolation.GenerateResult;
import sc.fiji.diffusion.task.GenerateRequest;

/**
 * Plugins &gt; Diffusion &gt; Generate Samples: draws unconditional samples from a prior, to see what it
 * has learned; a new 32-bit stack in the model's normalised units (about -1 to 1). Macro:
 * {@code run("Diffusion Generate Samples", "model=fluorescence-2d count=4 width=128 height=128 steps=50 sampler=ddim seed=0");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Diffusion Generate Samples", headless = true,
	description = "Draw unconditional samples from a diffusion prior (x0Hat clipped to [-1, 1] at every step, as Ho et al. 2020; "
		+ "from t = 700 at the training patches' brightness where the bundle records it, else from pure noise)")
public final class GenerateSamplesCommand extends DiffusionCommand {

	@Parameter(label = "Model", persist = false, description = "A bundled or installed model name, or the path of a bundle .zip or SavedModel folder.")
	String model = D.model;

	@Parameter(label = "Number of samples", min = "1", persist = false)
	int count = D.count;

	@Parameter(label = "Width", min = "8", persist = false)
	int width = D.width;

	@Parameter(label = "Height", min = "8", persist = false)
	int height = D.height;

	@Parameter(label = "Steps", min = "1", persist = false, description = "Sampler steps, respaced over the model's T.")
	int steps = D.steps;

	@Parameter(label = "Sampler", choices = { "ddim", "ddpm" }, persist = false, description = "ddim: deterministic (eta 0); ddpm: ancestral.")
	String sampler = D.sampler;

	@Parameter(label = "Random seed", persist = false)
	long seed = D.seed;

	@Parameter(type = ItemIO.OUTPUT)
	ImagePlus samples;

	/** The library's defaults: what a parameter not given keeps. */
	private static final GenerateRequest D = new GenerateRequest();

	/** The request these parameters fill (the engine makes of it the request that the command line's {@code generate} fills). */
	public GenerateCall request() {
		final GenerateCall c = new GenerateCall();
		c.model = model;
		c.count = count;
		c.width = width;
		c.height = height;
		c.steps = steps;
		c.sampler = sampler;
		c.seed = seed;
		return c;
	}

	@Override
	final void runThrough(final EngineDoor engine) {
		execute("Diffusion generate", progress -> {
			final GenerateResult r = engine.generate(wired(request(), progress, "Diffusion generate "));
			final ImageStack stack = new ImageStack(r.width, r.height);
			for (int i = 0; i < r.samples.length; i++) stack.addSlice("sample " + (i + 1), r.samples[i]);
			samples = new ImagePlus(r.modelName + "-samples", stack);
			samples.resetDisplayRange();
			log.info("Diffusion generate: " + r.samples.length + " samples of " + r.width + "x" + r.height + " from " + r.modelSource);
		});
	}
}
