/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.testdata;

import sc.fiji.diffusion.mri.CentredFft;
import sc.fiji.diffusion.mri.CoilPlanes;
import sc.fiji.diffusion.operator.Mask;

/**
 * A small multi-coil test object: ellipses (a bright rim, a darker inside, two dark blobs) with a smooth
 * phase, seen by {@link #COILS} Gaussian coil profiles with a linear phase; its centred unitary k-space.
 */
public final class MultiCoilPhantom {

	public static final int COILS = 4;
	private static final int C = COILS;

	private MultiCoilPhantom() {}

	/** Ellipses (brain-like: bright rim, darker inside, two dark blobs) with a smooth phase. */
	public static float[][] image(final int n, final double shift) {
		final float[] re = new float[n * n], im = new float[n * n];
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++) {
				final double u = (x - n / 2.0) / (n * 0.42), v = (y - n / 2.0 + shift) / (n * 0.36);
				final double r = u * u + v * v;
				double m = r < 1 ? (r > 0.75 ? 1.0 : 0.6) : 0;
				if (Math.pow(u - 0.3, 2) + Math.pow(v, 2) < 0.04 || Math.pow(u + 0.35, 2) + Math.pow(v + 0.2, 2) < 0.03) m = 0.2;
				final double phi = 0.8 * u + 0.5 * v * v;
				re[y * n + x] = (float) (m * Math.cos(phi));
				im[y * n + x] = (float) (m * Math.sin(phi));
			}
		return new float[][] { re, im };
	}

	public static CoilPlanes maps(final int n) {
		final CoilPlanes s = CoilPlanes.zeros(C, n, n);
		for (int c = 0; c < C; c++) {
			final double a = 2 * Math.PI * c / C, cx = n / 2.0 + 0.6 * n * Math.cos(a), cy = n / 2.0 + 0.6 * n * Math.sin(a);
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++) {
					final double g = Math.exp(-(Math.pow(x - cx, 2) + Math.pow(y - cy, 2)) / (2 * Math.pow(0.5 * n, 2))), ph = 0.02 * (x + c * y);
					s.re[(c * n + y) * n + x] = (float) (g * Math.cos(ph));
					s.im[(c * n + y) * n + x] = (float) (g * Math.sin(ph));
				}
		}
		return s;
	}

	/** Fully sampled k-space of the coils: {@code F(S_c x)}. */
	public static CoilPlanes kspace(final float[][] x, final CoilPlanes s) {
		final int p = s.planeSize();
		final CoilPlanes k = CoilPlanes.zeros(C, s.height, s.width);
		for (int c = 0; c < C; c++)
			for (int i = 0; i < p; i++) {
				final int j = c * p + i;
				k.re[j] = s.re[j] * x[0][i] - s.im[j] * x[1][i];
				k.im[j] = s.re[j] * x[1][i] + s.im[j] * x[0][i];
			}
		CentredFft.transform2D(k, false);
		return k;
	}

	public static float[] rss(final CoilPlanes k) {
		final CoilPlanes img = k.copy();
		CentredFft.transform2D(img, true);
		return img.rootSumOfSquares();
	}

	public static CoilPlanes undersample(final CoilPlanes k, final Mask m) {
		final CoilPlanes out = k.copy();
		final int p = k.planeSize();
		for (int c = 0; c < C; c++)
			for (int i = 0; i < p; i++)
				if (!m.sampled(i / k.width, i % k.width)) out.re[c * p + i] = out.im[c * p + i] = 0;
		return out;
	}

}
