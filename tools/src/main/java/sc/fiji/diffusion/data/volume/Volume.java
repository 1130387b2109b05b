/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.volume;

import java.util.Arrays;
import java.util.Locale;

/**
 * A 3D or 4D image on a regular voxel grid with its placement in world space, as read from a
 * NIfTI file.
 * <ul>
 * <li>{@code nx, ny, nz, nt}: grid size; {@code nt} is the number of 3D volumes (time points),
 * 1 for a 3D image.</li>
 * <li>{@link #data()}: the values, voxel {@code (x, y, z, t)} at index
 * {@code x + nx (y + ny (z + nz t))} (x fastest, as NIfTI stores them).</li>
 * <li>{@link #voxelSizes()}: the size of a voxel along x, y, z (positive), in {@link #unit()}.</li>
 * <li>{@link #affine()}: the 4x4 voxel-to-world matrix {@code A} (row-major): voxel indices
 * {@code (i, j, k)} lie at world coordinates {@code (A (i, j, k, 1)^T)[0..2]}. World space is RAS+
 * as in NIfTI: +x towards the subject's Right, +y Anterior, +z Superior.</li>
 * </ul>
 * Immutable, except that {@link #data()} returns the array itself (volumes are large): callers must
 * not modify it.
 */
public final class Volume {

	private final int nx, ny, nz, nt;
	private final float[] data;
	private final double[] voxelSizes;
	private final String unit;
	private final double[] affine;

	/**
	 * @param data values, x fastest; kept, not copied
	 * @param voxelSizes 3 positive finite sizes (x, y, z)
	 * @param unit spatial unit ("mm", "micron", "m"), or "" when unknown
	 * @param affine 16 finite values, row-major, last row (0, 0, 0, 1)
	 * @throws IllegalArgumentException if sizes and data do not match or a value is invalid
	 */
	public Volume(final int nx, final int ny, final int nz, final int nt, final float[] data, final double[] voxelSizes,
		final String unit, final double[] affine)
	{
		if (nx < 1 || ny < 1 || nz < 1 || nt < 1)
			throw new IllegalArgumentException("Volume size must be positive, got " + nx + "x" + ny + "x" + nz + "x" + nt);
		if (data == null || (long) nx * ny * nz * nt != data.length)
			throw new IllegalArgumentException("Volume " + nx + "x" + ny + "x" + nz + "x" + nt + " needs " + ((long) nx * ny * nz * nt)
				+ " values, got " + (data == null ? "none" : data.length));
		if (voxelSizes == null || voxelSizes.length != 3)
			throw new IllegalArgumentException("Expected 3 voxel sizes");
		for (final double v : voxelSizes)
			if (!(v > 0) || Double.isInfinite(v))
				throw new IllegalArgumentException("Voxel sizes must be positive and finite, got " + Arrays.toString(voxelSizes));
		if (affine == null || affine.length != 16)
			throw new IllegalArgumentException("Expected a 4x4 affine (16 values)");
		for (final double a : affine)
			if (!Double.isFinite(a)) throw new IllegalArgumentException("Affine has a non-finite value: " + Arrays.toString(affine));
		if (affine[12] != 0 || affine[13] != 0 || affine[14] != 0 || affine[15] != 1)
			throw new IllegalArgumentException("Affine's last row must be (0, 0, 0, 1): " + Arrays.toString(affine));
		this.nx = nx;
		this.ny = ny;
		this.nz = nz;
		this.nt = nt;
		this.data = data;
		this.voxelSizes = voxelSizes.clone();
		this.unit = unit == null ? "" : unit;
		this.affine = affine.clone();
	}

	public int nx() { return nx; }

	public int ny() { return ny; }

	public int nz() { return nz; }

	/** Number of 3D volumes (time points); 1 for a 3D image. */
	public int nt() { return nt; }

	/** Voxels per 3D volume: {@code nx ny nz}. */
	public int voxelsPerVolume() {
		return nx * ny * nz;
	}

	/** The values (x fastest, then y, z, t): the volume's own array, not a copy. Do not modify. */
	public float[] data() {
		return data;
	}

	/** The value at voxel {@code (x, y, z, t)}. */
	public float get(final int x, final int y, final int z, final int t) {
		return data[x + nx * (y + ny * (z + nz * t))];
	}

	/** Voxel sizes along x, y, z (a copy). */
	public double[] voxelSizes() {
		return voxelSizes.clone();
	}

	/** Spatial unit of the voxel sizes and the affine: "mm", "micron", "m", or "" when unknown. */
	public String unit() {
		return unit;
	}

	/** The 4x4 voxel-to-world matrix, row-major (a copy). */
	public double[] affine() {
		return affine.clone();
	}

	/** Orientation codes of the voxel axes, e.g. "RAS" or "LAS": see {@link CanonicalOrientation#axisCodes}. */
	public String orientation() {
		return CanonicalOrientation.axisCodes(affine);
	}

	/**
	 * The 3D volume at time point {@code t}: a copy of its values with the same geometry; this
	 * volume itself when it is 3D.
	 *
	 * @throws IndexOutOfBoundsException if {@code t} is not in {@code [0, nt)}
	 */
	public Volume volume(final int t) {
		if (t < 0 || t >= nt)
			throw new IndexOutOfBoundsException("Volume index " + t + " is out of range: this image has " + nt + (nt == 1 ? " volume" : " volumes"));
		if (nt == 1) return this;
		final int n = voxelsPerVolume();
		return new Volume(nx, ny, nz, 1, Arrays.copyOfRange(data, t * n, (t + 1) * n), voxelSizes, unit, affine);
	}

	/** A new volume with the same grid and geometry and other values. */
	public Volume withData(final float[] values) {
		return new Volume(nx, ny, nz, nt, values, voxelSizes, unit, affine);
	}

	@Override
	public String toString() {
		final String u = unit.isEmpty() ? "(unit unknown)" : unit;
		return String.format(Locale.ROOT, "%dx%dx%d%s voxels of %sx%sx%s %s, %s", nx, ny, nz, nt > 1 ? "x" + nt : "",
			trim(voxelSizes[0]), trim(voxelSizes[1]), trim(voxelSizes[2]), u, orientation());
	}

	private static String trim(final double v) {
		final String s = String.format(Locale.ROOT, "%.4f", v);
		return s.replaceFirst("\\.?0+$", "");
	}
}
