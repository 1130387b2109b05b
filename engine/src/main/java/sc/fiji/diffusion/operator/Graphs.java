/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Small graph-building helpers shared by the operators. */
final class Graphs {

	private Graphs() {}

	/** A float32 constant of the given shape holding {@code values} (row-major; not copied by the caller). */
	static Operand<TFloat32> constant(final Ops tf, final float[] values, final long... shape) {
		return tf.constant(Shape.of(shape), DataBuffers.of(values, true, false));
	}

	static Operand<TInt32> ints(final Ops tf, final int... values) {
		return tf.constant(values);
	}

	/** {@code {-1, shape...}}: a reshape target with the batch axis first. */
	static Operand<TInt32> batchShape(final Ops tf, final long[] shape) {
		final int[] s = new int[shape.length + 1];
		s[0] = -1;
		for (int i = 0; i < shape.length; i++) s[i + 1] = Math.toIntExact(shape[i]);
		return ints(tf, s);
	}

	/** Cyclic shift: {@code out[.., i, ..] = x[.., (i - shift) mod n, ..]} along each axis. */
	static Operand<TFloat32> roll(final Ops tf, final Operand<TFloat32> x, final int[] shifts, final int[] axes) {
		return tf.roll(x, ints(tf, shifts), ints(tf, axes));
	}

	/** Sum over every axis but the first, keeping them as size 1 (for per-sample scalars). */
	static Operand<TFloat32> sumPerSample(final Ops tf, final Operand<TFloat32> x, final int rank) {
		final int[] axes = new int[rank - 1];
		for (int i = 1; i < rank; i++) axes[i - 1] = i;
		return tf.reduceSum(x, ints(tf, axes), ReduceSum.keepDims(true));
	}

	/**
	 * Channels-last to channels-first: {@code [N, d1, .., dk, C] -> [N, C, d1, .., dk]}, so that the
	 * spatial axes are the innermost ones (where TensorFlow's FFT ops act) and a per-sample operand of
	 * shape {@code [N, 1, .., 1]} still broadcasts.
	 */
	static Operand<TFloat32> channelsFirst(final Ops tf, final Operand<TFloat32> x, final int rank) {
		final int[] perm = new int[rank];
		perm[1] = rank - 1;
		for (int i = 2; i < rank; i++) perm[i] = i - 1;
		return tf.linalg.transpose(x, ints(tf, perm));
	}

	/** The inverse of {@link #channelsFirst}: {@code [N, C, d1, .., dk] -> [N, d1, .., dk, C]}. */
	static Operand<TFloat32> channelsLast(final Ops tf, final Operand<TFloat32> x, final int rank) {
		final int[] perm = new int[rank];
		for (int i = 1; i < rank - 1; i++) perm[i] = i + 1;
		perm[rank - 1] = 1;
		return tf.linalg.transpose(x, ints(tf, perm));
	}

	/** Product of the entries of a shape. */
	static long size(final long[] shape) {
		long s = 1;
		for (final long d : shape) s *= d;
		return s;
	}

	static String shapeString(final long[] shape) {
		final StringBuilder b = new StringBuilder();
		for (int i = 0; i < shape.length; i++) b.append(i == 0 ? "" : "x").append(shape[i]);
		return b.toString();
	}
}
