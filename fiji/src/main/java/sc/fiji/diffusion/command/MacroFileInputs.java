/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.command;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.thread.ThreadService;
import org.scijava.widget.InputHarvester;

/**
 * A macro line that leaves out only file inputs runs without a dialog. Fiji's macro recorder writes no key
 * for an empty file field (imagej-legacy's {@code MacroRecorderPostprocessor} records non-null values only),
 * and when the only inputs a line leaves unresolved are files, scijava's {@code FilePreprocessor} asks for
 * the single one with a file chooser (headless: cancels the command without a word) and the input harvester
 * for several with a dialog: a recorded Diffusion Deconvolve line with {@code psf=gaussian} would stop at
 * a chooser for {@code psf_file} or, headless, do nothing. For this plugin's commands, while a
 * macro runs, this preprocessor (just before {@code FilePreprocessor}) resolves such file inputs as they are
 * (empty: the command's default), as every other input a line leaves out keeps its default; where other
 * inputs are left unresolved too, Fiji's dialog asks for all of them as before.
 */
@Plugin(type = PreprocessorPlugin.class, priority = InputHarvester.PRIORITY + 0.75)
public final class MacroFileInputs extends AbstractPreprocessorPlugin {

	@Parameter(required = false)
	private ThreadService threads;

	@Override
	public void process(final Module module) {
		if (!(module.getDelegateObject() instanceof DiffusionCommand) || MacroCaller.of(threads) == null) return;
		final List<String> files = new ArrayList<>();
		for (final ModuleItem<?> input : module.getInfo().inputs()) {
			if (module.isInputResolved(input.getName())) continue;
			if (!File.class.isAssignableFrom(input.getType()) || input.isRequired()) return;
			files.add(input.getName());
		}
		for (final String name : files)
			module.resolveInput(name);
	}
}
