/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.macro;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.scijava.Context;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;
import org.scijava.service.Service;
import org.scijava.widget.InputHarvester;

/**
 * Test stand-in, while a {@link MacroBridge} runs a macro, for what Fiji does with the inputs a macro line
 * leaves unresolved once every other preprocessor has run (at scijava's {@code FilePreprocessor} priority,
 * the input harvester's just after it). Headless: {@code FilePreprocessor}, when the only unresolved input is
 * one {@code File}, asks the headless UI for a file, which answers null, and cancels the command with an
 * empty reason; anything else keeps its default (no harvester). With Fiji's window ({@link
 * MacroBridge.Mode#GUI}) the file chooser or the harvester's dialog would open for them: the command is
 * cancelled with {@link #DIALOG} and the names, and the bridge aborts the macro.
 */
@Plugin(type = PreprocessorPlugin.class, priority = InputHarvester.PRIORITY + 0.5)
public final class DialogStandIn extends AbstractPreprocessorPlugin {

	/** The start of the cancel reason where Fiji would open a dialog. */
	public static final String DIALOG = "Fiji would open a dialog for ";

	@Override
	public void process(final Module module) {
		final MacroBridge bridge = MacroBridge.active();
		if (bridge == null) return;
		final List<ModuleItem<?>> unresolved = new ArrayList<>();
		for (final ModuleItem<?> input : module.getInfo().inputs())
			if (!module.isInputResolved(input.getName()) && !Service.class.isAssignableFrom(input.getType())
				&& !Context.class.isAssignableFrom(input.getType())) unresolved.add(input);
		if (unresolved.isEmpty()) return;
		if (bridge.mode() == MacroBridge.Mode.GUI) {
			final List<String> names = new ArrayList<>();
			for (final ModuleItem<?> i : unresolved) names.add(i.getName());
			cancel(DIALOG + String.join(", ", names) + ": the macro line does not resolve them");
		}
		else if (unresolved.size() == 1 && File.class.isAssignableFrom(unresolved.get(0).getType())) cancel("");
	}
}
