/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.train;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

import sc.fiji.diffusion.data.Batch;

/**
 * Extra augmentations on top of another {@link PatchSource}'s patches (which already have random
 * flips and rotations), for data sets with few subjects such as MRI templates. Intensities are mapped
 * to u = (x + 1) / 2 (the normalised [0, 1] range), changed, and mapped back:
 * <ul>
 * <li>{@link Kind#SCALE}: one zoom factor s per batch, log-uniform in [1/1.15, 1.15]: patches of
 * round(s p) pixels are drawn and resampled bilinearly to p (mild scaling of anatomy);</li>
 * <li>{@link Kind#GAMMA}: u' = max(u, 0)^g per patch, log g uniform in [-ln 1.4, ln 1.4] (contrast);</li>
 * <li>{@link Kind#BIAS}: u' = u exp(a X + b Y + c X^2 + d Y^2 + e X Y) per patch, X, Y in [-1, 1] across
 * the patch and a..e uniform in [-0.15, 0.15] (smooth receive-coil bias field);</li>
 * <li>{@link Kind#CONTRAST}: with probability {@value #CONTRAST_PROBABILITY} per patch, u' = f(u) for a
 * random piecewise-linear tissue contrast f through the knots (k / {@value #CONTRAST_SEGMENTS}, v_k),
 * k = 0..{@value #CONTRAST_SEGMENTS}, v_1.. uniform in [0, 1] and scaled so that the largest is 1, v_0
 * uniform in [0, 0.1] (the background stays dark, as in every MR contrast), and continued with the last
 * slope above u = 1 (the few pixels above the normalisation's upper percentile may then leave [-1, 1],
 * bright fat even turn dark; the shipped mri-brain-t1 was trained with this map). A prior trained on one
 * weighting (T1: white matter bright, fluid dark) then also sees the orders of other weightings (T2, proton
 * density, EPI: fluid bright), as in domain randomisation of tissue intensities (Billot et al., SynthSeg,
 * 2023); the other patches keep their own contrast.</li>
 * </ul>
 * The kinds apply in the order scale, contrast, gamma, bias.
 */
public final class AugmentedPatches implements PatchSource {

	public enum Kind { SCALE, GAMMA, BIAS, CONTRAST }

	/** The kinds' names as {@link #parse} reads them (for help texts). */
	public static final String NAMES = "scale,gamma,bias,contrast";

	/** The share of patches whose contrast {@link Kind#CONTRAST} remaps, and the number of its segments. */
	static final double CONTRAST_PROBABILITY = 0.5;
	static final int CONTRAST_SEGMENTS = 5;

	private final PatchSource source;
	private final Set<Kind> kinds;

	public AugmentedPatches(final PatchSource source, final Set<Kind> kinds) {
		this.source = source;
		this.kinds = kinds.isEmpty() ? EnumSet.noneOf(Kind.class) : EnumSet.copyOf(kinds);
	}

	/** Parses a comma-separated subset of {@link #NAMES} (any case; empty or "none" for none). */
	public static Set<Kind> parse(final String list) {
		final Set<Kind> kinds = EnumSet.noneOf(Kind.class);
		for (final String s : list.split(",")) {
			final String k = s.trim().toUpperCase(Locale.ROOT);
			if (k.isEmpty() || k.equals("NONE")) continue;
			try {
				kinds.add(Kind.valueOf(k));
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException("Unknown augmentation '" + s.trim() + "' (expected any of " + NAMES + ", or none)");
			}
		}
		return kinds;
	}

