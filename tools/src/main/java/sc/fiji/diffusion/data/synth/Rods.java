/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Rod-shaped bacteria (E. coli, B. subtilis) as capsules (spherocylinders) seen from above, alone
 * or in dense colonies where neighbours are locally aligned.
 * <p>
 * Per image: mean width 0.45 to 1 um (each rod +-10%) and mean aspect ratio 2.5 to 5.5 (each rod
 * 0.7 to 1.3 times the mean length; so rods are about 0.8 to 7 um long, 2 to 4 um typically),
 * profile {@link Shapes#softDome} with power 0.2 to 0.7 (0.5 is the projected thickness of a
 * uniformly filled rod), edge softness 0.05 to 0.2 um, brightness log-normal per rod (sigma 0.1
 * to 0.35) times a smooth shading across the field ({@code exp(c f)}, c up to 0.35, correlation
 * length 3 to 10 um: neighbours look alike, as in real colonies). The layout is one of
 * <ul>
 * <li>network (45%): colonies along the zero lines of a smooth random field (correlation length
 * 6 to 14 um), the branching bands of micro-colonies on an agar pad;</li>
 * <li>dense (25%): rods everywhere, as inside a large colony;</li>
 * <li>patches (15%): colonies where a smooth random field exceeds a random level;</li>
 * <li>scattered (15%): isolated rods at 2% to 15% coverage.</li>
 * </ul>
 * A colony grows as real ones pack: 85% of the rods are placed next to an already placed one,
 * side by side (75%) or end to end, nearly parallel to it (pulled 20% towards a smooth
 * orientation field of correlation length 3 to 8 um and spread 0.2 to 0.8 rad, plus 0.07 rad
 * jitter); the others land anywhere in the colony along the orientation field. Rods are placed until
 * their summed areas reach 75% to 105% of the colonies' area (from {@code density}; packing
 * saturates below that, and rods must lie wholly in the colony), and each
 * may overlap already placed rods by up to 5% to 30% of its area (per image); overlaps add up.
 * The stain is one of: filled cytoplasm (75%), membrane (rim brighter than the inside, 8%),
 * nucleoid (dim cytoplasm with one or two diffuse bright lobes, 10%), or polar/mid-cell foci
 * (7%). 15% of the rods are dividing: two half-length daughters end to end with a narrow
 * constriction. If the field of view falls between colonies (under 2% colony), the whole field is
 * taken as colony.
 */
final class Rods {

	/** How rods are laid out (see the class description). */
	enum Layout { NETWORK, DENSE, PATCHES, SCATTERED }

	private enum Stain { FILLED, MEMBRANE, NUCLEOID, FOCI }

	private Rods() {}

	/**
	 * Adds rods to {@code out}; {@code density} in [0, 1] sets how much of the colonies they cover.
	 * If {@code mask} is not null, the rods' coverage (1 inside) is max-combined into it.
	 */
	static void render(final Geometry g, final float[] out, final float[] mask, final double density, final SplittableRandom rng) {
		final double u = rng.nextDouble();
		render(g, out, mask, density, u < 0.45 ? Layout.NETWORK : u < 0.7 ? Layout.DENSE : u < 0.85 ? Layout.PATCHES : Layout.SCATTERED, rng);
	}

