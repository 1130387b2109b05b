/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Generators of k-space sampling masks (layout of {@link UndersampledFourier}: DC at
 * {@code (H/2, W/2)}, rows are phase-encode lines) and of masks from images. All random masks are
 * deterministic per seed; each {@link Mask} reports its actual acceleration ({@link Mask#acceleration}).
 */
public final class Masks {

	private Masks() {}

	/**
	 * Cartesian variable-density undersampling: whole rows (phase-encode lines) of an
	 * {@code height x width} k-space, exactly {@code round(height / R)} of them. The central
	 * {@code round(centreFraction * height)} rows (at least 1) around the DC row {@code height / 2}
	 * are always sampled; the others are drawn at random without replacement with a probability
	 * proportional to {@code (1 - d)^2 + 0.05}, d the distance from the DC row divided by
	 * {@code height / 2}, so low frequencies are sampled more densely.
	 *
	 * @param acceleration R >= 1
	 * @param centreFraction in [0, 1), e.g. 0.08
	 * @throws IllegalArgumentException if the fully sampled centre alone needs more rows than R allows
	 */
	public static Mask cartesianVariableDensity(final int height, final int width, final double acceleration, final double centreFraction,
		final long seed)
	{
		requireSize(height, width);
		requireAcceleration(acceleration);
		if (!(centreFraction >= 0 && centreFraction < 1))
			throw new IllegalArgumentException("Centre fraction must be in [0, 1), got " + centreFraction);
		final int lines = Math.max(1, (int) Math.round(height / acceleration));
		final int centre = Math.max(1, (int) Math.round(centreFraction * height));
		if (centre > lines)
			throw new IllegalArgumentException("The fully sampled centre (" + centre + " of " + height + " lines) exceeds the " + lines
				+ " lines that acceleration " + acceleration + " allows; lower the centre fraction or the acceleration");
		final boolean[] rows = new boolean[height];
		final int first = centreStart(height, centre);
		for (int i = first; i < first + centre; i++) rows[i] = true;
		// weighted sampling without replacement (Efraimidis and Spirakis): keep the largest u^(1/w)
		final SplittableRandom random = new SplittableRandom(seed);
		final List<double[]> keys = new ArrayList<>();
		for (int i = 0; i < height; i++) {
			final double u = random.nextDouble();
			if (rows[i]) continue;
			final double d = Math.abs(i - height / 2) / Math.max(1.0, height / 2.0);
			final double w = Math.pow(Math.max(0, 1 - d), 2) + 0.05;
			keys.add(new double[] { Math.log(u) / w, i });
		}
		keys.sort((a, b) -> Double.compare(b[0], a[0]));
		for (int j = 0; j < lines - centre; j++) rows[(int) keys.get(j)[1]] = true;
		return rowMask(height, width, rows);
	}

	/**
	 * Equispaced Cartesian undersampling: every R-th row counted from the DC row {@code height / 2}
	 * (so the DC row is always sampled), plus {@code centreLines} fully sampled rows around it. The
	 * acceleration is about R, a little lower because of the centre; {@link Mask#acceleration} gives
	 * the actual one.
	 *
	 * @param acceleration an integer R >= 1, small enough that the centre fits in the {@code ceil(height / R)}
	 *        lines it allows (otherwise the mask would silently run at a lower R, and is refused)
	 */
	public static Mask equispaced(final int height, final int width, final int acceleration, final int centreLines) {
		requireSize(height, width);
		if (acceleration < 1) throw new IllegalArgumentException("Acceleration must be >= 1, got " + acceleration);
		if (centreLines < 0 || centreLines > height)
			throw new IllegalArgumentException("Centre lines must be in [0, " + height + "], got " + centreLines);
		final long lines = (height + (long) acceleration - 1) / acceleration;
		if (centreLines > lines)
			throw new IllegalArgumentException("The fully sampled centre (" + centreLines + " of " + height + " lines) exceeds the " + lines + " line"
				+ (lines > 1 ? "s" : "") + " that acceleration " + acceleration + " allows (the mask would run at R = "
				+ String.format(java.util.Locale.ROOT, "%.1f", height / (double) Math.max(lines, centreLines)) + ", not " + acceleration
				+ "); use an acceleration of at most " + Math.max(1, height / Math.max(1, centreLines)) + " or fewer centre lines");
		final boolean[] rows = new boolean[height];
		for (int i = 0; i < height; i++) rows[i] = Math.floorMod(i - height / 2, acceleration) == 0;
		final int first = centreStart(height, centreLines);
		for (int i = first; i < first + centreLines; i++) rows[i] = true;
		return rowMask(height, width, rows);
	}

	/**
	 * Variable-density Poisson-disc sampling of a 2D k-space (for 3D acquisitions with two
	 * phase-encode directions, or as a 2D undersampling pattern): sampled points keep a minimum
	 * distance {@code r(p) = s (1 + 2 p)} from each other, p the distance to the DC sample normalised
	 * so that the corners are at {@code p = 1} (elliptical for non-square grids), so the density falls
	 * by about 9 times from the centre to the corners. A small centre square of
	 * {@code max(2, min(H, W) / 16)} pixels is fully sampled. The scale s is found by bisection
	 * (Bridson-style dart throwing on the pixel grid, 30 candidates per point) so that the mask has
	 * {@code H W / R} samples; a few random points are then added or removed if needed so the actual
	 * acceleration is within 2% of R.
	 *
	 * @param acceleration R > 1 (at most 50)
	 */
	public static Mask poissonDisc2D(final int height, final int width, final double acceleration, final long seed) {
		requireSize(height, width);
		requireAcceleration(acceleration);
		if (acceleration > 50) throw new IllegalArgumentException("Poisson-disc acceleration must be at most 50, got " + acceleration);
		final int target = (int) Math.round((double) height * width / acceleration);
		final int calib = Math.min(Math.min(height, width), Math.max(2, Math.min(height, width) / 16));
		if (calib * calib > target)
			throw new IllegalArgumentException("Acceleration " + acceleration + " leaves " + target + " samples, fewer than the fully sampled centre of "
				+ calib + "x" + calib + "; use a lower acceleration or a larger grid");
		double lo = 0.3, hi = 2 * Math.sqrt(acceleration) + 2;
		boolean[] best = null;
		int bestError = Integer.MAX_VALUE;
		for (int it = 0; it < 40 && bestError > 0; it++) {
			final double s = 0.5 * (lo + hi);
			final boolean[] m = poissonDisc(height, width, s, calib, new SplittableRandom(seed));
			final int count = count(m);
			if (Math.abs(count - target) < bestError) {
				bestError = Math.abs(count - target);
				best = m;
			}
			if (count > target) lo = s;
			else hi = s;
			if (hi - lo < 1e-4) break;
		}
		adjust(best, height, width, target, Math.max(1, (int) Math.floor(0.02 * target)), calib, new SplittableRandom(seed ^ 0x5DEECE66DL));
		final float[] v = new float[height * width];
		for (int i = 0; i < v.length; i++) v[i] = best[i] ? 1 : 0;
		return new Mask(height, width, v);
	}

	/**
	 * A mask from an image: 1 where the value is above 0.5, 0 elsewhere (NaN counts as 0). A mask image has
	 * two values, one at most 0.5 and one above (0 and 1, or 0 and 255 as Fiji's binary masks), or one value: an
	 * image with more values, or with two on one side of 0.5 (a label image of 1 and 2), is refused, as it would
	 * otherwise be thresholded silently into a mask nobody meant.
	 */
	public static Mask fromImage(final float[] values, final int height, final int width) {
		return fromImage(values, height, width, "image");
	}

	/** {@link #fromImage(float[], int, int)}, with the mask named in messages ("The mask " + name). */
	public static Mask fromImage(final float[] values, final int height, final int width, final String name) {
		requireSize(height, width);
		if (values.length != (long) height * width)
			throw new IllegalArgumentException("Mask image has " + values.length + " values, expected " + width + "x" + height + " = " + (long) height * width);
		requireMaskValues(values, name);
		final float[] v = new float[values.length];
		for (int i = 0; i < v.length; i++) v[i] = values[i] > 0.5f ? 1 : 0;
		return new Mask(height, width, v);
	}

	// ---- helpers ---------------------------------------------------------------------------------

	/** What a mask image holds, for the refusals of {@link #requireMaskValues}. */
	private static final String MASK_VALUES = "a mask has 0 where not measured and 1 or 255 where measured";

	/** Refuses more than two values (NaN and -0 count as 0), or two on one side of 0.5. */
	private static void requireMaskValues(final float[] values, final String name) {
		final TreeSet<Float> distinct = new TreeSet<>();
		for (final float x : values) {
			if (distinct.add(Float.isNaN(x) || x == 0 ? 0f : x) && distinct.size() > 2)
				throw new IllegalArgumentException("The mask " + name + " has more than two values ("
					+ distinct.stream().map(f -> String.format(Locale.ROOT, "%.4g", f)).collect(Collectors.joining(", ")) + ", ...), where "
					+ MASK_VALUES + ": is it an image rather than its mask? (In Fiji, Process > Binary > Convert to Mask makes one.)");
		}
		if (distinct.size() == 2 && (distinct.first() > 0.5f || distinct.last() <= 0.5f))
			throw new IllegalArgumentException("The mask " + name + " has the values " + String.format(Locale.ROOT, "%.4g and %.4g", distinct.first(), distinct.last())
				+ ", both " + (distinct.first() > 0.5f ? "above" : "at most") + " 0.5: " + MASK_VALUES + ".");
	}

	/** First row of a block of {@code n} rows centred on row {@code size / 2}. */
	private static int centreStart(final int size, final int n) {
		return Math.max(0, Math.min(size - n, size / 2 - n / 2));
	}

	private static Mask rowMask(final int height, final int width, final boolean[] rows) {
		final float[] v = new float[height * width];
		for (int y = 0; y < height; y++)
			if (rows[y]) java.util.Arrays.fill(v, y * width, (y + 1) * width, 1f);
		return new Mask(height, width, v);
	}

	private static boolean[] poissonDisc(final int h, final int w, final double scale, final int calib, final SplittableRandom random) {
		final boolean[] m = new boolean[h * w];
		final int cy = h / 2, cx = w / 2;
		final double ry = Math.max(1, h / 2.0), rx = Math.max(1, w / 2.0);
		final double[] radius = new double[h * w];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final double dy = (y - cy) / ry, dx = (x - cx) / rx;
				radius[y * w + x] = scale * (1 + 2 * Math.min(1, Math.sqrt((dy * dy + dx * dx) / 2)));
			}
		final int[] active = new int[h * w];
		int nActive = 0;
		final int c0y = centreStart(h, calib), c0x = centreStart(w, calib);
		for (int y = c0y; y < c0y + calib; y++)
			for (int x = c0x; x < c0x + calib; x++) {
				m[y * w + x] = true;
				active[nActive++] = y * w + x;
			}
		while (nActive > 0) {
			final int pick = random.nextInt(nActive);
			final int p = active[pick], py = p / w, px = p % w;
			final double r = radius[p];
			boolean found = false;
			for (int k = 0; k < 30; k++) {
				final double dist = r * (1 + random.nextDouble()), angle = 2 * Math.PI * random.nextDouble();
				final int qy = (int) Math.round(py + dist * Math.sin(angle)), qx = (int) Math.round(px + dist * Math.cos(angle));
				if (qy < 0 || qy >= h || qx < 0 || qx >= w || m[qy * w + qx]) continue;
				if (farEnough(m, h, w, qy, qx, radius[qy * w + qx])) {
					m[qy * w + qx] = true;
					active[nActive++] = qy * w + qx;
					found = true;
					break;
				}
			}
			if (!found) active[pick] = active[--nActive];
		}
		return m;
	}

	private static boolean farEnough(final boolean[] m, final int h, final int w, final int y, final int x, final double r) {
		final int ri = (int) Math.ceil(r);
		final double r2 = r * r;
		for (int yy = Math.max(0, y - ri); yy <= Math.min(h - 1, y + ri); yy++)
			for (int xx = Math.max(0, x - ri); xx <= Math.min(w - 1, x + ri); xx++)
				if (m[yy * w + xx] && (yy - y) * (yy - y) + (xx - x) * (xx - x) < r2) return false;
		return true;
	}

	/** Adds or removes random points (outside the calibration square) until within {@code tolerance} of target. */
	private static void adjust(final boolean[] m, final int h, final int w, final int target, final int tolerance, final int calib,
		final SplittableRandom random)
	{
		int count = count(m);
		final int c0y = centreStart(h, calib), c0x = centreStart(w, calib);
		while (Math.abs(count - target) > tolerance) {
			final int i = random.nextInt(m.length), y = i / w, x = i % w;
			if (y >= c0y && y < c0y + calib && x >= c0x && x < c0x + calib) continue;
			if (count < target && !m[i]) {
				m[i] = true;
				count++;
			}
			else if (count > target && m[i]) {
				m[i] = false;
				count--;
			}
		}
	}

	private static int count(final boolean[] m) {
		int c = 0;
		for (final boolean b : m)
			if (b) c++;
		return c;
	}

	private static void requireSize(final int height, final int width) {
		if (height < 1 || width < 1) throw new IllegalArgumentException("Mask size must be positive, got " + width + "x" + height);
	}

	private static void requireAcceleration(final double r) {
		if (!(r >= 1) || !Double.isFinite(r)) throw new IllegalArgumentException("Acceleration must be finite and >= 1, got " + r);
	}
}
