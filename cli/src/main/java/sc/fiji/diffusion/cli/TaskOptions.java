/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import picocli.CommandLine.ParseResult;
import sc.fiji.diffusion.task.Restoration.Task;

/**
 * The options of {@code restore} that belong to some tasks only. One given to another task is refused
 * with the tasks it belongs to, instead of being ignored: {@code --task denoise --psf-sigma 2} most likely
 * meant a deconvolution.
 */
final class TaskOptions {

	private static final Map<String, Set<Task>> OWNERS = new LinkedHashMap<>();

	static {
		for (final String o : new String[] { "--psf", "--psf-sigma", "--psf-sigma-z", "--na", "--wavelength", "--pixel-size", "--refractive-index" })
			OWNERS.put(o, EnumSet.of(Task.DECONVOLVE));
		for (final String o : new String[] { "--kspace", "--mask", "--simulate", "--mask-type", "--acceleration", "--mask-seed", "--coil-maps", "--image-model",
			"--mri-output" })
			OWNERS.put(o, EnumSet.of(Task.MRI));
		OWNERS.put("--inpaint-mask", EnumSet.of(Task.INPAINT));
		OWNERS.put("--factor", EnumSet.of(Task.SR));
	}

	private TaskOptions() {}

	/** Throws if the command line gave an option that does not belong to {@code task}. */
	static void requireOwnedBy(final ParseResult given, final Task task) {
		for (final Map.Entry<String, Set<Task>> e : OWNERS.entrySet())
			if (!e.getValue().contains(task) && given.hasMatchedOption(e.getKey()))
				throw new IllegalArgumentException(e.getKey() + " is an option of --task " + e.getValue().stream().map(Task::id).collect(Collectors.joining(" or "))
					+ ", not of " + task.id() + ": leave it out, or choose that task");
	}
}
