/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.model.TensorFlowNatives;

/**
 * Factories for the forward operators, with their sizes checked against each other, and Java-side
 * helpers that apply an operator outside a sampler (simulating measurements, computing A^H y once,
 * tests). Each helper call builds and closes a small graph and session: fine for one-off use, not for
 * loops (build the operator into the loop's graph instead).
 */
public final class Operators {

	private Operators() {}

	// ---- factories -------------------------------------------------------------------------------

	/** Denoising of {@code height x width} images. */
	public static LinearOperator denoising(final int height, final int width) {
		return new Identity(height, width);
	}

	/** Inpainting of {@code height x width} images; the mask must have that size (1 = observed). */
	public static LinearOperator inpainting(final Mask observed, final int height, final int width) {
		return new Inpainting(observed.requireSize(height, width, "image"));
	}

	/** Super-resolution by {@code factor}: the image is {@code factor} times the measurement's size. */
	public static LinearOperator superResolution(final int measuredHeight, final int measuredWidth, final int factor) {
		if (factor < 1) throw new IllegalArgumentException("Super-resolution factor must be >= 1, got " + factor);
		return new Downsampling(measuredHeight * factor, measuredWidth * factor, factor);
	}

	/** 2D deconvolution of a {@code height x width} measurement (padded model, see {@link Convolution2D}). */
	public static Convolution2D deconvolution2D(final PointSpreadFunction psf, final int height, final int width) {
		return Convolution2D.padded(psf, height, width);
	}

	/** 3D deconvolution of a {@code depth x height x width} measurement (padded model, see {@link Convolution3D}). */
	public static Convolution3D deconvolution3D(final PointSpreadFunction psf, final int depth, final int height, final int width) {
		return Convolution3D.padded(psf, depth, height, width);
	}

	/** Single-coil MRI on a {@code height x width} grid with k-space sampling mask {@code sampled}. */
	public static LinearOperator mri(final Mask sampled, final int height, final int width) {
		return new UndersampledFourier(sampled, height, width);
	}

	// ---- shape checks ----------------------------------------------------------------------------

	/** Throws unless {@code b} is a batch of images of the operator's image shape (2D operators). */
	public static Batch requireImage(final LinearOperator op, final Batch b) {
		return require(op, b, op.imageShape(), "image");
	}

	/** Throws unless {@code b} is a batch of measurements of the operator's measurement shape (2D operators). */
	public static Batch requireMeasurement(final LinearOperator op, final Batch b) {
		return require(op, b, op.measurementShape(), "measurement");
	}

	private static Batch require(final LinearOperator op, final Batch b, final long[] shape, final String what) {
		if (shape.length != 3)
			throw new IllegalArgumentException(op.name() + " works on " + (shape.length - 1) + "D samples of " + Graphs.shapeString(shape)
				+ ", which a 2D Batch cannot hold; use the float[] methods");
		if (b.height() != shape[0] || b.width() != shape[1] || b.channels() != shape[2])
			throw new IllegalArgumentException(op.name() + " expects " + what + "s of " + shape[1] + "x" + shape[0] + " pixels with " + shape[2]
				+ " channel(s), got " + b.width() + "x" + b.height() + " with " + b.channels());
		return b;
	}

	// ---- running ---------------------------------------------------------------------------------

	/** A x (or A^H x when {@code adjoint}) for a batch of 2D samples. */
	public static Batch run(final LinearOperator op, final Batch in, final boolean adjoint) {
		require(op, in, adjoint ? op.measurementShape() : op.imageShape(), adjoint ? "measurement" : "image");
		final long[] outShape = adjoint ? op.imageShape() : op.measurementShape();
		final float[] out = run(op, in.data(), in.n(), adjoint);
		return new Batch(in.n(), (int) outShape[0], (int) outShape[1], (int) outShape[2], out);
	}

	/**
	 * A x (or A^H x when {@code adjoint}) for {@code n} samples stored one after the other, row-major in
	 * the operator's per-sample shape (works for 3D operators too). Returns the results the same way.
	 */
	public static float[] run(final LinearOperator op, final float[] values, final int n, final boolean adjoint) {
		final long[] inShape = adjoint ? op.measurementShape() : op.imageShape();
		check(op, values, n, inShape, adjoint ? "measurement" : "image");
		try (Graph g = TensorFlowNatives.newGraph()) {
			final Ops tf = Ops.create(g);
			final Placeholder<TFloat32> in = placeholder(tf, inShape);
			final Operand<TFloat32> out = adjoint ? op.adjoint(tf, in) : op.apply(tf, in);
			return run(g, out, new Placeholder<?>[] { in }, new float[][] { values }, n);
		}
	}

	/**
	 * The data-consistency step {@code argmin_x ||A x - y||^2 + rho ||x - z||^2} for {@code n} samples:
	 * the closed form where the operator has one, else {@code cgIterations} conjugate-gradient steps.
	 */
	public static float[] proximal(final LinearOperator op, final float[] z, final float[] y, final int n, final double rho,
		final int cgIterations)
	{
		check(op, z, n, op.imageShape(), "image");
		check(op, y, n, op.measurementShape(), "measurement");
		try (Graph g = TensorFlowNatives.newGraph()) {
			final Ops tf = Ops.create(g);
			final Placeholder<TFloat32> zp = placeholder(tf, op.imageShape()), yp = placeholder(tf, op.measurementShape());
			final Operand<TFloat32> out = ConjugateGradient.proximal(tf, op, zp, yp, tf.constant((float) rho), cgIterations);
			return run(g, out, new Placeholder<?>[] { zp, yp }, new float[][] { z, y }, n);
		}
	}

	private static void check(final LinearOperator op, final float[] values, final int n, final long[] shape, final String what) {
		if (n < 1) throw new IllegalArgumentException("Need at least one sample, got " + n);
		final long expected = n * Graphs.size(shape);
		if (values.length != expected)
			throw new IllegalArgumentException(op.name() + ": " + values.length + " values for " + n + " " + what + "(s) of "
				+ Graphs.shapeString(shape) + ", expected " + expected);
	}

	private static Placeholder<TFloat32> placeholder(final Ops tf, final long[] shape) {
		final long[] s = new long[shape.length + 1];
		s[0] = -1;
		System.arraycopy(shape, 0, s, 1, shape.length);
		return tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(s)));
	}

	private static float[] run(final Graph g, final Operand<TFloat32> out, final Placeholder<?>[] ins, final float[][] values, final int n) {
		final TFloat32[] tensors = new TFloat32[ins.length];
		try (Session s = new Session(g)) {
			Session.Runner runner = s.runner();
			for (int i = 0; i < ins.length; i++) {
				final long[] shape = ins[i].shape().asArray();
				shape[0] = n;
				tensors[i] = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values[i], true, false));
				runner = runner.feed(ins[i], tensors[i]);
			}
			try (Result r = runner.fetch(out).run()) {
				final TFloat32 t = (TFloat32) r.get(0);
				final float[] result = new float[Math.toIntExact(t.shape().size())];
				t.copyTo(DataBuffers.of(result, false, false));
				return result;
			}
		}
		finally {
			for (final TFloat32 t : tensors)
				if (t != null) t.close();
		}
	}
}
