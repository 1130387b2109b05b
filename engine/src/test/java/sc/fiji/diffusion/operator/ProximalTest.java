/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import static org.junit.jupiter.api.Assertions.*;
import static sc.fiji.diffusion.operator.OperatorTesting.*;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Closed-form proximal steps against the direct solution {@code (A^T A + rho I)^{-1} (A^T y + rho z)}
 * computed in double from the dense matrix of A on 8x8 images.
 */
class ProximalTest {

	private static final double RHO = 0.35;

	/** Operators with a closed form. */
	static Stream<Named<LinearOperator>> closedForms() {
		return Stream.<LinearOperator> of(
			new Identity(8, 8),
			new Inpainting(OperatorAdjointnessTest.randomMask(8, 8, 0.5, 7)),
			new Downsampling(8, 8, 2),
			new Downsampling(8, 8, 4),
			Convolution2D.circular(Psfs.gaussian2D(1.0, 5), 8, 8),
			Convolution3D.circular(Psfs.gaussian3D(1.0, 0.7, 3, 3), 4, 5, 4),
			new UndersampledFourier(OperatorAdjointnessTest.randomMask(8, 8, 0.4, 3)),
			new UndersampledFourier(OperatorAdjointnessTest.randomMask(7, 6, 0.4, 4)),
			new UndersampledFourier(Masks.equispaced(8, 8, 2, 2))).map(op -> Named.of(op.name(), op));
	}

	/** A random mask with m[u, v] = m[-u, -v] in centred frequencies (index i mirrors to (2 floor(n/2) - i) mod n). */
	static Mask symmetricMask(final int h, final int w, final long seed) {
		final float[] v = OperatorAdjointnessTest.randomMask(h, w, 0.4, seed).values();
		for (int u = 0; u < h; u++)
			for (int x = 0; x < w; x++)
				if (v[u * w + x] == 1) v[Math.floorMod(2 * (h / 2) - u, h) * w + Math.floorMod(2 * (w / 2) - x, w)] = 1;
		return new Mask(h, w, v);
	}

	private static float[] complexDataConsistency(final UndersampledFourier op, final float[] z, final float[] y, final double rho) {
		return evaluate(tf -> op.complexDataConsistency(tf, constant(tf, z, 1, op.imageShape()), constant(tf, y, 1, op.measurementShape()),
			tf.constant((float) rho)));
	}

	/**
	 * The complex-image data consistency equals the exact real-image proximal for point-symmetric
	 * masks, and differs noticeably otherwise (so the documentation stays honest).
	 */
	@Test
	void complexDataConsistencyIsExactOnlyForSymmetricMasks() {
		for (final Mask mask : new Mask[] { symmetricMask(8, 8, 3), symmetricMask(7, 6, 4), Masks.equispaced(8, 8, 2, 2) }) {
			final UndersampledFourier op = new UndersampledFourier(mask);
			final int n = mask.height() * mask.width();
			final float[] z = gaussian(n, 21), y = Operators.run(op, gaussian(n, 22), 1, false);
			final double[] exact = directProximal(matrix(op), z, y, RHO);
			final double error = relativeError(complexDataConsistency(op, z, y, RHO), exact);
			if (mask.height() == 8 && mask.sampled(3, 0) && !mask.sampled(5, 0)) // equispaced: rows 0, 2, 3, 4, 6; row 3 has no mirror row 5
				assertTrue(error > 0.01, "asymmetric mask: " + error);
			else assertEquals(0, error, 1e-5, op.name());
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("closedForms")
	void closedFormIsTheDirectSolution(final LinearOperator op) {
		assertTrue(hasClosedForm(op), op.name() + " has a closed-form proximal");
		final int n = (int) size(op.imageShape()), m = (int) size(op.measurementShape());
		final float[] z = gaussian(n, 21), y = gaussian(m, 22);
		final double[] expected = directProximal(matrix(op), z, y, RHO);
		final float[] closed = Operators.proximal(op, z, y, 1, RHO, 0);
		assertEquals(0, relativeError(closed, expected), 1e-5, op.name());
	}

	/**
	 * Nearly noiseless data early in a sampler give rho ~ 1e-10; the closed forms must not divide float32
	 * rounding errors by it (it once blew up MRI reconstructions started from pure noise).
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("closedForms")
	void closedFormStaysAccurateForTinyRho(final LinearOperator op) {
		final int n = (int) size(op.imageShape()), m = (int) size(op.measurementShape());
		final float[] z = gaussian(n, 23), y = gaussian(m, 24);
		final double tiny = 1e-9;
		final double[] expected = directProximal(matrix(op), z, y, tiny);
		final float[] closed = Operators.proximal(op, z, y, 1, tiny, 0);
		assertEquals(0, relativeError(closed, expected), 1e-3, op.name());
	}

	/** Whether the operator offers a closed form (built in a throw-away graph). */
	static boolean hasClosedForm(final LinearOperator op) {
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final Operand<TFloat32> z = tf.zeros(Graphs.ints(tf, withBatch(op.imageShape())), TFloat32.class);
			final Operand<TFloat32> y = tf.zeros(Graphs.ints(tf, withBatch(op.measurementShape())), TFloat32.class);
			return op.proximal(tf, z, y, tf.constant(1f)).isPresent();
		}
	}

	private static int[] withBatch(final long[] shape) {
		final int[] s = new int[shape.length + 1];
		s[0] = 1;
		for (int i = 0; i < shape.length; i++) s[i + 1] = (int) shape[i];
		return s;
	}
}
