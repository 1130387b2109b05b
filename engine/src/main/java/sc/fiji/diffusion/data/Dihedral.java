/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data;

/**
 * The 8 symmetries of a square (the dihedral group D4: identity, three rotations by multiples of
 * 90 degrees, four flips), used as data augmentation.
 * <p>
 * Element {@code e} in {@code 0..7} maps the output pixel {@code (y, x)} of a
 * {@code size x size} patch to the source pixel {@code (row, col)} as follows: let
 * {@code y' = size - 1 - y} if bit 0 of {@code e} is set, else {@code y}; let
 * {@code x' = size - 1 - x} if bit 1 is set, else {@code x}; then {@code (row, col) = (x', y')}
 * (a transpose) if bit 2 is set, else {@code (y', x')}. Hence 0 is the identity, 1 a vertical
 * flip, 2 a horizontal flip, 3 a rotation by 180 degrees, 4 the transpose, 5 a rotation by 90
 * degrees counter-clockwise, 6 a rotation by 90 degrees clockwise, 7 the anti-transpose.
 */
public final class Dihedral {

	/** Number of elements of the group. */
	public static final int ORDER = 8;

	private Dihedral() {}

	/** The element that undoes {@code e}: the two 90-degree rotations (5, 6) undo each other, the rest themselves. */
	public static int inverse(final int e) {
		return e == 5 ? 6 : e == 6 ? 5 : e;
	}

	/**
	 * Element {@code e} applied to a whole {@code width x height} row-major plane; the result is
	 * {@code height x width} (width and height swapped) for the elements with a transpose (4..7).
	 */
	public static float[] transform(final float[] plane, final int width, final int height, final int e) {
		if (plane.length != width * height) throw new IllegalArgumentException("Expected " + width + "x" + height + " values, got " + plane.length);
		final boolean flipY = (e & 1) != 0, flipX = (e & 2) != 0, transpose = (e & 4) != 0;
		final int outW = transpose ? height : width, outH = transpose ? width : height;
		final float[] out = new float[plane.length];
		int k = 0;
		for (int y = 0; y < outH; y++) {
			final int yy = flipY ? outH - 1 - y : y;
			for (int x = 0; x < outW; x++) {
				final int xx = flipX ? outW - 1 - x : x;
				out[k++] = transpose ? plane[xx * width + yy] : plane[yy * width + xx];
			}
		}
		return out;
	}

	/** A new {@code size x size} array: element {@code e} applied to the row-major {@code square}. */
	public static float[] apply(final float[] square, final int size, final int e) {
		if (size < 1 || square.length != size * size)
			throw new IllegalArgumentException("Expected a " + size + "x" + size + " array, got " + square.length + " values");
		final float[] out = new float[size * size];
		copyPatch(square, size, size, 0, 0, size, e, out, 0);
		return out;
	}

	/**
	 * Copies the {@code size x size} patch of {@code plane} (row-major, {@code width x height})
	 * whose top-left corner is {@code (x0, y0)}, transformed by element {@code e}, into
	 * {@code out[offset .. offset + size * size)} in row-major order.
	 */
	public static void copyPatch(final float[] plane, final int width, final int height, final int x0, final int y0,
		final int size, final int e, final float[] out, final int offset)
	{
		if (e < 0 || e >= ORDER)
			throw new IllegalArgumentException("Dihedral element must be in 0.." + (ORDER - 1) + ", got " + e);
		if (size < 1 || x0 < 0 || y0 < 0 || x0 + size > width || y0 + size > height || plane.length != width * height)
			throw new IllegalArgumentException("Patch " + size + "x" + size + " at (" + x0 + ", " + y0 + ") does not fit in a " + width + "x" + height + " plane of " + plane.length + " values");
		final boolean flipY = (e & 1) != 0, flipX = (e & 2) != 0, transpose = (e & 4) != 0;
		int k = offset;
		for (int y = 0; y < size; y++) {
			final int yy = flipY ? size - 1 - y : y;
			for (int x = 0; x < size; x++) {
				final int xx = flipX ? size - 1 - x : x;
				final int row = transpose ? xx : yy, col = transpose ? yy : xx;
				out[k++] = plane[(y0 + row) * width + x0 + col];
			}
		}
	}
}
