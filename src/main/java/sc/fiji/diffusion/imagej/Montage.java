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

/**
 * A grid of the images of a batch (first channel) as an 8-bit PNG for looking at: near-square layout,
 * 2-pixel white gaps, each tile shown with its own display range from its 0.1 and 99.9 percentiles
 * (as ImageJ's auto-contrast would show each image).
 */
public final class Montage {

	private Montage() {}

	public static void savePng(final Batch images, final Path png) throws IOException {
		final int n = images.n(), h = images.height(), w = images.width(), gap = 2;
		final int cols = (int) Math.ceil(Math.sqrt(n)), rows = (n + cols - 1) / cols;
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
		if (!new FileSaver(new ImagePlus(png.getFileName().toString(), bytes)).saveAsPng(png.toString()))
			throw new IOException("Could not write " + png);
	}
}
