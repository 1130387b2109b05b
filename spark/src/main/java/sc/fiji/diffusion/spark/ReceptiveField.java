/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import sc.fiji.diffusion.model.UNetConfig;

/**
 * The receptive field of the project's UNet ({@code sc.fiji.diffusion.model.UNet}) through its
 * convolutions: how far, in input pixels, an output pixel can see. Along the deepest path a 3x3
 * convolution at resolution level l (pixels 2^l apart) widens the field by 2^l on each side: the input
 * and output convolutions (1 each), two per residual block (R blocks per level down, R + 1 up, two in
 * the middle at the lowest level), the stride-2 downsampling convolutions (2^l), and the convolution
 * after each nearest-neighbour upsampling (counted as 2^l, the upsampling's own spread included):
 * <pre>
 * radius = 2 + sum_l 2 R 2^l + sum_{l &lt; L-1} 2^l + 4 2^(L-1) + sum_l 2 (R + 1) 2^l + sum_{l &gt; 0} 2^l
 * </pre>
 * 145 pixels for the bundled priors (L = 4 levels, R = 1). Group normalisation and the middle
 * attention layer see the whole input: they are global statistics, not a field, so a block's output
 * still depends slightly on its region beyond this radius; block seams are measured, not assumed away
 * (docs/spark.md).
 */
public final class ReceptiveField {

	private ReceptiveField() {}

	/** The radius in input pixels, as in the class description. */
	public static int radius(final UNetConfig c) {
		final int levels = c.levels(), r = c.resBlocks;
		int radius = 2;
		for (int l = 0; l < levels; l++) {
			radius += 2 * r * (1 << l) + 2 * (r + 1) * (1 << l);
			if (l < levels - 1) radius += 1 << l;
			if (l > 0) radius += 1 << l;
		}
		return radius + 4 * (1 << (levels - 1));
	}
}
