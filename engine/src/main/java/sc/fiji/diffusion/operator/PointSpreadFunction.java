/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import java.util.Arrays;

/**
 * A sampled point spread function in 2D ({@code {height, width}}) or 3D ({@code {depth, height, width}}),
 * row-major (x fastest), non-negative and summing to 1, with its centre at index {@code size / 2}
 * (integer division) on every axis. Immutable; made by {@link Psfs}.
 */
public final class PointSpreadFunction {

	private final int[] dims;
	private final float[] values;

	/** Wraps already validated, normalised and centred values (not copied). */
	PointSpreadFunction(final int[] dims, final float[] values) {
		this.dims = dims.clone();
		this.values = values;
	}

	/** 2 or 3. */
	public int rank() { return dims.length; }

	/** The size per axis, {@code {height, width}} or {@code {depth, height, width}}. A copy. */
	public int[] dims() { return dims.clone(); }

	/** Size along axis {@code axis} (0 = depth for 3D, height for 2D). */
	public int size(final int axis) { return dims[axis]; }

	/** A copy of the values, row-major. */
	public float[] values() { return values.clone(); }

	float[] array() { return values; }

	/** Value at the given indices (as many as the rank, slowest axis first). */
	public float get(final int... index) {
		int k = 0;
		for (int a = 0; a < dims.length; a++) k = k * dims[a] + index[a];
		return values[k];
	}

	/** The size as an image's, fastest axis first: {@code 17x17}, or {@code 11x11x3} for a 3D PSF. */
	public String sizeText() {
		final StringBuilder b = new StringBuilder();
		for (int a = dims.length - 1; a >= 0; a--) b.append(dims[a]).append(a > 0 ? "x" : "");
		return b.toString();
	}

	@Override
	public String toString() { return "PSF[" + sizeText() + "]"; }

	@Override
	public boolean equals(final Object o) {
		return o instanceof PointSpreadFunction && Arrays.equals(dims, ((PointSpreadFunction) o).dims)
			&& Arrays.equals(values, ((PointSpreadFunction) o).values);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(dims) + Arrays.hashCode(values);
	}
}