	/** {@link #render(Geometry, float[], float[], double, SplittableRandom)} with a given layout. */
	static void render(final Geometry g, final float[] out, final float[] mask, final double density, final Layout layout,
		final SplittableRandom rng)
	{
		final double v = rng.nextDouble();
		final Stain stain = v < 0.75 ? Stain.FILLED : v < 0.83 ? Stain.MEMBRANE : v < 0.93 ? Stain.NUCLEOID : Stain.FOCI;

		final boolean[] colony = colonies(g, layout, rng);
		int colonyPixels = 0;
		for (final boolean c : colony) if (c) colonyPixels++;
		if (colonyPixels < 0.02 * g.size()) { // a field of view between colonies would be empty: take all of it
			java.util.Arrays.fill(colony, true);
			colonyPixels = g.size();
		}
		final double coverage = layout == Layout.SCATTERED ? 0.02 + 0.13 * density : 0.75 + 0.3 * density;

		final double meanWidth = g.px(Random2.uniform(rng, 0.45, 1)), meanLength = meanWidth * Random2.uniform(rng, 2.5, 5.5);
		final double power = Random2.uniform(rng, 0.2, 0.7), edge = Math.max(1, g.px(Random2.uniform(rng, 0.05, 0.2)));
		final double spread = Random2.uniform(rng, 0.1, 0.35), maxOverlap = Random2.uniform(rng, 0.05, 0.3);
		final double theta0 = rng.nextDouble() * Math.PI, turn = Random2.uniform(rng, 0.2, 0.8);
		final float[] orientation = SmoothNoise.field(g.width, g.height, g.px(Random2.uniform(rng, 3, 8)), rng);
		final float[] shading = SmoothNoise.field(g.width, g.height, g.px(Random2.uniform(rng, 3, 10)), rng);
		final double shadingContrast = Random2.uniform(rng, 0, 0.35);

		final int target = Math.max(1, (int) Math.round(coverage * colonyPixels / (meanLength * meanWidth)));
		final double budding = layout == Layout.SCATTERED ? 0.1 : 0.85;
		final byte[] occupied = new byte[g.size()];
		final float[] layer = mask == null ? out : new float[g.size()];
		final List<double[]> placed = new ArrayList<>(); // {cx, cy, angle, length, width}
		for (int attempt = 0; attempt < 12 * target + 50 && placed.size() < target; attempt++) {
			final double width = meanWidth * Random2.uniform(rng, 0.9, 1.1);
			final double length = Math.max(1.2 * width, meanLength * Random2.uniform(rng, 0.7, 1.3));
			double cx, cy, angle;
			if (!placed.isEmpty() && Random2.chance(rng, budding)) {
				// next to a placed rod, as a growing colony packs them: side by side or end to end
				final double[] p = placed.get(rng.nextInt(placed.size()));
				final double ux = Math.cos(p[2]), uy = Math.sin(p[2]), sign = rng.nextBoolean() ? 1 : -1;
				double along, across;
				if (Random2.chance(rng, 0.75)) {
					along = Random2.uniform(rng, -0.5, 0.5) * p[3];
					across = sign * ((p[4] + width) / 2 + Random2.uniform(rng, -0.1, 0.08) * width);
				} else {
					along = sign * ((p[3] + length) / 2 + Random2.uniform(rng, 0, 0.3) * width);
					across = Random2.uniform(rng, -0.3, 0.3) * width;
				}
				cx = p[0] + along * ux - across * uy;
				cy = p[1] + along * uy + across * ux;
				final double field = theta0 + turn * orientation[clampIndex(g, cx, cy)];
				angle = p[2] + 0.2 * halfTurn(field - p[2]) + 0.07 * SmoothNoise.gaussian(rng);
			} else {
				cx = Random2.uniform(rng, -meanLength / 2, g.width + meanLength / 2);
				cy = Random2.uniform(rng, -meanLength / 2, g.height + meanLength / 2);
				angle = theta0 + turn * orientation[clampIndex(g, cx, cy)] + 0.15 * SmoothNoise.gaussian(rng);
			}
			final double reach = length / 2 - width / 2, ex = reach * Math.cos(angle), ey = reach * Math.sin(angle);
			if (!colony[clampIndex(g, cx, cy)] || !colony[clampIndex(g, cx + ex, cy + ey)] || !colony[clampIndex(g, cx - ex, cy - ey)])
				continue; // the whole rod in the colony: colony edges stay smooth, with rods along them
			if (Shapes.capsuleOverlap(occupied, g, cx, cy, angle, length, width) > maxOverlap) continue;
			final double gain = Random2.logNormal(rng, spread) * Math.exp(shadingContrast * shading[clampIndex(g, cx, cy)]);
			if (Random2.chance(rng, 0.15) && length > 2 * width) {
				final double half = length / 2 - 0.05 * width, ux = Math.cos(angle), uy = Math.sin(angle);
				for (final int sign : new int[] { -1, 1 })
					drawRod(g, layer, occupied, cx + sign * ux * length / 4, cy + sign * uy * length / 4, angle, half, width,
						gain * Random2.uniform(rng, 0.9, 1.1), power, edge, stain, rng);
			} else {
				drawRod(g, layer, occupied, cx, cy, angle, length, width, gain, power, edge, stain, rng);
			}
			placed.add(new double[] { cx, cy, angle, length, width });
		}
		if (layer != out)
			for (int i = 0; i < layer.length; i++) {
				out[i] += layer[i];
				if (occupied[i] != 0) mask[i] = 1;
			}
	}

