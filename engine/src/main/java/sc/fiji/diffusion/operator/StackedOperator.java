/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.TFloat32;

/**
 * The forward operators A_0 .. A_{B-1} of B problems of one shape (the planes of a volume, each with its
 * own operator, e.g. its own coil maps) as one operator on a <em>plane-interleaved</em> batch: image
 * {@code i} of the batch belongs to plane {@code b = i mod B} (with K samples per plane, image
 * {@code k B + b} is sample k of plane b, the order of {@link sc.fiji.diffusion.data.Batch#interleaved}), and
 * <pre>
 *   (A x)_i = A_{i mod B} x_i        (A^H y)_i = A_{i mod B}^H y_i
 * </pre>
 * so every property of the A_b (adjointness, per-sample independence) carries over. In the graph the batch
 * is reshaped to {@code [K, B, shape...]} and split along the plane axis; each A_b acts on its K images.
 * The batch size must be a multiple of B. The proximal step is the A_b's closed form where every A_b has
 * one (rho a scalar, or one value per image, {@code [N, 1, .., 1]}); otherwise none.
 */
public final class StackedOperator implements LinearOperator {

	private final List<LinearOperator> planes;
	private final long[] image, measurement;

	private StackedOperator(final List<? extends LinearOperator> planes) {
		this.planes = Collections.unmodifiableList(new ArrayList<>(planes));
		image = planes.get(0).imageShape();
		measurement = planes.get(0).measurementShape();
		for (final LinearOperator op : planes)
			if (!Arrays.equals(op.imageShape(), image) || !Arrays.equals(op.measurementShape(), measurement))
				throw new IllegalArgumentException("Stacked operators need one shape: " + op.name() + " differs from " + planes.get(0).name());
	}

	/** The operator of the B = {@code planes.size()} planes; for one plane that plane's operator itself. */
	public static LinearOperator of(final List<? extends LinearOperator> planes) {
		if (planes.isEmpty()) throw new IllegalArgumentException("No operators to stack");
		return planes.size() == 1 ? planes.get(0) : new StackedOperator(planes);
	}

	/** B. */
	public int planes() { return planes.size(); }

	@Override
	public Operand<TFloat32> apply(final Ops tf, final Operand<TFloat32> x) {
		return perPlane(tf, x, image, measurement, (op, v) -> op.apply(tf, v));
	}

	@Override
	public Operand<TFloat32> adjoint(final Ops tf, final Operand<TFloat32> y) {
		return perPlane(tf, y, measurement, image, (op, v) -> op.adjoint(tf, v));
	}

	@Override
	public Optional<Operand<TFloat32>> proximal(final Ops tf, final Operand<TFloat32> z, final Operand<TFloat32> y, final Operand<TFloat32> rho) {
		final List<Output<TFloat32>> zs = split(tf, z, image), ys = split(tf, y, measurement);
		final List<Output<TFloat32>> rhos = rho.shape().numDimensions() == 0 ? null : split(tf, rho, ones(image.length));
		final List<Operand<TFloat32>> out = new ArrayList<>();
		for (int b = 0; b < planes.size(); b++) {
			final Optional<Operand<TFloat32>> p = planes.get(b).proximal(tf, zs.get(b), ys.get(b), rhos == null ? rho : rhos.get(b));
			if (!p.isPresent()) return Optional.empty();
			out.add(p.get());
		}
		return Optional.of(join(tf, out, image));
	}

	private Operand<TFloat32> perPlane(final Ops tf, final Operand<TFloat32> v, final long[] in, final long[] out,
		final BiFunction<LinearOperator, Operand<TFloat32>, Operand<TFloat32>> f)
	{
		final List<Output<TFloat32>> parts = split(tf, v, in);
		final List<Operand<TFloat32>> done = new ArrayList<>();
		for (int b = 0; b < planes.size(); b++) done.add(f.apply(planes.get(b), parts.get(b)));
		return join(tf, done, out);
	}

	/** {@code [K B, shape...]} to B tensors {@code [K, shape...]}: plane b's images b, b + B, .. */
	private List<Output<TFloat32>> split(final Ops tf, final Operand<TFloat32> v, final long[] shape) {
		final long[] kb = new long[shape.length + 1];
		kb[0] = planes.size();
		System.arraycopy(shape, 0, kb, 1, shape.length);
		return tf.unstack(tf.reshape(v, Graphs.batchShape(tf, kb)), (long) planes.size(), Unstack.axis(1L)).output();
	}

	/** The inverse of {@link #split}. */
	private static Operand<TFloat32> join(final Ops tf, final List<Operand<TFloat32>> parts, final long[] shape) {
		return tf.reshape(tf.stack(parts, Stack.axis(1L)), Graphs.batchShape(tf, shape));
	}

	private static long[] ones(final int n) {
		final long[] s = new long[n];
		Arrays.fill(s, 1);
		return s;
	}

	@Override
	public long[] imageShape() { return image.clone(); }

	@Override
	public long[] measurementShape() { return measurement.clone(); }

	@Override
	public String name() { return planes.size() + " planes of " + planes.get(0).name(); }
}
