/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

/**
 * What a restoration through the {@link EngineDoor} gives back: new float planes (never the input's
 * arrays), {@code image[i][x + width * y]}, one per input plane (or one for a measured k-space), the
 * posterior std planes if asked for, the method that ran and the time it took.
 */
public final class RestoreResult {

	public final int width, height;
	public final float[][] image;

	/** The calibrated posterior standard deviation, as {@link #image}; null unless asked for and computed. */
	public final float[][] std;

	/**
	 * Whether {@link #std} is calibrated (a factor fitted on held-out data, or given); false: the raw spread of
	 * the posterior samples, a lower bound of the error.
	 */
	public final boolean stdCalibrated;

	/** The id of the method that ran (the default resolved), e.g. {@code pnp}. */
	public final String method;

	public final double seconds;

	public RestoreResult(final int width, final int height, final float[][] image, final float[][] std, final boolean stdCalibrated, final String method,
		final double seconds)
	{
		this.width = width;
		this.height = height;
		this.image = image;
		this.std = std;
		this.stdCalibrated = stdCalibrated;
		this.method = method;
		this.seconds = seconds;
	}
}
