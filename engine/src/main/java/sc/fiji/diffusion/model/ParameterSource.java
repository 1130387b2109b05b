/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Supplies the graph operand of each named network parameter while a network graph is built: trained
 * weights as constants for inference ({@link ConstantParameters}) or freshly initialised variables for
 * training ({@link VariableParameters}). The same builder code therefore makes both graphs.
 */
public interface ParameterSource {

	/** How a new parameter is initialised. */
	enum Init {
		/** Normal with standard deviation sqrt(1 / fanIn) (LeCun normal). */
		FAN_IN,
		/** All zeros: biases, norm shifts, and the last layer of each residual branch (identity at start). */
		ZERO,
		/** All ones: norm scales. */
		ONE
	}

	/**
	 * The operand of parameter {@code name}.
	 *
	 * @param shape TensorFlow shape, e.g. [kh, kw, in, out] for a convolution kernel
	 * @param fanIn number of inputs per output, used by {@link Init#FAN_IN}
	 */
	Operand<TFloat32> get(Ops tf, String name, long[] shape, Init init, long fanIn);
}
