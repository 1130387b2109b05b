/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import java.util.Arrays;

/**
 * A binary 2D mask of {@code height x width} pixels, row-major, 1 where a value is sampled (k-space
 * sample for MRI, observed pixel for inpainting) and 0 elsewhere. Immutable.
 * <p>
 * For k-space masks the layout is the centred one of {@link UndersampledFourier}: the DC sample is at
 * {@code (height / 2, width / 2)} (integer division) and rows are phase-encode lines.
 */
public final class Mask {

	private final int height, width;
	private final float[] values;
	private final int count;

	/**
	 * @param values {@code height * width} values, row-major, each exactly 0 or 1 (copied)
	 * @throws IllegalArgumentException for non-positive sizes, a wrong length, values other than 0 and 1,
	 *           or a mask that samples nothing
	 */
	public Mask(final int height, final int width, final float[] values) {
		if (height < 1 || width < 1) throw new IllegalArgumentException("Mask size must be positive, got " + width + "x" + height);
		if (values.length != (long) height * width)
			throw new IllegalArgumentException("Mask has " + values.length + " values, expected " + width + "x" + height + " = " + (long) height * width);
		int c = 0;
		for (int i = 0; i < values.length; i++) {
			if (values[i] != 0 && values[i] != 1)
				throw new IllegalArgumentException("Mask values must be 0 or 1, got " + values[i] + " at (" + i % width + ", " + i / width + ")");
			if (values[i] == 1) c++;
		}
		if (c == 0) throw new IllegalArgumentException("Mask of " + width + "x" + height + " samples nothing (all zeros)");
		this.height = height;
		this.width = width;
		this.values = values.clone();
		this.count = c;
	}

	/** A mask of ones. */
	public static Mask full(final int height, final int width) {
		final float[] v = new float[height * width];
		Arrays.fill(v, 1);
		return new Mask(height, width, v);
	}

	public int height() { return height; }
	public int width() { return width; }

	/** A copy of the values, row-major. */
	public float[] values() { return values.clone(); }

	/** The value at row y, column x. */
	public boolean sampled(final int y, final int x) { return values[y * width + x] == 1; }

	/** Number of ones. */
	public int sampledCount() { return count; }

	/** Fraction of pixels sampled, in (0, 1]. */
	public double sampledFraction() { return count / (double) values.length; }

	/** Acceleration R = pixels / samples (1 for a full mask). */
	public double acceleration() { return values.length / (double) count; }

	/** Throws {@link IllegalArgumentException} unless this mask has {@code height x width} pixels. */
	public Mask requireSize(final int h, final int w, final String what) {
		if (h != height || w != width)
			throw new IllegalArgumentException("Mask of " + width + "x" + height + " does not match the " + what + " of " + w + "x" + h);
		return this;
	}

	float[] array() { return values; }

	@Override
	public String toString() {
		return String.format(java.util.Locale.ROOT, "Mask[%dx%d, R=%.2f]", width, height, acceleration());
	}
}
