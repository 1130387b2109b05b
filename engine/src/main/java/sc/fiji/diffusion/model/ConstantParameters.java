/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Trained weights baked into the graph as constants; every requested name must exist with its shape. */
public final class ConstantParameters implements ParameterSource {

	private final Weights weights;
	private final Set<String> used = new HashSet<>();

	public ConstantParameters(final Weights weights) {
		this.weights = weights;
	}

	@Override
	public Operand<TFloat32> get(final Ops tf, final String name, final long[] shape, final Init init, final long fanIn) {
		final Weights.Tensor w = weights.get(name);
		if (w == null) throw new IllegalArgumentException("the weights lack tensor '" + name + "' that the architecture needs");
		if (!Arrays.equals(w.shape, shape))
			throw new IllegalArgumentException("weight '" + name + "' has shape " + Arrays.toString(w.shape) + ", the architecture needs " + Arrays.toString(shape));
		used.add(name);
		return tf.constant(Shape.of(shape), DataBuffers.of(w.values, true, false));
	}

	/** Throws if some weights were never requested (weights from a different architecture). */
	public void requireAllUsed() {
		for (final String name : weights.asMap().keySet())
			if (!used.contains(name))
				throw new IllegalArgumentException("the weights contain tensor '" + name + "' that the architecture does not use");
	}
}
