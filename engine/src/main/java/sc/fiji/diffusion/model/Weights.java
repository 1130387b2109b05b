/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float32 tensors (the trainable parameters of a network), in insertion order. Shapes follow
 * TensorFlow conventions: conv kernels [kh, kw, in, out], dense [in, out], vectors [n].
 */
public final class Weights {

	/** One tensor: its shape and row-major values. */
	public static final class Tensor {
		public final long[] shape;
		public final float[] values;

		public Tensor(final long[] shape, final float[] values) {
			if (Arrays.stream(shape).reduce(1, (x, y) -> x * y) != values.length)
				throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not match " + values.length + " values");
			this.shape = shape.clone();
			this.values = values;
		}
	}

	private final Map<String, Tensor> tensors = new LinkedHashMap<>();

	public void put(final String name, final Tensor tensor) {
		if (tensors.put(name, tensor) != null) throw new IllegalArgumentException("duplicate weight name " + name);
	}

	/** The tensor of that name, or null. */
	public Tensor get(final String name) { return tensors.get(name); }

	public Map<String, Tensor> asMap() { return Collections.unmodifiableMap(tensors); }

	public int size() { return tensors.size(); }

	/** Total number of scalar parameters. */
	public long parameterCount() {
		return tensors.values().stream().mapToLong(t -> t.values.length).sum();
	}
}
