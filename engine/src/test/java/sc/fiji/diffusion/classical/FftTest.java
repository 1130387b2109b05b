/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.classical;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FftTest {

	/** Radix-2 and Bluestein against the defining sum, and the inverse. */
	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 8, 12, 15, 96, 100 })
	void matchesTheDefinitionAndInverts(final int n) {
		final Random r = new Random(n);
		final double[] re = new double[n], im = new double[n];
		for (int k = 0; k < n; k++) {
			re[k] = r.nextGaussian();
			im[k] = r.nextGaussian();
		}
		final double[] fr = re.clone(), fi = im.clone();
		Fft.transform(fr, fi, false);
		for (int k = 0; k < n; k++) {
			double sr = 0, si = 0;
			for (int j = 0; j < n; j++) {
				final double a = -2 * Math.PI * ((long) k * j % n) / n;
				sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
				si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
			}
			assertEquals(sr, fr[k], 1e-9 * n, "re " + k);
			assertEquals(si, fi[k], 1e-9 * n, "im " + k);
		}
		Fft.transform(fr, fi, true);
		for (int k = 0; k < n; k++) {
			assertEquals(re[k], fr[k], 1e-9);
			assertEquals(im[k], fi[k], 1e-9);
		}
	}
}
