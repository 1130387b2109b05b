/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

/** Samples from the {@link EngineDoor}: {@code samples[i][x + width * y]} in the model's normalised units, the model's name and where it came from. */
public final class GenerateResult {

	public final int width, height;
	public final float[][] samples;
	public final String modelName, modelSource;

	public GenerateResult(final int width, final int height, final float[][] samples, final String modelName, final String modelSource) {
		this.width = width;
		this.height = height;
		this.samples = samples;
		this.modelName = modelName;
		this.modelSource = modelSource;
	}
}
