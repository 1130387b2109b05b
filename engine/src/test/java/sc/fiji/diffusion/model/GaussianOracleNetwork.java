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

import sc.fiji.diffusion.schedule.NoiseSchedule;

/**
 * {@link GaussianOracleModel} as a TensorFlow graph: eps*(x_t, t) = g_t (x_t - sqrt(abar_t) mu) with
 * g_t = sqrt(1 - abar_t) / (abar_t s^2 + 1 - abar_t) looked up per image from a constant table. Lets
 * graph-executed samplers and guidance be tested against closed forms.
 */
public final class GaussianOracleNetwork implements GraphNetwork {

	private final float[] gain, offset;

	public GaussianOracleNetwork(final NoiseSchedule schedule, final double mu, final double s) {
		gain = new float[schedule.steps()];
		offset = new float[schedule.steps()];
		for (int t = 0; t < gain.length; t++) {
			final double ab = schedule.alphaBar(t);
			gain[t] = (float) (Math.sqrt(1 - ab) / (ab * s * s + 1 - ab));
			offset[t] = (float) (Math.sqrt(ab) * mu);
		}
	}

	@Override
	public Operand<TFloat32> eps(final Ops tf, final Operand<TFloat32> x, final Operand<TInt32> t) {
		final Operand<TInt32> perImage = tf.constant(new int[] { -1, 1, 1, 1 });
		final Operand<TFloat32> g = tf.reshape(tf.gather(tf.constant(gain), t, tf.constant(0)), perImage);
		final Operand<TFloat32> m = tf.reshape(tf.gather(tf.constant(offset), t, tf.constant(0)), perImage);
		return tf.math.mul(g, tf.math.sub(x, m));
	}

	@Override public int channels() { return 1; }
}
