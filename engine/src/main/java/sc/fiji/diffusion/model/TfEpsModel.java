/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.util.Arrays;
import java.util.Collections;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.schedule.StepCoefficients;

/**
 * An {@link EpsModel} running a {@link GraphNetwork} (e.g. a trained {@link UNet}) in its own TensorFlow
 * graph and session.
 * <p>
 * Graph: placeholders {@code x_t} (float NHWC) and {@code t} (int32 [N]) feed eps_theta. A sampler step
 * is one session call: {@code x_next = a x_t + b eps + c z} with z from a stateless random normal seeded
 * by a fed int64 pair, so Java moves only x_t in and x_next out. The vector-Jacobian product graph is
 * added on first use.
 * <p>
 * {@link #close()} may come from any thread and more than once: a call running in another thread
 * finishes first (its session is released when it returns), and later calls throw
 * {@link IllegalStateException} ({@link NativeGuard}).
 */
public final class TfEpsModel implements EpsModel {

	private final GraphNetwork network;
	private final int timesteps;
	private final Graph graph;
	private final Session session;
	private final Ops tf;
	private final Placeholder<TFloat32> x, a, b, c, clip, sqrtAlphaBar;
	private final Placeholder<TInt32> t;
	private final Placeholder<TInt64> seed;
	private final Operand<TFloat32> eps, xNext, xNextClipped;
	private Placeholder<TFloat32> v;
	private Operand<TFloat32> vjp;
	private final NativeGuard guard = new NativeGuard("This model");

	/**
	 * A UNet with {@code weights} baked in as constants.
	 *
	 * @throws IllegalArgumentException if the weights do not match the architecture (missing, extra or
	 *           mis-shaped tensors), naming the first offending tensor
	 */
	public TfEpsModel(final UNetConfig config, final Weights weights, final int timesteps) {
		this(GraphNetwork.unet(config, weights), timesteps);
	}

	/** Any graph network trained on a schedule of {@code timesteps} steps. */
	public TfEpsModel(final GraphNetwork network, final int timesteps) {
		this.network = network;
		this.timesteps = timesteps;
		this.graph = TensorFlowNatives.newGraph();
		try {
			tf = Ops.create(graph);
			x = tf.withName("x_t").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, network.channels())));
			t = tf.withName("t").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
			eps = tf.withName("eps").identity(network.eps(tf, x, t));
			a = scalar("a");
			b = scalar("b");
			c = scalar("c");
			seed = tf.withName("seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
			final Operand<TFloat32> z = tf.random.statelessRandomNormal(tf.shape(x), seed);
			xNext = tf.withName("x_next").math.add(tf.math.add(tf.math.mul(a, x), tf.math.mul(b, eps)), tf.math.mul(c, z));
			// the same with x0Hat clipped to [-clip, clip] (StepCoefficients): eps' from the clipped x0Hat
			clip = scalar("clip");
			sqrtAlphaBar = scalar("sqrt_alpha_bar");
			final Operand<TFloat32> r = tf.math.sqrt(tf.math.sub(tf.constant(1f), tf.math.square(sqrtAlphaBar)));
			final Operand<TFloat32> x0 = tf.clipByValue(tf.math.div(tf.math.sub(x, tf.math.mul(r, eps)), sqrtAlphaBar), tf.math.neg(clip), clip);
			final Operand<TFloat32> epsClipped = tf.math.div(tf.math.sub(x, tf.math.mul(sqrtAlphaBar, x0)), r);
			xNextClipped = tf.withName("x_next_clipped").math.add(tf.math.add(tf.math.mul(a, x), tf.math.mul(b, epsClipped)), tf.math.mul(c, z));
			session = new Session(graph);
		}
		catch (final RuntimeException e) {
			graph.close();
			throw e;
		}
	}

	private Placeholder<TFloat32> scalar(final String name) {
		return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
	}

	/** The network this model runs, for graphs that fuse it with other work (guided sampling). */
	public GraphNetwork network() { return network; }

	@Override public int channels() { return network.channels(); }

	@Override public int timesteps() { return timesteps; }

	private void check(final Batch xt, final int[] ts) {
		if (xt.channels() != network.channels())
			throw new IllegalArgumentException("model expects " + network.channels() + " channel(s), got " + xt.channels());
		if (ts.length != xt.n()) throw new IllegalArgumentException("need one timestep per image: " + ts.length + " for " + xt.n());
		for (final int ti : ts)
			if (ti < 0 || ti >= timesteps) throw new IllegalArgumentException("timestep " + ti + " outside [0, " + timesteps + ")");
	}

	@Override
	public Batch eps(final Batch xt, final int[] ts) {
		check(xt, ts);
		try (NativeGuard.Use u = guard.use(); TFloat32 xT = Tensors.of(xt); TInt32 tT = Tensors.of(ts);
			Result r = session.runner().feed(x, xT).feed(t, tT).fetch(eps).run())
		{
			return Tensors.toBatch(r.get(0), xt);
		}
	}

	@Override
	public Batch step(final Batch xt, final int[] ts, final StepCoefficients k, final long noiseSeed) {
		check(xt, ts);
		try (NativeGuard.Use u = guard.use(); TFloat32 xT = Tensors.of(xt); TInt32 tT = Tensors.of(ts);
			TFloat32 aT = TFloat32.scalarOf((float) k.a); TFloat32 bT = TFloat32.scalarOf((float) k.b);
			TFloat32 cT = TFloat32.scalarOf((float) k.c); TInt64 sT = Tensors.seed(noiseSeed, 0);
			TFloat32 clipT = TFloat32.scalarOf(k.clips() ? (float) k.clip : 1f); TFloat32 sqrtAbarT = TFloat32.scalarOf(k.clips() ? (float) k.sqrtAlphaBar : 0.5f);
			Result r = session.runner().feed(x, xT).feed(t, tT).feed(a, aT).feed(b, bT).feed(c, cT).feed(seed, sT)
				.feed(clip, clipT).feed(sqrtAlphaBar, sqrtAbarT).fetch(k.clips() ? xNextClipped : xNext).run())
		{
			return Tensors.toBatch(r.get(0), xt);
		}
	}

	@Override
	public synchronized Batch epsVjp(final Batch xt, final int[] ts, final Batch vb) {
		check(xt, ts);
		if (!vb.sameShape(xt)) throw new IllegalArgumentException("VJP vector " + vb + " does not match x_t " + xt);
		try (NativeGuard.Use u = guard.use()) {
			if (vjp == null) {
				v = tf.withName("v").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, network.channels())));
				final Gradients g = tf.gradients(eps, Collections.singletonList(x), Gradients.dx(Arrays.asList(v)));
				vjp = g.dy(0);
			}
			try (TFloat32 xT = Tensors.of(xt); TInt32 tT = Tensors.of(ts); TFloat32 vT = Tensors.of(vb);
				Result r = session.runner().feed(x, xT).feed(t, tT).feed(v, vT).fetch(vjp).run())
			{
				return Tensors.toBatch(r.get(0), xt);
			}
		}
	}

	/** The graph, for inspection (e.g. counting operations); do not modify. */
	Graph graph() { return graph; }

	/** Closes the session and graph, now or when a call running in another thread returns; idempotent. */
	@Override
	public void close() {
		guard.close(() -> {
			session.close();
			graph.close();
		});
	}

	public boolean isClosed() { return guard.isClosed(); }
}
