/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import java.util.SplittableRandom;

import sc.fiji.diffusion.classical.PsfConvolution;
import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.data.PercentileNormalization;

/**
 * Synthetic clean 2D transmitted-light images (brightfield, phase contrast, DIC): bright-on-grey, smooth and
 * textured, unlike the dark fields with bright objects of {@link FluorescenceGenerator}, to train a prior
 * that also fits the images of a transmitted-light microscope. The specimen is the same random {@link Scene}
 * (cells, nuclei, rods, filaments, puncta): its rendered density phi(x) &ge; 0 (the fluorescence image of the
 * scene, scaled to P99.9 = 1) is the optical thickness, seen through one of three contrasts chosen by the seed:
 * <pre>
 *   brightfield     I = B(x) exp(-c phi)                                        (absorption)
 *   phase contrast  I = B(x) (1 - c (phi - G_h * phi))                         (dark objects, bright halo)
 *   DIC             I = B(x) (1 + c (phi(x + s u) - phi(x - s u)) / 2)         (relief along shear u)
 * </pre>
 * with B(x) = b (1 + 0.08 n(x)) an uneven illumination around a grey level b uniform in [0.35, 0.7] (n: a
 * smooth random field of unit variance), contrast c uniform in [0.3, 0.9], halo width G_h a Gaussian of
 * 1.5-4 um, shear s of 1-2 pixels in a random direction u. Values are clipped to [0, 1.5]. Pure Java; the same
 * seed gives the same image; immutable.
 */
public final class TransmittedLightGenerator {

	/** The three contrasts. */
	public enum Contrast { BRIGHTFIELD, PHASE_CONTRAST, DIC }

	private final FluorescenceGenerator specimen;

	/** @see FluorescenceGenerator#FluorescenceGenerator(int, int, double) */
	public TransmittedLightGenerator(final int width, final int height, final double pixelSizeUm) {
		specimen = new FluorescenceGenerator(width, height, pixelSizeUm);
	}

	public int width() { return specimen.width(); }

	public int height() { return specimen.height(); }

	/** The contrast that {@link #generate} uses for {@code seed}. */
	public Contrast contrastFor(final long seed) {
		return Contrast.values()[new SplittableRandom(Seeds.derive(seed, 7, 0)).nextInt(Contrast.values().length)];
	}

	/** A random image, row-major, {@code width * height} values in [0, 1.5]. */
	public float[] generate(final long seed) {
		final int w = width(), h = height();
		final float[] phi = thickness(specimen.generate(seed));
		final SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, 7, 1));
		final double b = Random2.uniform(rng, 0.35, 0.7), c = Random2.uniform(rng, 0.3, 0.9);
		final float[] n = SmoothNoise.field(w, h, Math.max(w, h) / 3.0, rng);
		final float[] out = new float[w * h];
		final Contrast contrast = contrastFor(seed);
		final float[] halo = contrast == Contrast.PHASE_CONTRAST
			? PsfConvolution.mirrored(Psfs.gaussian2D(Random2.uniform(rng, 1.5, 4) / specimen.pixelSize()), phi, w, h) : null;
		final double angle = Random2.uniform(rng, 0, 2 * Math.PI), shear = Random2.uniform(rng, 1, 2);
		final double ux = shear * Math.cos(angle), uy = shear * Math.sin(angle);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final int i = y * w + x;
				final double illumination = b * (1 + 0.08 * n[i]);
				final double v;
				switch (contrast) {
					case BRIGHTFIELD:
						v = illumination * Math.exp(-c * phi[i]);
						break;
					case PHASE_CONTRAST:
						v = illumination * (1 - c * (phi[i] - halo[i]));
						break;
					default:
						v = illumination * (1 + c * (bilinear(phi, w, h, x + ux, y + uy) - bilinear(phi, w, h, x - ux, y - uy)) / 2);
				}
				out[i] = (float) Math.max(0, Math.min(1.5, v));
			}
		return out;
	}

	/** The specimen's density scaled so that its 99.9th percentile is 1 (0 where it is empty). */
	private static float[] thickness(final float[] fluorescence) {
		final float[] sorted = fluorescence.clone();
		java.util.Arrays.sort(sorted);
		final double p = PercentileNormalization.percentileOfSorted(sorted, 99.9);
		final float[] out = new float[fluorescence.length];
		if (p <= 0) return out;
		for (int i = 0; i < out.length; i++) out[i] = (float) (fluorescence[i] / p);
		return out;
	}

	/** phi at (x, y), bilinear, clamped at the borders. */
	private static double bilinear(final float[] v, final int w, final int h, final double x, final double y) {
		final double cx = Math.max(0, Math.min(w - 1, x)), cy = Math.max(0, Math.min(h - 1, y));
		final int x0 = (int) Math.floor(cx), y0 = (int) Math.floor(cy), x1 = Math.min(w - 1, x0 + 1), y1 = Math.min(h - 1, y0 + 1);
		final double fx = cx - x0, fy = cy - y0;
		return (1 - fy) * ((1 - fx) * v[y0 * w + x0] + fx * v[y0 * w + x1]) + fy * ((1 - fx) * v[y1 * w + x0] + fx * v[y1 * w + x1]);
	}
}
