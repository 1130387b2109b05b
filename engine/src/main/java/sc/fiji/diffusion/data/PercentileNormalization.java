/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data;

import java.util.Arrays;

/**
 * Robust affine normalisation of image intensities between two percentiles, as used to bring
 * images into the model's range of about {@code [-1, 1]}.
 * <p>
 * Forward: {@code y = 2 (x - pLow) / range - 1}; inverse: {@code x = (y + 1) range / 2 + pLow},
 * where {@code range = pHigh - pLow}. So {@code pLow} maps to -1 and {@code pHigh} to +1; values
 * outside the percentiles map outside {@code [-1, 1]} (nothing is clipped).
 * <p>
 * Degenerate (constant or nearly constant) images: when
 * {@code pHigh - pLow <= 1e-6 * max(|pLow|, |pHigh|)} or {@code pHigh - pLow < Float.MIN_NORMAL},
 * the percentile range carries no usable scale, so {@code range} is taken as 1 instead
 * ({@link #isDegenerate()} tells). A constant image then maps to exactly -1 and back.
 * <p>
 * Percentiles are exact order statistics with linear interpolation (numpy's default): for
 * {@code n} sorted values {@code s[0..n-1]} and percentile {@code p}, with
 * {@code h = (n - 1) p / 100}, the value is {@code s[floor h] + (h - floor h) (s[floor h + 1] - s[floor h])}.
 * <p>
 * Immutable; {@link #forward} and {@link #inverse} return new arrays and never modify their input.
 */
public final class PercentileNormalization {

	/** Default low percentile (1). */
	public static final double DEFAULT_LOW_PERCENTILE = 1;
	/** Default high percentile (99.8). */
	public static final double DEFAULT_HIGH_PERCENTILE = 99.8;

	private static final double RELATIVE_TOLERANCE = 1e-6;

	private final double pLow, pHigh, range;
	private final boolean degenerate;

	private PercentileNormalization(final double pLow, final double pHigh) {
		this.pLow = pLow;
		this.pHigh = pHigh;
		this.degenerate = degenerate(pLow, pHigh);
		this.range = degenerate ? 1 : pHigh - pLow;
	}

	/**
	 * A normalisation from known percentile values (for example read back from a model's
	 * metadata). Both must be finite and {@code pLow <= pHigh}.
	 */
	public static PercentileNormalization of(final double pLow, final double pHigh) {
		if (!Double.isFinite(pLow) || !Double.isFinite(pHigh))
			throw new IllegalArgumentException("Percentile values must be finite, got pLow=" + pLow + ", pHigh=" + pHigh);
		if (pLow > pHigh)
			throw new IllegalArgumentException("pLow must not exceed pHigh, got pLow=" + pLow + ", pHigh=" + pHigh);
		return new PercentileNormalization(pLow, pHigh);
	}

	/** {@link #fit(float[], double, double)} with the default percentiles 1 and 99.8. */
	public static PercentileNormalization fit(final float[] values) {
		return fit(values, DEFAULT_LOW_PERCENTILE, DEFAULT_HIGH_PERCENTILE);
	}

	/**
	 * Fits the normalisation to {@code values}: {@code pLow} and {@code pHigh} are the
	 * {@code lowPercentile}-th and {@code highPercentile}-th percentiles of the values.
	 *
	 * @param lowPercentile in {@code [0, 100)}
	 * @param highPercentile in {@code (lowPercentile, 100]}
	 * @throws IllegalArgumentException if {@code values} is empty, holds a NaN or infinite value,
	 *         or the percentiles are out of range
	 */
	public static PercentileNormalization fit(final float[] values, final double lowPercentile, final double highPercentile) {
		if (!(lowPercentile >= 0 && lowPercentile < highPercentile && highPercentile <= 100))
			throw new IllegalArgumentException("Percentiles must satisfy 0 <= low < high <= 100, got low=" + lowPercentile + ", high=" + highPercentile);
		if (values.length == 0)
			throw new IllegalArgumentException("Cannot fit a percentile normalisation to an empty array");
		requireFinite(values, "Image");
		final float[] sorted = values.clone();
		Arrays.sort(sorted);
		return new PercentileNormalization(percentileOfSorted(sorted, lowPercentile), percentileOfSorted(sorted, highPercentile));
	}

	/**
	 * The {@code p}-th percentile of ascending {@code sorted} values, interpolated linearly
	 * between order statistics as described in the class documentation.
	 */
	public static double percentileOfSorted(final float[] sorted, final double p) {
		final double h = (sorted.length - 1) * p / 100;
		final int lo = (int) Math.floor(h);
		if (lo >= sorted.length - 1) return sorted[sorted.length - 1];
		final double frac = h - lo;
		return sorted[lo] + frac * ((double) sorted[lo + 1] - sorted[lo]);
	}

	private static boolean degenerate(final double pLow, final double pHigh) {
		final double r = pHigh - pLow;
		return r < Float.MIN_NORMAL || r <= RELATIVE_TOLERANCE * Math.max(Math.abs(pLow), Math.abs(pHigh));
	}

	/** The low percentile value, mapped to -1. */
	public double pLow() { return pLow; }

	/** The high percentile value, mapped to +1 (unless {@link #isDegenerate()}). */
	public double pHigh() { return pHigh; }

	/** The divisor actually used: {@code pHigh - pLow}, or 1 if {@link #isDegenerate()}. */
	public double range() { return range; }

	/** True if the percentile range was too small to use, so that a range of 1 is used instead. */
	public boolean isDegenerate() { return degenerate; }

	/**
	 * A new array with {@code 2 (x - pLow) / range - 1} for each {@code x}.
	 *
	 * @throws IllegalArgumentException if {@code x} holds a NaN or infinite value
	 */
	public float[] forward(final float[] x) {
		requireFinite(x, "Input");
		final float[] y = new float[x.length];
		final double scale = 2 / range;
		for (int i = 0; i < x.length; i++)
			y[i] = (float) ((x[i] - pLow) * scale - 1);
		return y;
	}

	/**
	 * A new array with {@code (y + 1) range / 2 + pLow} for each {@code y}: the inverse of
	 * {@link #forward} (up to float rounding).
	 *
	 * @throws IllegalArgumentException if {@code y} holds a NaN or infinite value
	 */
	public float[] inverse(final float[] y) {
		requireFinite(y, "Normalised input");
		final float[] x = new float[y.length];
		final double scale = range / 2;
		for (int i = 0; i < y.length; i++)
			x[i] = (float) ((y[i] + 1) * scale + pLow);
		return x;
	}

	private static void requireFinite(final float[] values, final String what) {
		for (int i = 0; i < values.length; i++)
			if (!Float.isFinite(values[i]))
				throw new IllegalArgumentException(what + " contains a non-finite value (" + values[i] + ") at index " + i + ": percentile normalisation needs finite values");
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof PercentileNormalization)) return false;
		final PercentileNormalization other = (PercentileNormalization) o;
		return Double.compare(pLow, other.pLow) == 0 && Double.compare(pHigh, other.pHigh) == 0;
	}

	@Override
	public int hashCode() {
		return 31 * Double.hashCode(pLow) + Double.hashCode(pHigh);
	}

	@Override
	public String toString() {
		return "PercentileNormalization[pLow=" + pLow + ", pHigh=" + pHigh + (isDegenerate() ? ", degenerate: range 1" : "") + "]";
	}
}
