/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.volume;

import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import sc.fiji.diffusion.data.volume.CanonicalOrientation;
import sc.fiji.diffusion.data.volume.Volume;

/**
 * Cuts a 3D volume in canonical RAS voxel order ({@link CanonicalOrientation#toRas}) into 2D
 * training and held-out validation images.
 * <h2>Slices, upright, in neurological convention</h2>
 * In the RAS grid, x runs from the subject's left to right, y from posterior to anterior and z
 * from inferior to superior. Images are shown as if looking at the subject in neurological
 * convention (the subject's left on the image's left for axial and coronal), always upright:
 * <ul>
 * <li><b>axial</b> (plane {@code z = k}): {@code nx} wide, {@code ny} high, viewed from above;
 * pixel {@code (col, row) = voxel (col, ny - 1 - row, k)}: left on the left, <b>anterior at the
 * top</b>.</li>
 * <li><b>coronal</b> ({@code y = j}): {@code nx x nz}, viewed from behind; pixel
 * {@code (col, row) = voxel (col, j, nz - 1 - row)}: left on the left, <b>superior at the top</b>.</li>
 * <li><b>sagittal</b> ({@code x = i}): {@code ny x nz}, viewed from the subject's left; pixel
 * {@code (col, row) = voxel (i, ny - 1 - col, nz - 1 - row)}: <b>anterior on the left, superior at
 * the top</b>.</li>
 * </ul>
 * (Radiological convention, common in clinical viewers, is the axial and coronal images mirrored
 * left to right.) Pixel sizes are the voxel sizes of the two in-plane axes.
 * <h2>Empty slices</h2>
 * The foreground threshold is 10% of the 99th percentile of the volume's finite values
 * ({@link #foregroundThreshold}); an image (after any cropping) is written only when the fraction
 * of its pixels above the threshold is at least {@link Options#minForeground}. Only every
 * {@link Options#every}-th slice index ({@code index % every == 0}) is considered.
 * <h2>Held-out slab</h2>
 * With {@link Options#holdoutFraction} {@code f > 0}, one slab of anatomy, contiguous along the
 * superior-inferior axis z, is kept out of training in <em>all</em> orientations:
 * <ol>
 * <li>The slab runs from the top of the volume down to the highest plane {@code zCut} such that
 * the planes {@code z >= zCut} hold at least the fraction {@code f} of all foreground voxels
 * (voxels above the threshold) of the volume; with {@link HoldoutPosition#INFERIOR}, from the
 * bottom up to the lowest such plane. So {@code f} is a share of the tissue, not of the field of
 * view, whatever the empty space around the head.</li>
 * <li>A gap of {@code g = ceil(gap / dz)} planes next to the slab belongs to neither set, so
 * that training and validation images are not neighbouring, nearly identical planes; everything
 * beyond the gap is the training range.</li>
 * <li>Axial slices in the slab are held out, those in the training range are training images,
 * those in the gap are left out. Every coronal and sagittal slice is cropped to rows: its rows in
 * the training range make a training image and its rows in the slab a held-out image (each judged
 * on its own for foreground).</li>
 * </ol>
 * So no training image contains any voxel of the slab or the gap, and the held-out images of the
 * three orientations show the same region.
 */
public final class VolumeSlicer {

	/** Foreground threshold as a fraction of the 99th percentile. */
	public static final double THRESHOLD_FRACTION = 0.1;
	/** Percentile the threshold is based on. */
	public static final double THRESHOLD_PERCENTILE = 99;

	/** Slice orientations, named after their planes; {@link #axis} is the axis the slice index runs along. */
	public enum Orientation {
		AXIAL('z'), CORONAL('y'), SAGITTAL('x');

		/** The RAS voxel axis the slice index runs along: x, y or z. */
		public final char axis;

		Orientation(final char axis) {
			this.axis = axis;
		}

		/** Lower-case name, as in file names. */
		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** Parses "axial", "coronal" or "sagittal" (any case). */
		public static Orientation parse(final String s) {
			for (final Orientation o : values())
				if (o.label().equalsIgnoreCase(s.trim())) return o;
			throw new IllegalArgumentException("Unknown orientation \"" + s + "\": use axial, coronal or sagittal");
		}
	}

	/** Which end of the superior-inferior axis is held out. */
	public enum HoldoutPosition {
		SUPERIOR, INFERIOR;

		public static HoldoutPosition parse(final String s) {
			for (final HoldoutPosition p : values())
				if (p.name().equalsIgnoreCase(s.trim())) return p;
			throw new IllegalArgumentException("Unknown holdout position \"" + s + "\": use superior or inferior");
		}
	}

