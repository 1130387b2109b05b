/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import java.util.Arrays;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.operator.LinearOperator;
import sc.fiji.diffusion.operator.Operators;
import sc.fiji.diffusion.operator.Whitened;

/**
 * One {@link RestorationProblem} in the model's units ({@link Restoration}'s class description): the
 * percentile normalisation u = s v + c (the given one, or fitted to the problem's normalisation values), the
 * measurement {@code y_m = s y + A(c 1)}, the noise sigma in input units (given; estimated on the image;
 * 0 for MRI) and in model units, {@code sigma_m = s sigma}; for a Poisson-Gaussian noise model the operator
 * and measurement whitened with {@code w_i = 1 / sqrt(s^2 var_i)}, and then {@code sigma_m = 1}.
 */
final class ModelUnits {

	final RestorationProblem problem;
	final PercentileNormalization norm;
	/** s of u = s v + c; sigma in input units (NaN for a Poisson-Gaussian model) and in model units. */
	final double s, sigma, sigmaM;
	final boolean estimated;
	/** y_m, unwhitened (the samplers' start is made from it). */
	final Batch ym;
	/** The operator and measurement the data term sees (whitened for a Poisson-Gaussian model). */
	final LinearOperator op;
	final Batch yData;

	ModelUnits(final RestorationProblem problem, final Settings settings) {
		this.problem = problem;
		norm = settings.normalization != null ? settings.normalization : PercentileNormalization.fit(problem.normalisationValues());
		s = 2 / norm.range();
		final double c = -1 - s * norm.pLow();
		estimated = Double.isNaN(settings.noiseSigma);
		final double given = estimated ? problem.task() == Restoration.Task.MRI ? 0 : problem.estimateNoiseSigma() : settings.noiseSigma;
		if (!(given >= 0) || Double.isInfinite(given)) throw new IllegalArgumentException("Noise sigma must be finite and >= 0, got " + given);
		sigma = given;
		final LinearOperator problemOp = problem.operator();
		final Batch y = problem.measurement();
		final Batch offset = Operators.run(problemOp, constant(problemOp, (float) c), false);
		ym = new Batch(1, y.height(), y.width(), y.channels(), new float[y.data().length]);
		for (int k = 0; k < ym.data().length; k++) ym.data()[k] = (float) (s * y.data()[k] + offset.data()[k]);
		final float[] variance = settings.poissonGaussian == null ? null : settings.poissonGaussian.variance(y.data(), y.width(), y.height());
		final Whitened whitened = variance == null ? null : whitened(problemOp, variance, s);
		op = whitened != null ? whitened : problemOp;
		yData = whitened != null ? new Batch(1, ym.height(), ym.width(), ym.channels(), whitened.whiten(ym.data(), 1)) : ym;
		sigmaM = whitened != null ? 1 : s * sigma;
	}

	/** An estimate on A's image domain (model units, one image) as the output image in input units. */
	Result output(final Batch restored, final Batch std) {
		final Batch out = problem.output(restored);
		float[] stdOut = null;
		if (std != null) {
			stdOut = problem.output(std).data();
			for (int k = 0; k < stdOut.length; k++) stdOut[k] /= (float) s;
		}
		return new Result(out.width(), out.height(), norm.inverse(out.data()), stdOut, residual(restored));
	}

	/** An output image, its posterior std (or null) and ||A x - y|| / ||y|| in model units. */
	static final class Result {
		final int width, height;
		final float[] image, std;
		final double residual;

		Result(final int width, final int height, final float[] image, final float[] std, final double residual) {
			this.width = width;
			this.height = height;
			this.image = image;
			this.std = std;
			this.residual = residual;
		}
	}

	/** ||A x - y|| / ||y|| (the data term's A and y). */
	private double residual(final Batch x) {
		final float[] ax = Operators.run(op, x, false).data();
		double r = 0, n = 0;
		for (int k = 0; k < ax.length; k++) {
			final double d = ax[k] - yData.data()[k];
			r += d * d;
			n += (double) yData.data()[k] * yData.data()[k];
		}
		return Math.sqrt(r / Math.max(n, Double.MIN_NORMAL));
	}

	/** The operator whitened for Poisson-Gaussian noise: w = 1 / sqrt(s^2 var_i), var_i in input units. */
	private static Whitened whitened(final LinearOperator op, final float[] variance, final double s) {
		final float[] w = new float[variance.length];
		for (int i = 0; i < w.length; i++) w[i] = (float) (1 / Math.sqrt(s * s * Math.max(variance[i], 1e-12)));
		return new Whitened(op, w);
	}

	private static Batch constant(final LinearOperator op, final float value) {
		final long[] shape = op.imageShape();
		final float[] v = new float[(int) (shape[0] * shape[1] * shape[2])];
		Arrays.fill(v, value);
		return new Batch(1, (int) shape[0], (int) shape[1], (int) shape[2], v);
	}
}
