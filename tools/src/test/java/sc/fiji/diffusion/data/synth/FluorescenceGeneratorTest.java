/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.synth.Scene.Component;

/** The synthetic fluorescence generator: determinism, value range, and each component's geometry. */
class FluorescenceGeneratorTest {

	private static final FluorescenceGenerator SMALL = new FluorescenceGenerator(96, 80, 0.1);

	@Test
	void sameSeedSameImageOtherSeedOtherImage() {
		final FluorescenceGenerator g = new FluorescenceGenerator(128, 128, 0.1);
		assertArrayEquals(g.generate(42), g.generate(42));
		assertArrayEquals(g.generate(42), new FluorescenceGenerator(128, 128, 0.1).generate(42), "no state between calls");
		assertFalse(java.util.Arrays.equals(g.generate(42), g.generate(43)));
	}

	@Test
	void valuesAreFiniteAndWithinZeroToOnePointFive() {
		for (long seed = 0; seed < 24; seed++) {
			final float[] img = SMALL.generate(seed);
			assertEquals(96 * 80, img.length);
			float max = 0;
			for (final float v : img) {
				assertTrue(Float.isFinite(v) && v >= 0 && v <= 1.5f + 1e-6f, "seed " + seed + ": value " + v);
				max = Math.max(max, v);
			}
			assertTrue(max > 0.05, "seed " + seed + " (" + SMALL.sceneFor(seed) + ") is empty: max " + max);
		}
	}

	@Test
	void everyComponentRendersOnItsOwn() {
		for (final Component c : Component.values()) {
			final float[] img = SMALL.render(Scene.empty().with(c, 1, 0.6), 7);
			int lit = 0;
			for (final float v : img) {
				assertTrue(Float.isFinite(v) && v >= 0);
				if (v > 0.05) lit++;
			}
			assertTrue(lit > 20, c + " lit only " + lit + " pixels");
		}
		final float[] nothing = SMALL.render(Scene.empty(), 7);
		for (final float v : nothing) assertEquals(0f, v);
	}

	@Test
	void randomScenesCoverEveryComponent() {
		final Set<Component> seen = EnumSet.noneOf(Component.class);
		for (long seed = 0; seed < 200; seed++) {
			final Scene s = Scene.random(seed);
			int present = 0;
			for (final Component c : Component.values())
				if (s.has(c)) {
					seen.add(c);
					present++;
					assertTrue(s.density(c) >= 0 && s.density(c) <= 1);
				}
			assertTrue(present >= 1, s.toString());
		}
		assertEquals(EnumSet.allOf(Component.class), seen);
	}

	@Test
	void sceneRejectsBadParameters() {
		assertThrows(IllegalArgumentException.class, () -> Scene.empty().with(Component.RODS, -1, 0.5));
		assertThrows(IllegalArgumentException.class, () -> Scene.empty().with(Component.RODS, 1, 1.5));
		assertThrows(IllegalArgumentException.class, () -> new FluorescenceGenerator(0, 10, 0.1));
		assertThrows(IllegalArgumentException.class, () -> new FluorescenceGenerator(10, 10, 0));
		assertEquals("rods(a=1.00,d=0.50)+background", Scene.empty().with(Component.RODS, 1, 0.5).withBackground(true).toString());
	}

	/** A single rod: its second moments give its orientation and an elongation that matches a 30x8 px capsule. */
	@Test
	void aRodIsAnElongatedCapsuleAlongItsAngle() {
		final Geometry g = new Geometry(64, 64, 0.1);
		final float[] img = g.newImage();
		final double angle = Math.toRadians(30);
		Shapes.addCapsule(img, null, g, 31.3, 32.6, angle, 30, 8, 1, 0.5, 1);
		final double[] m = moments(img, g.width);
		assertEquals(31.3, m[0], 0.05);
		assertEquals(32.6, m[1], 0.05);
		final double[] eig = eigen(m[2], m[3], m[4]);
		assertEquals(30, Math.toDegrees(eig[2]), 1, "orientation of the long axis");
		assertTrue(eig[0] / eig[1] > 6, "variance ratio " + eig[0] / eig[1]);
		// a (dome-weighted) capsule of total length 30 and width 8 has its long-axis spread near that of a 30-px segment
		assertEquals(30 * 30 / 12.0, eig[0], 30 * 30 / 12.0 * 0.25);
	}

