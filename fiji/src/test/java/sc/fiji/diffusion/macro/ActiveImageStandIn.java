/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.macro;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.WindowManager;

/**
 * Test stand-in for imagej-legacy's {@code ActiveImagePlusPreprocessor} (same priority) while a {@link
 * MacroBridge} runs a macro: the single unresolved {@code ImagePlus} input becomes {@code
 * WindowManager.getCurrentImage()}, asked on the command's own thread, as Fiji asks it. That thread has no
 * current image of its own, so ImageJ answers with its active image: the front image window (in {@link
 * MacroBridge.Mode#GUI}, {@link MacroBridge#frontWindow}), else the last batch-mode image.
 */
@Plugin(type = PreprocessorPlugin.class, priority = Priority.VERY_HIGH + 1)
public final class ActiveImageStandIn extends AbstractPreprocessorPlugin {

	@Parameter(required = false)
	private ModuleService modules;

	@Override
	public void process(final Module module) {
		final MacroBridge bridge = MacroBridge.active();
		if (bridge == null || modules == null) return;
		final ModuleItem<ImagePlus> input = modules.getSingleInput(module, ImagePlus.class);
		if (input == null || !input.isAutoFill()) return;
		final ImagePlus front = bridge.frontWindowImage();
		final ImagePlus imp = front != null ? front : WindowManager.getCurrentImage();
		if (imp == null) return;
		module.setInput(input.getName(), imp);
		module.resolveInput(input.getName());
	}
}
