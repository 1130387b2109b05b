/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import static org.junit.jupiter.api.Assertions.*;
import static sc.fiji.diffusion.operator.OperatorTesting.*;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** {@link ConjugateGradient} against dense solves and against the closed forms. */
class ConjugateGradientTest {

	private static final double RHO = 0.35;

	static Stream<Named<LinearOperator>> operators() {
		return Stream.<LinearOperator> of(
			new Identity(8, 8),
			new Inpainting(OperatorAdjointnessTest.randomMask(8, 8, 0.5, 7)),
			new Downsampling(8, 8, 2),
			Convolution2D.padded(Psfs.gaussian2D(1.0, 3), 8, 8),
			Convolution2D.padded(Psfs.gaussian2D(1.0, 4), 7, 8),
			Convolution3D.padded(Psfs.gaussian3D(0.8, 1.0, 3, 3), 4, 4, 4),
			new UndersampledFourier(Masks.cartesianVariableDensity(8, 8, 2, 0.25, 1))).map(op -> Named.of(op.name(), op));
	}

	/**
	 * {@code iterations} CG steps on {@code (A^H A + rho I) x = A^H y + rho z} from 0, ignoring any closed
	 * form; {@code rho} one value per sample.
	 */
	static float[] cg(final LinearOperator op, final float[] z, final float[] y, final int n, final double[] rho, final int iterations) {
		try (Graph g = new Graph(); Session s = new Session(g)) {
			final Ops tf = Ops.create(g);
			final Operand<TFloat32> zc = constant(tf, z, n, op.imageShape()), yc = constant(tf, y, n, op.measurementShape());
			final long[] rhoShape = new long[op.imageShape().length];
			Arrays.fill(rhoShape, 1);
			final float[] r = new float[n];
			for (int i = 0; i < n; i++) r[i] = (float) rho[i];
			final Operand<TFloat32> rc = constant(tf, r, n, rhoShape);
			final Operand<TFloat32> rhs = tf.math.add(op.adjoint(tf, yc), tf.math.mul(rc, zc));
			try (Result res = s.runner().fetch(ConjugateGradient.solve(tf, op, rhs, rc, iterations)).run()) {
				final float[] out = new float[z.length];
				((TFloat32) res.get(0)).copyTo(DataBuffers.of(out, false, false));
				return out;
			}
		}
	}

	static float[] cg(final LinearOperator op, final float[] z, final float[] y, final int n, final double rho, final int iterations) {
		final double[] r = new double[n];
		Arrays.fill(r, rho);
		return cg(op, z, y, n, r, iterations);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("operators")
	void convergesToTheDirectSolution(final LinearOperator op) {
		final int n = (int) size(op.imageShape()), m = (int) size(op.measurementShape());
		final float[] z = gaussian(n, 31), y = gaussian(m, 32);
		final double[] expected = directProximal(matrix(op), z, y, RHO);
		assertEquals(0, relativeError(cg(op, z, y, 1, RHO, 20), expected), 1e-4, op.name());
		// the generic data-consistency step: closed form where there is one, CG (from z) otherwise
		assertEquals(0, relativeError(Operators.proximal(op, z, y, 1, RHO, 20), expected), 1e-4, op.name() + " proximal");
	}

	@Test
	void matchesTheClosedFormsOfIdentityAndInpainting() {
		for (final LinearOperator op : new LinearOperator[] { new Identity(16, 16), new Inpainting(OperatorAdjointnessTest.randomMask(16, 16, 0.3, 2)) }) {
			final float[] z = gaussian(2 * 256, 41), y = gaussian(2 * 256, 42);
			final float[] closed = Operators.proximal(op, z, y, 2, RHO, 0);
			assertEquals(0, relativeError(cg(op, z, y, 2, RHO, 5), closed), 1e-5, op.name());
		}
	}

	@Test
	void solvesEachSampleOnItsOwn() {
		// a batch of two with different rho gives what two separate solves give
		final LinearOperator op = Convolution2D.padded(Psfs.gaussian2D(1.5, 7), 12, 12);
		final int n = (int) size(op.imageShape()), m = (int) size(op.measurementShape());
		final float[] z = gaussian(2 * n, 51), y = gaussian(2 * m, 52);
		final float[] both = cg(op, z, y, 2, new double[] { 0.05, 2.0 }, 6);
		final float[] first = cg(op, Arrays.copyOf(z, n), Arrays.copyOf(y, m), 1, 0.05, 6);
		final float[] second = cg(op, Arrays.copyOfRange(z, n, 2 * n), Arrays.copyOfRange(y, m, 2 * m), 1, 2.0, 6);
		assertEquals(0, relativeError(Arrays.copyOf(both, n), first), 1e-5);
		assertEquals(0, relativeError(Arrays.copyOfRange(both, n, 2 * n), second), 1e-5);
	}

	@Test
	void extraIterationsAfterConvergenceAreHarmless() {
		final LinearOperator op = new Identity(8, 8);
		final float[] z = gaussian(64, 61), y = gaussian(64, 62);
		final float[] x = cg(op, z, y, 1, RHO, 12); // converges in one step, then 0/0 steps
		for (final float v : x) assertTrue(Float.isFinite(v));
		assertEquals(0, relativeError(x, Operators.proximal(op, z, y, 1, RHO, 0)), 1e-6);
	}
}
