/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.volume;

/**
 * Resamples a volume to isotropic voxels of a given size, one axis at a time, along its own voxel
 * axes (a rotation in the affine is kept, not resampled).
 * <p>
 * Along an axis with {@code n} voxels of size {@code v}, the new grid has
 * {@code m = max(1, round(n v / target))} voxels of size {@code target}; with the scale
 * {@code s = target / v}, new voxel {@code j} is centred at old index {@code c_j = (j + 0.5) s - 0.5}
 * (so both grids start at the same edge). Its value is the tent-filter average
 * {@code sum_i w_i u_i / sum_i w_i} with {@code w_i = max(0, 1 - |i - c_j| / r)}, {@code r = max(1, s)},
 * over the old indices {@code i} inside the volume: linear interpolation when enlarging
 * ({@code s <= 1}) and an anti-aliasing average over about {@code s} voxels when shrinking.
 * The affine is updated so that new voxel {@code j} lies where old index {@code c_j} did.
 * All time points are resampled alike.
 */
public final class VolumeResampler {

	private VolumeResampler() {}

	/**
	 * The volume resampled to isotropic voxels of size {@code target} (in the volume's unit); the
	 * volume itself when its voxels already have that size.
	 *
	 * @throws IllegalArgumentException if {@code target} is not positive and finite
	 */
	public static Volume isotropic(final Volume volume, final double target) {
		if (!(target > 0) || Double.isInfinite(target))
			throw new IllegalArgumentException("Target voxel size must be positive, got " + target);
		final double[] sizes = volume.voxelSizes();
		int[] n = { volume.nx(), volume.ny(), volume.nz() };
		final double[] t = { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 };
		float[] data = volume.data();
		boolean changed = false;
		for (int axis = 0; axis < 3; axis++) {
			final double s = target / sizes[axis];
			final int m = (int) Math.max(1, Math.round(n[axis] * sizes[axis] / target));
			if (Math.abs(s - 1) < 1e-9 && m == n[axis]) continue;
			data = resampleAxis(data, n, volume.nt(), axis, m, s);
			n[axis] = m;
			t[5 * axis] = s;
			t[4 * axis + 3] = 0.5 * s - 0.5;
			changed = true;
		}
		if (!changed) return volume;
		return new Volume(n[0], n[1], n[2], volume.nt(), data, new double[] { target, target, target }, volume.unit(),
			Affines.multiply(volume.affine(), t));
	}

	private static float[] resampleAxis(final float[] src, final int[] n, final int nt, final int axis, final int m, final double s) {
		final int len = n[axis];
		final int stride = axis == 0 ? 1 : axis == 1 ? n[0] : n[0] * n[1];
		final int[] newN = n.clone();
		newN[axis] = m;
		final int newStride = axis == 0 ? 1 : axis == 1 ? newN[0] : newN[0] * newN[1];
		// weights per new index
		final double r = Math.max(1, s);
		final int[] first = new int[m];
		final double[][] weights = new double[m][];
		for (int j = 0; j < m; j++) {
			final double c = (j + 0.5) * s - 0.5;
			final int lo = Math.max(0, (int) Math.ceil(c - r + 1e-12));
			final int hi = Math.min(len - 1, (int) Math.floor(c + r - 1e-12));
			double sum = 0;
			final double[] w = new double[Math.max(0, hi - lo + 1)];
			for (int i = lo; i <= hi; i++) {
				w[i - lo] = Math.max(0, 1 - Math.abs(i - c) / r);
				sum += w[i - lo];
			}
			if (sum <= 0) { // the centre lies beyond the last voxel: take the nearest one
				first[j] = Math.min(len - 1, Math.max(0, (int) Math.round(c)));
				weights[j] = new double[] { 1 };
				continue;
			}
			for (int i = 0; i < w.length; i++) w[i] /= sum;
			first[j] = lo;
			weights[j] = w;
		}
		// lines along the axis: "outer" index over everything else
		final int inner = stride; // contiguous block below the axis
		final long outerL = (long) src.length / ((long) len * inner);
		final int outer = (int) outerL;
		final float[] dst = new float[outer * m * inner];
		for (int o = 0; o < outer; o++) {
			final int srcBase = o * len * inner, dstBase = o * m * inner;
			for (int j = 0; j < m; j++) {
				final double[] w = weights[j];
				final int f = first[j];
				final int dstRow = dstBase + j * newStride;
				for (int q = 0; q < inner; q++) {
					double acc = 0;
					int p = srcBase + f * stride + q;
					for (int i = 0; i < w.length; i++, p += stride)
						acc += w[i] * src[p];
					dst[dstRow + q] = (float) acc;
				}
			}
		}
		return dst;
	}
}
