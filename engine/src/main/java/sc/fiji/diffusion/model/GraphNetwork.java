/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A noise-prediction network that can add itself to any TensorFlow graph: eps_theta(x_t, t) for x_t
 * NHWC float32 [N, H, W, C] and t int32 [N]. Graphs that need the network together with other work
 * (a fused sampler step, guidance through a forward operator, a vector-Jacobian product) build it
 * with this, once per graph.
 */
public interface GraphNetwork {

	/** Adds the network to the graph of {@code tf} and returns eps_theta(x, t), shaped like x. */
	Operand<TFloat32> eps(Ops tf, Operand<TFloat32> x, Operand<TInt32> t);

	/** The C of NHWC. */
	int channels();

	/** A trained {@link UNet} with its weights baked in as constants. */
	static GraphNetwork unet(final UNetConfig config, final Weights weights) {
		return new GraphNetwork() {
			@Override
			public Operand<TFloat32> eps(final Ops tf, final Operand<TFloat32> x, final Operand<TInt32> t) {
				final ConstantParameters params = new ConstantParameters(weights);
				final Operand<TFloat32> eps = new UNet(config, params).build(tf, x, t);
				params.requireAllUsed();
				return eps;
			}

			@Override
			public int channels() { return config.channels; }
		};
	}
}
