/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.mri;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.task.Progress;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.RestorationDefaults;
import sc.fiji.diffusion.task.Settings;
import sc.fiji.diffusion.task.StackRestoration;

/**
 * Reconstructs a whole {@link KspaceVolume} into a complex volume of {@code R x P} slices: one slice per
 * 2D slice, or per partition for 3D k-space. The 2D problems ({@link MultiCoilReconstruction}, each with its
 * own coil maps, phase and measurement; one mask) run B at a time in one sampler run, so that every network
 * evaluation serves B planes: B = {@link #planeBatch} (default {@link RestorationDefaults#VOLUME_PLANE_BATCH}),
 * at most {@link RestorationDefaults#VOLUME_BATCH_COIL_VALUES} / (samples x coils x plane pixels), and 1 where
 * the planes cannot share a run (a method without a data term, or a given noise sigma, which each plane's
 * normalisation turns into its own model-unit sigma). Plane i draws its noise from
 * {@link StackRestoration#planeSeed}{@code (seed, i)}, so the result does not depend on B. Progress goes
 * to a {@link Progress} as "planes i-j/n, step s/t"; a cancel stops within one step.
 */
public final class VolumeReconstruction {

	/** What a reconstruction's slices can be: {@link Result#slice}'s {@code what}. */
	public static final java.util.List<String> OUTPUTS = java.util.List.of("magnitude", "magnitude-phase", "complex");

	/** Returns {@code what}, or throws, before any work, unless it is one of {@link #OUTPUTS}. */
	public static String requireOutput(final String what) {
		if (!OUTPUTS.contains(what)) throw new IllegalArgumentException("Unknown MRI output '" + what + "' (expected magnitude, magnitude-phase or complex)");
		return what;
	}


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
			requireOutput(what);
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
				default: throw new AssertionError(what);
			}
		}
	}

	private final MultiCoilReconstruction recon;
	private int planeBatch = RestorationDefaults.VOLUME_PLANE_BATCH;

	public VolumeReconstruction(final MultiCoilReconstruction recon) {
		this.recon = recon;
	}

	/** Planes per sampler run, at most (default {@link RestorationDefaults#VOLUME_PLANE_BATCH}; see the class description). */
	public VolumeReconstruction planeBatch(final int b) {
		if (b < 1) throw new IllegalArgumentException("Planes per run must be >= 1, got " + b);
		planeBatch = b;
		return this;
	}

	/** The planes per sampler run for {@code k} with {@code settings} (see the class description). */
	public int planesPerRun(final KspaceVolume k, final Settings settings, final MultiCoilReconstruction.ImageModel model) {
		final Restoration.Method method = settings.methodFor(Restoration.Task.MRI);
		if (method == Restoration.Method.SDEDIT || settings.noiseSigma() > 0) return 1;
		final long perPlane = (long) Math.max(1, MultiCoilReconstruction.settings(settings).samplesFor(Restoration.Task.MRI)) * k.coils * k.planeWidth() * k.planeHeight()
			* (model == MultiCoilReconstruction.ImageModel.COMPLEX ? 2 : 1);
		return (int) Math.max(1, Math.min(Math.min(planeBatch, k.planes()), RestorationDefaults.VOLUME_BATCH_COIL_VALUES / perPlane));
	}

	/**
	 * @param mask the sampling mask of the 2D problems, null: {@link KspaceVolume#sampledMask}
	 * @param maps per 2D problem, the coil maps (null: estimated from each problem's calibration region)
	 * @throws java.util.concurrent.CancellationException if {@code progress} cancels
	 */
	public Result reconstruct(final KspaceVolume k, final Mask mask, final IntFunction<CoilPlanes> maps,
		final MultiCoilReconstruction.ImageModel model, final Settings settings, final Progress progress)
	{
		final long start = System.nanoTime();
		final Mask m = mask != null ? mask.requireSize(k.planeHeight(), k.planeWidth(), "k-space plane") : k.sampledMask();
		final int n = k.planes(), w = k.readout, h = k.phase, depth = k.is3D() ? k.partitions : k.slices, batch = planesPerRun(k, settings, model);
		final float[] re = new float[w * h * depth], im = new float[w * h * depth];
		String description = "";
		for (int first = 0; first < n; first += batch) {
			final int count = Math.min(batch, n - first);
			final String planes = count == 1 ? String.format(Locale.ROOT, "plane %d/%d", first + 1, n) : String.format(Locale.ROOT, "planes %d-%d/%d", first + 1, first + count, n);
			if (progress != null) {
				if (progress.isCancelled()) throw new CancellationException("cancelled before " + planes);
				progress.update(first / (double) n, planes);
			}
			final List<MultiCoilReconstruction.PlaneProblem> problems = new ArrayList<>();
			final long[] seeds = new long[count];
			for (int b = 0; b < count; b++) {
				problems.add(recon.problem(k.plane(first + b), m, maps == null ? null : maps.apply(first + b), model));
				seeds[b] = StackRestoration.planeSeed(settings.seed(), first + b);
			}
			final List<MultiCoilReconstruction.Plane> done = recon.reconstruct(problems, seeds, settings, listener(progress, first, count, n, planes));
			for (int b = 0; b < count; b++) {
				final MultiCoilReconstruction.Plane p = done.get(b);
				if (description.isEmpty()) description = p.result.description; // the first run's: a full batch
				place(p, first + b, k, re, im);
			}
		}
		return new Result(w, h, depth, re, im, k.voxelSize(), (System.nanoTime() - start) / 1e9,
			String.format(Locale.ROOT, "%d %s problem(s) of %dx%d, %d coils, R=%.2f, %d per sampler run; coil maps %s; %s", n, k.is3D() ? "readout-position" : "slice",
				k.planeWidth(), k.planeHeight(), k.coils, m.acceleration(), batch, maps != null ? "given"
					: recon.refinesMaps() ? "estimated from the calibration region and refined with a first pass of 1 sample (JSENSE)" : "estimated from the calibration region",
				description));
	}

	/** Plane i's complex image into the volume: slice i (2D), or readout position x = i, an image of P rows (y) x S columns (z), (3D). */
	private static void place(final MultiCoilReconstruction.Plane p, final int i, final KspaceVolume k, final float[] re, final float[] im) {
		final int w = k.readout, h = k.phase, depth = k.is3D() ? k.partitions : k.slices;
		if (!k.is3D()) {
			System.arraycopy(p.re, 0, re, i * w * h, w * h);
			System.arraycopy(p.im, 0, im, i * w * h, w * h);
			return;
		}
		for (int y = 0; y < h; y++)
			for (int z = 0; z < depth; z++) {
				re[(z * h + y) * w + i] = p.re[y * depth + z];
				im[(z * h + y) * w + i] = p.im[y * depth + z];
			}
	}

	/** The sampler's steps of the run of planes first .. first + count - 1 as the volume's fraction. */
	private static SamplerListener listener(final Progress progress, final int first, final int count, final int n, final String planes) {
		return progress == null ? SamplerListener.NONE : new SamplerListener() {
			@Override
			public void stepDone(final int step, final int steps, final int t, final int tNext, final Supplier<Batch> current) {
				progress.update((first + count * step / (double) steps) / n, String.format(Locale.ROOT, "%s, step %d/%d", planes, step, steps));
			}

			@Override
			public boolean isCancelled() { return progress.isCancelled(); }
		};
	}
}
