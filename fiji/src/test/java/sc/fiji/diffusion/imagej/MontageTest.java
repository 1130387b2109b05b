/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import sc.fiji.diffusion.data.Batch;

class MontageTest {

	@Test
	void lays_tiles_out_in_the_given_columns_with_two_pixel_white_gaps(@TempDir final Path dir) throws Exception {
		final int n = 3, h = 4, w = 5;
		final float[] data = new float[n * h * w];
		for (int i = 0; i < data.length; i++) data[i] = (i % (h * w)) * (1 + i / (h * w)); // a ramp per tile
		final Path row = dir.resolve("row.png"), grid = dir.resolve("grid.png");
		Montage.savePng(new Batch(n, h, w, 1, data), row, n);
		Montage.savePng(new Batch(n, h, w, 1, data), grid);
		final ImagePlus r = IJ.openImage(row.toString()), g = IJ.openImage(grid.toString());
		assertEquals(3 * w + 2 * 2, r.getWidth());
		assertEquals(h, r.getHeight());
		assertEquals(2 * w + 2, g.getWidth());
		assertEquals(2 * h + 2, g.getHeight());
		assertEquals(255, r.getProcessor().get(w, 0)); // gap
		// each tile is auto-contrasted on its own: the ramps of all tiles look alike
		assertEquals(r.getProcessor().get(0, 0), r.getProcessor().get(w + 2, 0));
		assertEquals(r.getProcessor().get(w - 1, h - 1), r.getProcessor().get(2 * (w + 2) + w - 1, h - 1));
	}

	@Test
	void main_puts_image_files_in_one_row(@TempDir final Path dir) throws Exception {
		final float[][] planes = { new float[6 * 7], new float[6 * 7] };
		for (int k = 0; k < planes[0].length; k++) {
			planes[0][k] = k;
			planes[1][k] = -k;
		}
		final Path a = dir.resolve("a.tif"), b = dir.resolve("b.tif"), out = dir.resolve("m.png");
		ImageFiles.saveFloatTiff(a, 7, 6, new float[][] { planes[0] }, null, "a");
		ImageFiles.saveFloatTiff(b, 7, 6, new float[][] { planes[1] }, null, "b");
		Montage.main(new String[] { out.toString(), a.toString(), b.toString() });
		final ImagePlus m = IJ.openImage(out.toString());
		assertEquals(2 * 7 + 2, m.getWidth());
		assertEquals(6, m.getHeight());
		assertEquals(0, m.getProcessor().get(0, 0));
		assertEquals(255, m.getProcessor().get(7 + 2, 0));
	}

	/**
	 * The montage and the loss plot are written into a temporary file and moved onto their names (atomically):
	 * the file under the final name is never written into, so a kill leaves the old file or the new one.
	 */
	@Test
	void pngsAreWrittenAtomically(@TempDir final Path dir) throws Exception {
		final Path montage = dir.resolve("m.png"), plot = dir.resolve("p.png");
		final Path csv = java.nio.file.Files.writeString(dir.resolve("l.csv"), "step,loss,loss_ema,elapsed_s\n1,1.0,1.0,0.1\n2,0.5,0.9,0.2\n");
		final java.util.Set<String> writtenInto = new java.util.TreeSet<>();
		try (java.nio.file.WatchService watch = dir.getFileSystem().newWatchService()) {
			dir.register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY);
			for (int round = 0; round < 2; round++) { // a new file, then one replaced
				Montage.savePng(new Batch(2, 4, 4, 1, new float[32]), montage);
				LossPlot.savePng(csv, plot, "loss");
			}
			java.nio.file.WatchKey key;
			while ((key = watch.poll(1, java.util.concurrent.TimeUnit.SECONDS)) != null) {
				for (final java.nio.file.WatchEvent<?> e : key.pollEvents()) writtenInto.add(String.valueOf(e.context()));
				key.reset();
			}
		}
		org.junit.jupiter.api.Assertions.assertFalse(writtenInto.contains("m.png") || writtenInto.contains("p.png"), "written in place: " + writtenInto);
		org.junit.jupiter.api.Assertions.assertFalse(writtenInto.isEmpty(), "the watch saw the temporary files written");
		assertEquals(4 * 2 + 2, IJ.openImage(montage.toString()).getWidth());
		org.junit.jupiter.api.Assertions.assertNotNull(IJ.openImage(plot.toString()));
		try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
			assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count(), "no temporary file left");
		}
	}
}
