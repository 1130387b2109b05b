/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.command;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.thread.ThreadService;

import ij.ImagePlus;

/**
 * A batch-mode macro's command restores the macro's current image. imagej-legacy's {@code
 * ActiveImagePlusPreprocessor} (priority {@code VERY_HIGH + 1}) fills an image input that the macro line
 * leaves unnamed with {@code WindowManager.getCurrentImage()}, asked on the command's own thread, which has
 * no current image of its own: ImageJ then answers with the front image window a user has open on the
 * screen, before the macro's batch-mode images, and the macro would restore that window instead of the file
 * it opened. For this plugin's commands run by a macro in batch mode ({@link MacroCaller}), this
 * preprocessor runs just before it and fills such an input with the macro's current image ({@link
 * MacroCaller#batchModeImage}); an image the line names ({@code image=title}, resolved by imagej-legacy's
 * {@code MacroPreprocessor}, priority {@code 2 VERY_HIGH}) is left as it is.
 */
@Plugin(type = PreprocessorPlugin.class, priority = Priority.VERY_HIGH + 2)
public final class MacroImageInput extends AbstractPreprocessorPlugin {

	@Parameter(required = false)
	private ModuleService modules;

	@Parameter(required = false)
	private ThreadService threads;

	@Override
	public void process(final Module module) {
		if (!(module.getDelegateObject() instanceof DiffusionCommand) || modules == null || MacroCaller.of(threads) == null) return;
		final ModuleItem<ImagePlus> input = modules.getSingleInput(module, ImagePlus.class);
		final ImagePlus imp = MacroCaller.batchModeImage();
		if (input == null || !input.isAutoFill() || imp == null) return;
		module.setInput(input.getName(), imp);
		module.resolveInput(input.getName());
	}
}
