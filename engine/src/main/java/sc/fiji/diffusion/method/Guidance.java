/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.method;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

import sc.fiji.diffusion.schedule.NoiseSchedule;

/**
 * How a method pulls one reverse-diffusion step towards a measurement y = A x + n: it builds x_next from
 * the {@link StepTensors} of the graph, and gives the two method parameters p0, p1 of each step.
 * Implementations are the methods (DPS, DiffPIR, ...); the loop is always the one {@link
 * sc.fiji.diffusion.sampler.Sampler}.
 */
public interface Guidance {

	/** x_next in the graph. */
	Operand<TFloat32> next(StepTensors s);

	/** The method's parameters {p0, p1} for the step t -> tNext. */
	double[] parameters(NoiseSchedule schedule, int t, int tNext);

	String name();
}
