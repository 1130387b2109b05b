/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tile grid covers the plane with equal tiles and the blend is a partition of unity. */
class TilingTest {

	@ParameterizedTest
	@CsvSource({ "1000, 700, 256, 32, 1", "257, 256, 256, 32, 1", "100, 80, 256, 32, 1", "300, 300, 64, 16, 3", "130, 97, 48, 24, 2" })
	void tilesCoverThePlaneAndBlendingReproducesWhatEveryTileAgreesOn(final int w, final int h, final int size, final int overlap, final int scale) {
		final Tiling tiling = new Tiling(w, h, size, overlap);
		final int[] covered = new int[w * h];
		for (final Tiling.Tile t : tiling.tiles()) {
			assertEquals(Tiling.fitted(w, size, overlap), t.width);
			assertEquals(Tiling.fitted(h, size, overlap), t.height);
			assertTrue(t.width <= Math.min(size, w) && t.height <= Math.min(size, h), t.toString());
			assertTrue(t.x >= 0 && t.y >= 0 && t.x + t.width <= w && t.y + t.height <= h, t.toString());
			for (int y = t.y; y < t.y + t.height; y++)
				for (int x = t.x; x < t.x + t.width; x++) covered[y * w + x]++;
		}
		for (final int c : covered) assertTrue(c >= 1);
		// a smooth "restored" field that every tile computes identically comes back exactly
		final int W = w * scale, H = h * scale;
		final Tiling.Blender blender = tiling.blender(scale);
		for (final Tiling.Tile t : tiling.tiles()) {
			final float[] v = new float[t.width * scale * t.height * scale];
			for (int r = 0; r < t.height * scale; r++)
				for (int c = 0; c < t.width * scale; c++) v[r * t.width * scale + c] = field(t.x * scale + c, t.y * scale + r);
			blender.add(t, v);
		}
		final float[] out = blender.result();
		assertEquals(W * H, out.length);
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) assertEquals(field(x, y), out[y * W + x], 1e-4 + 1e-6 * Math.abs(field(x, y)), "at " + x + "," + y);
	}

	@ParameterizedTest
	@CsvSource({ "300, 300, 64, 16", "512, 200, 128, 32" })
	void neighboursOverlapByAtLeastTheOverlapAndTileEdgesGetLittleWeight(final int w, final int h, final int size, final int overlap) {
		final Tiling tiling = new Tiling(w, h, size, overlap);
		// tiles with independent noise: the blend of a tile's edge pixel is dominated by its neighbour
		final Tiling.Blender blender = tiling.blender(1);
		final SplittableRandom random = new SplittableRandom(1);
		for (final Tiling.Tile t : tiling.tiles()) {
			final float[] v = new float[t.width * t.height];
			final float level = (float) random.nextDouble();
			java.util.Arrays.fill(v, level);
			blender.add(t, v);
		}
		final float[] out = blender.result();
		for (final float v : out) assertTrue(v >= 0 && v <= 1);
		int previousEnd = -1;
		for (final Tiling.Tile t : tiling.tiles()) {
			if (t.y != 0) continue;
			if (previousEnd >= 0) assertTrue(previousEnd - t.x >= overlap, "overlap " + (previousEnd - t.x) + " < " + overlap);
			previousEnd = t.x + t.width;
		}
	}

	@ParameterizedTest
	@CsvSource({ "100, 100, 64, 33", "100, 100, -1, 0", "0, 10, 64, 8" })
	void badTilingsAreRefused(final int w, final int h, final int size, final int overlap) {
		assertThrows(IllegalArgumentException.class, () -> new Tiling(w, h, size, overlap));
	}

	private static float field(final int x, final int y) {
		return (float) (Math.sin(x * 0.05) + Math.cos(y * 0.031) + 0.001 * x * y);
	}

	/**
	 * Tiles are as many as full-size tiles would be, each only as long as that many need with the minimum
	 * overlap, rounded up to a multiple of 16: a 1024-pixel axis in tiles of 256 overlapping by 32 takes 5
	 * tiles of 240 (5 x 256 would overlap by 64).
	 */
	@ParameterizedTest
	@CsvSource({ "1024, 256, 32, 240", "1000, 256, 32, 240", "700, 256, 32, 256", "257, 256, 32, 160", "256, 256, 32, 256", "100, 256, 32, 100",
		"300, 64, 16, 64", "2048, 512, 32, 448" })
	void tilesAreOnlyAsLongAsTheirNumberNeeds(final int length, final int size, final int overlap, final int edge) {
		assertEquals(edge, Tiling.fitted(length, size, overlap));
		final int n = length <= size ? 1 : (int) Math.ceil((length - overlap) / (double) (size - overlap));
		assertEquals(n, new Tiling(length, 40, size, overlap).tiles().size(), "as many as full-size tiles");
	}
}
