/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import java.util.SplittableRandom;

/**
 * A smooth closed shape: an ellipse with semi-axes {@code a, b} (pixels) rotated by
 * {@code angle}, whose radius is modulated by low angular harmonics,
 * {@code R(theta) = 1 + sum_k amp_k cos(k theta + phi_k)}, {@code k = 2, 3, ...} (theta is the
 * ellipse's parametric angle). Nuclei use small modulations, cell bodies larger ones.
 * <p>
 * {@link #measure} gives the normalised radius {@code rho} (0 at the centre, 1 on the boundary)
 * and an approximate signed distance to the boundary in pixels, measured along the ray from the
 * centre (exact for a circle).
 */
final class Blob {

	final double cx, cy, a, b;
	private final double cos, sin;
	private final double[] amp, cosPhi, sinPhi;

	Blob(final double cx, final double cy, final double a, final double b, final double angle, final double[] amp,
		final double[] phase)
	{
		this.cx = cx;
		this.cy = cy;
		this.a = a;
		this.b = b;
		this.cos = Math.cos(angle);
		this.sin = Math.sin(angle);
		this.amp = amp.clone();
		this.cosPhi = new double[amp.length];
		this.sinPhi = new double[amp.length];
		for (int k = 0; k < amp.length; k++) {
			cosPhi[k] = Math.cos(phase[k]);
			sinPhi[k] = Math.sin(phase[k]);
		}
	}

	/**
	 * A random blob of mean radius {@code radius} px, aspect ratio {@code 1 - elongation} (minor
	 * over major axis) and harmonics {@code k = 2 .. 1 + harmonics} with amplitudes uniform in
	 * {@code [0, roughness / k)}.
	 */
	static Blob random(final double cx, final double cy, final double radius, final double elongation, final int harmonics,
		final double roughness, final SplittableRandom rng)
	{
		final double ratio = 1 - elongation;
		final double a = radius / Math.sqrt(ratio), b = radius * Math.sqrt(ratio);
		final double[] amp = new double[harmonics], phase = new double[harmonics];
		for (int k = 0; k < harmonics; k++) {
			amp[k] = rng.nextDouble() * roughness / (k + 2);
			phase[k] = rng.nextDouble() * 2 * Math.PI;
		}
		return new Blob(cx, cy, a, b, rng.nextDouble() * Math.PI, amp, phase);
	}

	/** Half-size in pixels of a square around the centre that contains the whole blob. */
	double extent() {
		double r = 1;
		for (final double x : amp) r += Math.abs(x);
		return Math.max(a, b) * r;
	}

	/**
	 * The x (index 0) and y (index 1) pixel coordinates of the point at normalised radius
	 * {@code rr} of the ellipse (harmonics ignored) and parametric angle {@code t}.
	 */
	double[] point(final double rr, final double t) {
		final double u = rr * a * Math.cos(t), v = rr * b * Math.sin(t);
		return new double[] { cx + u * cos - v * sin, cy + u * sin + v * cos };
	}

	/** Area in square pixels, ignoring the harmonics. */
	double area() {
		return Math.PI * a * b;
	}

	/** Writes {@code rho} to {@code out[0]}, the signed distance (px) to {@code out[1]} and the boundary radius along the ray (px) to {@code out[2]}. */
	void measure(final double x, final double y, final double[] out) {
		final double dx = x - cx, dy = y - cy;
		final double u = (dx * cos + dy * sin) / a, v = (-dx * sin + dy * cos) / b;
		final double re = Math.sqrt(u * u + v * v);
		final double c1 = re == 0 ? 1 : u / re, s1 = re == 0 ? 0 : v / re;
		double radius = 1, ck = c1, sk = s1;
		for (int k = 0; k < amp.length; k++) {
			// cos/sin of (k + 2) theta from those of (k + 1) theta
			final double c = ck * c1 - sk * s1, s = sk * c1 + ck * s1;
			ck = c;
			sk = s;
			radius += amp[k] * (ck * cosPhi[k] - sk * sinPhi[k]);
		}
		final double rho = re / radius;
		final double rayRadius = radius * Math.sqrt(a * c1 * a * c1 + b * s1 * b * s1);
		out[0] = rho;
		out[1] = (rho - 1) * rayRadius;
		out[2] = rayRadius;
	}
}
