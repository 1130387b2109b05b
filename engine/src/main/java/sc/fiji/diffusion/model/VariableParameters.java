/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.util.LinkedHashMap;
import java.util.Map;

import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Trainable variables initialised from given {@link Weights} (fresh ones from {@link #initialWeights},
 * or a trained model to fine-tune). Records the variables so their values can be read back.
 */
public final class VariableParameters implements ParameterSource {

	private final Weights initial;
	private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();

	public VariableParameters(final Weights initial) {
		this.initial = initial;
	}

	@Override
	public Operand<TFloat32> get(final Ops tf, final String name, final long[] shape, final Init init, final long fanIn) {
		final Operand<TFloat32> value = new ConstantParameters(initial).get(tf, name, shape, init, fanIn);
		final Variable<TFloat32> v = tf.withName(name.replace('.', '_')).variable(value);
		if (variables.put(name, v) != null) throw new IllegalArgumentException("duplicate parameter " + name);
		return v;
	}

	/** The variables in creation order, keyed by parameter name. */
	public Map<String, Variable<TFloat32>> variables() { return variables; }

	/**
	 * Deterministic initial weights of a {@link UNetConfig}: parameter k (in build order) is drawn from
	 * {@code seed + k} according to its {@link ParameterSource.Init}; same seed, same network.
	 */
	public static Weights initialWeights(final UNetConfig config, final long seed) {
		final Weights w = new Weights();
		try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
			final Ops tf = Ops.create(g);
			final ParameterSource recorder = (ops, name, shape, init, fanIn) -> {
				final float[] values = InitialValues.draw(shape, init, fanIn, seed + w.size());
				w.put(name, new Weights.Tensor(shape, values));
				return ops.constant(Shape.of(shape), DataBuffers.of(values, true, false));
			};
			new UNet(config, recorder).build(tf,
				tf.placeholder(TFloat32.class), tf.placeholder(org.tensorflow.types.TInt32.class));
		}
		return w;
	}

	/** Reads the current values of {@code vars} (keyed like {@link #variables()}) from a session. */
	public static Weights read(final Session session, final Map<String, ? extends Operand<TFloat32>> vars) {
		final Weights w = new Weights();
		final Session.Runner runner = session.runner();
		vars.values().forEach(runner::fetch);
		try (Result r = runner.run()) {
			int i = 0;
			for (final Map.Entry<String, ? extends Operand<TFloat32>> e : vars.entrySet()) {
				final TFloat32 t = (TFloat32) r.get(i++);
				final float[] values = new float[(int) t.shape().size()];
				t.copyTo(DataBuffers.of(values, false, false));
				w.put(e.getKey(), new Weights.Tensor(t.shape().asArray(), values));
			}
		}
		return w;
	}
}
