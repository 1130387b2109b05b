/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

/**
 * The pixel grid a scene is rendered on: {@code width x height} pixels of {@code pixelSize}
 * micrometres, images stored row-major ({@code index = y * width + x}), pixel centres at integer
 * coordinates.
 */
final class Geometry {

	final int width, height;
	/** Pixel size in micrometres. */
	final double pixelSize;

	Geometry(final int width, final int height, final double pixelSize) {
		if (width < 1 || height < 1)
			throw new IllegalArgumentException("Image size must be positive, got " + width + "x" + height);
		if (!(pixelSize > 0) || !Double.isFinite(pixelSize))
			throw new IllegalArgumentException("Pixel size must be a positive number of micrometres, got " + pixelSize);
		this.width = width;
		this.height = height;
		this.pixelSize = pixelSize;
	}

	/** A length in micrometres as pixels. */
	double px(final double micrometres) {
		return micrometres / pixelSize;
	}

	/** The field of view in square micrometres. */
	double areaUm2() {
		return width * pixelSize * height * pixelSize;
	}

	int size() {
		return width * height;
	}

	float[] newImage() {
		return new float[width * height];
	}
}
