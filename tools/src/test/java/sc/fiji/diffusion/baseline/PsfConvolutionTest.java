/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.operator.Operators;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.operator.Psfs;

class PsfConvolutionTest {

	private static float[] random(final int n, final long seed) {
		final Random r = new Random(seed);
		final float[] v = new float[n];
		for (int k = 0; k < n; k++) v[k] = (float) r.nextGaussian();
		return v;
	}

	private static double dot(final float[] a, final float[] b) {
		double s = 0;
		for (int k = 0; k < a.length; k++) s += (double) a[k] * b[k];
		return s;
	}

	@Test
	void adjointnessOfBothModels() {
		final PointSpreadFunction psf = Psfs.gaussian2D(1.5, 9);
		for (final PsfConvolution op : new PsfConvolution[] { PsfConvolution.padded(psf, 20, 30), PsfConvolution.circular(psf, 20, 30) }) {
			final float[] x = random(op.domainHeight() * op.domainWidth(), 1), y = random(op.height() * op.width(), 2);
			final double lhs = dot(op.apply(x), y), rhs = dot(x, op.adjoint(y));
			assertEquals(lhs, rhs, 1e-4 * Math.abs(lhs) + 1e-4, (op.isCircular() ? "circular" : "padded") + " model");
		}
	}

	/** The plain-Java padded model is the project's TensorFlow {@code Convolution2D} (the one the diffusion methods use). */
	@Test
	void paddedModelMatchesTheProjectOperator() {
		final PointSpreadFunction psf = Psfs.bornWolf2D(1.4, 520, 1.518, 65, 11);
		final PsfConvolution op = PsfConvolution.padded(psf, 24, 18);
		final float[] x = random(op.domainHeight() * op.domainWidth(), 3);
		final float[] mine = op.apply(x);
		final Batch theirs = Operators.run(Operators.deconvolution2D(psf, 24, 18), new Batch(1, op.domainHeight(), op.domainWidth(), 1, x), false);
		for (int k = 0; k < mine.length; k++) assertEquals(theirs.data()[k], mine[k], 1e-4, "pixel " + k);
	}
}
