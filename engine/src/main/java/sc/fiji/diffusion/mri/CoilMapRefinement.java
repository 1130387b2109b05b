/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.mri;

import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.task.Settings;

/**
 * Coil maps refined with a reconstructed image x (as in JSENSE, Ying and Sheng 2007: alternate between
 * the image and the maps). The maps of {@link CoilMaps#estimate} see only the calibration region; a
 * reconstruction x brings every sampled line to bear. Each iteration fills the unsampled k-space of
 * every coil from the current maps and x, and fits each map as locally constant over a Gaussian window
 * G of {@code sigma} pixels:
 * <pre>
 *   I_c = F^H (M y_c + (1 - M) F (S_c x))
 *   S_c' = (G * (I_c conj(x)) + eps S_c) / (G * |x|^2 + eps),    eps = 1e-2 max(G * |x|^2)
 * </pre>
 * (the local least-squares fit, pulled towards the current map where x is weak), then normalised
 * ({@link CoilMaps#normalised}).
 */
public final class CoilMapRefinement {

	/**
	 * The defaults: 3 iterations with a window of sigma 3 pixels, after a first pass of one sample
	 * ({@link #firstPass}). Chosen on the choose half of the multi-coil benchmark (example4d z = 8, 16;
	 * test_piesno z = 5, 10; R = 4 and 8; docs/quality-benchmark-multicoil.md) with the then 3 coil-wise steps
	 * and 4 samples and a first pass of all the steps, mean PSNR at R = 4 / 8: without refinement 29.00 /
	 * 24.50 dB; sigma 2: 29.30 / 24.54; sigma 3: 29.44 / 24.61; sigma 4: 29.45 / 24.60; 6 iterations the
	 * same as 3; the simulation's true sensitivities: 29.76 / 24.75 (BART pics tuned: 28.78 / 23.50).
	 */
	public static final double SIGMA = 3;
	public static final int ITERATIONS = 3;

	private CoilMapRefinement() {}

	/**
	 * The settings of the first pass: one sample of half the steps (the refined maps were as good as with
	 * all the steps on the choose half: 29.45 / 24.61 dB), no uncertainty map; a fifth of the default
	 * second pass's network evaluations (8 x 1 against 16 x 2, {@link MultiCoilReconstruction#SAMPLES}).
	 */
	public static Settings firstPass(final Settings settings, final int steps) {
		return settings.copy().uncertainty(false).samples(1).steps(Math.max(1, steps / 2));
	}

	/**
	 * The first pass's listener: it passes on cancellation only (the steps it reports are the second
	 * pass's, so that progress rises once).
	 */
	public static SamplerListener quiet(final SamplerListener l) {
		return new SamplerListener() {
			@Override
			public boolean isCancelled() { return l.isCancelled(); }
		};
	}

	/**
	 * @param kspace the measured centred k-space (values outside {@code mask} are ignored)
	 * @param maps the current maps (normalised)
	 * @param xRe the real part of the reconstructed image, in the maps' frame ({@code I_c = S_c x})
	 * @param xIm its imaginary part
	 * @return the refined, normalised maps (a new array)
	 */
	public static CoilPlanes refine(final CoilPlanes kspace, final Mask mask, final CoilPlanes maps, final float[] xRe, final float[] xIm,
		final double sigma, final int iterations)
	{
		final int h = kspace.height, w = kspace.width, p = kspace.planeSize(), coils = kspace.coils;
		final float[] power = new float[p];
		for (int i = 0; i < p; i++) power[i] = xRe[i] * xRe[i] + xIm[i] * xIm[i];
		final float[] den = CoilMaps.gaussian(power, w, h, sigma);
		double max = 0;
		for (final float v : den) max = Math.max(max, v);
		final float eps = (float) (1e-2 * max);
		CoilPlanes s = maps;
		for (int it = 0; it < iterations; it++) {
			final CoilPlanes img = CoilPlanes.zeros(coils, h, w);
			for (int c = 0; c < coils; c++)
				for (int i = 0; i < p; i++) {
					final int k = c * p + i;
					img.re[k] = s.re[k] * xRe[i] - s.im[k] * xIm[i];
					img.im[k] = s.re[k] * xIm[i] + s.im[k] * xRe[i];
				}
			CentredFft.transform2D(img, false);
			for (int c = 0; c < coils; c++)
				for (int i = 0; i < p; i++)
					if (mask.sampled(i / w, i % w)) {
						img.re[c * p + i] = kspace.re[c * p + i];
						img.im[c * p + i] = kspace.im[c * p + i];
					}
			CentredFft.transform2D(img, true);
			final CoilPlanes next = CoilPlanes.zeros(coils, h, w);
			final float[] nr = new float[p], ni = new float[p];
			for (int c = 0; c < coils; c++) {
				for (int i = 0; i < p; i++) { // I_c conj(x)
					final int k = c * p + i;
					nr[i] = img.re[k] * xRe[i] + img.im[k] * xIm[i];
					ni[i] = img.im[k] * xRe[i] - img.re[k] * xIm[i];
				}
				final float[] gr = CoilMaps.gaussian(nr, w, h, sigma), gi = CoilMaps.gaussian(ni, w, h, sigma);
				for (int i = 0; i < p; i++) {
					next.re[c * p + i] = (gr[i] + eps * s.re[c * p + i]) / (den[i] + eps);
					next.im[c * p + i] = (gi[i] + eps * s.im[c * p + i]) / (den[i] + eps);
				}
			}
			s = CoilMaps.normalised(next);
		}
		return s;
	}
}
