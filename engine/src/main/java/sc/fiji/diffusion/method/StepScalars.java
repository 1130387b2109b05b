/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.method;

import sc.fiji.diffusion.schedule.NoiseSchedule;
import sc.fiji.diffusion.schedule.StepCoefficients;

/**
 * The named per-step scalars fed to a guided step graph as one vector (one feed per step): the Java side
 * writes each at its slot with {@link #of}, the graph reads it back by name ({@link StepTensors}); the
 * ordinal is the position, so the two cannot disagree.
 */
enum StepScalars {
	/** a, b, c of the plain update x_next = a x + b eps + c z. */
	A, B, C,
	/** sqrt(abar_t), sqrt(1 - abar_t). */
	SQRT_ALPHA_BAR, SQRT_ONE_MINUS_ALPHA_BAR,
	/** sqrt(abar_tNext), sqrt(1 - abar_tNext) (1 and 0 after the last step). */
	SQRT_ALPHA_BAR_NEXT, SQRT_ONE_MINUS_ALPHA_BAR_NEXT,
	/** The method's two parameters ({@link Guidance#parameters}; each method documents its own). */
	P0, P1;

	/** The length of the vector. */
	static final int COUNT = values().length;

	/** The vector for the step t -> tNext with step coefficients k and method parameters p0, p1. */
	static float[] of(final NoiseSchedule schedule, final StepCoefficients k, final int t, final int tNext, final double p0, final double p1) {
		final double abar = schedule.alphaBar(t), abarNext = schedule.alphaBar(tNext);
		final float[] v = new float[COUNT];
		v[A.ordinal()] = (float) k.a;
		v[B.ordinal()] = (float) k.b;
		v[C.ordinal()] = (float) k.c;
		v[SQRT_ALPHA_BAR.ordinal()] = (float) Math.sqrt(abar);
		v[SQRT_ONE_MINUS_ALPHA_BAR.ordinal()] = (float) Math.sqrt(1 - abar);
		v[SQRT_ALPHA_BAR_NEXT.ordinal()] = (float) Math.sqrt(abarNext);
		v[SQRT_ONE_MINUS_ALPHA_BAR_NEXT.ordinal()] = (float) Math.sqrt(1 - abarNext);
		v[P0.ordinal()] = (float) p0;
		v[P1.ordinal()] = (float) p1;
		return v;
	}
}
