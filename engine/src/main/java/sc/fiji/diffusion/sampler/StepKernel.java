/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.sampler;

import sc.fiji.diffusion.data.Batch;

/**
 * Executes one reverse-diffusion step of a whole batch, from timestep t to tNext (-1: the clean image):
 * the plain update of a {@link StepRule}, or one that also pulls the estimate towards a measurement.
 * The {@link Sampler} loop drives any kernel the same way.
 */
@FunctionalInterface
public interface StepKernel {

	Batch step(Batch x, int t, int tNext, long noiseSeed);
}
