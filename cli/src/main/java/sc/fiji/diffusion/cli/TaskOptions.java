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
 * The options of {@code restore} that belong to some tasks only, or act only together with another. One
 * given to another task is refused with the tasks it belongs to, instead of being ignored: {@code --task
 * denoise --psf-sigma 2} most likely meant a deconvolution. Likewise one given without the option it
 * acts with ({@link #requireCompanions}): {@code --read-noise} without {@code --photons}.
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

	/** Each option that acts only with another: the option, what it belongs to, and the options of which one must be given. */
	private static final String[][] COMPANIONS = {
		{ "--psf-sigma-z", "a 3D Gaussian PSF", "--psf-sigma" },
		{ "--pixel-size", "a Born-Wolf PSF", "--na", "--wavelength" },
		{ "--refractive-index", "a Born-Wolf PSF", "--na", "--wavelength" },
		{ "--read-noise", "camera (Poisson-Gaussian) noise", "--photons" },
		{ "--mask-type", "simulated undersampling", "--simulate" },
		{ "--acceleration", "simulated undersampling", "--simulate" },
		{ "--mask-seed", "simulated undersampling", "--simulate" } };

	/** The simulated pattern's options, which a given {@code --mask} replaces. */
	private static final String[] SIMULATED_PATTERN = { "--mask-type", "--acceleration", "--mask-seed" };

	private TaskOptions() {}

	/**
	 * Throws if the command line gave an option without the one it acts with ({@link #COMPANIONS}), or the
	 * simulated pattern's options together with {@code --mask}, which replaces the pattern: such an option
	 * would be ignored.
	 */
	static void requireCompanions(final ParseResult given) {
		for (final String[] c : COMPANIONS) {
			if (!given.hasMatchedOption(c[0])) continue;
			boolean with = false;
			for (int k = 2; k < c.length; k++) with |= given.hasMatchedOption(c[k]);
			if (!with) throw new IllegalArgumentException(c[0] + " belongs to " + c[1] + " (" + String.join(", ", java.util.Arrays.copyOfRange(c, 2, c.length))
				+ ") and does nothing without it: leave it out, or give that");
		}
		if (given.hasMatchedOption("--mask"))
			for (final String o : SIMULATED_PATTERN)
				if (given.hasMatchedOption(o))
					throw new IllegalArgumentException(o + " shapes the simulated sampling pattern, which --mask replaces: leave out one of them");
	}

	/** Throws if the command line gave an option that does not belong to {@code task}. */
	static void requireOwnedBy(final ParseResult given, final Task task) {
		for (final Map.Entry<String, Set<Task>> e : OWNERS.entrySet())
			if (!e.getValue().contains(task) && given.hasMatchedOption(e.getKey()))
				throw new IllegalArgumentException(e.getKey() + " is an option of --task " + e.getValue().stream().map(Task::id).collect(Collectors.joining(" or "))
					+ ", not of " + task.id() + ": leave it out, or choose that task");
	}
}
