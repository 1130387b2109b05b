/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.classical;

/** The shape check of the classical methods, which take a plane as a row-major {@code float[height * width]}. */
public final class PlaneShape {

	private PlaneShape() {}

	/** @throws IllegalArgumentException unless {@code v} holds {@code h * w} values; {@code what} names it in the message */
	public static void require(final float[] v, final int h, final int w, final String what) {
		if (v.length != (long) h * w) throw new IllegalArgumentException("The " + what + " has " + v.length + " values, expected " + w + "x" + h);
	}
}
