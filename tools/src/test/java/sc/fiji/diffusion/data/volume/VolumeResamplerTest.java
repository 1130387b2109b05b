/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.volume;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Isotropic resampling: sizes, values of a linear ramp, and world positions. */
class VolumeResamplerTest {

	private static final double[] AFFINE = { 0.5, 0, 0, -10, 0, 0.5, 0, 20, 0, 0, 2, 3, 0, 0, 0, 1 };

	/** Values {@code x + 10 y + 100 z} in voxel units on a 20x10x4 grid of 0.5x0.5x2 voxels. */
	private static Volume ramp() {
		final int nx = 20, ny = 10, nz = 4;
		final float[] d = new float[nx * ny * nz];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++)
					d[x + nx * (y + ny * z)] = x + 10 * y + 100 * z;
		return new Volume(nx, ny, nz, 1, d, new double[] { 0.5, 0.5, 2 }, "mm", AFFINE);
	}

	@Test
	void toOneMillimetre() {
		final Volume r = VolumeResampler.isotropic(ramp(), 1);
		// x: 20 x 0.5 = 10 mm -> 10 voxels; y: 5 mm -> 5; z: 8 mm -> 8
		assertArrayEquals(new int[] { 10, 5, 8 }, new int[] { r.nx(), r.ny(), r.nz() });
		assertArrayEquals(new double[] { 1, 1, 1 }, r.voxelSizes());
		assertEquals("mm", r.unit());
		// new voxel (i, j, k) is centred at old (2i + 0.5, 2j + 0.5, (k + 0.5) / 2 - 0.5): the world positions agree
		final double[] a = r.affine();
		for (final int[] p : new int[][] { { 0, 0, 0 }, { 3, 2, 5 }, { 9, 4, 7 } }) {
			final double ox = 2 * p[0] + 0.5, oy = 2 * p[1] + 0.5, oz = (p[2] + 0.5) / 2 - 0.5;
			assertEquals(AFFINE[0] * ox + AFFINE[3], a[0] * p[0] + a[3], 1e-12);
			assertEquals(AFFINE[5] * oy + AFFINE[7], a[5] * p[1] + a[7], 1e-12);
			assertEquals(AFFINE[10] * oz + AFFINE[11], a[10] * p[2] + a[11], 1e-12);
		}
		// a linear ramp stays linear inside (the tent filter is symmetric); z is interpolated
		for (int k = 1; k < 7; k++)
			for (int j = 1; j < 4; j++)
				for (int i = 1; i < 9; i++) {
					final double expected = (2 * i + 0.5) + 10 * (2 * j + 0.5) + 100 * ((k + 0.5) / 2 - 0.5);
					assertEquals(expected, r.get(i, j, k, 0), 1e-3, i + "," + j + "," + k);
				}
	}

	@Test
	void sameSizeIsTheSameVolume() {
		final Volume v = new Volume(2, 2, 2, 1, new float[8], new double[] { 1, 1, 1 }, "mm", AFFINE);
		assertSame(v, VolumeResampler.isotropic(v, 1));
		assertThrows(IllegalArgumentException.class, () -> VolumeResampler.isotropic(v, 0));
	}
}
