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
 * Cell nuclei as seen with a DNA stain (DAPI, Hoechst) or a nuclear protein.
 * <p>
 * Per image: a mean diameter of 5 to 15 um (each nucleus varies by about 15% around it), flatness
 * (dome power 0.15 to 0.6), edge softness 0.1 to 0.5 um, and chromatin texture: two smooth noise
 * fields with correlation lengths 0.25 to 0.6 um and 0.8 to 2 um, of relative contrast up to 0.35
 * and 0.25. Per nucleus: near-elliptic outline (aspect 1 to 0.65, harmonics of up to 4%),
 * brightness log-normal (sigma 0.35), 0 to 4 nucleoli 0.8 to 3 um across with extra-soft edges (15% to 55% darker, or in a
 * fifth of the images brighter) and, in 30% of the images, 3 to 15 bright chromocentres (0.2 to 0.4 um
 * sigma). About 8% of the nuclei are mitotic: a bright condensed metaphase plate, or two daughter
 * chromatin masses side by side (anaphase/telophase pairs). Nuclei may touch and overlap by up to
 * 2 to 25% of their area (per image); overlapping intensities add, as in a projection.
 */
final class Nuclei {

	private Nuclei() {}

	/**
	 * Adds nuclei to {@code out}; {@code density} in [0, 1] sets the covered area fraction
	 * (15% to 65%). If {@code mask} is not null, each pixel's coverage by a nucleus (0 to 1) is
	 * max-combined into it.
	 */
	static void render(final Geometry g, final float[] out, final float[] mask, final double density, final SplittableRandom rng) {
		final Style s = new Style(g, rng);
		final double meanRadius = g.px(Random2.uniform(rng, 5, 15)) / 2;
		final double coverage = 0.15 + 0.5 * density;
		final int target = Math.max(1, (int) Math.round(coverage * g.size() / (Math.PI * meanRadius * meanRadius)));
		final double maxOverlap = Random2.uniform(rng, 0.02, 0.25);
		final byte[] occupied = new byte[g.size()];
		int placed = 0;
		for (int attempt = 0; attempt < 10 * target && placed < target; attempt++) {
			final double radius = meanRadius * Random2.logNormal(rng, 0.15);
			final double cx = Random2.uniform(rng, -radius / 2, g.width + radius / 2);
			final double cy = Random2.uniform(rng, -radius / 2, g.height + radius / 2);
			final List<Blob> parts = new ArrayList<>();
			double gain = Random2.logNormal(rng, 0.35);
			if (Random2.chance(rng, 0.08)) {
				gain *= Random2.uniform(rng, 1.4, 2.2);
				final double angle = rng.nextDouble() * Math.PI;
				if (Random2.chance(rng, 0.4)) { // metaphase plate
					parts.add(new Blob(cx, cy, radius * Random2.uniform(rng, 0.5, 0.8), radius * Random2.uniform(rng, 0.12, 0.25), angle,
						new double[] { 0.03 }, new double[] { rng.nextDouble() * 6.3 }));
				} else { // two daughters, separated along the normal of their long axes
					final double sep = radius * Random2.uniform(rng, 0.5, 1.3), ca = Math.cos(angle), sa = Math.sin(angle);
					final double da = radius * Random2.uniform(rng, 0.35, 0.55), db = da * Random2.uniform(rng, 0.35, 1);
					for (final int sign : new int[] { -1, 1 })
						parts.add(new Blob(cx - sign * sep * sa, cy + sign * sep * ca, da, db, angle, new double[] { 0.04, 0.02 },
							new double[] { rng.nextDouble() * 6.3, rng.nextDouble() * 6.3 }));
				}
			} else {
				parts.add(Blob.random(cx, cy, radius, Random2.uniform(rng, 0, 0.35), 3, 0.12, rng));
			}
			if (overlap(parts, occupied, g) > maxOverlap) continue;
			for (final Blob b : parts)
				s.draw(b, gain, parts.size() > 1, out, mask, occupied, rng);
			placed++;
		}
	}

