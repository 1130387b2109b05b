/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.plugin.LutLoader;
import ij.process.ColorProcessor;

/**
 * A figure for the docs: clean image, result, uncertainty map (posterior std) and actual error |result -
 * truth| side by side, each enlarged to at least 192 pixels, with a label under each panel. Images in
 * [0, 1] are grey over [0, 1]; the map and the error share one colour scale (Fire, 0 to the 99th
 * percentile of 2 sigma), so a pixel whose error is as bright as twice its std lies at the 2 sigma bound.
 */
public final class UncertaintyFigure {

	private UncertaintyFigure() {}

	public static void write(final float[] truth, final float[] result, final float[] std, final int width, final int height, final Path png) throws IOException {
		final int scale = Math.max(1, (int) Math.ceil(192.0 / width)), pw = width * scale, ph = height * scale, gap = 4, label = 34;
		final float[] error = new float[truth.length], twoSigma = new float[truth.length];
		for (int k = 0; k < error.length; k++) {
			error[k] = Math.abs(result[k] - truth[k]);
			twoSigma[k] = 2 * std[k];
		}
		final double top = Math.max(1e-6, CoverageMetrics.quantile(toDouble(twoSigma), 0.99));
		final ColorProcessor out = new ColorProcessor(4 * pw + 3 * gap, ph + label);
		out.setColor(Color.WHITE);
		out.fill();
		final IndexColorModel fire = LutLoader.getLut("fire");
		final float[][] panels = { truth, result, std, error };
		final String[] names = { "clean image", "result", "posterior std (1 sigma)", "|result - clean|" };
		for (int p = 0; p < 4; p++) {
			final boolean colour = p >= 2;
			final double hi = colour ? top : 1;
			for (int y = 0; y < ph; y++)
				for (int x = 0; x < pw; x++) {
					final double v = panels[p][(y / scale) * width + x / scale];
					final int i = (int) Math.max(0, Math.min(255, Math.round(255 * v / hi)));
					final int rgb = colour ? (fire.getRed(i) << 16) | (fire.getGreen(i) << 8) | fire.getBlue(i) : (i << 16) | (i << 8) | i;
					out.set(p * (pw + gap) + x, y, rgb);
				}
			out.setColor(Color.BLACK);
			out.setFont(new Font("SansSerif", Font.PLAIN, 12));
			out.setAntialiasedText(true);
			out.drawString(names[p], p * (pw + gap) + 2, ph + 15);
			out.drawString(colour ? String.format(Locale.ROOT, "Fire: 0 to %.3g", top) : "grey: 0 to 1", p * (pw + gap) + 2, ph + 30);
		}
		if (!new FileSaver(new ImagePlus("uncertainty", out)).saveAsPng(png.toString())) throw new IOException("Cannot write " + png);
	}

	private static double[] toDouble(final float[] v) {
		final double[] d = new double[v.length];
		for (int k = 0; k < d.length; k++) d[k] = v[k];
		return d;
	}
}