	/** Training or held-out validation image. */
	public enum Part { TRAINING, HOLDOUT }

	/** Settings; {@link #validate()} checks them. */
	public static final class Options {
		/** Orientations to cut. */
		public Set<Orientation> orientations = EnumSet.allOf(Orientation.class);
		/** Keep slice indices divisible by this (1: every slice). */
		public int every = 1;
		/** Least fraction of pixels above the foreground threshold, in [0, 1]. */
		public double minForeground = 0.2;
		/** Share of the foreground voxels in the held-out slab, in [0, 1); 0: no holdout. */
		public double holdoutFraction = 0;
		/** End of the head that is held out. */
		public HoldoutPosition holdoutPosition = HoldoutPosition.SUPERIOR;
		/** Gap between training range and slab, in the volume's unit (mm); may be 0. */
		public double holdoutGap = 5;

		public void validate() {
			if (orientations == null || orientations.isEmpty())
				throw new IllegalArgumentException("At least one orientation is needed");
			if (every < 1) throw new IllegalArgumentException("--every must be at least 1, got " + every);
			if (!(minForeground >= 0 && minForeground <= 1))
				throw new IllegalArgumentException("--min-foreground must be in [0, 1], got " + minForeground);
			if (!(holdoutFraction >= 0 && holdoutFraction < 1))
				throw new IllegalArgumentException("--holdout-fraction must be in [0, 1), got " + holdoutFraction);
			if (!(holdoutGap >= 0) || Double.isInfinite(holdoutGap))
				throw new IllegalArgumentException("--holdout-gap-mm must be 0 or more, got " + holdoutGap);
		}
	}

	/** One image to write: upright, {@code width x height} pixels, row-major. */
	public static final class Slice {
		public final Orientation orientation;
		/** Slice index along {@link Orientation#axis} in the RAS grid. */
		public final int index;
		public final Part part;
		public final int width, height;
		public final float[] pixels;
		public final double pixelWidth, pixelHeight;
		/** Fraction of pixels above the foreground threshold. */
		public final double foreground;
		/** Range of z (RAS grid) the image covers: all of it for axial slices, the crop otherwise. */
		public final int zFrom, zTo;

		Slice(final Orientation orientation, final int index, final Part part, final int width, final int height, final float[] pixels,
			final double pixelWidth, final double pixelHeight, final double foreground, final int zFrom, final int zTo)
		{
			this.orientation = orientation;
			this.index = index;
			this.part = part;
			this.width = width;
			this.height = height;
			this.pixels = pixels;
			this.pixelWidth = pixelWidth;
			this.pixelHeight = pixelHeight;
			this.foreground = foreground;
			this.zFrom = zFrom;
			this.zTo = zTo;
		}

		/**
		 * File name {@code <base>_<orientation>_<axis><index>.tif}, the index zero-padded to at
		 * least 3 digits, e.g. {@code ch2_axial_z090.tif}.
		 */
		public String fileName(final String base) {
			return String.format(Locale.ROOT, "%s_%s_%c%03d.tif", base, orientation.label(), orientation.axis, index);
		}
	}

	/** Receives the images to write, in order: orientation, then slice index, training before held out. */
	public interface Sink {
		void accept(Slice slice) throws IOException;
	}

	/** What was cut: per orientation, images written and skipped (too little foreground) per part, and axial slices in the gap. */
	public static final class Summary {
		public final double threshold;
		/** z ranges (RAS grid, inclusive) of training and holdout; holdout {@code null} without holdout. */
		public final int[] trainingZ, holdoutZ;
		/** Shares of the volume's foreground voxels in the training range and in the held-out slab. */
		public final double trainingShare, holdoutShare;
		final Map<Orientation, int[]> counts = new EnumMap<>(Orientation.class); // written T, written H, skipped T, skipped H, gap, too small

		Summary(final double threshold, final int[] trainingZ, final int[] holdoutZ, final double trainingShare, final double holdoutShare) {
			this.threshold = threshold;
			this.trainingZ = trainingZ;
			this.holdoutZ = holdoutZ;
			this.trainingShare = trainingShare;
			this.holdoutShare = holdoutShare;
		}

		private int[] of(final Orientation o) {
			return counts.computeIfAbsent(o, k -> new int[6]);
		}

		public int written(final Orientation o, final Part p) { return of(o)[p.ordinal()]; }

		public int skipped(final Orientation o, final Part p) { return of(o)[2 + p.ordinal()]; }

		/** Axial slices left out because they lie in the gap. */
		public int inGap(final Orientation o) { return of(o)[4]; }

		/** Images left out because they are one pixel thin (the coronal and sagittal images of a single-slice volume). */
		public int tooSmall(final Orientation o) { return of(o)[5]; }

