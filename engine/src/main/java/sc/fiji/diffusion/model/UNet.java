/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Shape;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import sc.fiji.diffusion.model.ParameterSource.Init;

/**
 * Builds the eps_theta graph of a {@link UNetConfig} with TensorFlow Java ops. Input x_t is NHWC float32
 * of any height and width, t is int32 [N]; output eps has the shape of x_t. Parameter names
 * (e.g. {@code down1.res0.conv1.w}) are the keys of the model bundle's weights.
 */
public final class UNet {

	private static final float NORM_EPS = 1e-5f;

	private final UNetConfig config;
	private final ParameterSource params;
	private Ops tf;

	public UNet(final UNetConfig config, final ParameterSource params) {
		this.config = config;
		this.params = params;
	}

	/** Adds the network to the graph of {@code ops} and returns eps_theta(x, t). */
	public Operand<TFloat32> build(final Ops ops, final Operand<TFloat32> x, final Operand<TInt32> t) {
		this.tf = ops;
		final Shape<TInt32> inShape = tf.shape(x);
		final Operand<TFloat32> padded = padToMultiple(x, inShape);
		final Operand<TFloat32> emb = timeEmbedding(t);

		Operand<TFloat32> h = conv(padded, "in", config.channels, config.baseWidth, 3, 1);
		final Deque<Operand<TFloat32>> skips = new ArrayDeque<>();
		final Deque<Integer> skipWidths = new ArrayDeque<>();
		skips.push(h);
		skipWidths.push(config.baseWidth);
		int width = config.baseWidth;
		for (int l = 0; l < config.levels(); l++) {
			for (int r = 0; r < config.resBlocks; r++) {
				h = resBlock(h, emb, "down" + l + ".res" + r, width, config.width(l));
				width = config.width(l);
				skips.push(h);
				skipWidths.push(width);
			}
			if (l < config.levels() - 1) {
				h = conv(h, "down" + l + ".downsample", width, width, 3, 2);
				skips.push(h);
				skipWidths.push(width);
			}
		}
		h = resBlock(h, emb, "mid.res0", width, width);
		if (config.attention) h = attention(h, "mid.attn", width);
		h = resBlock(h, emb, "mid.res1", width, width);
		for (int l = config.levels() - 1; l >= 0; l--) {
			for (int r = 0; r <= config.resBlocks; r++) {
				final int skipWidth = skipWidths.pop();
				h = tf.concat(Arrays.asList(h, skips.pop()), tf.constant(3));
				h = resBlock(h, emb, "up" + l + ".res" + r, width + skipWidth, config.width(l));
				width = config.width(l);
			}
			if (l > 0) h = upsample(h, "up" + l + ".upsample", width);
		}
		h = silu(groupNorm(h, "out.norm", width));
		h = conv(h, "out", width, config.channels, 3, 1, Init.ZERO);
		return crop(h, inShape);
	}

	/**
	 * Symmetric reflection padding of height and width up to a multiple of 2^(levels - 1). One reflection
	 * can add at most the current size, so a dimension smaller than its padding (the 2 or 3 slices of a
	 * thin z-stack seen from the side) is padded in rounds, each adding min(remaining, current size); where
	 * one round suffices, the later rounds add nothing and the result is the single reflection.
	 */
	private Operand<TFloat32> padToMultiple(final Operand<TFloat32> x, final Shape<TInt32> shape) {
		final int m = config.sizeMultiple();
		if (m == 1) return x;
		Operand<TInt32> size = tf.slice(shape, tf.constant(new int[] { 1 }), tf.constant(new int[] { 2 }));
		final Operand<TInt32> mm = tf.constant(m);
		Operand<TInt32> remaining = tf.math.floorMod(tf.math.sub(mm, tf.math.floorMod(size, mm)), mm);
		Operand<TFloat32> padded = x;
		for (int round = 0; round <= Integer.numberOfTrailingZeros(m); round++) { // size >= 1 doubles each round until the padding is done
			final Operand<TInt32> pad = tf.math.minimum(remaining, size);
			padded = tf.mirrorPad(padded, paddings(pad), "SYMMETRIC");
			size = tf.math.add(size, pad);
			remaining = tf.math.sub(remaining, pad);
		}
		return padded;
	}

