/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.volume;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Reorientation to RAS on every axis permutation and flip, with world positions checked voxel by voxel. */
class CanonicalOrientationTest {

	private static final int[][] PERMUTATIONS = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };

	/** Affine whose voxel axis j points along world axis perm[j] with sign, size, a small rotation about z and an offset. */
	private static double[] affine(final int[] perm, final int signs, final double[] sizes) {
		final double[] m = new double[16];
		for (int j = 0; j < 3; j++)
			m[4 * perm[j] + j] = ((signs >> j & 1) == 1 ? -1 : 1) * sizes[j];
		final double c = Math.cos(0.2), s = Math.sin(0.2); // 11 degrees: still closest to the same axes
		final double[] rotated = new double[16];
		for (int j = 0; j < 3; j++) {
			rotated[j] = c * m[j] - s * m[4 + j];
			rotated[4 + j] = s * m[j] + c * m[4 + j];
			rotated[8 + j] = m[8 + j];
		}
		rotated[3] = 5;
		rotated[7] = -7;
		rotated[11] = 11;
		rotated[15] = 1;
		return rotated;
	}

	private static double[] world(final double[] a, final int i, final int j, final int k) {
		return new double[] { a[0] * i + a[1] * j + a[2] * k + a[3], a[4] * i + a[5] * j + a[6] * k + a[7], a[8] * i + a[9] * j + a[10] * k + a[11] };
	}

	@Test
	void everyPermutationAndFlipBecomesRasWithVoxelsInPlace() {
		final int nx = 4, ny = 3, nz = 2, nt = 2;
		final float[] data = new float[nx * ny * nz * nt];
		for (int i = 0; i < data.length; i++) data[i] = i;
		final double[] sizes = { 1, 2, 3 };
		for (final int[] perm : PERMUTATIONS)
			for (int signs = 0; signs < 8; signs++) {
				final Volume v = new Volume(nx, ny, nz, nt, data, sizes, "mm", affine(perm, signs, sizes));
				final Volume r = CanonicalOrientation.toRas(v);
				final String what = "perm " + java.util.Arrays.toString(perm) + " signs " + signs + " (" + v.orientation() + ")";
				assertEquals("RAS", r.orientation(), what);
				assertEquals(nt, r.nt());
				final double[] a = v.affine(), b = r.affine();
				for (int j = 0; j < 3; j++) {
					// voxel size follows its axis
					final int newAxis = perm[j];
					assertEquals(sizes[j], r.voxelSizes()[newAxis], what);
				}
				for (int t = 0; t < nt; t++)
					for (int z = 0; z < r.nz(); z++)
						for (int y = 0; y < r.ny(); y++)
							for (int x = 0; x < r.nx(); x++) {
								final int old = (int) r.get(x, y, z, t) - t * nx * ny * nz;
								final int oi = old % nx, oj = old / nx % ny, ok = old / (nx * ny);
								assertArrayEquals(world(a, oi, oj, ok), world(b, x, y, z), 1e-9, what);
							}
			}
	}

	@Test
	void rasVolumeIsReturnedAsItIs() {
		final Volume v = new Volume(2, 2, 2, 1, new float[8], new double[] { 1, 1, 1 }, "mm", affine(PERMUTATIONS[0], 0, new double[] { 1, 1, 1 }));
		assertSame(v, CanonicalOrientation.toRas(v));
		assertTrue(CanonicalOrientation.isRas(v));
	}

	@Test
	void axisCodes() {
		assertEquals("LPS", CanonicalOrientation.axisCodes(new double[] { -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 }));
		assertEquals("SRA", CanonicalOrientation.axisCodes(new double[] { 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1 }));
		assertThrows(IllegalArgumentException.class,
			() -> CanonicalOrientation.axisCodes(new double[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 }));
	}
}
