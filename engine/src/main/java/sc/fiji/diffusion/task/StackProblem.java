/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import java.util.function.IntFunction;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import sc.fiji.diffusion.mri.KspaceSymmetry;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.PointSpreadFunction;

/**
 * The problems of a whole stack: one {@link RestorationProblem} per output plane (2D tasks) or per volume
 * of a hyperstack (3D deconvolution: every channel and frame is a volume of its z-slices) and, for large
 * images, per tile ({@link Tiling}: x-y tiles, and chunks of slices for volumes). The input is an ImgLib2
 * view [x, y, plane] (for example {@link sc.fiji.diffusion.imagej.ImagePlusImgs#wrap} of an ImagePlus, no
 * copy), planes in ImageJ's order (channel fastest, then z, then time); it is only read.
 * <p>
 * What the factories add per task: the operator of each tile (the same PSF for every tile of a
 * deconvolution, which therefore needs an overlap of at least the PSF's extent; the mask's tile for
 * inpainting), the output scale (super-resolution) and whether a plane may be tiled at all (MRI may not:
 * every k-space sample depends on every pixel).
 */
public abstract class StackProblem {

	/**
	 * Least width and height of an image to restore: the network reflects up to half its size multiple
	 * (2^(levels - 1) / 2, at most 16 for 6 levels) at each side, which needs that many pixels.
	 */
	public static final int MINIMUM_SIZE = 16;

	/**
	 * Throws unless {@code width x height} is at least {@link #MINIMUM_SIZE} in both directions.
	 *
	 * @param what the start of the message, naming what has the size (e.g. {@code "The image is"})
	 * @throws IllegalArgumentException naming the size and the minimum
	 */
	public static void requireMinimumSize(final long width, final long height, final String what) {
		if (width < MINIMUM_SIZE || height < MINIMUM_SIZE)
			throw new IllegalArgumentException(what + " " + width + "x" + height + " pixels, too small to restore: it must be at least "
				+ MINIMUM_SIZE + "x" + MINIMUM_SIZE + " (the network pads each side by reflection, up to " + MINIMUM_SIZE + " pixels)");
	}

	private final RandomAccessibleInterval<? extends RealType<?>> stack;
	private final int width, height, planes;

	StackProblem(final RandomAccessibleInterval<? extends RealType<?>> stack) {
		if (stack.numDimensions() != 3) throw new IllegalArgumentException("Expected an image [x, y, plane], got " + stack.numDimensions() + " dimensions");
		requireMinimumSize(stack.dimension(0), stack.dimension(1), "The image is");
		if (stack.dimension(0) > Integer.MAX_VALUE || stack.dimension(1) > Integer.MAX_VALUE || stack.dimension(2) > Integer.MAX_VALUE)
			throw new IllegalArgumentException("The image is too large: " + stack.dimension(0) + "x" + stack.dimension(1) + "x" + stack.dimension(2));
		this.stack = stack;
		width = (int) stack.dimension(0);
		height = (int) stack.dimension(1);
		planes = (int) stack.dimension(2);
	}

	public abstract Restoration.Task task();

	/** The problem of one tile of one plane, from the tile's input values. */
	abstract RestorationProblem problem(int plane, Tiling.Tile tile, float[] values);

	/**
	 * Refuses, before any tile is restored, a tiling that some tile's problem would refuse (inpainting: a
	 * tile with no observed pixel); nothing for the other tasks.
	 *
	 * @throws IllegalArgumentException naming the tile, the plane and what to do
	 */
	void requireTiles(final Tiling tiling) {}

	/** Number of output planes. */
	public int planes() { return planes; }

	/** Number of independent problems: volumes (3D) or planes (2D). */
	public int volumes() { return planes(); }

	/** Slices per volume (1 for 2D problems). */
	public int depth() { return 1; }

	/** The index of slice {@code z} of volume {@code volume} among the planes. */
	public int plane(final int volume, final int z) { return volume; }

	/** The least overlap of chunks of slices (the PSF's depth), for volumes. */
	public int minimumOverlapZ() { return 0; }

