/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.model.NativeGuard;
import sc.fiji.diffusion.model.TensorFlowNatives;
import sc.fiji.diffusion.model.Tensors;
import sc.fiji.diffusion.model.UNet;
import sc.fiji.diffusion.model.UNetConfig;
import sc.fiji.diffusion.model.VariableParameters;
import sc.fiji.diffusion.model.Weights;
import sc.fiji.diffusion.schedule.NoiseSchedule;

/**
 * The DDPM training step as one TensorFlow graph (Ho et al. 2020, Algorithm 1): for a fed batch of clean
 * patches x_0 and a seed, draw t ~ U{0..T-1} and eps ~ N(0, I) in the graph, form
 * x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps, and take an Adam step on the loss
 * mean((eps - eps_theta(x_t, t))^2). After each step an exponential moving average of the weights is
 * updated, ema = d ema + (1 - d) w with d = min(emaDecay, (1 + k) / (10 + k)) at step k; the EMA
 * weights are what a model bundle ships.
 * <p>
 * {@link #close()} may come from any thread and more than once: a step running in another thread
 * finishes first, later calls throw {@link IllegalStateException} ({@link NativeGuard}).
 */
public final class TrainingGraph implements AutoCloseable {

	private final Graph graph = TensorFlowNatives.newGraph();
	private final Session session;
	private final Placeholder<TFloat32> x0, emaDecay;
	private final Placeholder<TInt64> seed;
	private final Operand<TFloat32> loss;
	private final Op emaUpdate;
	private final Map<String, Variable<TFloat32>> weights, ema = new LinkedHashMap<>();
	private final NativeGuard guard = new NativeGuard("This training graph");

	public TrainingGraph(final UNetConfig config, final NoiseSchedule schedule, final Weights initial, final float learningRate) {
		Session created = null;
		try {
			final Ops tf = Ops.create(graph);
			x0 = tf.withName("x0").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, config.channels)));
			seed = tf.withName("seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
			emaDecay = tf.withName("ema_decay").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
			final Operand<TInt32> n = tf.slice(tf.shape(x0), tf.constant(new int[] { 0 }), tf.constant(new int[] { 1 }));
			final int T = schedule.steps();
			final Operand<TFloat32> u = tf.random.statelessRandomUniform(n, seed);
			final Operand<TInt32> t = tf.math.minimum(tf.dtypes.cast(tf.math.floor(tf.math.mul(u, tf.constant((float) T))), TInt32.class), tf.constant(T - 1));
			final Operand<TFloat32> eps = tf.random.statelessRandomNormal(tf.shape(x0), tf.math.add(seed, tf.constant(new long[] { 0, 1 })));
			final float[] alphaBar = new float[T];
			for (int k = 0; k < T; k++) alphaBar[k] = (float) schedule.alphaBar(k);
			final Operand<TFloat32> abar = tf.reshape(tf.gather(tf.constant(alphaBar), t, tf.constant(0)), tf.constant(new int[] { -1, 1, 1, 1 }));
			final Operand<TFloat32> xt = tf.math.add(tf.math.mul(tf.math.sqrt(abar), x0),
				tf.math.mul(tf.math.sqrt(tf.math.sub(tf.constant(1f), abar)), eps));
			final VariableParameters params = new VariableParameters(initial);
			final Operand<TFloat32> epsTheta = new UNet(config, params).build(tf, xt, t);
			loss = tf.withName("loss").math.mean(tf.math.squaredDifference(eps, epsTheta), tf.constant(new int[] { 0, 1, 2, 3 }));
			weights = params.variables();
			final Op train = new Adam(graph, learningRate).minimize(loss);
			final Ops afterTrain = tf.withControlDependencies(java.util.Collections.singletonList(train));
			final List<Op> updates = new ArrayList<>();
			for (final Map.Entry<String, Variable<TFloat32>> e : weights.entrySet()) {
				final Variable<TFloat32> shadow = tf.withName("ema_" + e.getKey().replace('.', '_')).variable(
					tf.constant(Shape.of(initial.get(e.getKey()).shape), DataBuffers.of(initial.get(e.getKey()).values, true, false)));
				ema.put(e.getKey(), shadow);
				updates.add(afterTrain.assign(shadow, afterTrain.math.add(afterTrain.math.mul(emaDecay, shadow),
					afterTrain.math.mul(afterTrain.math.sub(afterTrain.constant(1f), emaDecay), e.getValue()))));
			}
			emaUpdate = tf.withControlDependencies(updates).noOp();
			created = new Session(graph);
			created.initialize();
			session = created;
		}
		catch (final RuntimeException e) {
			if (created != null) created.close();
			graph.close();
			throw e;
		}
	}

	/**
	 * One optimiser step on {@code batch} (clean patches, normalised). Returns the loss before the step.
	 *
	 * @param step the 0-based step index, for the EMA warm-up and the random stream
	 */
	public float step(final Batch batch, final long seedValue, final long step, final double emaDecayTarget) {
		final float d = (float) Math.min(emaDecayTarget, (1.0 + step) / (10.0 + step));
		try (NativeGuard.Use u = guard.use(); TFloat32 x = Tensors.of(batch); org.tensorflow.types.TInt64 s = Tensors.seed(seedValue, step * 2);
			TFloat32 dT = TFloat32.scalarOf(d);
			Result r = session.runner().feed(x0, x).feed(seed, s).feed(emaDecay, dT).addTarget(emaUpdate).fetch(loss).run())
		{
			return ((TFloat32) r.get(0)).getFloat();
		}
	}

	/** Loss on {@code batch} without training (same random draw for the same seed and step). */
	public float evaluate(final Batch batch, final long seedValue, final long step) {
		try (NativeGuard.Use u = guard.use(); TFloat32 x = Tensors.of(batch); org.tensorflow.types.TInt64 s = Tensors.seed(seedValue, step * 2);
			Result r = session.runner().feed(x0, x).feed(seed, s).fetch(loss).run())
		{
			return ((TFloat32) r.get(0)).getFloat();
		}
	}

	/** The current (raw) weights. */
	public Weights weights() {
		try (NativeGuard.Use u = guard.use()) {
			return VariableParameters.read(session, weights);
		}
	}

	/** The exponential-moving-average weights (what a bundle ships). */
	public Weights emaWeights() {
		try (NativeGuard.Use u = guard.use()) {
			return VariableParameters.read(session, ema);
		}
	}

	/** Saves every variable (weights, EMA, Adam moments) under {@code prefix} (TensorFlow checkpoint files). */
	public void save(final String prefix) {
		try (NativeGuard.Use u = guard.use()) {
			session.save(prefix);
		}
	}

	/** Restores every variable from a checkpoint written by {@link #save} for the same architecture. */
	public void restore(final String prefix) {
		try (NativeGuard.Use u = guard.use()) {
			session.restore(prefix);
		}
	}

	/** Closes the session and graph, now or when a call running in another thread returns; idempotent. */
	@Override
	public void close() {
		guard.close(() -> {
			session.close();
			graph.close();
		});
	}
}