	/** Fraction (on a 2-pixel lattice) of the parts' inside pixels already occupied. */
	private static double overlap(final List<Blob> parts, final byte[] occupied, final Geometry g) {
		final double[] m = new double[3];
		int inside = 0, taken = 0;
		for (final Blob b : parts) {
			final double r = b.extent();
			final int x0 = Math.max(0, (int) (b.cx - r)) & ~1, x1 = Math.min(g.width - 1, (int) (b.cx + r));
			final int y0 = Math.max(0, (int) (b.cy - r)) & ~1, y1 = Math.min(g.height - 1, (int) (b.cy + r));
			for (int y = y0; y <= y1; y += 2)
				for (int x = x0; x <= x1; x += 2) {
					b.measure(x, y, m);
					if (m[0] < 1) {
						inside++;
						taken += occupied[y * g.width + x];
					}
				}
		}
		return inside == 0 ? 1 : taken / (double) inside;
	}

	/** The per-image look shared by all nuclei of one image. */
	private static final class Style {
		final Geometry g;
		final double power, edge, fineContrast, coarseContrast, nucleolusDepth;
		final boolean brightNucleoli, chromocentres;
		final float[] fine, coarse;

		Style(final Geometry g, final SplittableRandom rng) {
			this.g = g;
			power = Random2.uniform(rng, 0.15, 0.6);
			edge = Math.max(1, g.px(Random2.uniform(rng, 0.1, 0.5)));
			fine = SmoothNoise.field(g.width, g.height, g.px(Random2.uniform(rng, 0.25, 0.6)), rng);
			coarse = SmoothNoise.field(g.width, g.height, g.px(Random2.uniform(rng, 0.8, 2)), rng);
			fineContrast = Random2.uniform(rng, 0.05, 0.35);
			coarseContrast = Random2.uniform(rng, 0, 0.25);
			brightNucleoli = Random2.chance(rng, 0.2);
			nucleolusDepth = Random2.uniform(rng, 0.15, 0.55);
			chromocentres = Random2.chance(rng, 0.3);
		}

		void draw(final Blob b, final double gain, final boolean mitotic, final float[] out, final float[] mask, final byte[] occupied,
			final SplittableRandom rng)
		{
			final List<Blob> nucleoli = new ArrayList<>();
			final int count = mitotic ? 0 : rng.nextInt(5);
			for (int i = 0; i < count; i++) {
				final double[] c = b.point(Math.sqrt(rng.nextDouble()) * 0.5, rng.nextDouble() * 2 * Math.PI);
				nucleoli.add(Blob.random(c[0], c[1],
					g.px(Random2.uniform(rng, 0.4, 1.5)), Random2.uniform(rng, 0, 0.4), 2, 0.2, rng));
			}
			final double texGain = mitotic ? 1.6 : 1;
			final double[] m = new double[3], mn = new double[3];
			final double r = b.extent() + edge;
			final int x0 = Math.max(0, (int) Math.floor(b.cx - r)), x1 = Math.min(g.width - 1, (int) Math.ceil(b.cx + r));
			final int y0 = Math.max(0, (int) Math.floor(b.cy - r)), y1 = Math.min(g.height - 1, (int) Math.ceil(b.cy + r));
			for (int y = y0; y <= y1; y++)
				for (int x = x0; x <= x1; x++) {
					b.measure(x, y, m);
					if (m[1] >= edge / 2) continue;
					final int k = y * g.width + x;
					final double cov = Shapes.edge(m[1], edge);
					double v = cov * Shapes.dome(m[0] * m[2] / (m[2] + edge / 2), power);
					v *= Math.max(0.1, 1 + texGain * (fineContrast * fine[k] + coarseContrast * coarse[k]));
					for (final Blob n : nucleoli) {
						n.measure(x, y, mn);
						if (mn[1] < edge) {
							final double c = Shapes.edge(mn[1], 2 * edge);
							v *= brightNucleoli ? 1 + 0.8 * c * Shapes.dome(mn[0], 0.5) : 1 - nucleolusDepth * c;
						}
					}
					out[k] += (float) (gain * v);
					if (mask != null && cov > mask[k]) mask[k] = (float) cov;
					if (m[0] < 1) occupied[k] = 1;
				}
			if (chromocentres && !mitotic) {
				final int spots = 3 + rng.nextInt(13);
				for (int i = 0; i < spots; i++) {
					final double[] c = b.point(Math.sqrt(rng.nextDouble()) * 0.8, rng.nextDouble() * 2 * Math.PI);
					Shapes.addGaussian(out, g, c[0], c[1],
						Math.max(0.7, g.px(Random2.uniform(rng, 0.2, 0.4))), gain * Random2.uniform(rng, 0.4, 1.2));
				}
			}
		}
	}
}