	/**
	 * The problem of one x-y tile of slices {@code z0 .. z0 + dz - 1} of one volume (2D problems: of one
	 * plane, with {@code z0 = 0, dz = 1}).
	 */
	RestorationProblem problem(final int volume, final int z0, final int dz, final Tiling.Tile tile) {
		if (z0 != 0 || dz != 1) throw new IllegalArgumentException("A 2D problem has no slices beyond the first");
		return problem(volume, tile);
	}

	/** Width and height of an input plane (what is tiled). */
	public int width() { return width; }

	public int height() { return height; }

	/** Output size over input size (super-resolution's factor; 1 otherwise). */
	public int scale() { return 1; }

	/** Whether a plane may be split into tiles. */
	public boolean tileable() { return true; }

	/** The least tile overlap, in input pixels, that keeps tiles independent enough (the PSF's extent). */
	public int minimumOverlap() { return 0; }

	/** The values that fix a plane's intensity normalisation (all its values by default). */
	float[] normalisationValues(final int plane) { return values(plane, new Tiling(width, height, 0, 0).tiles().get(0)); }

	/**
	 * The robust noise estimate ({@link NoiseEstimation#estimateNoiseSigma}) of a whole plane in input units,
	 * NaN where the input is not an image (MRI k-space).
	 */
	double estimateNoiseSigma(final int plane) {
		return NoiseEstimation.estimateNoiseSigma(normalisationValues(plane), width, height, null);
	}

	/** A copy of the input values of one tile of one plane, row-major. */
	final float[] values(final int plane, final Tiling.Tile tile) {
		final float[] out = new float[tile.width * tile.height];
		final Cursor<? extends RealType<?>> c = Views.flatIterable(Views.interval(Views.hyperSlice(stack, 2, plane),
			new long[] { tile.x, tile.y }, new long[] { tile.x + tile.width - 1, tile.y + tile.height - 1 })).cursor();
		for (int k = 0; k < out.length; k++) out[k] = c.next().getRealFloat();
		return out;
	}

	/** The problem of one tile of one plane. */
	final RestorationProblem problem(final int plane, final Tiling.Tile tile) {
		return problem(plane, tile, values(plane, tile));
	}

	// ---- the tasks ---------------------------------------------------------------------------------

	/** Denoising of every plane. */
	public static StackProblem denoising(final RandomAccessibleInterval<? extends RealType<?>> stack) {
		return new StackProblem(stack) {
			@Override
			public Restoration.Task task() { return Restoration.Task.DENOISE; }

			@Override
			RestorationProblem problem(final int plane, final Tiling.Tile tile, final float[] v) {
				return RestorationProblem.denoising(v, tile.width, tile.height);
			}
		};
	}

	/** Deconvolution of every plane with one 2D PSF (the padded, no-wrap model). */
	public static StackProblem deconvolution(final RandomAccessibleInterval<? extends RealType<?>> stack, final PointSpreadFunction psf) {
		if (psf.rank() != 2) throw new IllegalArgumentException("Plane-wise deconvolution needs a 2D PSF, got a " + psf.rank() + "D one");
		return new StackProblem(stack) {
			@Override
			public Restoration.Task task() { return Restoration.Task.DECONVOLVE; }

			@Override
			public int minimumOverlap() { return Math.max(psf.size(0), psf.size(1)); }

			@Override
			RestorationProblem problem(final int plane, final Tiling.Tile tile, final float[] v) {
				return RestorationProblem.deconvolution(v, tile.width, tile.height, psf);
			}
		};
	}

	/**
	 * Inpainting: {@code observed} gives each plane's mask (1 = observed); unobserved values are ignored,
	 * and may be NaN.
	 */
	public static StackProblem inpainting(final RandomAccessibleInterval<? extends RealType<?>> stack, final IntFunction<Mask> observed) {
		return new Inpainting(stack, observed);
	}

	/** Inpainting of the non-finite (NaN, infinite) pixels of each plane. */
	public static StackProblem inpaintingNonFinite(final RandomAccessibleInterval<? extends RealType<?>> stack) {
		return new Inpainting(stack, null);
	}

	private static final class Inpainting extends StackProblem {
		private final IntFunction<Mask> observed;
		private int cachedPlane = -1;
		private Mask cached;