	/** Scattered rods from the rods generator are elongated objects (per connected object, second moments), nuclei are not. */
	@Test
	void renderedRodsAreElongatedAndNucleiAreNot() {
		final Geometry g = new Geometry(160, 160, 0.1), coarse = new Geometry(160, 160, 0.5);
		final float[] rods = g.newImage(), nuclei = coarse.newImage();
		Rods.render(g, rods, null, 0.3, Rods.Layout.SCATTERED, new SplittableRandom(5));
		Nuclei.render(coarse, nuclei, null, 0, new SplittableRandom(5));
		final double rodElongation = Objects.medianElongation(rods, g.width, g.height, 0.05);
		assertTrue(rodElongation > 1.8, "median rod axis ratio " + rodElongation);
		final double nucleusElongation = Objects.medianElongation(nuclei, coarse.width, coarse.height, 0.05);
		assertTrue(nucleusElongation < 1.5, "median nucleus axis ratio " + nucleusElongation);
	}

	/** A straight filament has a Gaussian cross-section of the asked sigma (stamping leaves no ripple). */
	@Test
	void aFilamentHasAGaussianCrossSection() {
		final Geometry g = new Geometry(80, 40, 0.1);
		final float[] img = g.newImage();
		Filaments.draw(g, img, null, -5, 20.3, 0, 100, 1e12, 0.8, 1, new SplittableRandom(1));
		for (int x = 10; x < 70; x += 5) {
			double sum = 0, mean = 0, var = 0, peak = 0;
			for (int y = 0; y < g.height; y++) {
				final double v = img[y * g.width + x];
				sum += v;
				mean += v * y;
				peak = Math.max(peak, v);
			}
			mean /= sum;
			for (int y = 0; y < g.height; y++) var += img[y * g.width + x] * (y - mean) * (y - mean);
			var /= sum;
			assertEquals(20.3, mean, 0.01);
			assertEquals(0.8, Math.sqrt(var), 0.03, "cross-section sigma at x = " + x);
			// the line is 0.3 px off the nearest pixel centre
			assertEquals(Math.exp(-0.3 * 0.3 / (2 * 0.8 * 0.8)), peak / (sum / (Math.sqrt(2 * Math.PI) * 0.8)), 0.02,
				"peak of a Gaussian of that area and sigma");
		}
	}

	@Test
	void smoothNoiseHasUnitVarianceAndZeroMean() {
		final float[] f = SmoothNoise.field(256, 256, 4, new SplittableRandom(3));
		double mean = 0, sq = 0;
		for (final float v : f) mean += v;
		mean /= f.length;
		for (final float v : f) sq += (v - mean) * (v - mean);
		assertEquals(0, mean, 0.1);
		assertEquals(1, Math.sqrt(sq / f.length), 0.15);
	}

	/** {x, y, var x, cov xy, var y} of an image as a mass distribution. */
	static double[] moments(final float[] img, final int width) {
		double s = 0, sx = 0, sy = 0;
		for (int k = 0; k < img.length; k++) {
			s += img[k];
			sx += img[k] * (k % width);
			sy += img[k] * (k / width);
		}
		final double mx = sx / s, my = sy / s;
		double xx = 0, xy = 0, yy = 0;
		for (int k = 0; k < img.length; k++) {
			final double dx = k % width - mx, dy = k / width - my;
			xx += img[k] * dx * dx;
			xy += img[k] * dx * dy;
			yy += img[k] * dy * dy;
		}
		return new double[] { mx, my, xx / s, xy / s, yy / s };
	}

	/** {larger eigenvalue, smaller eigenvalue, angle of the larger one's eigenvector} of [[xx, xy], [xy, yy]]. */
	static double[] eigen(final double xx, final double xy, final double yy) {
		final double tr = xx + yy, det = xx * yy - xy * xy, d = Math.sqrt(tr * tr / 4 - det);
		return new double[] { tr / 2 + d, tr / 2 - d, 0.5 * Math.atan2(2 * xy, xx - yy) };
	}
}
