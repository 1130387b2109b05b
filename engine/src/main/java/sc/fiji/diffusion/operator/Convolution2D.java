/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import sc.fiji.diffusion.data.Batch;

/**
 * 2D convolution with a PSF, on NHWC batches {@code [N, H, W, 1]}; see {@link Convolution} for the
 * formulas and the two boundary models. With the default {@link #padded} model a measurement of
 * {@code H x W} pixels has an unknown image of {@code (H + 2 p_y) x (W + 2 p_x)} with
 * {@code p = psfSize / 2}.
 */
public final class Convolution2D extends Convolution {

	private Convolution2D(final PointSpreadFunction psf, final int height, final int width, final boolean circular) {
		super(psf, new int[] { height, width }, circular);
	}

	/**
	 * The padded (no wrap-around) model for a {@code height x width} measurement.
	 *
	 * @throws IllegalArgumentException if the PSF is not 2D or is larger than the measurement
	 */
	public static Convolution2D padded(final PointSpreadFunction psf, final int height, final int width) {
		return new Convolution2D(psf, height, width, false);
	}

	/** The periodic model on {@code height x width} images (image = measurement size). */
	public static Convolution2D circular(final PointSpreadFunction psf, final int height, final int width) {
		return new Convolution2D(psf, height, width, true);
	}

	/** Reflection padding of a batch of measurements to the image domain (see {@link #padImage(float[], int)}). */
	public Batch padImage(final Batch measurements) {
		Operators.requireMeasurement(this, measurements);
		final int[] d = imageSize();
		return new Batch(measurements.n(), d[0], d[1], 1, padImage(measurements.data(), measurements.n()));
	}

	/** The measured region of a batch of images (e.g. the deconvolved estimate). */
	public Batch cropImage(final Batch images) {
		Operators.requireImage(this, images);
		final int[] m = measuredSize();
		return new Batch(images.n(), m[0], m[1], 1, cropImage(images.data(), images.n()));
	}
}
