/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.mri;

import sc.fiji.diffusion.classical.PsfConvolution;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.Psfs;

/**
 * Coil sensitivity maps S_c, normalised so that {@code sum_c |S_c|^2 = 1} at every pixel with signal
 * (as ESPIRiT's are), so that the SENSE-combined image {@code x = sum_c conj(S_c) I_c} of coil images
 * {@code I_c = S_c x} has the scale of the root-sum-of-squares image.
 * <p>
 * {@link #estimate}: a calibration-based estimate (the "low-resolution ratio" method, e.g. as the
 * reference maps of SENSE without a body coil): the coil images reconstructed from the fully sampled
 * calibration region only, under a separable Hann window, divided by their root sum of squares:
 * <pre>
 *   L_c = F^H (w . K_c restricted to the calibration region),   S_c = L_c / sqrt(sum_c |L_c|^2)
 * </pre>
 * The maps carry the phase of the low-resolution image, so the combined image is nearly real and
 * non-negative where the image phase is smooth: this is the "phase from the calibration region" with
 * which a real-valued prior reconstructs the magnitude. Where the low-resolution root sum of squares is
 * not above {@link #SUPPORT} of its maximum, the maps are 0.
 */
public final class CoilMaps {

	private CoilMaps() {}

	/** Minimum calibration size (samples per direction) for {@link #estimate}. */
	public static final int MIN_CALIBRATION = 6;

	/** The low-resolution coil images L_c (see the class description) of undersampled k-space. */
	public static CoilPlanes lowResolution(final CoilPlanes kspace, final Mask mask) {
		mask.requireSize(kspace.height, kspace.width, "k-space");
		final Calibration cal = Calibration.of(mask, MIN_CALIBRATION);
		final CoilPlanes low = CoilPlanes.zeros(kspace.coils, kspace.height, kspace.width);
		final int p = kspace.planeSize(), w = kspace.width;
		for (int r = cal.rowStart; r < cal.rowEnd; r++) {
			final double wr = hann(r - cal.rowStart, cal.rows());
			for (int col = cal.colStart; col < cal.colEnd; col++) {
				final float wgt = (float) (wr * hann(col - cal.colStart, cal.columns()));
				for (int c = 0; c < kspace.coils; c++) {
					final int k = c * p + r * w + col;
					low.re[k] = wgt * kspace.re[k];
					low.im[k] = wgt * kspace.im[k];
				}
			}
		}
		CentredFft.transform2D(low, true);
		return low;
	}

	/** A Hann window of length n that is positive at both ends: {@code sin^2(pi (i + 1) / (n + 1))}. */
	private static double hann(final int i, final int n) {
		final double s = Math.sin(Math.PI * (i + 1) / (n + 1));
		return s * s;
	}

	/** Normalised maps estimated from the calibration region of {@code kspace} (see the class description). */
	public static CoilPlanes estimate(final CoilPlanes kspace, final Mask mask) {
		return normalised(lowResolution(kspace, mask));
	}

	/** Where maps count as non-zero: their root sum of squares over the coils above this share of its maximum ({@link #normalised}). */
	public static final double SUPPORT = 1e-6;

	/** {@code S_c / sqrt(sum_c |S_c|^2)}, 0 where that root sum of squares is not above {@link #SUPPORT} of its maximum; a new array. */
	public static CoilPlanes normalised(final CoilPlanes maps) {
		final float[] rss = maps.rootSumOfSquares();
		double max = 0;
		for (final float v : rss) max = Math.max(max, v);
		final CoilPlanes out = CoilPlanes.zeros(maps.coils, maps.height, maps.width);
		final int p = maps.planeSize();
		for (int i = 0; i < p; i++) {
			if (!(rss[i] > SUPPORT * max)) continue;
			for (int c = 0; c < maps.coils; c++) {
				out.re[c * p + i] = maps.re[c * p + i] / rss[i];
				out.im[c * p + i] = maps.im[c * p + i] / rss[i];
			}
		}
		return out;
	}