	/** The MirrorPad paddings [[0, 0], [0, pad_h], [0, pad_w], [0, 0]] of an NHWC tensor. */
	private Operand<TInt32> paddings(final Operand<TInt32> pad) {
		final Operand<TInt32> zeros = tf.zeros(tf.constant(new int[] { 2 }), TInt32.class);
		return tf.stack(Arrays.asList(
			tf.constant(new int[] { 0, 0 }),
			tf.concat(Arrays.asList(tf.constant(new int[] { 0 }), tf.slice(pad, tf.constant(new int[] { 0 }), tf.constant(new int[] { 1 }))), tf.constant(0)),
			tf.concat(Arrays.asList(tf.constant(new int[] { 0 }), tf.slice(pad, tf.constant(new int[] { 1 }), tf.constant(new int[] { 1 }))), tf.constant(0)),
			zeros));
	}

	private Operand<TFloat32> crop(final Operand<TFloat32> h, final Shape<TInt32> shape) {
		if (config.sizeMultiple() == 1) return h;
		return tf.slice(h, tf.constant(new int[] { 0, 0, 0, 0 }), shape);
	}

	/**
	 * Sinusoidal embedding of t (Vaswani et al.; DDPM): [sin(t f_k), cos(t f_k)] with
	 * f_k = exp(-ln(10000) k / (d/2 - 1)), then dense -> SiLU -> dense to 4 x base width.
	 */
	private Operand<TFloat32> timeEmbedding(final Operand<TInt32> t) {
		final int half = Math.max(1, config.baseWidth / 2);
		final float[] freqs = new float[half];
		for (int k = 0; k < half; k++)
			freqs[k] = (float) Math.exp(-Math.log(10000) * k / Math.max(1, half - 1));
		final Operand<TFloat32> tf32 = tf.reshape(tf.dtypes.cast(t, TFloat32.class), tf.constant(new int[] { -1, 1 }));
		final Operand<TFloat32> args = tf.math.mul(tf32, tf.reshape(tf.constant(freqs), tf.constant(new int[] { 1, half })));
		final Operand<TFloat32> sinusoid = tf.concat(Arrays.asList(tf.math.sin(args), tf.math.cos(args)), tf.constant(1));
		final int e = config.embeddingWidth();
		return dense(silu(dense(sinusoid, "temb.dense0", 2 * half, e)), "temb.dense1", e, e);
	}

	/** h + conv(SiLU(GN(conv(SiLU(GN(h))) + dense(SiLU(emb))))), with a 1x1 conv on the skip if widths differ. */
	private Operand<TFloat32> resBlock(final Operand<TFloat32> x, final Operand<TFloat32> emb, final String name,
		final int in, final int out)
	{
		Operand<TFloat32> h = conv(silu(groupNorm(x, name + ".norm0", in)), name + ".conv0", in, out, 3, 1);
		final Operand<TFloat32> e = dense(silu(emb), name + ".temb", config.embeddingWidth(), out);
		h = tf.math.add(h, tf.reshape(e, tf.constant(new int[] { -1, 1, 1, out })));
		h = conv(silu(groupNorm(h, name + ".norm1", out)), name + ".conv1", out, out, 3, 1, Init.ZERO);
		final Operand<TFloat32> skip = in == out ? x : conv(x, name + ".skip", in, out, 1, 1);
		return tf.math.add(skip, h);
	}

