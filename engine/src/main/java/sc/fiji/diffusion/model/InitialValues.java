/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.util.Arrays;

import sc.fiji.diffusion.data.GaussianNoise;

/** Initial parameter values by {@link ParameterSource.Init} rule. */
final class InitialValues {

	private InitialValues() {}

	static float[] draw(final long[] shape, final ParameterSource.Init init, final long fanIn, final long seed) {
		final float[] values = new float[(int) Arrays.stream(shape).reduce(1, (x, y) -> x * y)];
		switch (init) {
			case ONE:
				Arrays.fill(values, 1f);
				break;
			case ZERO:
				break;
			case FAN_IN:
				GaussianNoise.fill(values, seed);
				final float std = (float) Math.sqrt(1.0 / fanIn);
				for (int k = 0; k < values.length; k++) values[k] *= std;
				break;
		}
		return values;
	}
}
