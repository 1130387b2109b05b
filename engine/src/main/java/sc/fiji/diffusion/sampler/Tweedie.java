/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.sampler;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.Dihedral;
import sc.fiji.diffusion.model.EpsModel;
import sc.fiji.diffusion.schedule.NoiseSchedule;

/**
 * One-step posterior mean (Tweedie's formula): x0Hat(x_t) = (x_t - sqrt(1 - abar_t) eps_theta(x_t, t)) /
 * sqrt(abar_t) = E[x_0 | x_t] for an optimal eps_theta.
 * <p>
 * Used directly as a minimum-mean-squared-error denoiser: a measurement y = x + sigma n (in the model's
 * normalised range) scaled by sqrt(abar_t), with t chosen so that sqrt((1 - abar_t)/abar_t) = sigma, is
 * distributed like x_t, so x0Hat(sqrt(abar_t) y) estimates x without any sampling.
 */
public final class Tweedie {

	private Tweedie() {}

	/** x0Hat from x_t and its predicted noise eps (same shape), all images at timestep t. */
	public static Batch x0Hat(final NoiseSchedule schedule, final Batch xt, final Batch eps, final int t) {
		final double abar = schedule.alphaBar(t);
		final float a = (float) (1 / Math.sqrt(abar)), b = (float) (Math.sqrt(1 - abar) / Math.sqrt(abar));
		final float[] out = new float[xt.data().length];
		for (int k = 0; k < out.length; k++) out[k] = a * xt.data()[k] - b * eps.data()[k];
		return new Batch(xt.n(), xt.height(), xt.width(), xt.channels(), out);
	}

	/**
	 * MMSE denoising of {@code y} = x + sigma n (sigma in the model's normalised units): x0Hat at the
	 * timestep whose noise level matches sigma. Returns a new batch.
	 */
	public static Batch denoise(final EpsModel model, final NoiseSchedule schedule, final Batch y, final double sigma) {
		final int t = schedule.timestepForNoise(sigma);
		final float s = (float) Math.sqrt(schedule.alphaBar(t));
		final Batch xt = y.copy();
		for (int k = 0; k < xt.data().length; k++) xt.data()[k] *= s;
		final int[] ts = new int[y.n()];
		java.util.Arrays.fill(ts, t);
		return x0Hat(schedule, xt, model.eps(xt, ts), t);
	}

	/**
	 * {@link #denoise} averaged over the 8 flips and 90-degree rotations of each image (self-ensemble):
	 * each transformed copy is denoised, transformed back, and the 8 results are averaged. The copies go
	 * through the network in one batch (two for non-square images, whose rotated copies have another shape).
	 */
	public static Batch denoiseEnsemble(final EpsModel model, final NoiseSchedule schedule, final Batch y, final double sigma) {
		final int h = y.height(), w = y.width(), c = y.channels();
		if (c != 1) throw new IllegalArgumentException("self-ensemble denoising needs single-channel images, got " + c);
		final Batch out = Batch.zeros(y.n(), h, w, 1);
		for (int i = 0; i < y.n(); i++) {
			final float[] plane = y.image(i).data();
			final float[] sum = new float[h * w];
			final int groups = h == w ? 1 : 2, perGroup = Dihedral.ORDER / groups;
			for (int g = 0; g < groups; g++) {
				final boolean transposed = g == 1;
				final Batch copies = Batch.zeros(perGroup, transposed ? w : h, transposed ? h : w, 1);
				for (int k = 0; k < perGroup; k++)
					System.arraycopy(Dihedral.transform(plane, w, h, g * perGroup + k), 0, copies.data(), k * h * w, h * w);
				final Batch denoised = denoise(model, schedule, copies, sigma);
				for (int k = 0; k < perGroup; k++) {
					final int e = g * perGroup + k;
					final boolean t = e >= 4;
					final float[] back = Dihedral.transform(denoised.image(k).data(), t ? h : w, t ? w : h, Dihedral.inverse(e));
					for (int p = 0; p < back.length; p++) sum[p] += back[p];
				}
			}
			for (int p = 0; p < sum.length; p++) out.data()[i * h * w + p] = sum[p] / Dihedral.ORDER;
		}
		return out;
	}
}
