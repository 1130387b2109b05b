/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.method;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.model.GraphNetwork;
import sc.fiji.diffusion.model.NativeGuard;
import sc.fiji.diffusion.model.TensorFlowNatives;
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
 * <b>Planes.</b> A batch may hold B problems of one shape (a {@link sc.fiji.diffusion.operator.StackedOperator},
 * plane-interleaved: image {@code k B + b} is sample k of plane b). Each plane then draws its noise from a
 * stream of its own: at a step with seed s, plane b's K images get exactly the noise that a batch of only
 * those K images gets with the seed {@code s + planeSeeds[b]} (antithetic pairs: within each plane), so
 * that a plane's result does not depend on the planes it is batched with.
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
	private final long[] planeSeeds;
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
		this(network, schedule, rule, op, guidance, y, antithetic, new long[] { 0 });
	}

	/**
	 * @param planeSeeds per plane (B = its length; the batch is plane-interleaved, N a multiple of B, or of 2B
	 *        when antithetic), the offset of the plane's noise seed from the step's seed; {@code {0}}: one plane
	 */
	public GuidedKernel(final GraphNetwork network, final NoiseSchedule schedule, final StepRule rule, final LinearOperator op,
		final Guidance guidance, final Batch y, final boolean antithetic, final long[] planeSeeds)
	{
		this.schedule = schedule;
		this.rule = rule;
		this.guidance = guidance;
		this.op = op;
		Operators.requireMeasurement(op, y);
		if (planeSeeds.length < 1 || y.n() % ((antithetic ? 2 : 1) * planeSeeds.length) != 0)
			throw new IllegalArgumentException("A batch of " + y.n() + " images for " + planeSeeds.length + " plane(s)" + (antithetic ? " in antithetic pairs" : ""));
		this.n = y.n();
		this.planeSeeds = planeSeeds.clone();
		graph = TensorFlowNatives.newGraph();
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
			final Operand<TFloat32> z = normalLike(tf, x, 0, antithetic);
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

	/**
	 * N(0, I) shaped like {@code v}, from the step's seed offset by {@code stream} in its second word (stream 0:
	 * z) and by {@code planeSeeds[b]} in its first for plane b's images; antithetic: within each plane, noise for
	 * the first half of its images, mirrored into the second.
	 */
	private Operand<TFloat32> normalLike(final Ops tf, final Operand<TFloat32> v, final int stream, final boolean antithetic) {
		final Operand<TInt32> shape = tf.shape(v);
		final Operand<TInt32> first = tf.slice(shape, tf.constant(new int[] { 0 }), tf.constant(new int[] { 1 }));
		final Operand<TInt32> rest = tf.slice(shape, tf.constant(new int[] { 1 }), tf.constant(new int[] { -1 }));
		final int planes = planeSeeds.length;
		final Operand<TInt32> perPlane = tf.math.floorDiv(first, tf.constant(new int[] { planes * (antithetic ? 2 : 1) }));
		final Operand<TInt32> drawn = tf.concat(Arrays.asList(perPlane, rest), tf.constant(0));
		final List<Operand<TFloat32>> parts = new ArrayList<>();
		for (final long offset : planeSeeds) {
			final Operand<TFloat32> n = tf.random.statelessRandomNormal(drawn, tf.math.add(seed, tf.constant(new long[] { offset, stream })));
			parts.add(antithetic ? tf.concat(Arrays.asList(n, tf.math.neg(n)), tf.constant(0)) : n);
		}
		return planes == 1 ? parts.get(0) : tf.reshape(tf.stack(parts, Stack.axis(1L)), shape);
	}

	private static long[] prepend(final long[] shape) {
		final long[] s = new long[shape.length + 1];
		s[0] = -1;
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
