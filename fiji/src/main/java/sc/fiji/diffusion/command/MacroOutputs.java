/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.command;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPostprocessorPlugin;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.thread.ThreadService;

import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;

/**
 * A batch-mode macro gets its command's result as its current image, at once. Left to Fiji, a command's
 * image outputs are shown by scijava's {@code DisplayPostprocessor} (priority {@code VERY_LOW}) only where
 * ImageJ's window is open (headless, never: imagej-legacy issues 215, 277), and then later: imagej-legacy's
 * {@code ImagePlusDisplayViewer} is queued on the event thread ({@code AbstractUserInterface.show}), so the
 * macro may go on before the image exists, and the image becomes the event thread's current image, not the
 * macro's. For this plugin's commands run by a macro in batch mode ({@link MacroCaller}), this
 * postprocessor, just before the display, shows each image output here, in declaration order (a batch-mode
 * image, the last one the macro's last activated image), makes the last one the current image of the
 * macro's thread (ImageJ keeps one per thread), and marks the outputs resolved, so that Fiji does not show
 * them a second time. Outside batch mode Fiji shows them as windows, as always.
 */
@Plugin(type = PostprocessorPlugin.class, priority = Priority.VERY_LOW + 1)
public final class MacroOutputs extends AbstractPostprocessorPlugin {

	@Parameter(required = false)
	private ThreadService threads;

	@Override
	public void process(final Module module) {
		if (!(module.getDelegateObject() instanceof DiffusionCommand) || !Interpreter.isBatchMode()) return;
		final Thread macro = MacroCaller.of(threads);
		if (macro == null) return;
		ImagePlus last = null;
		for (final ModuleItem<?> output : module.getInfo().outputs()) {
			if (module.isOutputResolved(output.getName())) continue;
			final Object value = output.getValue(module);
			if (!(value instanceof ImagePlus)) continue;
			last = (ImagePlus) value;
			last.show();
			module.resolveOutput(output.getName());
		}
		if (last != null) WindowManager.setTempCurrentImage(macro, last);
	}
}
