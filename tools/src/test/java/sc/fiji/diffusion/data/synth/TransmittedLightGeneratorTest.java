/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Transmitted-light images are bright on grey (unlike fluorescence's dark fields), the same seed gives the
 * same image, all three contrasts occur, objects darken brightfield images, and phase contrast puts a bright
 * halo around them.
 */
class TransmittedLightGeneratorTest {

	static final int N = 128;

	@Test
	void imagesAreBrightOnGreyDeterministicAndOfEveryContrast() {
		final TransmittedLightGenerator g = new TransmittedLightGenerator(N, N, 0.1);
		final FluorescenceGenerator f = new FluorescenceGenerator(N, N, 0.1);
		final Map<TransmittedLightGenerator.Contrast, Integer> seen = new EnumMap<>(TransmittedLightGenerator.Contrast.class);
		double fluorescenceMedian = 0, transmittedMedian = 0;
		for (long seed = 0; seed < 24; seed++) {
			final float[] img = g.generate(seed);
			assertArrayEquals(img, g.generate(seed), "seed " + seed);
			for (final float v : img) assertTrue(v >= 0 && v <= 1.5f, "value " + v);
			final double median = median(img);
			assertTrue(median > 0.25 && median < 0.8, "grey background, median " + median + " at seed " + seed);
			fluorescenceMedian += median(f.generate(seed)) / 24;
			transmittedMedian += median / 24;
			seen.merge(g.contrastFor(seed), 1, Integer::sum);
		}
		assertEquals(3, seen.size(), "contrasts drawn: " + seen);
		assertTrue(fluorescenceMedian < transmittedMedian / 3, "median pixel: fluorescence " + fluorescenceMedian + ", transmitted " + transmittedMedian);
	}

	@Test
	void brightfieldObjectsAbsorbAndPhaseContrastHasHalos() {
		final TransmittedLightGenerator g = new TransmittedLightGenerator(N, N, 0.1);
		final FluorescenceGenerator f = new FluorescenceGenerator(N, N, 0.1);
		int brightfield = 0, phase = 0;
		for (long seed = 0; seed < 40 && (brightfield < 2 || phase < 2); seed++) {
			final float[] img = g.generate(seed), density = f.generate(seed);
			final float threshold = percentile(density, 0.95), empty = percentile(density, 0.5);
			final boolean[] object = new boolean[img.length], background = new boolean[img.length];
			for (int i = 0; i < img.length; i++) {
				object[i] = density[i] >= threshold && threshold > 2 * empty;
				background[i] = density[i] <= empty;
			}
			if (!any(object)) continue;
			final double inside = mean(img, object), outside = mean(img, background);
			if (g.contrastFor(seed) == TransmittedLightGenerator.Contrast.BRIGHTFIELD) {
				assertTrue(inside < outside, "brightfield: objects " + inside + " darker than background " + outside + " (seed " + seed + ")");
				brightfield++;
			}
			if (g.contrastFor(seed) == TransmittedLightGenerator.Contrast.PHASE_CONTRAST) {
				// the halo: the ring just outside the objects is brighter than the objects and than the far background
				final boolean[] ring = dilate(object, 3);
				for (int i = 0; i < ring.length; i++) ring[i] &= !object[i];
				assertTrue(mean(img, ring) > inside, "phase: ring " + mean(img, ring) + " vs objects " + inside + " (seed " + seed + ")");
				phase++;
			}
		}
		assertTrue(brightfield >= 2 && phase >= 2, brightfield + " brightfield, " + phase + " phase-contrast images checked");
	}

	private static boolean any(final boolean[] m) {
		for (final boolean b : m) if (b) return true;
		return false;
	}

	private static boolean[] dilate(final boolean[] m, final int r) {
		final boolean[] out = new boolean[m.length];
		for (int y = 0; y < N; y++)
			for (int x = 0; x < N; x++) {
				if (!m[y * N + x]) continue;
				for (int dy = -r; dy <= r; dy++)
					for (int dx = -r; dx <= r; dx++) {
						final int yy = y + dy, xx = x + dx;
						if (yy >= 0 && yy < N && xx >= 0 && xx < N) out[yy * N + xx] = true;
					}
			}
		return out;
	}

	private static double mean(final float[] v, final boolean[] m) {
		double s = 0;
		int n = 0;
		for (int i = 0; i < v.length; i++)
			if (m[i]) {
				s += v[i];
				n++;
			}
		return s / Math.max(1, n);
	}

	private static double median(final float[] v) {
		return percentile(v, 0.5);
	}

	private static float percentile(final float[] v, final double q) {
		final float[] s = v.clone();
		Arrays.sort(s);
		return s[(int) Math.round(q * (s.length - 1))];
	}
}
