/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import java.util.Arrays;
import java.util.Locale;

/**
 * A measured PSF (the image of a sub-resolution bead) made fit to deconvolve with, before
 * {@link Psfs#fromImage} normalises and centres it. A bead image carries the camera's offset and noise
 * all over it: left in, a flat offset holds most of the PSF's sum (an offset of a tenth of the peak over
 * 32x32 pixels holds 80 %) and the deconvolution undoes a blur that is not there.
 * <ul>
 * <li><b>Offset</b>: the median of the PSF's border pixels (the outer rows and columns of each plane),
 * subtracted when it is at least {@value #OFFSET_SHARE} of the peak; a computed PSF, which decays to
 * almost nothing at its border, is left alone.</li>
 * <li><b>Noise floor</b>: the noise sigma, from the border (1.4826 times the median absolute deviation
 * about the offset) when an offset was subtracted, else from the negative values a background-subtracted
 * PSF has (the root mean square of the negative values, sigma for zero-mean Gaussian noise);
 * every value under {@value #NOISE_Z} sigma is set to 0, so that the positive half of the noise does not
 * stay as a floor once the negative half is clipped.</li>
 * </ul>
 */
public final class MeasuredPsf {

	/** Least border median, as a share of the peak, that counts as an offset. */
	public static final double OFFSET_SHARE = 0.01;
	/** Values under this many noise sigmas are set to 0. */
	public static final double NOISE_Z = 3;

	private MeasuredPsf() {}

	/** A PSF's values after {@link #clean}, and what was done to them (empty: nothing). */
	public static final class Cleaned {
		public final float[] values;
		public final String note;

		Cleaned(final float[] values, final String note) {
			this.values = values;
			this.note = note;
		}
	}

	/**
	 * The values of a PSF of {@code dims} ({@code [h, w]} or {@code [d, h, w]}, row-major) with their offset
	 * and noise floor removed as the class describes; {@code values} is not modified.
	 */
	public static Cleaned clean(final float[] values, final int... dims) {
		final float[] border = border(values, dims);
		float peak = Float.NEGATIVE_INFINITY;
		for (final float v : values) peak = Math.max(peak, v);
		final double median = median(border);
		final double offset = peak > 0 && median >= OFFSET_SHARE * peak ? median : 0;
		double sigma;
		if (offset > 0) {
			final float[] deviation = new float[border.length];
			for (int i = 0; i < border.length; i++) deviation[i] = (float) Math.abs(border[i] - offset);
			sigma = 1.4826 * median(deviation);
		}
		else {
			double squares = 0;
			int negative = 0;
			for (final float v : values)
				if (v < 0) {
					squares += (double) v * v;
					negative++;
				}
			sigma = negative == 0 ? 0 : Math.sqrt(squares / negative);
		}
		final double floor = NOISE_Z * sigma;
		final float[] out = new float[values.length];
		int cut = 0;
		for (int i = 0; i < values.length; i++) {
			final double v = values[i] - offset;
			out[i] = v < floor ? 0 : (float) v;
			if (v > 0 && v < floor) cut++;
		}
		final StringBuilder note = new StringBuilder();
		if (offset > 0)
			note.append(String.format(Locale.ROOT, "background %.4g (the median of its border, %.1f %% of its peak) subtracted", offset, 100 * offset / peak));
		if (floor > 0 && cut > 0)
			note.append(note.length() > 0 ? "; " : "").append(String.format(Locale.ROOT, "%d values under %.4g (%.0f sigma of its noise) set to 0", cut, floor, NOISE_Z));
		return new Cleaned(out, note.toString());
	}

	/** The values of the outer rows and columns of every plane (not the first and last planes of a stack, where a widefield PSF's defocused light fills the field). */
	static float[] border(final float[] values, final int... dims) {
		final int[] idx = new int[dims.length];
		float[] out = new float[64];
		int n = 0;
		for (int i = 0; i < values.length; i++) {
			Psfs.unravel(i, dims, idx);
			boolean edge = false;
			for (int a = dims.length - 2; a < dims.length; a++) edge |= idx[a] == 0 || idx[a] == dims[a] - 1;
			if (!edge) continue;
			if (n == out.length) out = Arrays.copyOf(out, 2 * n);
			out[n++] = values[i];
		}
		return Arrays.copyOf(out, n);
	}

	private static double median(final float[] v) {
		if (v.length == 0) return 0;
		final float[] s = v.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
	}
}
