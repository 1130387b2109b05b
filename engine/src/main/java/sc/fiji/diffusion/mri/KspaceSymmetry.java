/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.mri;

import sc.fiji.diffusion.operator.Mask;

/**
 * Whether a centred k-space is that of a real image. The k-space of a real image is Hermitian,
 * k(f) = conj(k(-f)) (centred as numpy's {@code fftshift(fft2(ifftshift(x)))}: the sample at x, y mirrors
 * the one at 2 (w / 2) - x, 2 (h / 2) - y, integer halves); an image with phase e^{i phi} breaks it, by
 * 2 sin^2 phi for a constant phase. {@link #asymmetry} measures it on the central sixteenth of k-space in
 * each direction (at least 3 samples from the centre), where the signal is far above the noise, over the
 * samples measured together with their mirror.
 */
public final class KspaceSymmetry {

	private KspaceSymmetry() {}

	/**
	 * sum |k(f) - conj(k(-f))|^2 / sum (|k(f)|^2 + |k(-f)|^2) over the measured pairs of the central region:
	 * 0 for a real image, 2 sin^2 phi for a constant phase phi, up to 2; NaN without a measured pair.
	 */
	public static double asymmetry(final float[] re, final float[] im, final int width, final int height, final Mask sampled) {
		final int cx = width / 2, cy = height / 2, rx = Math.max(3, width / 16), ry = Math.max(3, height / 16);
		double anti = 0, energy = 0;
		for (int y = Math.max(0, cy - ry); y <= Math.min(height - 1, cy + ry); y++)
			for (int x = Math.max(0, cx - rx); x <= Math.min(width - 1, cx + rx); x++) {
				final int mx = 2 * cx - x, my = 2 * cy - y;
				if (mx < 0 || mx >= width || my < 0 || my >= height || !sampled.sampled(y, x) || !sampled.sampled(my, mx)) continue;
				final int p = y * width + x, q = my * width + mx;
				final double dr = re[p] - re[q], di = im[p] + im[q]; // k(f) - conj(k(-f))
				anti += dr * dr + di * di;
				energy += (double) re[p] * re[p] + (double) im[p] * im[p] + (double) re[q] * re[q] + (double) im[q] * im[q];
			}
		return energy > 0 ? anti / energy : Double.NaN;
	}
}