	@Override
	public Batch next(final int batchSize, final int patchSize, final SplittableRandom rng) {
		Batch b;
		if (kinds.contains(Kind.SCALE)) {
			final double s = Math.exp((2 * rng.nextDouble() - 1) * Math.log(1.15));
			final int drawn = Math.max(2, (int) Math.round(s * patchSize));
			b = resample(source.next(batchSize, drawn, rng), patchSize);
		}
		else b = source.next(batchSize, patchSize, rng);
		if (kinds.contains(Kind.CONTRAST)) remapContrast(b, rng);
		if (kinds.contains(Kind.GAMMA) || kinds.contains(Kind.BIAS)) {
			final int p = patchSize, area = p * p;
			final float[] d = b.data();
			for (int i = 0; i < b.n(); i++) {
				final double g = kinds.contains(Kind.GAMMA) ? Math.exp((2 * rng.nextDouble() - 1) * Math.log(1.4)) : 1;
				final double[] c = new double[5];
				if (kinds.contains(Kind.BIAS)) for (int k = 0; k < 5; k++) c[k] = 0.3 * rng.nextDouble() - 0.15;
				for (int y = 0; y < p; y++) {
					final double Y = p == 1 ? 0 : 2.0 * y / (p - 1) - 1;
					for (int x = 0; x < p; x++) {
						final double X = p == 1 ? 0 : 2.0 * x / (p - 1) - 1;
						final int k = i * area + y * p + x;
						final double u = Math.pow(Math.max(0, (d[k] + 1) / 2.0), g);
						final double field = Math.exp(c[0] * X + c[1] * Y + c[2] * X * X + c[3] * Y * Y + c[4] * X * Y);
						d[k] = (float) (2 * u * field - 1);
					}
				}
			}
		}
		return b;
	}

	/** {@link Kind#CONTRAST}: a random tissue contrast for a random half of the patches (see the class description). */
	static void remapContrast(final Batch b, final SplittableRandom rng) {
		final int area = b.height() * b.width();
		final float[] d = b.data();
		final double[] v = new double[CONTRAST_SEGMENTS + 1];
		for (int i = 0; i < b.n(); i++) {
			if (rng.nextDouble() >= CONTRAST_PROBABILITY) continue;
			double max = 0;
			for (int k = 1; k < v.length; k++) max = Math.max(max, v[k] = rng.nextDouble());
			for (int k = 1; k < v.length; k++) v[k] /= max;
			v[0] = 0.1 * rng.nextDouble();
			for (int k = i * area; k < (i + 1) * area; k++) {
				final double u = Math.max(0, (d[k] + 1) / 2.0) * CONTRAST_SEGMENTS;
				final int j = Math.min(CONTRAST_SEGMENTS - 1, (int) u);
				d[k] = (float) (2 * (v[j] + (v[j + 1] - v[j]) * (u - j)) - 1);
			}
		}
	}

	/** Bilinear resampling of every (single-channel, square) patch to {@code size x size}, pixel centres aligned. */
	static Batch resample(final Batch in, final int size) {
		final int p = in.height();
		if (p == size) return in;
		final Batch out = Batch.zeros(in.n(), size, size, 1);
		final double scale = (double) p / size;
		for (int i = 0; i < in.n(); i++)
			for (int y = 0; y < size; y++) {
				final double sy = Math.min(p - 1, Math.max(0, (y + 0.5) * scale - 0.5));
				final int y0 = (int) sy, y1 = Math.min(p - 1, y0 + 1);
				final double fy = sy - y0;
				for (int x = 0; x < size; x++) {
					final double sx = Math.min(p - 1, Math.max(0, (x + 0.5) * scale - 0.5));
					final int x0 = (int) sx, x1 = Math.min(p - 1, x0 + 1);
					final double fx = sx - x0;
					final int base = i * p * p;
					final float[] d = in.data();
					final double top = d[base + y0 * p + x0] * (1 - fx) + d[base + y0 * p + x1] * fx;
					final double bottom = d[base + y1 * p + x0] * (1 - fx) + d[base + y1 * p + x1] * fx;
					out.data()[(i * size + y) * size + x] = (float) (top * (1 - fy) + bottom * fy);
				}
			}
		return out;
	}

	@Override
	public String description() {
		return source.description() + (kinds.isEmpty() ? "" : ", augmented with " + kinds.toString().toLowerCase(Locale.ROOT));
	}
}
