/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import java.util.SplittableRandom;

/**
 * Adherent cell bodies as seen with a cytoplasmic or membrane stain (GFP, CellMask, a tubulin or
 * actin counterstain seen as a haze).
 * <p>
 * Per image: mean diameter 12 to 40 um, elongation (1 - minor/major) 0 to 0.6, outline harmonics
 * {@code k = 2..6} with amplitudes up to {@code roughness / k}, roughness 0.15 to 0.6; a dim fill
 * thickest at the centre (dome power 0.3 to 1.2: cells are thin at their edges), edge softness
 * 0.2 to 0.8 um; granular texture from two smooth noise fields (0.15 to 0.4 um and 0.8 to 2 um,
 * contrasts 0.05 to 0.3 each). In 40% of the images a bright membrane rim (Gaussian
 * cross-section of sigma 0.08 to 0.2 um, 0.5 to 2 times the fill, varying along the outline by
 * about 50%); in half of them a darker
 * nucleus (0.25 to 0.45 of the cell's radius, 40% to 90% dimmer) that a cytoplasmic stain
 * leaves out. Brightness per cell log-normal (sigma 0.3). Cells may overlap by up to 30%. The
 * first cell is centred in the middle half of the field (so no image is empty), the others
 * anywhere in it.
 */
final class CellBodies {

	private CellBodies() {}

	/**
	 * Adds cell bodies to {@code out}; {@code density} in [0, 1] sets the covered area fraction
	 * (20% to 80%; at least one cell). If {@code mask} is not null, the cells' coverage (0 to 1)
	 * is max-combined into it, so that filaments and puncta can be placed inside cells.
	 */
	static void render(final Geometry g, final float[] out, final float[] mask, final double density, final SplittableRandom rng) {
		final double meanRadius = g.px(Random2.uniform(rng, 12, 40)) / 2;
		final double elongation = Random2.uniform(rng, 0, 0.6), roughness = Random2.uniform(rng, 0.15, 0.6);
		final double power = Random2.uniform(rng, 0.3, 1.2), edge = Math.max(1, g.px(Random2.uniform(rng, 0.2, 0.8)));
		final float[] fine = SmoothNoise.field(g.width, g.height, g.px(Random2.uniform(rng, 0.15, 0.4)), rng);
		final float[] coarse = SmoothNoise.field(g.width, g.height, g.px(Random2.uniform(rng, 0.8, 2)), rng);
		final double fineContrast = Random2.uniform(rng, 0.05, 0.3), coarseContrast = Random2.uniform(rng, 0.05, 0.3);
		final boolean membrane = Random2.chance(rng, 0.4), hole = Random2.chance(rng, 0.5);
		final double rimGain = Random2.uniform(rng, 0.5, 2), rimSigma = Math.max(0.6, g.px(Random2.uniform(rng, 0.08, 0.2)));
		final double holeDepth = Random2.uniform(rng, 0.4, 0.9);

		final double coverage = 0.2 + 0.6 * density;
		final int target = Math.max(1, (int) Math.round(coverage * g.size() / (Math.PI * meanRadius * meanRadius)));
		final byte[] occupied = new byte[g.size()];
		final double[] m = new double[3], mh = new double[3];
		int placed = 0;
		for (int attempt = 0; attempt < 10 * target && placed < target; attempt++) {
			final double radius = meanRadius * Random2.logNormal(rng, 0.2);
			final double spread = placed == 0 ? 0.25 : 0.5; // the first cell near the middle: no field of view is left empty
			final Blob cell = Blob.random(g.width * Random2.uniform(rng, 0.5 - spread, 0.5 + spread),
				g.height * Random2.uniform(rng, 0.5 - spread, 0.5 + spread), radius,
				elongation * rng.nextDouble(), 5, roughness, rng);
			if (placed > 0 && overlap(cell, occupied, g) > 0.3) continue;
			final double gain = Random2.logNormal(rng, 0.3);
			Blob nucleus = null;
			if (hole) {
				final double[] c = cell.point(Math.sqrt(rng.nextDouble()) * 0.3, rng.nextDouble() * 2 * Math.PI);
				nucleus = Blob.random(c[0], c[1], radius * Random2.uniform(rng, 0.25, 0.45), Random2.uniform(rng, 0, 0.3), 3, 0.1, rng);
			}
			final double r = cell.extent() + edge + 3 * rimSigma;
			final int x0 = Math.max(0, (int) Math.floor(cell.cx - r)), x1 = Math.min(g.width - 1, (int) Math.ceil(cell.cx + r));
			final int y0 = Math.max(0, (int) Math.floor(cell.cy - r)), y1 = Math.min(g.height - 1, (int) Math.ceil(cell.cy + r));
			for (int y = y0; y <= y1; y++)
				for (int x = x0; x <= x1; x++) {
					cell.measure(x, y, m);
					final double d = m[1];
					if (d >= edge / 2 + 3 * rimSigma) continue;
					final int k = y * g.width + x;
					final double cov = Shapes.edge(d, edge);
					double v = cov * Shapes.dome(m[0] * m[2] / (m[2] + edge / 2), power);
					v *= Math.max(0, 1 + fineContrast * fine[k] + coarseContrast * coarse[k]);
					if (nucleus != null) {
						nucleus.measure(x, y, mh);
						if (mh[1] < edge / 2) v *= 1 - holeDepth * Shapes.edge(mh[1], edge);
					}
					if (membrane) v += rimGain * Math.exp(-d * d / (2 * rimSigma * rimSigma)) * Math.max(0, 1 + 0.5 * coarse[k]);
					out[k] += (float) (gain * v);
					if (mask != null && cov > mask[k]) mask[k] = (float) cov;
					if (d < 0) occupied[k] = 1;
				}
			placed++;
		}
	}

	/** Fraction (on a 4-pixel lattice) of the cell's inside pixels already occupied. */
	private static double overlap(final Blob b, final byte[] occupied, final Geometry g) {
		final double[] m = new double[3];
		final double r = b.extent();
		int inside = 0, taken = 0;
		for (int y = Math.max(0, (int) (b.cy - r)); y <= Math.min(g.height - 1, (int) (b.cy + r)); y += 4)
			for (int x = Math.max(0, (int) (b.cx - r)); x <= Math.min(g.width - 1, (int) (b.cx + r)); x += 4) {
				b.measure(x, y, m);
				if (m[0] < 1) {
					inside++;
					taken += occupied[y * g.width + x];
				}
			}
		return inside == 0 ? 1 : taken / (double) inside;
	}
}
