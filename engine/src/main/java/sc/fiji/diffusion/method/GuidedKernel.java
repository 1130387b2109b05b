/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.method;

import java.util.Arrays;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.model.GraphNetwork;
import sc.fiji.diffusion.model.NativeGuard;
import sc.fiji.diffusion.model.Tensors;
import sc.fiji.diffusion.operator.LinearOperator;
import sc.fiji.diffusion.operator.Operators;
import sc.fiji.diffusion.sampler.StepKernel;
import sc.fiji.diffusion.sampler.StepRule;
import sc.fiji.diffusion.schedule.NoiseSchedule;

/**
 * A {@link StepKernel} that runs one guided step, network, data consistency and update, as ONE
 * TensorFlow session call. The graph is built once per (network, operator, guidance); the measurement
 * y is copied into a tensor once and fed at every step. Each image of the batch is guided by its own
 * measurement (posterior samples: the same y repeated).
 * <p>
 * {@link #close()} may come from any thread and more than once: a step running in another thread
 * finishes first, and later steps throw {@link IllegalStateException} ({@link NativeGuard}).
 */
public final class GuidedKernel implements StepKernel, AutoCloseable {

	private final NoiseSchedule schedule;
	private final StepRule rule;
	private final Guidance guidance;
	private final LinearOperator op;
	private final Graph graph;
	private final Session session;
	private final Placeholder<TFloat32> x, y, scalars;
	private final Placeholder<TInt32> t;
	private final Placeholder<TInt64> seed;
	private final Operand<TFloat32> xNext;
	private final TFloat32 measurement;
	private final int n;
	private final NativeGuard guard = new NativeGuard("This guided step kernel");

	/**
	 * @param y the measurements, one per image of the batches this kernel will step ([N, measurementShape])
	 * @param rule the plain step rule whose coefficients a, b, c the guidance may use
	 */
	public GuidedKernel(final GraphNetwork network, final NoiseSchedule schedule, final StepRule rule, final LinearOperator op,
		final Guidance guidance, final Batch y)
	{
		this(network, schedule, rule, op, guidance, y, false);
	}

	/**
	 * @param antithetic images i and i + N/2 get opposite noise z at every step (antithetic pairs; N even)
	 */
	public GuidedKernel(final GraphNetwork network, final NoiseSchedule schedule, final StepRule rule, final LinearOperator op,
		final Guidance guidance, final Batch y, final boolean antithetic)
	{
		this.schedule = schedule;
		this.rule = rule;
		this.guidance = guidance;
		this.op = op;
		Operators.requireMeasurement(op, y);
		if (antithetic && y.n() % 2 != 0) throw new IllegalArgumentException("Antithetic pairs need an even batch, got " + y.n());
		this.n = y.n();
		graph = new Graph();
		Session created = null;
		try {
			final Ops tf = Ops.create(graph);
			final long[] image = op.imageShape(), meas = op.measurementShape();
			x = tf.withName("x_t").placeholder(TFloat32.class, Placeholder.shape(Shape.of(prepend(image))));
			this.y = tf.withName("y").placeholder(TFloat32.class, Placeholder.shape(Shape.of(prepend(meas))));
			t = tf.withName("t").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
			scalars = tf.withName("scalars").placeholder(TFloat32.class, Placeholder.shape(Shape.of(StepScalars.COUNT)));
			seed = tf.withName("seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
			final Operand<TFloat32> eps = network.eps(tf, x, t);
			final Operand<TFloat32> z = antithetic ? antithetic(tf, prepend(image, y.n() / 2)) : tf.random.statelessRandomNormal(tf.shape(x), seed);
			final StepTensors.NoiseSource more = (v, stream) -> normalLike(tf, v, stream, antithetic);
			xNext = tf.withName("x_next").identity(guidance.next(new StepTensors(tf, x, eps, z, this.y, op, scalars, more, v -> network.eps(tf, v, t))));
			created = new Session(graph);
			session = created;
			measurement = Tensors.of(y);
		}
		catch (final RuntimeException e) {
			if (created != null) created.close();
			graph.close();
			throw e;
		}
	}

	/** [z; -z] with z ~ N(0, I) of {@code half}'s shape: the second half of the batch mirrors the first. */
	private Operand<TFloat32> antithetic(final Ops tf, final long[] half) {
		final Operand<TFloat32> z = tf.random.statelessRandomNormal(tf.constant(half), seed);
		return tf.concat(Arrays.asList(z, tf.math.neg(z)), tf.constant(0));
	}

	/**
	 * N(0, I) shaped like {@code v}, from the step's seed offset by {@code stream} in its second word; antithetic:
	 * noise for the first half of the batch, mirrored into the second.
	 */
	private Operand<TFloat32> normalLike(final Ops tf, final Operand<TFloat32> v, final int stream, final boolean antithetic) {
		final Operand<TInt64> s = tf.math.add(seed, tf.constant(new long[] { 0, stream }));
		final Operand<TInt32> shape = tf.shape(v);
		if (!antithetic) return tf.random.statelessRandomNormal(shape, s);
		final Operand<TInt32> first = tf.slice(shape, tf.constant(new int[] { 0 }), tf.constant(new int[] { 1 }));
		final Operand<TInt32> rest = tf.slice(shape, tf.constant(new int[] { 1 }), tf.constant(new int[] { -1 }));
		final Operand<TInt32> half = tf.concat(Arrays.asList(tf.math.floorDiv(first, tf.constant(new int[] { 2 })), rest), tf.constant(0));
		final Operand<TFloat32> n = tf.random.statelessRandomNormal(half, s);
		return tf.concat(Arrays.asList(n, tf.math.neg(n)), tf.constant(0));
	}

	private static long[] prepend(final long[] shape) {
		return prepend(shape, -1);
	}

	private static long[] prepend(final long[] shape, final long first) {
		final long[] s = new long[shape.length + 1];
		s[0] = first;
		System.arraycopy(shape, 0, s, 1, shape.length);
		return s;
	}

	@Override
	public Batch step(final Batch xt, final int t0, final int tNext, final long noiseSeed) {
		if (xt.n() != n) throw new IllegalArgumentException("batch of " + xt.n() + " images for " + n + " measurements");
		Operators.requireImage(op, xt);
		final double[] p = guidance.parameters(schedule, t0, tNext);
		final float[] s = StepScalars.of(schedule, rule.coefficients(schedule, t0, tNext), t0, tNext, p[0], p[1]);
		final int[] ts = new int[n];
		Arrays.fill(ts, t0);
		try (NativeGuard.Use u = guard.use(); TFloat32 xT = Tensors.of(xt); TInt32 tT = Tensors.of(ts); TFloat32 sT = TFloat32.vectorOf(s);
			TInt64 seedT = Tensors.seed(noiseSeed, 0);
			Result r = session.runner().feed(x, xT).feed(y, measurement).feed(t, tT).feed(scalars, sT).feed(seed, seedT)
				.fetch(xNext).run())
		{
			return Tensors.toBatch(r.get(0), xt);
		}
	}

	public String name() { return guidance.name() + " on " + op.name(); }

	/** Closes the measurement tensor, session and graph, now or when a step running in another thread returns; idempotent. */
	@Override
	public void close() {
		guard.close(() -> {
			measurement.close();
			session.close();
			graph.close();
		});
	}
}
