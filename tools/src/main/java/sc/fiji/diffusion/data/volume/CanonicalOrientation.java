/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.volume;

/**
 * Orientation of a voxel grid relative to RAS+ world space, and reorientation to the canonical
 * RAS+ voxel order (like nibabel's {@code as_closest_canonical}).
 * <p>
 * <b>Closest axes.</b> Column {@code j} of the affine's 3x3 part is the world direction of voxel
 * axis {@code j}. Each column is divided by its length; then, three times, the entry of largest
 * magnitude among the world axes (rows) and voxel axes (columns) not yet assigned assigns that
 * voxel axis to that world axis, with the entry's sign. (nibabel first replaces the matrix by the
 * closest orthogonal one; for the rotations and mild shears of real scans both agree.)
 * <p>
 * <b>Codes.</b> A voxel axis along world +x is "R" (values increase towards the subject's Right),
 * -x "L", +y "A", -y "P", +z "S", -z "I". A grid whose codes are "RAS" is canonical: index x runs
 * from the subject's left to right, y from posterior to anterior, z from inferior to superior.
 * <p>
 * <b>Reorientation</b> ({@link #toRas}) permutes and flips the voxel axes (no interpolation) so
 * that the codes become "RAS"; voxel sizes follow their axes and the affine is updated so that
 * every voxel keeps its world position. A rotation away from the closest axes (an oblique scan) is
 * kept in the affine, not resampled.
 */
public final class CanonicalOrientation {

	private static final String POSITIVE = "RAS", NEGATIVE = "LPI";

	private CanonicalOrientation() {}

	/**
	 * For each voxel axis {@code j}, the world axis {@code 0..2} (x, y, z) it is closest to, as
	 * {@code axis[j]}, and the direction {@code +1} or {@code -1} as {@code sign[j]}: returned as
	 * {@code {axis0, axis1, axis2, sign0, sign1, sign2}}.
	 *
	 * @throws IllegalArgumentException if a voxel axis has no direction (a zero column)
	 */
	public static int[] closestAxes(final double[] affine) {
		final double[][] m = new double[3][3];
		for (int j = 0; j < 3; j++) {
			final double norm = Math.sqrt(sq(affine[j]) + sq(affine[4 + j]) + sq(affine[8 + j]));
			if (!(norm > 0) || !Double.isFinite(norm))
				throw new IllegalArgumentException("Voxel axis " + j + " has no direction in the affine (its column is zero or not finite)");
			for (int i = 0; i < 3; i++)
				m[i][j] = affine[4 * i + j] / norm;
		}
		final int[] out = new int[6];
		final boolean[] rowUsed = new boolean[3], colUsed = new boolean[3];
		for (int step = 0; step < 3; step++) {
			int bi = -1, bj = -1;
			double best = -1;
			for (int i = 0; i < 3; i++)
				for (int j = 0; j < 3; j++)
					if (!rowUsed[i] && !colUsed[j] && Math.abs(m[i][j]) > best) {
						best = Math.abs(m[i][j]);
						bi = i;
						bj = j;
					}
			rowUsed[bi] = colUsed[bj] = true;
			out[bj] = bi;
			out[3 + bj] = m[bi][bj] < 0 ? -1 : 1;
		}
		return out;
	}

	/** The orientation codes of the voxel axes x, y, z, e.g. "RAS", "LAS" or "LPI". */
	public static String axisCodes(final double[] affine) {
		final int[] a = closestAxes(affine);
		final StringBuilder s = new StringBuilder(3);
		for (int j = 0; j < 3; j++)
			s.append((a[3 + j] > 0 ? POSITIVE : NEGATIVE).charAt(a[j]));
		return s.toString();
	}

	/** Whether the voxel axes of {@code volume} are already in RAS order. */
	public static boolean isRas(final Volume volume) {
		return "RAS".equals(volume.orientation());
	}

	/**
	 * The volume with its voxel axes permuted and flipped into RAS order (all time points); the
	 * volume itself when it is already RAS. New voxel {@code (a0, a1, a2)} (along R, A, S) is old
	 * voxel {@code o[j] = sign[j] > 0 ? a[axis[j]] : n[j] - 1 - a[axis[j]]} (see
	 * {@link #closestAxes}); the new affine is the old one times that index map, so world
	 * positions are unchanged.
	 */
	public static Volume toRas(final Volume volume) {
		final double[] affine = volume.affine();
		final int[] a = closestAxes(affine);
		final int[] oldN = { volume.nx(), volume.ny(), volume.nz() };
		final int[] oldStride = { 1, oldN[0], oldN[0] * oldN[1] };
		final boolean identity = a[0] == 0 && a[1] == 1 && a[2] == 2 && a[3] > 0 && a[4] > 0 && a[5] > 0;
		if (identity) return volume;

		// for new axis i: which old axis j feeds it, the old stride per new step, and the start
		final int[] newN = new int[3];
		final int[] step = new int[3];
		final double[] oldSizes = volume.voxelSizes(), newSizes = new double[3];
		long base = 0;
		// index map T (4x4, row-major) from new voxel to old voxel coordinates
		final double[] t = new double[16];
		t[15] = 1;
		for (int j = 0; j < 3; j++) {
			final int i = a[j];
			newN[i] = oldN[j];
			newSizes[i] = oldSizes[j];
			if (a[3 + j] > 0) {
				step[i] = oldStride[j];
				t[4 * j + i] = 1;
			} else {
				step[i] = -oldStride[j];
				base += (long) (oldN[j] - 1) * oldStride[j];
				t[4 * j + i] = -1;
				t[4 * j + 3] = oldN[j] - 1;
			}
		}
		final float[] src = volume.data();
		final float[] dst = new float[src.length];
		final int perVolume = volume.voxelsPerVolume();
		int k = 0;
		for (int v = 0; v < volume.nt(); v++) {
			final long vBase = base + (long) v * perVolume;
			for (int z = 0; z < newN[2]; z++)
				for (int y = 0; y < newN[1]; y++) {
					int o = (int) (vBase + (long) z * step[2] + (long) y * step[1]);
					for (int x = 0; x < newN[0]; x++, o += step[0])
						dst[k++] = src[o];
				}
		}
		return new Volume(newN[0], newN[1], newN[2], volume.nt(), dst, newSizes, volume.unit(), Affines.multiply(affine, t));
	}

	private static double sq(final double v) {
		return v * v;
	}
}
