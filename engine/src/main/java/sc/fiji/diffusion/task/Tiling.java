/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Covers a {@code width x height} plane with overlapping tiles of one size and blends results computed
 * per tile back into one plane, so that memory stays bounded by the tile and no seams show.
 * <p>
 * <b>Grid.</b> Along each axis of length L with tile size s &lt; L and overlap o, n = ceil((L - o) / (s - o))
 * tiles start at round(i (L - s) / (n - 1)), i = 0..n-1: all tiles have the same size s (so the network
 * graph is built once), the first starts at 0, the last ends at L, and neighbours overlap by at least o.
 * An axis no longer than s is one tile of the whole length.
 * <p>
 * <b>Blending.</b> A tile's result is weighted by w(x, y) = r(dx) r(dy), where d is the distance (in
 * pixels, + 1/2) from the tile's edge on a side that borders another tile, r(d) = sin^2(pi d / (2 o)) for
 * d &lt; o and 1 beyond (a raised-cosine ramp; sides on the image border are not ramped). The blended
 * plane is sum_tiles w f / sum_tiles w, a partition of unity, so a result that is the same in every tile
 * comes back exactly, and the tiles' unreliable borders get the least weight.
 */
public final class Tiling {

	/** One tile: its origin and size in the plane. */
	public static final class Tile {
		public final int x, y, width, height, index;

		Tile(final int x, final int y, final int width, final int height, final int index) {
			this.x = x;
			this.y = y;
			this.width = width;
			this.height = height;
			this.index = index;
		}

		/** A copy of this tile's pixels from a row-major {@code planeWidth}-wide plane. */
		public float[] crop(final float[] plane, final int planeWidth) {
			final float[] out = new float[width * height];
			for (int r = 0; r < height; r++)
				System.arraycopy(plane, (y + r) * planeWidth + x, out, r * width, width);
			return out;
		}

		@Override
		public String toString() { return width + "x" + height + "+" + x + "+" + y; }
	}

	/** Tile edges are multiples of this (the networks' size factor), unless the plane is smaller. */
	static final int EDGE_MULTIPLE = 16;

	private final int width, height, overlap, tileWidth, tileHeight;
	private final List<Tile> tiles;

	/**
	 * @param tileSize edge of a square tile in pixels; 0 or at least the plane: one tile, the whole plane
	 * @param overlap minimum overlap of neighbouring tiles, in [0, tileSize / 2]
	 */
	public Tiling(final int width, final int height, final int tileSize, final int overlap) {
		if (width < 1 || height < 1) throw new IllegalArgumentException("Plane size must be positive, got " + width + "x" + height);
		if (tileSize < 0) throw new IllegalArgumentException("Tile size must be >= 0 (0: no tiling), got " + tileSize);
		final int s = tileSize == 0 ? Math.max(width, height) : tileSize;
		if (overlap < 0 || 2 * overlap > s)
			throw new IllegalArgumentException("Tile overlap must be in [0, tile size / 2] = [0, " + s / 2 + "], got " + overlap);
		this.width = width;
		this.height = height;
		this.overlap = overlap;
		tileWidth = fitted(width, s, overlap);
		tileHeight = fitted(height, s, overlap);
		final int[] xs = starts(width, tileWidth, overlap), ys = starts(height, tileHeight, overlap);
		final List<Tile> list = new ArrayList<>(xs.length * ys.length);
		for (final int y : ys)
			for (final int x : xs)
				list.add(new Tile(x, y, tileWidth, tileHeight, list.size()));
		tiles = Collections.unmodifiableList(list);
	}

	/**
	 * The edge of the tiles along an axis of {@code length} pixels: as many tiles as edges of {@code size}
	 * need (n = ceil((length - overlap) / (size - overlap))), each only as long as n tiles with the minimum
	 * overlap need, (length + (n - 1) overlap) / n, rounded up to a multiple of {@value #EDGE_MULTIPLE} (at
	 * most {@code size}): the network then sees no more pixels than the plane needs (a 1024-pixel axis in
	 * tiles of 256 overlapping by 32: 5 tiles of 240 instead of 5 of 256, 12 % fewer pixels per axis).
	 */
	static int fitted(final int length, final int size, final int overlap) {
		if (length <= size) return length;
		final int n = (int) Math.ceil((length - overlap) / (double) (size - overlap));
		final int edge = (int) Math.ceil((length + (n - 1) * (double) overlap) / n);
		return Math.min(size, (edge + EDGE_MULTIPLE - 1) / EDGE_MULTIPLE * EDGE_MULTIPLE);
	}

