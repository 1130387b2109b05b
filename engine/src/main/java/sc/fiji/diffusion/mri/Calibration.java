/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.mri;

import sc.fiji.diffusion.operator.Mask;

/**
 * The fully sampled calibration region (autocalibration signal, ACS) of a k-space sampling mask: the
 * largest rectangle centred on the DC sample {@code (H/2, W/2)} in which every sample is taken, grown
 * one row or column at a time on both sides (rows first, as Cartesian masks sample whole lines).
 * Half-open bounds {@code [rowStart, rowEnd) x [colStart, colEnd)}.
 */
public final class Calibration {

	public final int rowStart, rowEnd, colStart, colEnd;

	private Calibration(final int rowStart, final int rowEnd, final int colStart, final int colEnd) {
		this.rowStart = rowStart;
		this.rowEnd = rowEnd;
		this.colStart = colStart;
		this.colEnd = colEnd;
	}

	public int rows() { return rowEnd - rowStart; }

	public int columns() { return colEnd - colStart; }

	/**
	 * @throws IllegalArgumentException if the region is smaller than {@code minSize} in either direction
	 *         (no calibration data: give coil maps instead)
	 */
	public static Calibration of(final Mask mask, final int minSize) {
		final int h = mask.height(), w = mask.width(), cy = h / 2, cx = w / 2;
		if (!mask.sampled(cy, cx)) throw new IllegalArgumentException("The DC sample is not sampled: no calibration region; give coil maps (--coil-maps)");
		int r0 = cy, r1 = cy + 1, c0 = cx, c1 = cx + 1;
		boolean grown = true;
		while (grown) {
			grown = false;
			if (r0 > 0 && full(mask, r0 - 1, r0, c0, c1)) { r0--; grown = true; }
			if (r1 < h && full(mask, r1, r1 + 1, c0, c1)) { r1++; grown = true; }
			if (c0 > 0 && full(mask, r0, r1, c0 - 1, c0)) { c0--; grown = true; }
			if (c1 < w && full(mask, r0, r1, c1, c1 + 1)) { c1++; grown = true; }
		}
		final Calibration c = new Calibration(r0, r1, c0, c1);
		if (c.rows() < Math.min(minSize, h) || c.columns() < Math.min(minSize, w))
			throw new IllegalArgumentException("The fully sampled calibration region is only " + c.columns() + "x" + c.rows() + " samples (at least " + minSize
				+ "x" + minSize + " needed to estimate coil maps); sample more central lines or give coil maps (--coil-maps)");
		return c;
	}

	private static boolean full(final Mask m, final int r0, final int r1, final int c0, final int c1) {
		for (int r = r0; r < r1; r++)
			for (int c = c0; c < c1; c++)
				if (!m.sampled(r, c)) return false;
		return true;
	}

	@Override
	public String toString() {
		return columns() + "x" + rows() + " calibration region";
	}
}
