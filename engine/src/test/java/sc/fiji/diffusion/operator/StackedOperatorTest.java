/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import static org.junit.jupiter.api.Assertions.*;
import static sc.fiji.diffusion.operator.OperatorTesting.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.Batch;

/**
 * {@link StackedOperator}: on a plane-interleaved batch (B = 3 planes, K = 2 images each) A, A^H and the
 * proximal step act on plane b's images exactly as A_b does on them alone; one plane is the plane's own operator.
 */
class StackedOperatorTest {

	private static final int B = 3, K = 2;

	private static List<LinearOperator> planes(final boolean closedForm) {
		final Mask mask = Masks.equispaced(8, 6, 2, 2);
		final List<LinearOperator> ops = new ArrayList<>();
		for (int b = 0; b < B; b++) {
			final int n = 2 * 8 * 6;
			ops.add(closedForm ? new Inpainting(OperatorAdjointnessTest.randomMask(8, 6, 0.5, 30 + b))
				: new MultiCoilFourier(mask, 2, gaussian(n, 40 + b), gaussian(n, 50 + b), MultiCoilFourier.Domain.REAL));
		}
		return ops;
	}

	/** Plane b's K images (b, b + B) of an interleaved batch of samples of {@code shape}. */
	private static float[] planeOf(final float[] all, final long[] shape, final int b) {
		return new Batch(K * B, 1, 1, (int) size(shape), all).images(b, B).data();
	}

	@Test
	void actsPlaneByPlane() {
		for (final boolean closedForm : new boolean[] { false, true }) {
			final List<LinearOperator> ops = planes(closedForm);
			final LinearOperator stacked = StackedOperator.of(ops);
			final long[] img = stacked.imageShape(), meas = stacked.measurementShape();
			final float[] x = gaussian(K * B * (int) size(img), 1), y = gaussian(K * B * (int) size(meas), 2);
			final float[] ax = Operators.run(stacked, x, K * B, false), ahy = Operators.run(stacked, y, K * B, true);
			final float[] prox = Operators.proximal(stacked, x, y, K * B, 0.4, 5);
			for (int b = 0; b < B; b++) {
				final float[] xb = planeOf(x, img, b), yb = planeOf(y, meas, b);
				assertArrayEquals(Operators.run(ops.get(b), xb, K, false), planeOf(ax, meas, b), 1e-5f, "A, plane " + b);
				assertArrayEquals(Operators.run(ops.get(b), yb, K, true), planeOf(ahy, img, b), 1e-5f, "A^H, plane " + b);
				assertArrayEquals(Operators.proximal(ops.get(b), xb, yb, K, 0.4, 5), planeOf(prox, img, b), 1e-4f, "proximal, plane " + b);
			}
		}
		final LinearOperator one = planes(false).get(0);
		assertSame(one, StackedOperator.of(List.of(one)));
		assertThrows(IllegalArgumentException.class, () -> StackedOperator.of(Arrays.asList(one, new Identity(8, 6))));
	}
}
