/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.io.AtomicFiles;

/**
 * A grid of the images of a batch (first channel) as an 8-bit PNG for looking at: near-square layout
 * (or a given number of columns), 2-pixel white gaps, each tile shown with its own display range from
 * its 0.1 and 99.9 percentiles (as ImageJ's auto-contrast would show each image).
 */
public final class Montage {

	private Montage() {}

	/**
	 * {@code java -cp diffusion-fiji.jar sc.fiji.diffusion.imagej.Montage OUT.png IMAGE...}: the first plane
	 * of each image file (all of one size) side by side in one row, e.g. an input next to its restorations.
	 */
	public static void main(final String[] args) throws IOException {
		if (args.length < 2) {
			System.err.println("usage: Montage OUT.png IMAGE...");
			System.exit(2);
		}
		final int n = args.length - 1;
		float[] data = null;
		int w = 0, h = 0;
		for (int i = 0; i < n; i++) {
			final ImagePlus imp = ImageFiles.open(Path.of(args[i + 1]));
			if (data == null) {
				w = imp.getWidth();
				h = imp.getHeight();
				data = new float[n * w * h];
			}
			else if (imp.getWidth() != w || imp.getHeight() != h)
				throw new IllegalArgumentException(args[i + 1] + " is " + imp.getWidth() + "x" + imp.getHeight() + ", not " + w + "x" + h + " like " + args[1]);
			System.arraycopy(ImageFiles.planes(imp, true)[0], 0, data, i * w * h, w * h);
		}
		savePng(new Batch(n, h, w, 1, data), Path.of(args[0]), n);
	}

	/** A near-square grid: ceil(sqrt(n)) columns. */
	public static void savePng(final Batch images, final Path png) throws IOException {
		savePng(images, png, (int) Math.ceil(Math.sqrt(images.n())));
	}

	/** The grid with {@code cols} columns (and as many rows as the images need), written to {@code png}. */
	public static void savePng(final Batch images, final Path png, final int cols) throws IOException {
		if (cols < 1) throw new IllegalArgumentException("Need at least one column, got " + cols);
		final int n = images.n(), h = images.height(), w = images.width(), gap = 2;
		final int rows = (n + cols - 1) / cols;
		final int width = cols * w + (cols - 1) * gap, height = rows * h + (rows - 1) * gap;
		final FloatProcessor grid = new FloatProcessor(width, height);
		grid.setValue(1);
		grid.fill();
		final float[] tile = new float[h * w];
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < tile.length; k++) tile[k] = images.data()[(i * h * w + k) * images.channels()];
			final PercentileNormalization range = PercentileNormalization.fit(tile, 0.1, 99.9);
			final float[] unit = range.forward(tile); // [-1, 1] over the tile's display range
			final int x0 = (i % cols) * (w + gap), y0 = (i / cols) * (h + gap);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					grid.setf(x0 + x, y0 + y, Math.max(0, Math.min(1, (unit[y * w + x] + 1) / 2)));
		}
		grid.setMinAndMax(0, 1);
		final ImageProcessor bytes = grid.convertToByte(true);
		final Path dir = png.toAbsolutePath().getParent();
		if (dir != null) Files.createDirectories(dir);
		writePng(new ImagePlus(png.getFileName().toString(), bytes), png);
	}

	/**
	 * Writes {@code imp} as PNG to {@code png} atomically: into a temporary file beside it, then moved onto
	 * its name ({@link AtomicFiles}), so a killed run leaves the old file or the new one, never half of one.
	 */
	static void writePng(final ImagePlus imp, final Path png) throws IOException {
		final Path tmp = AtomicFiles.temporary(png);
		try {
			if (!new FileSaver(imp).saveAsPng(tmp.toString())) throw new IOException("Could not write " + png);
			AtomicFiles.commit(tmp, png);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}
}
