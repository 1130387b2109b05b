/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import java.io.IOException;

import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.spark.zarr.ZarrArray;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.RestorationProblem;
import sc.fiji.diffusion.task.Settings;

/**
 * Restores one block of a volume: reads the block's region (the block grown by the request's halo,
 * clipped to the volume), restores it with the engine's {@link Restoration} and returns the block's
 * core, cropped from the region (the halo only gives the core's border pixels the context they would
 * have had without blocks). The same code runs in a Spark task and in the single-JVM loop
 * ({@link LocalVolumeRestoration}), so both give the same output.
 * <p>
 * Plane by plane (denoising, 2D PSF): each plane of the block is one problem of the region's width and
 * height, with the halo in x and y; a 3D PSF: the region (halo in z too) is one 3D deconvolution. Every
 * problem uses the volume's normalisation and noise sigma ({@link VolumeStatistics}) and the seed of its
 * block and plane ({@link VolumeRequest#seed}).
 */
public final class BlockRestorer {

	private final Restoration restoration;
	private final VolumeRequest request;
	private final VolumeStatistics statistics;
	private final PointSpreadFunction psf;

	public BlockRestorer(final Restoration restoration, final VolumeRequest request, final VolumeStatistics statistics) {
		this.restoration = restoration;
		this.request = request;
		this.statistics = statistics;
		this.psf = request.psf();
	}

	/**
	 * The restored block {@code b} as one output chunk: the grid's block shape (z, y, x), C order, zero
	 * beyond the volume's edge.
	 */
	public float[] restore(final ZarrArray input, final BlockGrid grid, final long[] b) throws IOException {
		final int[] halo = request.halo(), block = grid.block(), core = grid.size(b);
		if (!request.volumetric()) halo[0] = 0;
		final long[] from = grid.regionOrigin(b, halo), origin = grid.origin(b);
		final int[] size = grid.regionSize(b, halo);
		final float[] region = input.read(from, size), chunk = new float[block[0] * block[1] * block[2]];
		final int plane = size[1] * size[2], dz = (int) (origin[0] - from[0]), dy = (int) (origin[1] - from[1]), dx = (int) (origin[2] - from[2]);
		if (request.volumetric()) {
			final float[] out = solve(RestorationProblem.deconvolution3D(region, size[2], size[1], size[0], psf), b, origin[0]);
			for (int z = 0; z < core[0]; z++)
				crop(out, (z + dz) * plane, size[2], dy, dx, core, chunk, z * block[1] * block[2], block[2]);
		}
		else {
			for (int z = 0; z < core[0]; z++) {
				final float[] values = java.util.Arrays.copyOfRange(region, z * plane, (z + 1) * plane);
				final RestorationProblem p = psf == null ? RestorationProblem.denoising(values, size[2], size[1])
					: RestorationProblem.deconvolution(values, size[2], size[1], psf);
				crop(solve(p, b, origin[0] + z), 0, size[2], dy, dx, core, chunk, z * block[1] * block[2], block[2]);
			}
		}
		return chunk;
	}

	private float[] solve(final RestorationProblem problem, final long[] b, final long z) {
		final Settings s = request.settings().seed(request.seed(b, z)).normalization(statistics.normalization()).noiseSigma(statistics.noiseSigma);
		return restoration.restore(problem, s, SamplerListener.NONE).image;
	}

	/** Copies the core's rows (core[1] x core[2]) from a plane at {@code src} (width {@code w}, core at dy, dx) to the chunk plane at {@code dst}. */
	private static void crop(final float[] in, final int src, final int w, final int dy, final int dx, final int[] core, final float[] chunk, final int dst, final int chunkWidth) {
		for (int y = 0; y < core[1]; y++)
			System.arraycopy(in, src + (y + dy) * w + dx, chunk, dst + y * chunkWidth, core[2]);
	}
}
