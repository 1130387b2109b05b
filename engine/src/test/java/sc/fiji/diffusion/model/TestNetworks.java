/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import sc.fiji.diffusion.data.GaussianNoise;

/** Small networks for tests: every parameter perturbed, so no layer is a trivial zero or identity. */
public final class TestNetworks {

	private TestNetworks() {}

	/** A 3-level UNet of width 8 with attention: about 40k parameters. */
	public static UNetConfig tinyConfig() {
		return new UNetConfig(1, 8, new int[] { 1, 2, 2 }, 1, true, 4);
	}

	/** Initial weights of {@code config} plus N(0, 0.1^2) on every value. */
	public static Weights perturbedWeights(final UNetConfig config, final long seed) {
		final Weights init = VariableParameters.initialWeights(config, seed);
		final Weights out = new Weights();
		long k = seed * 7919;
		for (final var e : init.asMap().entrySet()) {
			final float[] noise = new float[e.getValue().values.length];
			GaussianNoise.fill(noise, k++);
			final float[] v = e.getValue().values.clone();
			for (int i = 0; i < v.length; i++) v[i] += 0.1f * noise[i];
			out.put(e.getKey(), new Weights.Tensor(e.getValue().shape, v));
		}
		return out;
	}
}