	/** The SENSE combination {@code sum_c conj(S_c) I_c}: {re, im}, each {@code H x W}. */
	public static float[][] combine(final CoilPlanes maps, final CoilPlanes images) {
		if (maps.coils != images.coils || maps.height != images.height || maps.width != images.width)
			throw new IllegalArgumentException("Coil maps (" + maps.coils + " coils of " + maps.width + "x" + maps.height + ") do not fit the data ("
				+ images.coils + " coils of " + images.width + "x" + images.height + ")");
		final int p = maps.planeSize();
		final float[] re = new float[p], im = new float[p];
		for (int c = 0; c < maps.coils; c++)
			for (int i = 0; i < p; i++) {
				final int k = c * p + i;
				re[i] += maps.re[k] * images.re[k] + maps.im[k] * images.im[k];
				im[i] += maps.re[k] * images.im[k] - maps.im[k] * images.re[k];
			}
		return new float[][] { re, im };
	}

	/**
	 * The unit phase factor {@code e^{i phi}} of the calibration image {@code sum_c conj(S_c) L_c}
	 * (1 where it is below {@code 1e-6} of its maximum): {re, im}, each {@code H x W}.
	 */
	public static float[][] calibrationPhase(final CoilPlanes maps, final CoilPlanes lowResolution) {
		final float[][] z = combine(maps, lowResolution);
		final int p = maps.planeSize();
		double max = 0;
		for (int i = 0; i < p; i++) max = Math.max(max, Math.hypot(z[0][i], z[1][i]));
		final float[] re = new float[p], im = new float[p];
		for (int i = 0; i < p; i++) {
			final double a = Math.hypot(z[0][i], z[1][i]);
			if (a > 1e-6 * max) {
				re[i] = (float) (z[0][i] / a);
				im[i] = (float) (z[1][i] / a);
			}
			else re[i] = 1;
		}
		return new float[][] { re, im };
	}

	/**
	 * The unit phase factor {@code e^{i phi}} of the zero-filled SENSE image {@code sum_c conj(S_c) F^H M k_c}
	 * blurred by a Gaussian of {@code sigma} pixels (1 where that is below {@code 1e-6} of its maximum):
	 * {re, im}. All sampled lines enter, not only the calibration region, so the phase is sharper than
	 * {@link #calibrationPhase}: on a 128x96 slice with 8 calibration lines at R = 4 the magnitude-weighted
	 * RMS phase error fell from 0.155 rad (calibration region) to 0.070 rad (sigma 2).
	 */
	public static float[][] imagePhase(final CoilPlanes maps, final CoilPlanes kspace, final Mask mask, final double sigma) {
		final CoilPlanes img = CoilPlanes.zeros(kspace.coils, kspace.height, kspace.width);
		final int p = kspace.planeSize();
		for (int c = 0; c < kspace.coils; c++)
			for (int i = 0; i < p; i++)
				if (mask.sampled(i / kspace.width, i % kspace.width)) {
					img.re[c * p + i] = kspace.re[c * p + i];
					img.im[c * p + i] = kspace.im[c * p + i];
				}
		CentredFft.transform2D(img, true);
		final float[][] z = combine(maps, img);
		final float[] re = gaussian(z[0], kspace.width, kspace.height, sigma), im = gaussian(z[1], kspace.width, kspace.height, sigma);
		double max = 0;
		for (int i = 0; i < p; i++) max = Math.max(max, Math.hypot(re[i], im[i]));
		for (int i = 0; i < p; i++) {
			final double a = Math.hypot(re[i], im[i]);
			if (a > 1e-6 * max) {
				re[i] /= (float) a;
				im[i] /= (float) a;
			}
			else {
				re[i] = 1;
				im[i] = 0;
			}
		}
		return new float[][] { re, im };
	}

	/** Gaussian blur with mirrored borders ({@link PsfConvolution#mirrored}); sigma 0: a copy. */
	static float[] gaussian(final float[] v, final int w, final int h, final double sigma) {
		return sigma > 0 ? PsfConvolution.mirrored(Psfs.gaussian2D(sigma), v, w, h) : v.clone();
	}

	/** {@code S_c e^{i phi}} for every coil: a new array. */
	public static CoilPlanes withPhase(final CoilPlanes maps, final float[][] phase) {
		final CoilPlanes out = CoilPlanes.zeros(maps.coils, maps.height, maps.width);
		final int p = maps.planeSize();
		for (int c = 0; c < maps.coils; c++)
			for (int i = 0; i < p; i++) {
				final int k = c * p + i;
				out.re[k] = maps.re[k] * phase[0][i] - maps.im[k] * phase[1][i];
				out.im[k] = maps.re[k] * phase[1][i] + maps.im[k] * phase[0][i];
			}
		return out;
	}
}