		/** One line per orientation, e.g. "axial: 120 training, 26 held out, 30 skipped as nearly empty, 5 in the gap". */
		public String describe(final Set<Orientation> orientations) {
			final StringBuilder s = new StringBuilder();
			for (final Orientation o : orientations) {
				if (s.length() > 0) s.append('\n');
				s.append(String.format(Locale.ROOT, "%s: %d training", o.label(), written(o, Part.TRAINING)));
				if (holdoutZ != null) s.append(String.format(Locale.ROOT, ", %d held out", written(o, Part.HOLDOUT)));
				s.append(String.format(Locale.ROOT, ", %d skipped as nearly empty", skipped(o, Part.TRAINING) + skipped(o, Part.HOLDOUT)));
				if (inGap(o) > 0) s.append(String.format(Locale.ROOT, ", %d in the gap", inGap(o)));
				if (tooSmall(o) > 0) s.append(String.format(Locale.ROOT, ", %d skipped as one pixel thin", tooSmall(o)));
			}
			return s.toString();
		}
	}

	private VolumeSlicer() {}

	/**
	 * Cuts {@code ras} into images and hands them to {@code sink}.
	 *
	 * @throws IllegalArgumentException if the volume is not 3D RAS, the options are invalid, or
	 *         the holdout leaves no training range
	 */
	public static Summary slice(final Volume ras, final Options options, final Sink sink) throws IOException {
		options.validate();
		if (ras.nt() != 1)
			throw new IllegalArgumentException("Slicing needs a 3D volume, got " + ras.nt() + " volumes: pick one first");
		if (!CanonicalOrientation.isRas(ras))
			throw new IllegalArgumentException("Slicing needs a volume in RAS voxel order, got " + ras.orientation() + ": reorient it first");
		final double threshold = foregroundThreshold(ras);
		final int nz = ras.nz();
		final long[] perPlane = new long[nz];
		long total = 0;
		for (int z = 0; z < nz; z++) {
			perPlane[z] = Math.round(foregroundFraction(plane(ras, Orientation.AXIAL, z), threshold) * ras.nx() * ras.ny());
			total += perPlane[z];
		}
		int[] training = { 0, nz - 1 }, holdout = null;
		if (options.holdoutFraction > 0) {
			final int g = (int) Math.ceil(options.holdoutGap / ras.voxelSizes()[2] - 1e-9);
			final double want = options.holdoutFraction * total;
			long sum = 0;
			if (options.holdoutPosition == HoldoutPosition.SUPERIOR) {
				int cut = nz - 1;
				while ((sum += perPlane[cut]) < want && cut > 0) cut--;
				holdout = new int[] { cut, nz - 1 };
				training = new int[] { 0, cut - g - 1 };
			} else {
				int cut = 0;
				while ((sum += perPlane[cut]) < want && cut < nz - 1) cut++;
				holdout = new int[] { 0, cut };
				training = new int[] { cut + g + 1, nz - 1 };
			}
			if (training[0] > training[1])
				throw new IllegalArgumentException("The held-out slab (" + (holdout[1] - holdout[0] + 1) + " planes) and gap (" + g
					+ " planes) leave no training planes in z: lower --holdout-fraction or --holdout-gap-mm");
		}
		final Summary summary = new Summary(threshold, training, holdout, share(perPlane, training, total),
			holdout == null ? 0 : share(perPlane, holdout, total));
		final double[] v = ras.voxelSizes();
		for (final Orientation o : Orientation.values()) {
			if (!options.orientations.contains(o)) continue;
			final int[] c = summary.of(o);
			final int n = o == Orientation.AXIAL ? nz : o == Orientation.CORONAL ? ras.ny() : ras.nx();
			for (int index = 0; index < n; index += options.every) {
				if (o == Orientation.AXIAL) {
					final Part part = in(index, training) ? Part.TRAINING : holdout != null && in(index, holdout) ? Part.HOLDOUT : null;
					if (part == null) {
						c[4]++;
						continue;
					}
					emit(plane(ras, o, index, 0, nz - 1), o, index, part, ras.nx(), ras.ny(), v[0], v[1], index, index, threshold,
						options.minForeground, c, sink);
				} else {
					final int width = o == Orientation.CORONAL ? ras.nx() : ras.ny();
					final double pw = o == Orientation.CORONAL ? v[0] : v[1];
					emit(plane(ras, o, index, training[0], training[1]), o, index, Part.TRAINING, width, training[1] - training[0] + 1,
						pw, v[2], training[0], training[1], threshold, options.minForeground, c, sink);
					if (holdout != null)
						emit(plane(ras, o, index, holdout[0], holdout[1]), o, index, Part.HOLDOUT, width, holdout[1] - holdout[0] + 1,
							pw, v[2], holdout[0], holdout[1], threshold, options.minForeground, c, sink);
				}
			}
		}
		return summary;
	}

