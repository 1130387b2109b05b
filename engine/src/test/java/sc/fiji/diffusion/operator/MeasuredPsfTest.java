/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link MeasuredPsf}: a bead image's offset and noise floor go, a computed PSF stays as it is. Measured
 * by the L1 distance of the normalised, centred PSF from the true one (2 for PSFs with no overlap).
 */
class MeasuredPsfTest {

	private static final int N = 33;

	@Test
	void aBeadsOffsetAndNoiseFloorAreRemoved() {
		final float[] truth = Psfs.gaussian2D(2, N).values(), bead = new float[truth.length];
		final Random rng = new Random(4);
		final float peak = max(truth);
		for (int i = 0; i < bead.length; i++) bead[i] = (float) (1000 * truth[i] / peak + 100 + 5 * rng.nextGaussian()); // offset 100, noise 5, peak 1000
		final MeasuredPsf.Cleaned cleaned = MeasuredPsf.clean(bead, N, N);
		final double raw = l1(Psfs.fromImage(bead, N, N), truth), clean = l1(Psfs.fromImage(cleaned.values, N, N), truth);
		assertTrue(raw > 1, "left in, the offset holds most of the sum: " + raw);
		assertTrue(clean < 0.05, "cleaned: " + clean + " (" + cleaned.note + ")");
		assertTrue(cleaned.note.startsWith("background 10") && cleaned.note.contains("median of its border") && cleaned.note.contains("3 sigma of its noise"),
			cleaned.note);
	}

	@Test
	void aBackgroundSubtractedPsfLosesItsPositiveNoiseFloor() {
		final float[] truth = Psfs.gaussian2D(2, N).values(), bead = new float[truth.length];
		final Random rng = new Random(5);
		final float peak = max(truth);
		for (int i = 0; i < bead.length; i++) bead[i] = (float) (1000 * truth[i] / peak + 20 * rng.nextGaussian());
		final MeasuredPsf.Cleaned cleaned = MeasuredPsf.clean(bead, N, N);
		final double clipped = l1(Psfs.fromImage(bead, N, N), truth), clean = l1(Psfs.fromImage(cleaned.values, N, N), truth);
		assertTrue(clean < clipped / 3, "noise floor cut: " + clean + " against " + clipped + " with the negative values clipped only");
		assertTrue(cleaned.note.contains("set to 0") && !cleaned.note.contains("background"), cleaned.note);
	}

	@Test
	void computedPsfsAreLeftAlone() {
		for (final PointSpreadFunction psf : new PointSpreadFunction[] { Psfs.gaussian2D(2), Psfs.bornWolf2D(1.4, 520, 1.518, 65, 41),
			Psfs.gaussian3D(1.5, 2, 15, 9) }) {
			final MeasuredPsf.Cleaned cleaned = MeasuredPsf.clean(psf.values(), psf.dims());
			assertArrayEquals(psf.values(), cleaned.values, psf.toString());
			assertEquals("", cleaned.note, psf.toString());
		}
	}

	/** A widefield stack's defocused planes fill the field with light: only the outer rows and columns of each plane tell the offset. */
	@Test
	void aStacksOffsetComesFromTheSidesOfItsPlanes() {
		final int d = 9;
		final float[] stack = new float[d * N * N];
		for (int z = 0; z < d; z++)
			for (int y = 0; y < N; y++)
				for (int x = 0; x < N; x++) {
					final double r2 = (x - N / 2) * (x - N / 2) + (y - N / 2) * (y - N / 2), s = 1.5 + 1.6 * Math.abs(z - d / 2);
					stack[(z * N + y) * N + x] = (float) (50 + 1000 * Math.exp(-r2 / (2 * s * s)) / (s * s));
				}
		final MeasuredPsf.Cleaned cleaned = MeasuredPsf.clean(stack, d, N, N);
		assertTrue(cleaned.note.startsWith("background 5"), "the offset, not the defocused light of the first and last planes: " + cleaned.note);
	}

	private static double l1(final PointSpreadFunction psf, final float[] truth) {
		final float[] v = psf.values();
		assertEquals(truth.length, v.length, "same size once centred");
		double sum = 0;
		for (int i = 0; i < v.length; i++) sum += Math.abs(v[i] - truth[i]);
		return sum;
	}

	private static float max(final float[] v) {
		float m = Float.NEGATIVE_INFINITY;
		for (final float x : v) m = Math.max(m, x);
		return m;
	}
}
