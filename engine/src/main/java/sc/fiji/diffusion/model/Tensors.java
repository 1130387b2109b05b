/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

import sc.fiji.diffusion.data.Batch;

/** Copies between {@link Batch}es and TensorFlow tensors. Callers close the tensors they get. */
public final class Tensors {

	private Tensors() {}

	public static TFloat32 of(final Batch b) {
		return TFloat32.tensorOf(Shape.of(b.shape()), DataBuffers.of(b.data(), true, false));
	}

	public static TInt32 of(final int[] values) {
		return TInt32.vectorOf(values);
	}

	/** A stateless-random seed pair {seed, stream}. */
	public static TInt64 seed(final long seed, final long stream) {
		return TInt64.vectorOf(seed, stream);
	}

	/** A batch with the given shape holding the values of a float tensor. */
	public static Batch toBatch(final Tensor tensor, final Batch like) {
		final TFloat32 t = (TFloat32) tensor;
		if (t.shape().size() != like.data().length)
			throw new IllegalStateException("network returned shape " + t.shape() + ", expected " + like);
		final float[] out = new float[like.data().length];
		t.copyTo(DataBuffers.of(out, false, false));
		return new Batch(like.n(), like.height(), like.width(), like.channels(), out);
	}
}
