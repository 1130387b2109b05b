/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.mri;

import java.util.Locale;
import java.util.function.Supplier;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.task.Progress;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.Settings;

/**
 * Reconstructs a whole {@link KspaceVolume}, one 2D problem after the other
 * ({@link MultiCoilReconstruction}), into a complex volume of {@code R x P} slices: one slice per
 * 2D slice, or per partition for 3D k-space. Progress goes to a listener as "plane i/n".
 */
public final class VolumeReconstruction {

	/** The complex image volume: {@code depth} slices of {@code width x height}, row-major, slice slowest. */
	public static final class Result {
		public final int width, height, depth;
		public final float[] re, im;
		public final double[] voxelSize;
		public final double seconds;
		public final String description;

		Result(final int width, final int height, final int depth, final float[] re, final float[] im, final double[] voxelSize, final double seconds,
			final String description)
		{
			this.width = width;
			this.height = height;
			this.depth = depth;
			this.re = re;
			this.im = im;
			this.voxelSize = voxelSize;
			this.seconds = seconds;
			this.description = description;
		}

		/** Slice z as {magnitude} or, with {@code two}, {magnitude, phase} ({@code complex = false}) or {real, imaginary}. */
		public float[][] slice(final int z, final String what) {
			final int p = width * height;
			final float[] r = java.util.Arrays.copyOfRange(re, z * p, (z + 1) * p), i = java.util.Arrays.copyOfRange(im, z * p, (z + 1) * p);
			final float[] mag = new float[p];
			for (int k = 0; k < p; k++) mag[k] = (float) Math.hypot(r[k], i[k]);
			switch (what) {
				case "magnitude": return new float[][] { mag };
				case "magnitude-phase": {
					final float[] ph = new float[p];
					for (int k = 0; k < p; k++) ph[k] = (float) Math.atan2(i[k], r[k]);
					return new float[][] { mag, ph };
				}
				case "complex": return new float[][] { r, i };
				default: throw new IllegalArgumentException("Unknown MRI output '" + what + "' (expected magnitude, magnitude-phase or complex)");
			}
		}
	}

	private final MultiCoilReconstruction recon;

	public VolumeReconstruction(final MultiCoilReconstruction recon) {
		this.recon = recon;
	}

	/**
	 * @param mask the sampling mask of the 2D problems, null: {@link KspaceVolume#sampledMask}
	 * @param maps per 2D problem, the coil maps (null: estimated from each problem's calibration region)
	 */
	public Result reconstruct(final KspaceVolume k, final Mask mask, final java.util.function.IntFunction<CoilPlanes> maps,
		final MultiCoilReconstruction.ImageModel model, final Settings settings, final Progress progress)
	{
		final long start = System.nanoTime();
		final Mask m = mask != null ? mask.requireSize(k.planeHeight(), k.planeWidth(), "k-space plane") : k.sampledMask();
		final int n = k.planes(), w = k.readout, h = k.phase, depth = k.is3D() ? k.partitions : k.slices;
		final float[] re = new float[w * h * depth], im = new float[w * h * depth];
		String description = "";
		for (int i = 0; i < n; i++) {
			final int plane = i;
			final SamplerListener listener = progress == null ? SamplerListener.NONE : new SamplerListener() {
				@Override
				public void stepDone(final int step, final int steps, final int t, final int tNext, final Supplier<Batch> current) {
					progress.update((plane + step / (double) steps) / n, String.format(Locale.ROOT, "plane %d/%d, step %d/%d", plane + 1, n, step, steps));
				}

				@Override
				public boolean isCancelled() { return progress.isCancelled(); }
			};
			if (progress != null) {
				if (progress.isCancelled()) throw new java.util.concurrent.CancellationException("cancelled before plane " + (i + 1) + "/" + n);
				progress.update(i / (double) n, String.format(Locale.ROOT, "plane %d/%d", i + 1, n));
			}
			final MultiCoilReconstruction.Plane p = recon.reconstruct(k.plane(i), m, maps == null ? null : maps.apply(i), model, settings, listener);
			description = p.result.description;
			if (!k.is3D()) {
				System.arraycopy(p.re, 0, re, i * w * h, w * h);
				System.arraycopy(p.im, 0, im, i * w * h, w * h);
			}
			else { // plane i is readout position x = i, an image of P rows (y) x S columns (z)
				for (int y = 0; y < h; y++)
					for (int z = 0; z < depth; z++) {
						re[(z * h + y) * w + i] = p.re[y * depth + z];
						im[(z * h + y) * w + i] = p.im[y * depth + z];
					}
			}
		}
		return new Result(w, h, depth, re, im, k.voxelSize(), (System.nanoTime() - start) / 1e9,
			String.format(Locale.ROOT, "%d %s problem(s) of %dx%d, %d coils, R=%.2f; %s", n, k.is3D() ? "readout-position" : "slice", k.planeWidth(),
				k.planeHeight(), k.coils, m.acceleration(), description));
	}
}
