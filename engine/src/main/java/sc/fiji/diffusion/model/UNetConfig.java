/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.util.Arrays;

/**
 * Architecture of the noise-prediction UNet (Ho et al. 2020, simplified): a 3x3 input convolution to
 * {@code baseWidth} channels; {@code levels} resolution levels with {@code resBlocks} residual blocks
 * each (widths {@code baseWidth * multiplier(l)}), a stride-2 downsampling between levels; a middle of
 * residual block, optional self-attention, residual block at the lowest resolution; the mirrored
 * decoder with skip connections and nearest-neighbour upsampling; group norm, SiLU and a 3x3 output
 * convolution back to {@code channels}. Residual blocks receive a sinusoidal timestep embedding
 * through a two-layer MLP.
 * <p>
 * The network is fully convolutional: inputs are padded (symmetric reflection) to a multiple of
 * {@link #sizeMultiple()} and the output is cropped back.
 */
public final class UNetConfig {

	/** Largest feature width of any level ({@code baseWidth * multiplier}) accepted; real networks use a few hundred. */
	public static final int MAX_WIDTH = 1 << 14;
	/** Most image channels accepted. */
	public static final int MAX_CHANNELS = 64;
	/** Most residual blocks per level accepted. */
	public static final int MAX_RES_BLOCKS = 16;

	public final int channels;
	public final int baseWidth;
	public final int[] multipliers;
	public final int resBlocks;
	public final boolean attention;
	public final int groups;

	public UNetConfig(final int channels, final int baseWidth, final int[] multipliers, final int resBlocks,
		final boolean attention, final int groups)
	{
		if (channels < 1 || channels > MAX_CHANNELS) throw new IllegalArgumentException("channels must be in [1, " + MAX_CHANNELS + "], got " + channels);
		if (baseWidth < 1) throw new IllegalArgumentException("base width must be >= 1, got " + baseWidth);
		if (multipliers == null) throw new IllegalArgumentException("the width multipliers are missing");
		if (multipliers.length < 1 || multipliers.length > 6)
			throw new IllegalArgumentException("levels must be in [1, 6], got " + multipliers.length);
		if (resBlocks < 1 || resBlocks > MAX_RES_BLOCKS) throw new IllegalArgumentException("resBlocks must be in [1, " + MAX_RES_BLOCKS + "], got " + resBlocks);
		if (groups < 1) throw new IllegalArgumentException("the number of norm groups must be >= 1, got " + groups);
		for (final int m : multipliers) {
			if (m < 1) throw new IllegalArgumentException("width multipliers must be >= 1: " + Arrays.toString(multipliers));
			if ((long) baseWidth * m > MAX_WIDTH)
				throw new IllegalArgumentException("width " + baseWidth + " x multiplier " + m + " = " + (long) baseWidth * m + " feature channels is absurd (at most " + MAX_WIDTH + ")");
			if ((baseWidth * m) % groups != 0)
				throw new IllegalArgumentException("width " + baseWidth * m + " is not divisible by " + groups + " norm groups");
		}
		this.channels = channels;
		this.baseWidth = baseWidth;
		this.multipliers = multipliers.clone();
		this.resBlocks = resBlocks;
		this.attention = attention;
		this.groups = groups;
	}

	/**
	 * The default shape for a given width and depth: multipliers 1, 2, 2, 2, ... (doubling once, then
	 * constant, as in DDPM's 1,2,2,2), two residual blocks per level, attention at the lowest level,
	 * 8 norm groups (fewer if the base width is small).
	 */
	public static UNetConfig of(final int channels, final int baseWidth, final int levels) {
		final int[] mult = new int[levels];
		for (int l = 0; l < levels; l++) mult[l] = l == 0 ? 1 : 2;
		return new UNetConfig(channels, baseWidth, mult, 2, true, Math.min(8, baseWidth));
	}

