/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.door;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import sc.fiji.diffusion.isolation.RestoreCall;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.StackProblem;
import sc.fiji.diffusion.task.TaskProblems;

/**
 * The engine's {@link StackProblem} for a {@link RestoreCall}: its planes viewed (not copied) as an image
 * [x, y, plane], the problem made by the engine's {@link TaskProblems} with the PSF or mask that the task
 * needs built from the call's specs ({@link CallInputs}).
 */
final class DoorProblems {

	private DoorProblems() {}

	/**
	 * @throws IllegalArgumentException if the call lacks what its task needs, or what it gives does not fit the image
	 * @throws IOException never from a call (its inputs are in memory); declared by {@link TaskProblems#of}
	 */
	static StackProblem of(final RestoreCall call, final Restoration.Task task) throws IOException {
		return TaskProblems.of(task, planes(call.planes, call.width, call.height), new CallInputs(call));
	}

	/** {@code planes} as an image [x, y, plane] over the same arrays. */
	static PlanarImg<FloatType, FloatArray> planes(final float[][] planes, final int width, final int height) {
		if (planes == null || planes.length == 0) throw new IllegalArgumentException("No image planes");
		final List<FloatArray> arrays = new ArrayList<>(planes.length);
		for (final float[] p : planes) {
			if (p.length != (long) width * height) throw new IllegalArgumentException("A plane has " + p.length + " values, expected " + width + "x" + height);
			arrays.add(new FloatArray(p));
		}
		final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(arrays, new long[] { width, height, planes.length }, new Fraction());
		img.setLinkedType(new FloatType(img));
		return img;
	}

	/** The planes of {@code img} [x, y, plane], its own arrays. */
	static float[][] arrays(final PlanarImg<FloatType, FloatArray> img) {
		final float[][] out = new float[img.numSlices()][];
		for (int i = 0; i < out.length; i++) out[i] = img.getPlane(i).getCurrentStorageArray();
		return out;
	}
}
