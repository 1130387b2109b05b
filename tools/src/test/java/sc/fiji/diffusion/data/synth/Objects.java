/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helper: shapes of the bright objects of an image. */
final class Objects {

	private Objects() {}

	/**
	 * The median, over the 4-connected objects above {@code threshold} that do not touch the image
	 * border and have at least 10 pixels, of {@code sqrt(l1 / l2)} (major over minor axis) from the
	 * objects' second moments (binary masks); NaN if there is none.
	 */
	static double medianElongation(final float[] img, final int w, final int h, final double threshold) {
		final int[] label = new int[w * h];
		final List<Double> ratios = new ArrayList<>();
		final int[] stack = new int[w * h];
		int next = 0;
		for (int seed = 0; seed < w * h; seed++) {
			if (label[seed] != 0 || img[seed] <= threshold) continue;
			next++;
			int top = 0, n = 0;
			boolean border = false;
			double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
			stack[top++] = seed;
			label[seed] = next;
			while (top > 0) {
				final int k = stack[--top], x = k % w, y = k / w;
				n++;
				sx += x;
				sy += y;
				sxx += x * (double) x;
				sxy += x * (double) y;
				syy += y * (double) y;
				if (x == 0 || y == 0 || x == w - 1 || y == h - 1) border = true;
				for (final int q : new int[] { x > 0 ? k - 1 : -1, x < w - 1 ? k + 1 : -1, y > 0 ? k - w : -1, y < h - 1 ? k + w : -1 })
					if (q >= 0 && label[q] == 0 && img[q] > threshold) {
						label[q] = next;
						stack[top++] = q;
					}
			}
			if (border || n < 10) continue;
			final double mx = sx / n, my = sy / n;
			final double[] e = FluorescenceGeneratorTest.eigen(sxx / n - mx * mx, sxy / n - mx * my, syy / n - my * my);
			ratios.add(Math.sqrt(e[0] / e[1]));
		}
		if (ratios.isEmpty()) return Double.NaN;
		final double[] r = ratios.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(r);
		return r[r.length / 2];
	}
}
