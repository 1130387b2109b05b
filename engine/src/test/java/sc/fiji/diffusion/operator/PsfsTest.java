/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PsfsTest {

	private static double sum(final PointSpreadFunction p) {
		double s = 0;
		for (final float v : p.values()) s += v;
		return s;
	}

	private static void assertPointSymmetric(final PointSpreadFunction p, final double tolerance) {
		final float[] v = p.values();
		for (int i = 0; i < v.length; i++) assertEquals(v[i], v[v.length - 1 - i], tolerance, "value " + i + " vs its mirror");
	}

	@Test
	void gaussiansSumToOneAndAreSymmetric() {
		for (final PointSpreadFunction p : new PointSpreadFunction[] { Psfs.gaussian2D(1.3), Psfs.gaussian2D(0, 3), Psfs.gaussian3D(1, 2.5, 9, 11) }) {
			assertEquals(1, sum(p), 1e-5, p.toString());
			assertPointSymmetric(p, 1e-9);
		}
		assertEquals(13, Psfs.gaussian2D(1.3).size(0), "size 2 ceil(4 sigma) + 1");
		assertEquals(1, Psfs.gaussian2D(0, 3).get(1, 1), "sigma 0 is a delta");
		final PointSpreadFunction g = Psfs.gaussian2D(2, 15);
		assertEquals(Math.exp(-4 / 8.0), g.get(7, 9) / g.get(7, 7), 1e-5, "exp(-d^2 / (2 sigma^2))");
		// x and y are interchangeable, z has its own sigma
		final PointSpreadFunction g3 = Psfs.gaussian3D(1, 2.5, 9, 11);
		assertEquals(g3.get(5, 4, 6), g3.get(5, 6, 4), 1e-9);
		assertEquals(Math.exp(-1 / (2 * 2.5 * 2.5)), g3.get(6, 4, 4) / g3.get(5, 4, 4), 1e-5);
	}

	@Test
	void besselJ0() {
		assertEquals(1, Psfs.besselJ0(0), 1e-8);
		assertEquals(0.7651976866, Psfs.besselJ0(1), 1e-7);
		assertEquals(0, Psfs.besselJ0(2.404825557695773), 1e-7);
		assertEquals(-0.1775967713, Psfs.besselJ0(5), 1e-7);
		assertEquals(-0.2459357645, Psfs.besselJ0(10), 1e-7);
		assertEquals(Psfs.besselJ0(-3.3), Psfs.besselJ0(3.3), 0);
		// against the integral J0(x) = (1/pi) int_0^pi cos(x sin t) dt
		for (final double x : new double[] { 0.3, 2.2, 7.9, 8.1, 17, 40 }) {
			double s = 0;
			final int n = 20000;
			for (int i = 0; i < n; i++) s += Math.cos(x * Math.sin((i + 0.5) * Math.PI / n));
			assertEquals(s / n, Psfs.besselJ0(x), 2e-7, "J0(" + x + ")");
		}
	}

	@Test
	void bornWolfInFocusIsTheAiryPatternWithFwhmOf051LambdaOverNa() {
		final double na = 1.4, lambda = 520, px = 20;
		final PointSpreadFunction p = Psfs.bornWolf2D(na, lambda, 1.518, px, 41);
		assertEquals(1, sum(p), 1e-5);
		assertPointSymmetric(p, 1e-7);
		assertEquals(p.get(20, 27), p.get(27, 20), 1e-7, "radially symmetric");
		// full width at half maximum along x, by linear interpolation between pixels
		final double peak = p.get(20, 20);
		int i = 20;
		while (p.get(20, i + 1) > peak / 2) i++;
		final double a = p.get(20, i), b = p.get(20, i + 1);
		final double halfWidth = (i - 20 + (a - peak / 2) / (a - b)) * px;
		assertEquals(0.514 * lambda / na, 2 * halfWidth, 0.10 * 0.51 * lambda / na, "FWHM in nm");
		assertEquals(0.514 * lambda / na, 2 * halfWidth, 0.02 * 0.51 * lambda / na, "FWHM in nm, tight");
		// the Airy pattern (2 J1(v)/v)^2 vanishes at v = 3.8317, r = 0.61 lambda / NA
		final double firstZero = 3.8317 / (2 * Math.PI * na / lambda);
		final double ratio = Psfs.bornWolfIntensity(2 * Math.PI * na / lambda * firstZero, 0) / Psfs.bornWolfIntensity(0, 0);
		assertEquals(0, ratio, 1e-6, "first dark ring");
		assertEquals(0.25, Psfs.bornWolfIntensity(0, 0), 1e-8, "(int_0^1 rho drho)^2");
	}

	@Test
	void bornWolf3DIsSymmetricInZAndSpreadsOutOfFocus() {
		final PointSpreadFunction p = Psfs.bornWolf3D(1.2, 500, 1.33, 60, 150, 21, 15);
		assertEquals(1, sum(p), 1e-5);
		assertPointSymmetric(p, 1e-7);
		assertEquals(p.get(4, 10, 10), p.get(10, 10, 10), 1e-8, "symmetric in z about the centre slice");
		// the peak is in focus and defocus lowers it
		assertTrue(p.get(7, 10, 10) > p.get(8, 10, 10) && p.get(8, 10, 10) > p.get(10, 10, 10));
		// every slice holds about the same light (energy conservation), as far as the lateral field of view catches it
		double inFocus = 0, near = 0;
		for (int y = 0; y < 21; y++)
			for (int x = 0; x < 21; x++) {
				inFocus += p.get(7, y, x);
				near += p.get(8, y, x);
			}
		assertEquals(inFocus, near, 0.05 * inFocus);
	}

	@Test
	void fromImageNormalisesAndCentres() {
		// a blob centred at (x, y) = (1, 3) of a 6 x 5 (w x h) image, with a little negative noise
		final float[] v = new float[5 * 6];
		v[3 * 6 + 1] = 4;
		v[2 * 6 + 1] = v[4 * 6 + 1] = v[3 * 6 + 0] = v[3 * 6 + 2] = 1;
		v[0] = -0.1f;
		final PointSpreadFunction p = Psfs.fromImage(v, 5, 6);
		assertEquals(1, sum(p), 1e-6);
		for (final float x : p.values()) assertTrue(x >= 0);
		assertEquals(p.size(0) / 2, 3, "y: the centroid row at the centre");
		assertEquals(4f / 8, p.get(p.size(0) / 2, p.size(1) / 2), 1e-6, "peak at the centre");
		assertEquals(p.size(0) % 2, 1);
		assertEquals(p.size(1) % 2, 1);
		assertPointSymmetric(p, 1e-7);
	}

	@Test
	void badPsfsAreRefusedClearly() {
		final float[] nan = new float[9];
		nan[4] = Float.NaN;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Psfs.fromImage(nan, 3, 3));
		assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("(1, 1)"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Psfs.fromImage(new float[] { -1, 0, -2, 0 }, 2, 2));
		assertTrue(e.getMessage().contains("empty"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Psfs.fromImage(new float[8], 3, 3));
		assertTrue(e.getMessage().contains("8 values"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Psfs.bornWolf2D(1.4, 500, 1.33, 50, 11));
		assertTrue(e.getMessage().contains("refractive index"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Psfs.gaussian2D(Double.NaN, 5));
	}

	@Test
	void cropKeepsTheCentre() {
		final PointSpreadFunction p = Psfs.crop(Psfs.gaussian2D(3, 25), 9, 9);
		assertEquals(9, p.size(0));
		assertEquals(1, sum(p), 1e-5);
		assertPointSymmetric(p, 1e-7);
	}
}