	private static boolean in(final int z, final int[] range) {
		return z >= range[0] && z <= range[1];
	}

	private static void emit(final float[] pixels, final Orientation o, final int index, final Part part, final int width, final int height,
		final double pw, final double ph, final int zFrom, final int zTo, final double threshold, final double minForeground, final int[] counts,
		final Sink sink) throws IOException
	{
		if (width < 2 || height < 2) { // a line, not an image (a single-slice volume's coronal and sagittal cuts)
			counts[5]++;
			return;
		}
		final double fg = foregroundFraction(pixels, threshold);
		if (fg < minForeground) {
			counts[2 + part.ordinal()]++;
			return;
		}
		counts[part.ordinal()]++;
		sink.accept(new Slice(o, index, part, width, height, pixels, pw, ph, fg, zFrom, zTo));
	}

	/** The whole upright slice {@code index} of orientation {@code o}: see the class description. */
	public static float[] plane(final Volume ras, final Orientation o, final int index) {
		return plane(ras, o, index, 0, ras.nz() - 1);
	}

	/**
	 * Upright slice {@code index}; for coronal and sagittal slices only the rows of
	 * {@code z in [zFrom, zTo]} (top row {@code zTo}). Width and height as in the class description
	 * (height {@code zTo - zFrom + 1} for coronal and sagittal).
	 */
	static float[] plane(final Volume ras, final Orientation o, final int index, final int zFrom, final int zTo) {
		final int nx = ras.nx(), ny = ras.ny(), nz = ras.nz();
		final float[] d = ras.data();
		switch (o) {
			case AXIAL: {
				if (index < 0 || index >= nz) throw new IndexOutOfBoundsException("Axial slice " + index + " outside 0.." + (nz - 1));
				final float[] out = new float[nx * ny];
				for (int row = 0; row < ny; row++)
					System.arraycopy(d, nx * (ny - 1 - row + ny * index), out, row * nx, nx);
				return out;
			}
			case CORONAL: {
				if (index < 0 || index >= ny) throw new IndexOutOfBoundsException("Coronal slice " + index + " outside 0.." + (ny - 1));
				final int h = zTo - zFrom + 1;
				final float[] out = new float[nx * h];
				for (int row = 0; row < h; row++)
					System.arraycopy(d, nx * (index + ny * (zTo - row)), out, row * nx, nx);
				return out;
			}
			case SAGITTAL: {
				if (index < 0 || index >= nx) throw new IndexOutOfBoundsException("Sagittal slice " + index + " outside 0.." + (nx - 1));
				final int h = zTo - zFrom + 1;
				final float[] out = new float[ny * h];
				for (int row = 0; row < h; row++) {
					final int z = zTo - row;
					for (int col = 0; col < ny; col++)
						out[row * ny + col] = d[index + nx * (ny - 1 - col + ny * z)];
				}
				return out;
			}
			default:
				throw new IllegalStateException("Unknown orientation " + o);
		}
	}

	/**
	 * {@link #THRESHOLD_FRACTION} times the {@link #THRESHOLD_PERCENTILE}-th percentile of the
	 * volume's finite values (linear interpolation between order statistics, numpy's default);
	 * 0 if there are none.
	 */
	public static double foregroundThreshold(final Volume volume) {
		final float[] d = volume.data();
		float[] finite = new float[d.length];
		int n = 0;
		for (final float x : d)
			if (Float.isFinite(x)) finite[n++] = x;
		if (n == 0) return 0;
		finite = n == d.length ? finite : Arrays.copyOf(finite, n);
		Arrays.sort(finite);
		final double h = (n - 1) * THRESHOLD_PERCENTILE / 100;
		final int lo = (int) Math.floor(h);
		final double p = lo >= n - 1 ? finite[n - 1] : finite[lo] + (h - lo) * ((double) finite[lo + 1] - finite[lo]);
		return THRESHOLD_FRACTION * p;
	}

	/** Fraction of values strictly above {@code threshold}. */
	public static double foregroundFraction(final float[] pixels, final double threshold) {
		int above = 0;
		for (final float x : pixels)
			if (x > threshold) above++;
		return pixels.length == 0 ? 0 : (double) above / pixels.length;
	}

	private static double share(final long[] perPlane, final int[] range, final long total) {
		long sum = 0;
		for (int z = range[0]; z <= range[1]; z++) sum += perPlane[z];
		return total == 0 ? 0 : (double) sum / total;
	}
}
