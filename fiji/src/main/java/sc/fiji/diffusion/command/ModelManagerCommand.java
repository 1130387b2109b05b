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

import sc.fiji.diffusion.isolation.EngineDoor;

/**
 * Plugins &gt; Diffusion &gt; Model Manager: lists the bundled and installed models, installs a model
 * bundle (.zip) or TensorFlow SavedModel (folder or .zip) under a name, and shows a model's provenance
 * (its config.json: architecture, schedule, training command, data source, steps, time, final loss).
 * Installed models live in the folder named by the system property {@code diffusion.models.dir}, the
 * environment variable {@code DIFFUSION_FIJI_MODELS}, or {@code ~/.diffusion-fiji/models}. Macro:
 * {@code run("Diffusion Model Manager", "action=list model=[] file=[]");},
 * {@code run("Diffusion Model Manager", "action=install file=/path/my-prior.zip model=my-prior");},
 * {@code run("Diffusion Model Manager", "action=show model=fluorescence-2d file=[]");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Diffusion Model Manager", headless = true,
	description = "List, install and inspect diffusion priors")
public final class ModelManagerCommand extends DiffusionCommand {

	@Parameter(label = "Action", choices = { "list", "show", "install" }, persist = false)
	String action = "list";

	@Parameter(label = "Model", required = false, persist = false, description = "show: a model name or path; install: the name to install under.")
	String model = "";

	@Parameter(label = "File", required = false, persist = false, description = "install: the bundle .zip, SavedModel folder or zip.")
	File file;

	@Parameter(type = ItemIO.OUTPUT, label = "Models")
	String report;

	@Override
	final void runThrough(final EngineDoor engine) {
		execute("Diffusion models", progress -> {
			switch (action == null ? "" : action.trim().toLowerCase(Locale.ROOT)) {
				case "list":
					report = engine.listModels();
					break;
				case "show":
					if (model == null || model.trim().isEmpty()) throw new IllegalArgumentException("action=show needs model (a name or path)");
					report = engine.showModel(model.trim());
					break;
				case "install":
					if (path(file) == null) throw new IllegalArgumentException("action=install needs file (a bundle .zip or SavedModel)");
					report = engine.installModel(file.toString(), model == null || model.trim().isEmpty() ? file.getName().replaceFirst("\\.zip$", "") : model.trim());
					break;
				default: throw new IllegalArgumentException("Unknown action '" + action + "' (expected list, show or install)");
			}
			log.info(report.trim());
		});
	}
}