		/** @param observed null: the finite pixels of each plane */
		Inpainting(final RandomAccessibleInterval<? extends RealType<?>> stack, final IntFunction<Mask> observed) {
			super(stack);
			this.observed = observed;
		}

		@Override
		public Restoration.Task task() { return Restoration.Task.INPAINT; }

		@Override
		float[] normalisationValues(final int plane) {
			final float[] all = super.normalisationValues(plane);
			final float[] m = mask(plane).values();
			int n = 0;
			for (int k = 0; k < all.length; k++)
				if (m[k] == 1) all[n++] = all[k];
			return java.util.Arrays.copyOf(all, n);
		}

		@Override
		double estimateNoiseSigma(final int plane) {
			final float[] all = super.normalisationValues(plane), m = mask(plane).values();
			for (int k = 0; k < all.length; k++)
				if (m[k] != 1) all[k] = 0;
			return NoiseEstimation.estimateNoiseSigma(all, width(), height(), m);
		}

		@Override
		void requireTiles(final Tiling tiling) {
			for (int p = 0; p < planes(); p++)
				for (final Tiling.Tile tile : tiling.tiles()) requireObserved(p, tile, tile.crop(mask(p).values(), width()));
		}

		private static void requireObserved(final int plane, final Tiling.Tile tile, final float[] m) {
			for (final float x : m) if (x == 1) return;
			throw new IllegalArgumentException("The tile " + tile + " of plane " + (plane + 1)
				+ " lies entirely in the region to inpaint: use larger tiles (--tile-size, Fiji's tile_size) or no tiling (0)");
		}

		@Override
		RestorationProblem problem(final int plane, final Tiling.Tile tile, final float[] v) {
			final float[] m = tile.crop(mask(plane).values(), width());
			requireObserved(plane, tile, m);
			for (int k = 0; k < v.length; k++)
				if (m[k] != 1) v[k] = 0;
			return RestorationProblem.inpainting(v, tile.width, tile.height, new Mask(tile.height, tile.width, m));
		}

		/** The plane's mask (the last one is kept: tiles of one plane ask for it again and again). */
		private Mask mask(final int plane) {
			if (plane != cachedPlane) {
				if (observed != null) cached = observed.apply(plane).requireSize(height(), width(), "image");
				else {
					final float[] v = super.normalisationValues(plane);
					for (int k = 0; k < v.length; k++) v[k] = Float.isFinite(v[k]) ? 1 : 0;
					try {
						cached = new Mask(height(), width(), v);
					}
					catch (final IllegalArgumentException e) {
						throw new IllegalArgumentException("Plane " + (plane + 1) + " has no finite pixels to start from");
					}
				}
				cachedPlane = plane;
			}
			return cached;
		}
	}

