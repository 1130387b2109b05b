/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.Roi;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.Masks;

/**
 * The masks a user can give (1 = observed or sampled): a mask image file, a simulated k-space sampling
 * pattern, or the pixels outside an image's selection.
 */
public final class MaskSources {

	private MaskSources() {}

	/** Centre fraction of the variable-density Cartesian masks. */
	public static final double CENTRE_FRACTION = 0.08;

	/**
	 * A single-plane mask image, {@code width x height}, of two values: 0 where missing, 1 (or 255) where observed
	 * ({@link Masks#fromImage}).
	 *
	 * @param what what the mask must match, for the message ("k-space", "input image")
	 */
	public static Mask fromFile(final Path file, final int width, final int height, final String what) throws IOException {
		return Masks.fromImage(planeOf(file, width, height, what), height, width, file.toString());
	}

	/**
	 * The values of a single-plane mask image, {@code width x height}, {@code [x + width * y]}.
	 *
	 * @param what what the mask must match, for the message ("k-space", "input image")
	 * @throws IllegalArgumentException if the file has several planes or another size
	 */
	public static float[] planeOf(final Path file, final int width, final int height, final String what) throws IOException {
		final ImagePlus mi = ImageFiles.open(file);
		if (mi.getStackSize() != 1) throw new IllegalArgumentException("The mask " + file + " must be a single plane, got " + mi.getStackSize());
		if (mi.getWidth() != width || mi.getHeight() != height)
			throw new IllegalArgumentException("The mask " + file + " (" + mi.getWidth() + "x" + mi.getHeight() + ") does not match the " + what + " ("
				+ width + "x" + height + ")");
		return ImageFiles.planes(mi)[0];
	}

	/**
	 * A k-space sampling mask for retrospective undersampling: {@code cartesian} (variable-density random
	 * lines, fully sampled centre), {@code equispaced} (every R-th line plus the centre) or {@code poisson}
	 * (2D variable-density Poisson disc).
	 */
	public static Mask simulated(final String type, final double acceleration, final long seed, final int width, final int height) {
		if (!(acceleration >= 1)) throw new IllegalArgumentException("The acceleration must be >= 1, got " + acceleration);
		switch (type.trim().toLowerCase(Locale.ROOT)) {
			case "cartesian": return Masks.cartesianVariableDensity(height, width, acceleration, CENTRE_FRACTION, seed);
			case "equispaced":
				if (acceleration != Math.rint(acceleration))
					throw new IllegalArgumentException("An equispaced mask needs an integer acceleration, got " + acceleration);
				return Masks.equispaced(height, width, (int) acceleration, Math.max(1, (int) Math.round(CENTRE_FRACTION * height)));
			case "poisson": return Masks.poissonDisc2D(height, width, acceleration, seed);
			default: throw new IllegalArgumentException("Unknown mask type '" + type + "' (expected cartesian, equispaced or poisson)");
		}
	}

	/** Observed = outside the image's area selection (the selection marks the pixels to restore). */
	public static Mask outsideSelection(final ImagePlus imp) {
		return new Mask(imp.getHeight(), imp.getWidth(), outsideSelectionValues(imp));
	}

	/**
	 * The values of {@link #outsideSelection}: {@code [x + width * y]}, 1 outside the area selection, 0 inside.
	 *
	 * @throws IllegalArgumentException if the image has no area selection
	 */
	public static float[] outsideSelectionValues(final ImagePlus imp) {
		final Roi roi = imp.getRoi();
		if (roi == null || !roi.isArea()) throw new IllegalArgumentException("Image \"" + imp.getTitle() + "\" has no area selection marking the pixels to inpaint");
		final int w = imp.getWidth(), h = imp.getHeight();
		final float[] m = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) m[y * w + x] = roi.contains(x, y) ? 0 : 1;
		return m;
	}
}
