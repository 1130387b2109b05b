/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

/**
 * A reconstructed raw MRI volume from the {@link EngineDoor}: {@code depth} slices of {@code channels}
 * planes each ({@code planes[channels * z + c][x + width * y]}), the voxel size and its unit, what was done
 * and how long it took.
 */
public final class RawMriResult {

	public final int width, height, channels, depth;
	public final float[][] planes;

	/** Voxel size in x, y, z, in {@link #unit} ({@code mm}, or {@code pixel} for BART files). */
	public final double[] voxelSize;
	public final String unit;

	/** One line: the problem and what was reconstructed. */
	public final String description;
	public final double seconds;

	public RawMriResult(final int width, final int height, final int channels, final int depth, final float[][] planes, final double[] voxelSize, final String unit,
		final String description, final double seconds)
	{
		this.width = width;
		this.height = height;
		this.channels = channels;
		this.depth = depth;
		this.planes = planes;
		this.voxelSize = voxelSize;
		this.unit = unit;
		this.description = description;
		this.seconds = seconds;
	}
}
