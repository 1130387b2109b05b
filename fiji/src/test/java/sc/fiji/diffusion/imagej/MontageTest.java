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
}
