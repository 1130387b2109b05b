/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.mri;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.Masks;
import sc.fiji.diffusion.testdata.MultiCoilPhantom;

/**
 * The refinement of coil maps with a reconstructed image: the true maps are its fixed point, and maps
 * estimated from a small calibration region come much closer to the true ones, measured by the mean over
 * the object of 1 - |<S, S_true>|^2 / (|S|^2 |S_true|^2) (0: equal up to a common phase per pixel).
 */
class CoilMapRefinementTest {

	private static final int N = 64;

	private static double mapError(final CoilPlanes s, final CoilPlanes truth, final boolean[] object) {
		final int p = s.planeSize();
		double sum = 0;
		int n = 0;
		for (int i = 0; i < p; i++) {
			if (!object[i]) continue;
			double dr = 0, di = 0, a = 0, b = 0;
			for (int c = 0; c < s.coils; c++) {
				final int k = c * p + i;
				dr += truth.re[k] * s.re[k] + truth.im[k] * s.im[k];
				di += truth.re[k] * s.im[k] - truth.im[k] * s.re[k];
				a += s.re[k] * s.re[k] + s.im[k] * s.im[k];
				b += truth.re[k] * truth.re[k] + truth.im[k] * truth.im[k];
			}
			sum += 1 - (dr * dr + di * di) / Math.max(a * b, 1e-30);
			n++;
		}
		return sum / n;
	}

	/** The SENSE combination sum_c conj(S_c) I_c of the true coil images: the image in the frame of the maps S. */
	private static float[][] imageInFrame(final CoilPlanes maps, final CoilPlanes fullKspace) {
		final CoilPlanes img = fullKspace.copy();
		CentredFft.transform2D(img, true);
		return CoilMaps.combine(maps, img);
	}

	@Test
	void theTrueMapsAreAFixedPointAndEstimatedMapsComeCloser() {
		final CoilPlanes trueMaps = CoilMaps.normalised(MultiCoilPhantom.maps(N));
		final float[][] x = MultiCoilPhantom.image(N, 0);
		final CoilPlanes full = MultiCoilPhantom.kspace(x, MultiCoilPhantom.maps(N));
		final Mask mask = Masks.equispaced(N, N, 4, 6);
		final CoilPlanes k = MultiCoilPhantom.undersample(full, mask);
		final boolean[] object = new boolean[N * N];
		for (int i = 0; i < object.length; i++) object[i] = Math.hypot(x[0][i], x[1][i]) > 0.1;

		final float[][] xTrue = imageInFrame(trueMaps, full);
		final CoilPlanes fixed = CoilMapRefinement.refine(k, mask, trueMaps, xTrue[0], xTrue[1], CoilMapRefinement.SIGMA, CoilMapRefinement.ITERATIONS);
		final double fixedError = mapError(fixed, trueMaps, object);
		assertTrue(fixedError < 2e-3, "the true maps moved: error " + fixedError);

		final CoilPlanes estimated = CoilMaps.estimate(k, mask);
		final double before = mapError(estimated, trueMaps, object);
		final float[][] xEst = imageInFrame(estimated, full);
		final CoilPlanes refined = CoilMapRefinement.refine(k, mask, estimated, xEst[0], xEst[1], CoilMapRefinement.SIGMA, CoilMapRefinement.ITERATIONS);
		final double after = mapError(refined, trueMaps, object);
		System.out.printf(java.util.Locale.ROOT, "coil map error (1 - cos^2, mean over the object): estimated %.2e, refined %.2e, true maps refined %.2e%n", before, after,
			fixedError);
		assertTrue(after < 0.5 * before, "refinement should halve the estimated maps' error: " + before + " -> " + after);
	}
}
