/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.spark.zarr.ZarrArray;
import sc.fiji.diffusion.task.NoiseEstimation;
import sc.fiji.diffusion.task.Restoration;

/**
 * What all blocks of a volume must share so that their seams do not show: the intensity normalisation
 * (percentiles {@link PercentileNormalization#DEFAULT_LOW_PERCENTILE} and
 * {@link PercentileNormalization#DEFAULT_HIGH_PERCENTILE} of the whole volume) and the noise sigma (the
 * median over every plane of every block of {@link NoiseEstimation#estimateNoiseSigma}). Computed in one
 * pass over the blocks: each block gives a {@link Sample} (its core's voxels on a lattice of stride
 * {@link #stride} in x and y, and its planes' noise estimates), and {@link #of} combines the samples in
 * block order, so that the result does not depend on how the blocks were spread over machines.
 */
public final class VolumeStatistics implements Serializable {

	private static final long serialVersionUID = 1L;

	/** Most voxel values the percentiles are taken from. */
	public static final long MAX_SAMPLES = 1L << 22;

	public final double pLow, pHigh, noiseSigma;

	public VolumeStatistics(final double pLow, final double pHigh, final double noiseSigma) {
		this.pLow = pLow;
		this.pHigh = pHigh;
		this.noiseSigma = noiseSigma;
	}

	public PercentileNormalization normalization() { return PercentileNormalization.of(pLow, pHigh); }

	/** One block's share. */
	public static final class Sample implements Serializable {
		private static final long serialVersionUID = 1L;
		final float[] values;
		final double[] noise;

		Sample(final float[] values, final double[] noise) {
			this.values = values;
			this.noise = noise;
		}
	}

	/** The x-y stride of the sampling lattice: every voxel of a volume of up to {@link #MAX_SAMPLES}, sparser beyond. */
	public static int stride(final BlockGrid grid) {
		return (int) Math.max(1, Math.ceil(Math.sqrt(grid.voxels() / (double) MAX_SAMPLES)));
	}

	/**
	 * The sample of block {@code b}: voxels whose global x and y are multiples of the stride, and (when
	 * {@code estimateNoise}) the noise estimate of each of its planes (planes narrower than 3 pixels give none).
	 */
	public static Sample sample(final ZarrArray input, final BlockGrid grid, final long[] b, final boolean estimateNoise) throws IOException {
		final long[] o = grid.origin(b);
		final int[] s = grid.size(b);
		final float[] v = input.read(o, s);
		final int stride = stride(grid), plane = s[1] * s[2];
		final float[] picked = new float[v.length];
		int n = 0;
		for (int z = 0; z < s[0]; z++)
			for (int y = 0; y < s[1]; y++)
				if ((o[1] + y) % stride == 0) for (int x = 0; x < s[2]; x++)
					if ((o[2] + x) % stride == 0) picked[n++] = v[z * plane + y * s[2] + x];
		double[] noise = new double[0];
		if (estimateNoise && s[1] >= 3 && s[2] >= 3) {
			noise = new double[s[0]];
			for (int z = 0; z < s[0]; z++)
				noise[z] = NoiseEstimation.estimateNoiseSigma(Arrays.copyOfRange(v, z * plane, (z + 1) * plane), s[2], s[1], null);
		}
		return new Sample(Arrays.copyOf(picked, n), noise);
	}

	/** Combines the samples of all blocks (in block order); {@code noiseSigma}: the given sigma, or NaN to use the median estimate. */
	public static VolumeStatistics of(final List<Sample> samples, final double noiseSigma) {
		int n = 0, m = 0;
		for (final Sample s : samples) {
			n += s.values.length;
			m += s.noise.length;
		}
		final float[] all = new float[n];
		final double[] noise = new double[m];
		n = 0;
		m = 0;
		for (final Sample s : samples) {
			System.arraycopy(s.values, 0, all, n, s.values.length);
			System.arraycopy(s.noise, 0, noise, m, s.noise.length);
			n += s.values.length;
			m += s.noise.length;
		}
		final PercentileNormalization norm = PercentileNormalization.fit(all);
		double sigma = noiseSigma;
		if (Double.isNaN(sigma)) {
			if (m == 0) throw new IllegalArgumentException("No plane is large enough (3x3) for a noise estimate: give --noise-sigma");
			Arrays.sort(noise);
			sigma = m % 2 == 1 ? noise[m / 2] : 0.5 * (noise[m / 2 - 1] + noise[m / 2]);
		}
		return new VolumeStatistics(norm.pLow(), norm.pHigh(), sigma);
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "percentiles %.6g .. %.6g, noise sigma %.6g", pLow, pHigh, noiseSigma);
	}
}
