/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.train;

import java.util.SplittableRandom;

import sc.fiji.diffusion.data.Batch;

/** A source of normalised training patches. */
public interface PatchSource {

	/**
	 * Draws {@code batchSize} square patches of {@code patchSize x patchSize} pixels, using only
	 * {@code rng} for randomness (so the same generator state gives the same batch).
	 *
	 * @return a new NHWC batch of shape {@code {batchSize, patchSize, patchSize, 1}} whose values
	 *         are normalised to about {@code [-1, 1]}
	 * @throws IllegalArgumentException if {@code batchSize} or {@code patchSize} is not positive,
	 *         or the source has no image large enough for {@code patchSize}
	 */
	Batch next(int batchSize, int patchSize, SplittableRandom rng);

	/** Where the patches come from, in one line, for provenance records. */
	String description();
}
