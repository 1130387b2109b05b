/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.gui.Plot;

/**
 * Renders a training loss log ({@code step,loss,loss_ema,elapsed_s} CSV) as a PNG with ImageJ's
 * {@link Plot} (works headless): the per-step loss in grey and its moving average in blue, on a
 * logarithmic loss axis.
 */
public final class LossPlot {

	private LossPlot() {}

	/** {@code java -cp diffusion-fiji.jar sc.fiji.diffusion.imagej.LossPlot LOSS.csv OUT.png [TITLE]}. */
	public static void main(final String[] args) throws IOException {
		if (args.length < 2 || args.length > 3) {
			System.err.println("usage: LossPlot LOSS.csv OUT.png [TITLE]");
			System.exit(2);
		}
		savePng(Path.of(args[0]), Path.of(args[1]), args.length == 3 ? args[2] : "training loss");
	}

	public static void savePng(final Path csv, final Path png, final String title) throws IOException {
		final List<String> lines = Files.readAllLines(csv);
		final int n = lines.size() - 1;
		if (n < 1) throw new IOException("No loss values in " + csv);
		final double[] step = new double[n], loss = new double[n], smooth = new double[n];
		for (int k = 0; k < n; k++) {
			final String[] f = lines.get(k + 1).split(",");
			try {
				step[k] = Double.parseDouble(f[0]);
				loss[k] = Double.parseDouble(f[1]);
				smooth[k] = Double.parseDouble(f[2]);
			}
			catch (final RuntimeException e) {
				throw new IOException(csv + " line " + (k + 2) + " is not 'step,loss,loss_ema,elapsed_s': " + lines.get(k + 1));
			}
		}
		final Plot plot = new Plot(title, "step", "loss (log scale)");
		plot.setSize(640, 400);
		plot.setLogScaleY();
		plot.setColor(java.awt.Color.LIGHT_GRAY);
		plot.add("line", step, loss);
		plot.setColor(java.awt.Color.BLUE);
		plot.setLineWidth(2);
		plot.add("line", step, smooth);
		plot.setLimitsToFit(false);
		Montage.writePng(plot.getImagePlus(), png);
	}
}
