/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

/**
 * 3D convolution with a 3D PSF, on batches of volumes {@code [N, D, H, W, 1]} (FFT3D over D, H, W);
 * see {@link Convolution} for the formulas and the two boundary models. With the default
 * {@link #padded} model a measurement of {@code D x H x W} voxels has an unknown volume of
 * {@code (D + 2 p_z) x (H + 2 p_y) x (W + 2 p_x)} with {@code p = psfSize / 2} per axis. Volumes are
 * passed to the Java helpers as float arrays, z slowest and x fastest.
 */
public final class Convolution3D extends Convolution {

	private Convolution3D(final PointSpreadFunction psf, final int depth, final int height, final int width, final boolean circular) {
		super(psf, new int[] { depth, height, width }, circular);
	}

	/**
	 * The padded (no wrap-around) model for a {@code depth x height x width} measurement.
	 *
	 * @throws IllegalArgumentException if the PSF is not 3D or is larger than the measurement
	 */
	public static Convolution3D padded(final PointSpreadFunction psf, final int depth, final int height, final int width) {
		return new Convolution3D(psf, depth, height, width, false);
	}

	/** The periodic model on {@code depth x height x width} volumes (image = measurement size). */
	public static Convolution3D circular(final PointSpreadFunction psf, final int depth, final int height, final int width) {
		return new Convolution3D(psf, depth, height, width, true);
	}
}
