/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static sc.fiji.diffusion.operator.OperatorTesting.gaussian;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.mri.CentredFft;
import sc.fiji.diffusion.mri.CoilMaps;
import sc.fiji.diffusion.mri.CoilPlanes;

/**
 * {@link MultiCoilFourier} against a plain-Java evaluation of its formula (maps times image, then the
 * centred unitary DFT of {@link CentredFft}, then the mask), both image domains, and its data-consistency
 * step by conjugate gradients against the normal equations.
 */
class MultiCoilFourierTest {

	private static final int C = 3, H = 12, W = 10;

	private static CoilPlanes maps() {
		return new CoilPlanes(C, H, W, gaussian(C * H * W, 1), gaussian(C * H * W, 2));
	}

	/** y_c = M F (S_c x) in Java, for a complex image (re, im). */
	private static CoilPlanes expected(final CoilPlanes s, final float[] xr, final float[] xi, final Mask mask) {
		final CoilPlanes k = CoilPlanes.zeros(C, H, W);
		final int p = H * W;
		for (int c = 0; c < C; c++)
			for (int i = 0; i < p; i++) {
				final int j = c * p + i;
				k.re[j] = s.re[j] * xr[i] - s.im[j] * xi[i];
				k.im[j] = s.re[j] * xi[i] + s.im[j] * xr[i];
			}
		CentredFft.transform2D(k, false);
		for (int c = 0; c < C; c++)
			for (int i = 0; i < p; i++)
				if (!mask.sampled(i / W, i % W)) k.re[c * p + i] = k.im[c * p + i] = 0;
		return k;
	}

	@Test
	void realImageMatchesFormula() {
		final CoilPlanes s = maps();
		final Mask mask = Masks.cartesianVariableDensity(H, W, 2, 0.25, 3);
		final float[] x = gaussian(H * W, 4);
		final float[] got = Operators.run(new MultiCoilFourier(mask, C, s.re, s.im, MultiCoilFourier.Domain.REAL), x, 1, false);
		final float[] want = expected(s, x, new float[H * W], mask).interleaved();
		for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-4, "sample " + i);
	}

	@Test
	void complexImageMatchesFormula() {
		final CoilPlanes s = maps();
		final Mask mask = Masks.cartesianVariableDensity(H, W, 2, 0.25, 5);
		final float[] x = gaussian(2 * H * W, 6); // real part on top, imaginary part below
		final float[] xr = java.util.Arrays.copyOfRange(x, 0, H * W), xi = java.util.Arrays.copyOfRange(x, H * W, 2 * H * W);
		final float[] got = Operators.run(new MultiCoilFourier(mask, C, s.re, s.im, MultiCoilFourier.Domain.COMPLEX), x, 1, false);
		final float[] want = expected(s, xr, xi, mask).interleaved();
		for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-4, "sample " + i);
	}

	/**
	 * Coil-wise consistency is {@code z + A^H (y - A z) / (1 + rho)}, and, where A^H A = I (normalised maps,
	 * full sampling), the exact proximal step {@code (A^H y + rho z) / (1 + rho)}.
	 */
	@Test
	void coilWiseStepIsExactWhereTheNormalOperatorIsTheIdentity() {
		final CoilPlanes s = CoilMaps.normalised(maps());
		final MultiCoilFourier op = new MultiCoilFourier(Mask.full(H, W), C, s.re, s.im, MultiCoilFourier.Domain.COMPLEX);
		final float[] z = gaussian(2 * H * W, 11), y = Operators.run(op, gaussian(2 * H * W, 12), 1, false);
		final double rho = 0.3;
		final float[] x = Operators.proximal(op, z, y, 1, rho, 0), ahy = Operators.run(op, y, 1, true);
		for (int i = 0; i < x.length; i++) assertEquals((ahy[i] + rho * z[i]) / (1 + rho), x[i], 1e-4, "pixel " + i);
	}

	/** Fully sampled with normalised maps, A^H A = I: A^H A x = x. */
	@Test
	void normalisedMapsFullySampledAreAnIsometry() {
		final CoilPlanes s = CoilMaps.normalised(maps());
		final MultiCoilFourier op = new MultiCoilFourier(Mask.full(H, W), C, s.re, s.im, MultiCoilFourier.Domain.COMPLEX);
		final float[] x = gaussian(2 * H * W, 7);
		final float[] back = Operators.run(op, Operators.run(op, x, 1, false), 1, true);
		for (int i = 0; i < x.length; i++) assertEquals(x[i], back[i], 1e-4);
	}

	/** SENSE consistency: the CG step satisfies (A^H A + rho I) x = A^H y + rho z. */
	@Test
	void conjugateGradientSolvesTheProximalStep() {
		final CoilPlanes s = CoilMaps.normalised(maps());
		final Mask mask = Masks.cartesianVariableDensity(H, W, 3, 0.2, 8);
		final MultiCoilFourier op = new MultiCoilFourier(mask, C, s.re, s.im, MultiCoilFourier.Domain.REAL, MultiCoilFourier.Consistency.SENSE);
		final float[] z = gaussian(H * W, 9), y = Operators.run(op, gaussian(H * W, 10), 1, false);
		final double rho = 0.05;
		final float[] x = Operators.proximal(op, z, y, 1, rho, 60);
		final float[] lhs = Operators.run(op, Operators.run(op, x, 1, false), 1, true), ahy = Operators.run(op, y, 1, true);
		for (int i = 0; i < x.length; i++) assertEquals(ahy[i] + rho * z[i], lhs[i] + rho * x[i], 1e-3, "pixel " + i);
	}
}