	/** One rod with the given stain; dimensions in pixels, angle in radians. */
	private static void drawRod(final Geometry g, final float[] img, final byte[] occupied, final double cx, final double cy,
		final double angle, final double length, final double width, final double gain, final double power, final double edge,
		final Stain stain, final SplittableRandom rng)
	{
		switch (stain) {
			case FILLED:
				Shapes.addCapsule(img, occupied, g, cx, cy, angle, length, width, gain, power, edge);
				break;
			case MEMBRANE: { // shell: outer body minus most of an inner body
				final double wall = Math.max(1, 0.22 * width);
				Shapes.addCapsule(img, occupied, g, cx, cy, angle, length, width, 1.6 * gain, 0.5, edge);
				Shapes.addCapsule(img, null, g, cx, cy, angle, length - 2 * wall, width - 2 * wall, -1.3 * gain, 0.5, edge);
				break;
			}
			case NUCLEOID: { // dim cytoplasm, one or two diffuse bright lobes on the axis
				Shapes.addCapsule(img, occupied, g, cx, cy, angle, length, width, 0.3 * gain, power, edge);
				final int lobes = Random2.chance(rng, 0.4) ? 2 : 1;
				final double lobeLength = Random2.uniform(rng, 0.3, 0.55) * length / lobes, soft = Math.max(edge, 0.35 * width);
				for (int i = 0; i < lobes; i++) {
					final double t = lobes == 1 ? 0 : (i - 0.5) * length * 0.45;
					Shapes.addCapsule(img, null, g, cx + t * Math.cos(angle), cy + t * Math.sin(angle), angle, lobeLength + soft,
						0.6 * width + soft, 0.8 * gain, 0.5, soft);
				}
				break;
			}
			case FOCI: {
				Shapes.addCapsule(img, occupied, g, cx, cy, angle, length, width, 0.4 * gain, power, edge);
				final int n = 1 + rng.nextInt(2);
				for (int i = 0; i < n; i++) {
					final double t = (rng.nextInt(3) - 1) * (length / 2 - width / 2);
					Shapes.addGaussian(img, g, cx + t * Math.cos(angle), cy + t * Math.sin(angle), Math.max(0.6, 0.2 * width),
						gain * Random2.uniform(rng, 0.6, 1.5));
				}
				break;
			}
			default:
				throw new AssertionError(stain);
		}
	}

	/** Where colonies are, per pixel. */
	private static boolean[] colonies(final Geometry g, final Layout layout, final SplittableRandom rng) {
		final boolean[] colony = new boolean[g.size()];
		switch (layout) {
			case DENSE:
			case SCATTERED:
				java.util.Arrays.fill(colony, true);
				break;
			case NETWORK: {
				final float[] f = SmoothNoise.field(g.width, g.height, g.px(Random2.uniform(rng, 6, 14)), rng);
				final double band = Random2.uniform(rng, 0.35, 0.8);
				for (int k = 0; k < colony.length; k++) colony[k] = Math.abs(f[k]) < band;
				break;
			}
			case PATCHES: {
				final float[] f = SmoothNoise.field(g.width, g.height, g.px(Random2.uniform(rng, 3, 10)), rng);
				final double level = Random2.uniform(rng, -0.5, 0.5);
				for (int k = 0; k < colony.length; k++) colony[k] = f[k] > level;
				break;
			}
			default:
				throw new AssertionError(layout);
		}
		return colony;
	}

	/** {@code a} reduced to [-pi/2, pi/2): the turn between two axis directions (rods have no head or tail). */
	private static double halfTurn(final double a) {
		return a - Math.PI * Math.floor(a / Math.PI + 0.5);
	}

	private static int clampIndex(final Geometry g, final double x, final double y) {
		final int ix = Math.max(0, Math.min(g.width - 1, (int) Math.round(x)));
		final int iy = Math.max(0, Math.min(g.height - 1, (int) Math.round(y)));
		return iy * g.width + ix;
	}
}
