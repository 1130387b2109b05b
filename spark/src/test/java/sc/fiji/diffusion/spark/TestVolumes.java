/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import sc.fiji.diffusion.spark.zarr.ChunkedVolume;
import sc.fiji.diffusion.spark.zarr.ZarrArray;
import sc.fiji.diffusion.spark.zarr.ZarrCompressor;

/** Synthetic fluorescence-like volumes for the tests: Gaussian spots on a smooth background, with Gaussian noise. */
final class TestVolumes {

	private TestVolumes() {}

	/** A clean volume (z, y, x) of spots of 2-4 voxels radius, values about 100..1100. */
	static float[] clean(final int d, final int h, final int w, final long seed) {
		final Random r = new Random(seed);
		final float[] v = new float[d * h * w];
		final int spots = Math.max(4, d * h * w / 3000);
		final double[][] s = new double[spots][];
		for (int i = 0; i < spots; i++) s[i] = new double[] { r.nextDouble() * d, r.nextDouble() * h, r.nextDouble() * w, 2 + 2 * r.nextDouble(), 400 + 600 * r.nextDouble() };
		for (int z = 0; z < d; z++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double val = 100 + 40 * Math.sin(x / 23.0) * Math.cos(y / 31.0);
					for (final double[] p : s) {
						final double dz = (z - p[0]) * 2, dy = y - p[1], dx = x - p[2], rr = dz * dz + dy * dy + dx * dx;
						if (rr < 9 * p[3] * p[3]) val += p[4] * Math.exp(-rr / (2 * p[3] * p[3]));
					}
					v[(z * h + y) * w + x] = (float) val;
				}
		return v;
	}

	static float[] noisy(final float[] clean, final double sigma, final long seed) {
		final Random r = new Random(seed);
		final float[] v = clean.clone();
		for (int i = 0; i < v.length; i++) v[i] += (float) (sigma * r.nextGaussian());
		return v;
	}

	/** Writes {@code values} (z, y, x) as an OME-Zarr image or a plain array of Zarr {@code format}. */
	static ChunkedVolume write(final Path dir, final float[] values, final int d, final int h, final int w, final int format, final boolean ome, final int[] chunks)
		throws IOException
	{
		final ChunkedVolume v = ChunkedVolume.create(dir, format, ome, new long[] { d, h, w }, chunks, new double[] { 0.5, 0.1, 0.1 }, "micrometer", ZarrCompressor.ZSTD);
		final ZarrArray a = v.array;
		for (long cz = 0; cz < a.chunkCount(0); cz++)
			for (long cy = 0; cy < a.chunkCount(1); cy++)
				for (long cx = 0; cx < a.chunkCount(2); cx++) {
					final float[] chunk = new float[a.chunkSize()];
					for (int z = 0; z < chunks[0]; z++)
						for (int y = 0; y < chunks[1]; y++)
							for (int x = 0; x < chunks[2]; x++) {
								final long gz = cz * chunks[0] + z, gy = cy * chunks[1] + y, gx = cx * chunks[2] + x;
								if (gz < d && gy < h && gx < w) chunk[(z * chunks[1] + y) * chunks[2] + x] = values[(int) ((gz * h + gy) * w + gx)];
							}
					a.writeChunk(chunk, cz, cy, cx);
				}
		return v;
	}

	/** The whole volume. */
	static float[] read(final Path dir) throws IOException {
		final ZarrArray a = ChunkedVolume.open(dir).array;
		final long[] s = a.shape();
		return a.read(new long[3], new int[] { (int) s[0], (int) s[1], (int) s[2] });
	}

	/** max |a - b| / max |b|. */
	static double maxRelativeDifference(final float[] a, final float[] b) {
		double diff = 0, scale = 0;
		for (int i = 0; i < a.length; i++) {
			diff = Math.max(diff, Math.abs(a[i] - b[i]));
			scale = Math.max(scale, Math.abs(b[i]));
		}
		return diff / scale;
	}
}
