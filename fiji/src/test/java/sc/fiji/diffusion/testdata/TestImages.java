/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.testdata;

import java.io.IOException;

import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.imagej.ImageFiles;

/** A real fluorescence crop (ecoli.png of npm ij-test, luminance), normalised to [0, 1] by its percentiles. */
public final class TestImages {

	private TestImages() {}

	/** The {@code size x size} crop centred at pixel (800, 600) of ecoli.png, 1st/99.8th percentiles at 0/1, clipped at 0. */
	public static float[] ecoli(final int size) throws IOException, InterruptedException {
		final ij.ImagePlus imp = ImageFiles.open(SampleData.ijTestImages().resolve("ecoli.png"));
		final float[] plane = ImageFiles.planes(imp, true)[0];
		final int w = imp.getWidth(), x0 = 800 - size / 2, y0 = 600 - size / 2;
		final float[] c = new float[size * size];
		for (int y = 0; y < size; y++) System.arraycopy(plane, (y0 + y) * w + x0, c, y * size, size);
		final PercentileNormalization n = PercentileNormalization.fit(c);
		for (int k = 0; k < c.length; k++) c[k] = (float) Math.max(0, (c[k] - n.pLow()) / n.range());
		return c;
	}


	public static double psnr(final float[] ref, final float[] x) {
		return sc.fiji.diffusion.data.Metrics.psnr(ref, x, 1);
	}

	public static double sum(final float[] v) {
		double s = 0;
		for (final float x : v) s += x;
		return s;
	}
}
