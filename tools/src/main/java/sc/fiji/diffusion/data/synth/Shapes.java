/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

/**
 * Anti-aliased intensity profiles and the primitive renderers shared by the scene components.
 * <p>
 * Objects are rendered analytically from a (signed) distance: {@link #edge} is the coverage of a
 * soft edge, {@link #dome} the projected thickness of a rounded object. Their product, with the
 * dome reaching zero exactly where the edge does, is a continuous profile: no staircase at any
 * pixel size. All lengths here are in pixels.
 */
final class Shapes {

	private Shapes() {}

	/**
	 * Coverage of a soft edge at signed distance {@code d} (negative inside): 1 for
	 * {@code d <= -e/2}, 0 for {@code d >= e/2}, the cubic smoothstep in between. With
	 * {@code e = 1} this is close to the exact pixel coverage of a straight edge (box-filter
	 * anti-aliasing); larger {@code e} gives optically soft edges.
	 */
	static double edge(final double d, final double e) {
		final double t = 0.5 - d / e;
		if (t <= 0) return 0;
		if (t >= 1) return 1;
		return t * t * (3 - 2 * t);
	}

	/**
	 * Dome profile {@code (1 - rho^2)^p} for {@code rho < 1}, else 0. With {@code p = 1/2} this
	 * is the projected thickness of a sphere (or of a spherocylinder, with {@code rho} the distance
	 * to its axis), the intensity of a uniformly stained round object seen from above; smaller
	 * {@code p} makes flatter tops (nuclei flattened on the coverslip).
	 */
	static double dome(final double rho, final double p) {
		if (rho >= 1) return 0;
		final double q = 1 - rho * rho;
		return p == 0.5 ? Math.sqrt(q) : Math.pow(q, p);
	}

	/**
	 * Soft-edged dome of an object of radius {@code radius} at distance {@code dist} from its
	 * centre (or axis): {@code edge(dist - radius, e) * dome(dist / (radius + e / 2), p)}.
	 */
	static double softDome(final double dist, final double radius, final double p, final double e) {
		final double d = dist - radius;
		if (d >= e / 2) return 0;
		return edge(d, e) * dome(dist / (radius + e / 2), p);
	}

	/**
	 * Adds {@code amplitude * exp(-((x - cx)^2 + (y - cy)^2) / (2 sigma^2))} to {@code img} within
	 * 3.5 sigma of the centre (clipped to the image). Separable: the cost is the kernel area.
	 */
	static void addGaussian(final float[] img, final Geometry g, final double cx, final double cy, final double sigma,
		final double amplitude)
	{
		final double r = 3.5 * sigma;
		final int x0 = Math.max(0, (int) Math.ceil(cx - r)), x1 = Math.min(g.width - 1, (int) Math.floor(cx + r));
		final int y0 = Math.max(0, (int) Math.ceil(cy - r)), y1 = Math.min(g.height - 1, (int) Math.floor(cy + r));
		if (x0 > x1 || y0 > y1) return;
		final double k = -1 / (2 * sigma * sigma);
		final double[] gx = new double[x1 - x0 + 1];
		for (int x = x0; x <= x1; x++)
			gx[x - x0] = Math.exp(k * (x - cx) * (x - cx));
		for (int y = y0; y <= y1; y++) {
			final double gy = amplitude * Math.exp(k * (y - cy) * (y - cy));
			final int row = y * g.width;
			for (int x = x0; x <= x1; x++)
				img[row + x] += (float) (gy * gx[x - x0]);
		}
	}

	/**
	 * Adds a capsule (spherocylinder) centred at {@code (cx, cy)}: total length {@code length}
	 * (caps included), width {@code width}, axis at {@code angle} radians from the x axis, with the
	 * profile {@code amplitude * softDome(distance to axis segment, width / 2, p, e)}. If
	 * {@code occupancy} is not null, pixels inside the capsule are marked 1 there.
	 */
	static void addCapsule(final float[] img, final byte[] occupancy, final Geometry g, final double cx, final double cy,
		final double angle, final double length, final double width, final double amplitude, final double p, final double e)
	{
		final double r = width / 2, half = Math.max(0, length / 2 - r);
		final double ux = Math.cos(angle), uy = Math.sin(angle);
		final double reach = half + r + e;
		final int x0 = Math.max(0, (int) Math.floor(cx - reach)), x1 = Math.min(g.width - 1, (int) Math.ceil(cx + reach));
		final int y0 = Math.max(0, (int) Math.floor(cy - reach)), y1 = Math.min(g.height - 1, (int) Math.ceil(cy + reach));
		for (int y = y0; y <= y1; y++)
			for (int x = x0; x <= x1; x++) {
				final double dist = capsuleDistance(x - cx, y - cy, ux, uy, half);
				final double v = softDome(dist, r, p, e);
				if (v > 0) {
					img[y * g.width + x] += (float) (amplitude * v);
					if (occupancy != null && dist < r) occupancy[y * g.width + x] = 1;
				}
			}
	}

	/**
	 * Fraction of the pixels inside a capsule (as in {@link #addCapsule}) that are already marked
	 * in {@code occupancy}; 1 if the capsule covers no pixel of the image.
	 */
	static double capsuleOverlap(final byte[] occupancy, final Geometry g, final double cx, final double cy,
		final double angle, final double length, final double width)
	{
		final double r = width / 2, half = Math.max(0, length / 2 - r);
		final double ux = Math.cos(angle), uy = Math.sin(angle);
		final double reach = half + r;
		final int x0 = Math.max(0, (int) Math.floor(cx - reach)), x1 = Math.min(g.width - 1, (int) Math.ceil(cx + reach));
		final int y0 = Math.max(0, (int) Math.floor(cy - reach)), y1 = Math.min(g.height - 1, (int) Math.ceil(cy + reach));
		int inside = 0, taken = 0;
		for (int y = y0; y <= y1; y++)
			for (int x = x0; x <= x1; x++)
				if (capsuleDistance(x - cx, y - cy, ux, uy, half) < r) {
					inside++;
					taken += occupancy[y * g.width + x];
				}
		return inside == 0 ? 1 : taken / (double) inside;
	}

	/** Distance from {@code (dx, dy)} to the segment from {@code -half u} to {@code +half u}. */
	static double capsuleDistance(final double dx, final double dy, final double ux, final double uy, final double half) {
		final double t = Math.max(-half, Math.min(half, dx * ux + dy * uy));
		final double ex = dx - t * ux, ey = dy - t * uy;
		return Math.sqrt(ex * ex + ey * ey);
	}
}
