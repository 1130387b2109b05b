/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A volume (z, y, x) cut into blocks of one size (the output's chunks): block (bz, by, bx) covers
 * {@code [b * block, min((b + 1) * block, shape))} per axis. Its <i>region</i> is the block grown by a
 * halo on every side, clipped to the volume: what a block reads so that its core does not see the
 * block's edge. Blocks are numbered z slowest, x fastest.
 */
public final class BlockGrid implements Serializable {

	private static final long serialVersionUID = 1L;

	private final long[] shape;
	private final int[] block;

	/** @param shape volume (z, y, x); @param block block size (z, y, x), each at least 1 */
	public BlockGrid(final long[] shape, final int[] block) {
		if (shape.length != 3 || block.length != 3) throw new IllegalArgumentException("A block grid is 3D (z, y, x)");
		for (int d = 0; d < 3; d++)
			if (block[d] < 1 || shape[d] < 1) throw new IllegalArgumentException("Block " + Arrays.toString(block) + " and shape " + Arrays.toString(shape) + " must be positive");
		this.shape = shape.clone();
		this.block = block.clone();
	}

	public long[] shape() { return shape.clone(); }

	/** Block size (z, y, x), a copy. */
	public int[] block() { return block.clone(); }

	/** Blocks along axis d. */
	public long count(final int d) { return (shape[d] + block[d] - 1) / block[d]; }

	/** All blocks, z slowest, x fastest. */
	public List<long[]> blocks() {
		final List<long[]> out = new ArrayList<>();
		for (long z = 0; z < count(0); z++)
			for (long y = 0; y < count(1); y++)
				for (long x = 0; x < count(2); x++)
					out.add(new long[] { z, y, x });
		return out;
	}

	/** The block's linear number (z slowest). */
	public long index(final long[] b) { return (b[0] * count(1) + b[1]) * count(2) + b[2]; }

	/** The block's first voxel (z, y, x). */
	public long[] origin(final long[] b) { return new long[] { b[0] * block[0], b[1] * block[1], b[2] * block[2] }; }

	/** The block's size inside the volume (smaller than the block size at the far edges). */
	public int[] size(final long[] b) {
		final int[] s = new int[3];
		for (int d = 0; d < 3; d++) s[d] = (int) Math.min(block[d], shape[d] - b[d] * block[d]);
		return s;
	}

	/** The first voxel of the block grown by {@code halo} (z, y, x), clipped to the volume. */
	public long[] regionOrigin(final long[] b, final int[] halo) {
		final long[] o = origin(b);
		for (int d = 0; d < 3; d++) o[d] = Math.max(0, o[d] - halo[d]);
		return o;
	}

	/** The size of the block grown by {@code halo}, clipped to the volume. */
	public int[] regionSize(final long[] b, final int[] halo) {
		final long[] o = origin(b), from = regionOrigin(b, halo);
		final int[] s = size(b), out = new int[3];
		for (int d = 0; d < 3; d++) out[d] = (int) (Math.min(shape[d], o[d] + s[d] + halo[d]) - from[d]);
		return out;
	}

	/** Voxels in the volume. */
	public long voxels() { return shape[0] * shape[1] * shape[2]; }

	@Override
	public String toString() {
		return count(0) * count(1) * count(2) + " blocks of " + block[2] + "x" + block[1] + "x" + block[0] + " (x, y, z)";
	}
}