	/**
	 * Name and TensorFlow shape of every trainable parameter, in the order the network is built: exactly
	 * the tensors {@link UNet} asks for (conv kernels [kh, kw, in, out], dense [in, out], biases, norm
	 * scales and shifts [n]). Plain arithmetic, no TensorFlow: bundles are checked against it before
	 * their weights are inflated or a graph is built.
	 */
	public java.util.LinkedHashMap<String, long[]> parameterShapes() {
		final java.util.LinkedHashMap<String, long[]> p = new java.util.LinkedHashMap<>();
		final int half = Math.max(1, baseWidth / 2), e = embeddingWidth();
		dense(p, "temb.dense0", 2 * half, e);
		dense(p, "temb.dense1", e, e);
		conv(p, "in", channels, baseWidth, 3);
		final java.util.Deque<Integer> skipWidths = new java.util.ArrayDeque<>();
		skipWidths.push(baseWidth);
		int width = baseWidth;
		for (int l = 0; l < levels(); l++) {
			for (int r = 0; r < resBlocks; r++) {
				resBlock(p, "down" + l + ".res" + r, width, width(l));
				width = width(l);
				skipWidths.push(width);
			}
			if (l < levels() - 1) {
				conv(p, "down" + l + ".downsample", width, width, 3);
				skipWidths.push(width);
			}
		}
		resBlock(p, "mid.res0", width, width);
		if (attention) {
			norm(p, "mid.attn.norm", width);
			for (final String n : new String[] { "q", "k", "v", "proj" }) conv(p, "mid.attn." + n, width, width, 1);
		}
		resBlock(p, "mid.res1", width, width);
		for (int l = levels() - 1; l >= 0; l--) {
			for (int r = 0; r <= resBlocks; r++) {
				resBlock(p, "up" + l + ".res" + r, width + skipWidths.pop(), width(l));
				width = width(l);
			}
			if (l > 0) conv(p, "up" + l + ".upsample", width, width, 3);
		}
		norm(p, "out.norm", width);
		conv(p, "out", width, channels, 3);
		return p;
	}

	/** Number of trainable parameters, as a double so that absurd architectures cannot overflow it. */
	public double parameterCount() {
		double n = 0;
		for (final long[] shape : parameterShapes().values()) {
			double c = 1;
			for (final long d : shape) c *= d;
			n += c;
		}
		return n;
	}

	private void resBlock(final java.util.Map<String, long[]> p, final String name, final int in, final int out) {
		norm(p, name + ".norm0", in);
		conv(p, name + ".conv0", in, out, 3);
		dense(p, name + ".temb", embeddingWidth(), out);
		norm(p, name + ".norm1", out);
		conv(p, name + ".conv1", out, out, 3);
		if (in != out) conv(p, name + ".skip", in, out, 1);
	}

	private static void conv(final java.util.Map<String, long[]> p, final String name, final int in, final int out, final int k) {
		p.put(name + ".w", new long[] { k, k, in, out });
		p.put(name + ".b", new long[] { out });
	}

	private static void dense(final java.util.Map<String, long[]> p, final String name, final int in, final int out) {
		p.put(name + ".w", new long[] { in, out });
		p.put(name + ".b", new long[] { out });
	}

	private static void norm(final java.util.Map<String, long[]> p, final String name, final int c) {
		p.put(name + ".scale", new long[] { c });
		p.put(name + ".shift", new long[] { c });
	}

	public int levels() { return multipliers.length; }

	public int width(final int level) { return baseWidth * multipliers[level]; }

	/** Width of the timestep embedding: 4 x base width. */
	public int embeddingWidth() { return 4 * baseWidth; }

	/** Height and width are padded to a multiple of this: 2^(levels - 1). */
	public int sizeMultiple() { return 1 << (levels() - 1); }

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof UNetConfig)) return false;
		final UNetConfig c = (UNetConfig) o;
		return channels == c.channels && baseWidth == c.baseWidth && Arrays.equals(multipliers, c.multipliers) &&
			resBlocks == c.resBlocks && attention == c.attention && groups == c.groups;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(multipliers) * 31 + baseWidth;
	}

	@Override
	public String toString() {
		return "UNet(channels=" + channels + ", width=" + baseWidth + ", multipliers=" + Arrays.toString(multipliers) +
			", resBlocks=" + resBlocks + ", attention=" + attention + ", groups=" + groups + ")";
	}
}