	private static int[] starts(final int length, final int size, final int overlap) {
		if (length <= size) return new int[] { 0 };
		final int n = (int) Math.ceil((length - overlap) / (double) (size - overlap));
		final int[] out = new int[n];
		for (int i = 0; i < n; i++) out[i] = (int) Math.round(i * (length - size) / (double) (n - 1));
		return out;
	}

	public List<Tile> tiles() { return tiles; }

	public int width() { return width; }

	public int height() { return height; }

	/** True when the plane is covered by more than one tile. */
	public boolean isTiled() { return tiles.size() > 1; }

	/**
	 * Accumulates tile results into a plane, {@code scale} times the tiled plane's size (a result of tile
	 * t covers the scaled tile, as for super-resolution).
	 */
	public Blender blender(final int scale) { return new Blender(scale); }

	/** Sums w f and w over the tiles; {@link #result} divides. */
	public final class Blender {
		private final int scale, outWidth;
		private final float[] sum, weight;

		Blender(final int scale) {
			if (scale < 1) throw new IllegalArgumentException("Scale must be >= 1, got " + scale);
			this.scale = scale;
			outWidth = width * scale;
			sum = new float[outWidth * height * scale];
			weight = new float[sum.length];
		}

		/** Adds a tile's result, {@code scale * tile.width x scale * tile.height}, row-major. */
		public void add(final Tile tile, final float[] values) {
			add(tile, values, 0, 1);
		}

		/**
		 * Adds a tile's result read from {@code values} at {@code offset}, with all weights multiplied by
		 * {@code factor} (the weight of the tile along a third axis, as from {@link #weightsAlongX}).
		 */
		public void add(final Tile tile, final float[] values, final int offset, final float factor) {
			final int tw = tile.width * scale, th = tile.height * scale;
			if (offset < 0 || values.length - offset < tw * th) throw new IllegalArgumentException("Tile result has " + values.length + " values, expected " + tw + "x" + th);
			final float[] wx = ramp(tw, tile.x > 0, tile.x + tile.width < width, overlap * scale), wy = ramp(th, tile.y > 0, tile.y + tile.height < height, overlap * scale);
			for (int r = 0; r < th; r++) {
				final int row = (tile.y * scale + r) * outWidth + tile.x * scale;
				for (int c = 0; c < tw; c++) {
					final float w = factor * wx[c] * wy[r];
					sum[row + c] += w * values[offset + r * tw + c];
					weight[row + c] += w;
				}
			}
		}

		/** The blended plane (a new array). */
		public float[] result() {
			return resultInto(new float[sum.length]);
		}

		/** Writes the blended plane into {@code out} (of the output plane's size) and returns it. */
		public float[] resultInto(final float[] out) {
			if (out.length != sum.length) throw new IllegalArgumentException("Output has " + out.length + " values, expected " + sum.length);
			for (int p = 0; p < out.length; p++) out[p] = sum[p] / weight[p];
			return out;
		}
	}

	/**
	 * The blending weights of a tile along x (one per column, the raised-cosine ramps of the class
	 * description): used with a one-row tiling of a third axis, e.g. z.
	 */
	public float[] weightsAlongX(final Tile tile) {
		return ramp(tile.width, tile.x > 0, tile.x + tile.width < width, overlap);
	}

	/** Weights along one edge of {@code n} pixels, ramped over {@code o} pixels on the sides that border another tile. */
	private static float[] ramp(final int n, final boolean rampStart, final boolean rampEnd, final double o) {
		final float[] w = new float[n];
		for (int i = 0; i < n; i++) {
			double v = 1;
			if (o > 0) {
				if (rampStart && i < o) v *= sinSquared((i + 0.5) / o);
				if (rampEnd && n - 1 - i < o) v *= sinSquared((n - 1 - i + 0.5) / o);
			}
			w[i] = (float) v;
		}
		return w;
	}

	private static double sinSquared(final double u) {
		final double s = Math.sin(Math.PI / 2 * u);
		return s * s;
	}

	@Override
	public String toString() {
		return tiles.size() + " tile(s) of " + tileWidth + "x" + tileHeight + ", overlap " + overlap;
	}
}