	/**
	 * Refuses a super-resolution factor below 2 or above {@link #MAX_SR_FACTOR}, or one whose output would not fit: more than 2^31 - 1
	 * pixels per plane, or more memory than is free for the output (4 bytes per pixel per plane, twice:
	 * the estimate and the result).
	 */
	static void requireScale(final RandomAccessibleInterval<? extends RealType<?>> stack, final int factor) {
		if (factor < 2) throw new IllegalArgumentException("The super-resolution factor must be 2 or more, got " + factor);
		if (factor > MAX_SR_FACTOR)
			throw new IllegalArgumentException("The super-resolution factor " + factor + " is more than " + MAX_SR_FACTOR + ": a prior can fill in 2 to "
				+ MAX_SR_FACTOR + " times the pixels per axis, not invent a " + factor + "-fold image; use a factor of at most " + MAX_SR_FACTOR);
		final double w = (double) stack.dimension(0) * factor, h = (double) stack.dimension(1) * factor;
		final double planes = stack.numDimensions() > 2 ? stack.dimension(2) : 1;
		if (w * h > Integer.MAX_VALUE)
			throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
				"The super-resolution factor %d makes a %.0fx%.0f output from %dx%d pixels, more than 2^31 - 1 pixels per plane: use a smaller factor",
				factor, w, h, stack.dimension(0), stack.dimension(1)));
		final Runtime rt = Runtime.getRuntime();
		final double free = rt.maxMemory() - (double) (rt.totalMemory() - rt.freeMemory());
		final double needed = 8 * w * h * planes;
		if (needed > free)
			throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
				"The super-resolution factor %d makes a %.0fx%.0f output (x %.0f planes), which needs about %.1f GiB, more than the %.1f GiB of memory free: "
					+ "use a smaller factor or crop the image", factor, w, h, planes, needed / (1L << 30), free / (1L << 30)));
	}

	/** The largest super-resolution factor: 64 output pixels per input pixel. */
	public static final int MAX_SR_FACTOR = 8;

	/** Super-resolution by {@code factor} (2 to {@link #MAX_SR_FACTOR}, see {@link #requireScale}) of every plane. */
	public static StackProblem superResolution(final RandomAccessibleInterval<? extends RealType<?>> stack, final int factor) {
		requireScale(stack, factor);
		return new StackProblem(stack) {
			@Override
			public Restoration.Task task() { return Restoration.Task.SR; }

			@Override
			public int scale() { return factor; }

			@Override
			RestorationProblem problem(final int plane, final Tiling.Tile tile, final float[] v) {
				return RestorationProblem.superResolution(v, tile.width, tile.height, factor);
			}
		};
	}

	/** Salts the restoration's seed for the simulated k-space noise of {@link #simulatedMri}. */
	static final long SIMULATION_SALT = 0x6d7269L;

	/**
	 * MRI, simulated: the k-space of each (magnitude) plane undersampled by {@code sampled}, with complex
	 * Gaussian noise {@code noiseSigma} (k-space units) drawn from the restoration's {@code seed} salted
	 * ({@link #SIMULATION_SALT}, so that the simulated noise and the sampler's draws differ) plus the plane.
	 */
	public static StackProblem simulatedMri(final RandomAccessibleInterval<? extends RealType<?>> stack, final Mask sampled, final double noiseSigma,
		final long seed)
	{
		return new MriProblem(stack) {
			@Override
			RestorationProblem problem(final int plane, final Tiling.Tile tile, final float[] v) {
				return RestorationProblem.simulatedMri(v, tile.width, tile.height, sampled, noiseSigma, (seed ^ SIMULATION_SALT) + plane);
			}
		};
	}

	/**
	 * MRI from measured k-space: a 2-plane stack (real, imaginary; centred) and the sampling mask; one
	 * output plane.
	 */
	public static StackProblem mri(final RandomAccessibleInterval<? extends RealType<?>> kspace, final Mask sampled) {
		if (kspace.numDimensions() != 3 || kspace.dimension(2) != 2)
			throw new IllegalArgumentException("The k-space must be a 2-slice stack (real, imaginary), got "
				+ (kspace.numDimensions() == 3 ? kspace.dimension(2) : 1) + " slice(s)");
		final MriProblem problem = new MriProblem(kspace) {
			@Override
			public int planes() { return 1; }

			@Override
			RestorationProblem problem(final int plane, final Tiling.Tile tile, final float[] real) {
				return RestorationProblem.mri(real, values(1, tile), tile.width, tile.height, sampled);
			}
		};
		final Tiling.Tile all = new Tiling.Tile(0, 0, problem.width(), problem.height(), 0);
		if (sampled.width() == problem.width() && sampled.height() == problem.height()) { // a mask of another size is refused with the problem
			final double asymmetry = KspaceSymmetry.asymmetry(problem.values(0, all), problem.values(1, all), problem.width(), problem.height(), sampled);
			if (asymmetry > MAX_ASYMMETRY)
				throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "The k-space is not that of a real image: its centre is %.0f %% anti-Hermitian "
					+ "(a phase of %.0f degrees where it is constant), and this single-coil path reconstructs a real image, so the phase would be thrown away with "
					+ "part of the image. Measured k-space has phase: save it as a BART array (dims [readout, phase, 1, 1]) and reconstruct that as raw "
					+ "k-space (the command line's --kspace FILE.cfl, Fiji's Reconstruct Raw MRI), which takes the phase into its coil map, or give the k-space of "
					+ "a magnitude image", 50 * asymmetry,
					Math.toDegrees(Math.asin(Math.sqrt(Math.min(1, asymmetry / 2))))));
		}
		return problem;
	}

	/** Largest {@link KspaceSymmetry#asymmetry} of a single-coil k-space: 0.1 is a constant phase of 13 degrees. */
	public static final double MAX_ASYMMETRY = 0.1;

	/**
	 * 3D deconvolution of every volume of a hyperstack of {@code channels x slices x frames} planes with a
	 * 3D PSF (z, y, x), with the 2D prior applied slice by slice
	 * ({@link RestorationProblem#deconvolution3D}).
	 */
	public static StackProblem deconvolution3D(final RandomAccessibleInterval<? extends RealType<?>> stack, final PointSpreadFunction psf,
		final int channels, final int slices, final int frames)
	{
		if (psf.rank() != 3) throw new IllegalArgumentException("3D deconvolution needs a 3D PSF, got a " + psf.rank() + "D one");
		if ((long) channels * slices * frames != stack.dimension(2))
			throw new IllegalArgumentException("channels x slices x frames = " + channels + " x " + slices + " x " + frames + " but the stack has "
				+ stack.dimension(2) + " planes");
		if (psf.size(0) > slices)
			throw new IllegalArgumentException("The PSF has " + psf.size(0) + " slices but the image only " + slices + ": crop the PSF in z or use a 2D PSF");
		return new StackProblem(stack) {
			@Override
			public Restoration.Task task() { return Restoration.Task.DECONVOLVE; }

			@Override
			public int volumes() { return channels * frames; }

			@Override
			public int depth() { return slices; }

			@Override
			public int plane(final int volume, final int z) { return volume % channels + channels * (z + slices * (volume / channels)); }

			@Override
			public int minimumOverlap() { return Math.max(psf.size(1), psf.size(2)); }

			@Override
			public int minimumOverlapZ() { return psf.size(0); }

			@Override
			float[] normalisationValues(final int volume) {
				final Tiling.Tile all = new Tiling(width(), height(), 0, 0).tiles().get(0);
				return slices(volume, 0, slices, all);
			}

			/** The median over the slices of the per-slice estimates. */
			@Override
			double estimateNoiseSigma(final int volume) {
				final Tiling.Tile all = new Tiling(width(), height(), 0, 0).tiles().get(0);
				final double[] e = new double[slices];
				for (int z = 0; z < slices; z++) e[z] = NoiseEstimation.estimateNoiseSigma(values(plane(volume, z), all), width(), height(), null);
				java.util.Arrays.sort(e);
				return slices % 2 == 1 ? e[slices / 2] : 0.5 * (e[slices / 2 - 1] + e[slices / 2]);
			}

			@Override
			RestorationProblem problem(final int volume, final int z0, final int dz, final Tiling.Tile tile) {
				return RestorationProblem.deconvolution3D(slices(volume, z0, dz, tile), tile.width, tile.height, dz, psf);
			}

			@Override
			RestorationProblem problem(final int plane, final Tiling.Tile tile, final float[] values) {
				throw new UnsupportedOperationException("3D deconvolution restores volumes, not planes");
			}

			private float[] slices(final int volume, final int z0, final int dz, final Tiling.Tile tile) {
				final int size = tile.width * tile.height;
				final float[] out = new float[dz * size];
				for (int z = 0; z < dz; z++) System.arraycopy(values(plane(volume, z0 + z), tile), 0, out, z * size, size);
				return out;
			}
		};
	}

	/** MRI: not tileable; normalisation from the zero-filled image; no noise estimate. */
	private abstract static class MriProblem extends StackProblem {
		MriProblem(final RandomAccessibleInterval<? extends RealType<?>> stack) { super(stack); }

		@Override
		public Restoration.Task task() { return Restoration.Task.MRI; }

		@Override
		public boolean tileable() { return false; }

		@Override
		float[] normalisationValues(final int plane) {
			return problem(plane, new Tiling(width(), height(), 0, 0).tiles().get(0)).normalisationValues();
		}

		@Override
		double estimateNoiseSigma(final int plane) { return Double.NaN; }
	}
}