	/** Single-head self-attention over all pixels: x + proj(softmax(q k^T / sqrt(c)) v). */
	private Operand<TFloat32> attention(final Operand<TFloat32> x, final String name, final int c) {
		final Shape<TInt32> shape = tf.shape(x);
		final Operand<TFloat32> h = groupNorm(x, name + ".norm", c);
		final Operand<TInt32> flat = tf.concat(Arrays.asList(
			tf.slice(shape, tf.constant(new int[] { 0 }), tf.constant(new int[] { 1 })), tf.constant(new int[] { -1, c })), tf.constant(0));
		final Operand<TFloat32> q = tf.reshape(conv(h, name + ".q", c, c, 1, 1), flat);
		final Operand<TFloat32> k = tf.reshape(conv(h, name + ".k", c, c, 1, 1), flat);
		final Operand<TFloat32> v = tf.reshape(conv(h, name + ".v", c, c, 1, 1), flat);
		final Operand<TFloat32> logits = tf.math.mul(tf.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true)),
			tf.constant((float) (1 / Math.sqrt(c))));
		final Operand<TFloat32> attended = tf.train.batchMatMul(tf.nn.softmax(logits), v, TFloat32.class);
		return tf.math.add(x, conv(tf.reshape(attended, shape), name + ".proj", c, c, 1, 1, Init.ZERO));
	}

	/** Nearest-neighbour 2x upsampling followed by a 3x3 convolution. */
	private Operand<TFloat32> upsample(final Operand<TFloat32> x, final String name, final int c) {
		final Operand<TInt32> hw = tf.slice(tf.shape(x), tf.constant(new int[] { 1 }), tf.constant(new int[] { 2 }));
		final Operand<TFloat32> up = tf.image.resizeNearestNeighbor(x, tf.math.mul(hw, tf.constant(2)));
		return conv(up, name, c, c, 3, 1);
	}

	/** Group normalisation (Wu and He 2018) over (H, W, C/G) per group, then per-channel scale and shift. */
	private Operand<TFloat32> groupNorm(final Operand<TFloat32> x, final String name, final int c) {
		final int g = groupsFor(c);
		final Shape<TInt32> shape = tf.shape(x);
		final Operand<TInt32> grouped = tf.concat(Arrays.asList(
			tf.slice(shape, tf.constant(new int[] { 0 }), tf.constant(new int[] { 3 })), tf.constant(new int[] { g, c / g })), tf.constant(0));
		final Operand<TFloat32> xg = tf.reshape(x, grouped);
		final Operand<TInt32> axes = tf.constant(new int[] { 1, 2, 4 });
		final Operand<TFloat32> mean = tf.math.mean(xg, axes, Mean.keepDims(true));
		final Operand<TFloat32> centred = tf.math.sub(xg, mean);
		final Operand<TFloat32> var = tf.math.mean(tf.math.square(centred), axes, Mean.keepDims(true));
		final Operand<TFloat32> normed = tf.reshape(tf.math.mul(centred, tf.math.rsqrt(tf.math.add(var, tf.constant(NORM_EPS)))), shape);
		final Operand<TFloat32> gamma = params.get(tf, name + ".scale", new long[] { c }, Init.ONE, 1);
		final Operand<TFloat32> beta = params.get(tf, name + ".shift", new long[] { c }, Init.ZERO, 1);
		return tf.math.add(tf.math.mul(normed, gamma), beta);
	}

	private int groupsFor(final int c) {
		int g = Math.min(config.groups, c);
		while (c % g != 0) g--;
		return g;
	}

	private static Operand<TFloat32> silu(final Ops tf, final Operand<TFloat32> x) {
		return tf.math.mul(x, tf.math.sigmoid(x));
	}

	/** SiLU(x) = x sigmoid(x). */
	private Operand<TFloat32> silu(final Operand<TFloat32> x) {
		return silu(tf, x);
	}

	private Operand<TFloat32> conv(final Operand<TFloat32> x, final String name, final int in, final int out, final int k, final int stride) {
		return conv(x, name, in, out, k, stride, Init.FAN_IN);
	}

	private Operand<TFloat32> conv(final Operand<TFloat32> x, final String name, final int in, final int out, final int k,
		final int stride, final Init init)
	{
		final Operand<TFloat32> w = params.get(tf, name + ".w", new long[] { k, k, in, out }, init, (long) k * k * in);
		final Operand<TFloat32> b = params.get(tf, name + ".b", new long[] { out }, Init.ZERO, 1);
		final Operand<TFloat32> y = tf.nn.conv2d(x, w, Arrays.asList(1L, (long) stride, (long) stride, 1L), "SAME");
		return tf.nn.biasAdd(y, b);
	}

	private Operand<TFloat32> dense(final Operand<TFloat32> x, final String name, final int in, final int out) {
		final Operand<TFloat32> w = params.get(tf, name + ".w", new long[] { in, out }, Init.FAN_IN, in);
		final Operand<TFloat32> b = params.get(tf, name + ".b", new long[] { out }, Init.ZERO, 1);
		return tf.nn.biasAdd(tf.linalg.matMul(x, w), b);
	}
}
