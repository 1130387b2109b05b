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
 * 2-pixel gaps, one display range for all images from the 0.1 and 99.9 percentiles.
 */
public final class Montage {

	private Montage() {}

	public static void savePng(final Batch images, final Path png) throws IOException {
		final int n = images.n(), h = images.height(), w = images.width(), gap = 2;
		final int cols = (int) Math.ceil(Math.sqrt(n)), rows = (n + cols - 1) / cols;
		final int width = cols * w + (cols - 1) * gap, height = rows * h + (rows - 1) * gap;
		final float[] first = new float[n * h * w];
		for (int k = 0; k < first.length; k++) first[k] = images.data()[k * images.channels()];
		final PercentileNormalization range = PercentileNormalization.fit(first, 0.1, 99.9);
		final FloatProcessor grid = new FloatProcessor(width, height);
		grid.setValue(range.pLow());
		grid.fill();
		for (int i = 0; i < n; i++) {
			final int x0 = (i % cols) * (w + gap), y0 = (i / cols) * (h + gap);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					grid.setf(x0 + x, y0 + y, first[(i * h + y) * w + x]);
		}
		grid.setMinAndMax(range.pLow(), range.pLow() + range.range());
		final ImageProcessor bytes = grid.convertToByte(true);
		final Path dir = png.toAbsolutePath().getParent();
		if (dir != null) Files.createDirectories(dir);
		if (!new FileSaver(new ImagePlus(png.getFileName().toString(), bytes)).saveAsPng(png.toString()))
			throw new IOException("Could not write " + png);
	}
}
