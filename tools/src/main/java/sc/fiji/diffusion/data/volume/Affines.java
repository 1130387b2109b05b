/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.volume;

/** 4x4 matrices as row-major {@code double[16]}. */
final class Affines {

	private Affines() {}

	/** {@code a b}. */
	static double[] multiply(final double[] a, final double[] b) {
		final double[] c = new double[16];
		for (int i = 0; i < 4; i++)
			for (int j = 0; j < 4; j++) {
				double s = 0;
				for (int k = 0; k < 4; k++)
					s += a[4 * i + k] * b[4 * k + j];
				c[4 * i + j] = s;
			}
		return c;
	}
}
