/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.classical.PsfConvolution;
import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.data.Metrics;
import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.sampler.Tweedie;

/**
 * Checks what a prior knows about clean images without any sampler: on a clean validation image,
 * normalised to u in [0, 1] by its 1st and 99.8th percentiles, add Gaussian noise of standard
 * deviation {@code sigma} (in those units) and compare, by PSNR and SSIM against u:
 * <ul>
 * <li>the noisy image itself;</li>
 * <li>the best Gaussian filter (sigma chosen from 0.5 to 4 pixels by PSNR against the truth, an
 * oracle-tuned classical baseline);</li>
 * <li>the prior's one-step posterior mean x0Hat at the matched noise level ({@link Tweedie#denoise});</li>
 * <li>the same averaged over the 8 flips and rotations ({@link Tweedie#denoiseEnsemble}).</li>
 * </ul>
 * In the model's range x = 2u - 1, the noise is 2 sigma.
 */
public final class PriorDenoisingCheck {

	/** One image's figures (PSNR in dB, SSIM, data range 1). */
	public static final class Row {
		public String image;
		public int width, height;
		public double psnrNoisy, ssimNoisy, gaussSigma, psnrGauss, ssimGauss, psnrPrior, ssimPrior, psnrEnsemble, ssimEnsemble, seconds;
	}

	private static final double[] GAUSS_SIGMAS = { 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4 };

	private final LoadedModel model;
	private final double sigma;
	private final int crop;
	private final long seed;

	/** @param crop the centre crop (square, at most the image) that is evaluated, to bound time and memory */
	public PriorDenoisingCheck(final LoadedModel model, final double sigma, final int crop, final long seed) {
		if (!(sigma > 0)) throw new IllegalArgumentException("noise sigma must be > 0, got " + sigma);
		this.model = model;
		this.sigma = sigma;
		this.crop = crop;
		this.seed = seed;
	}

	public Row evaluate(final String name, final float[] plane, final int width, final int height) {
		final int w = Math.min(crop, width), h = Math.min(crop, height);
		final int x0 = (width - w) / 2, y0 = (height - h) / 2;
		final float[] clean = new float[w * h];
		for (int y = 0; y < h; y++) System.arraycopy(plane, (y0 + y) * width + x0, clean, y * w, w);
		final float[] u = PercentileNormalization.fit(clean).forward(clean);
		for (int k = 0; k < u.length; k++) u[k] = (u[k] + 1) / 2;
		final float[] noisy = new float[u.length];
		GaussianNoise.fill(noisy, seed);
		for (int k = 0; k < u.length; k++) noisy[k] = u[k] + (float) sigma * noisy[k];

		final Row r = new Row();
		r.image = name;
		r.width = w;
		r.height = h;
		r.psnrNoisy = Metrics.psnr(u, noisy, 1);
		r.ssimNoisy = Metrics.ssim(u, noisy, w, h, 1);
		r.psnrGauss = Double.NEGATIVE_INFINITY;
		for (final double s : GAUSS_SIGMAS) {
			final float[] f = PsfConvolution.mirrored(Psfs.gaussian2D(s), noisy, w, h);
			final double p = Metrics.psnr(u, f, 1);
			if (p > r.psnrGauss) {
				r.psnrGauss = p;
				r.gaussSigma = s;
				r.ssimGauss = Metrics.ssim(u, f, w, h, 1);
			}
		}
		final Batch y = new Batch(1, h, w, 1, noisy.clone());
		for (int k = 0; k < noisy.length; k++) y.data()[k] = 2 * noisy[k] - 1;
		final long start = System.nanoTime();
		final float[] prior = toUnit(Tweedie.denoise(model.eps, model.config.noiseSchedule(), y, 2 * sigma));
		final float[] ensemble = toUnit(Tweedie.denoiseEnsemble(model.eps, model.config.noiseSchedule(), y, 2 * sigma));
		r.seconds = (System.nanoTime() - start) / 1e9;
		r.psnrPrior = Metrics.psnr(u, prior, 1);
		r.ssimPrior = Metrics.ssim(u, prior, w, h, 1);
		r.psnrEnsemble = Metrics.psnr(u, ensemble, 1);
		r.ssimEnsemble = Metrics.ssim(u, ensemble, w, h, 1);
		return r;
	}

	private static float[] toUnit(final Batch x) {
		final float[] out = x.data().clone();
		for (int k = 0; k < out.length; k++) out[k] = (out[k] + 1) / 2;
		return out;
	}

	/** Markdown table header matching {@link #markdown(Row)}. */
	public static String markdownHeader() {
		return "| image | size | noisy PSNR / SSIM | best Gaussian filter (sigma px) | prior x0Hat | prior x0Hat, 8-fold ensemble |\n" +
			"|---|---|---|---|---|---|";
	}

	public static String markdown(final Row r) {
		return String.format(java.util.Locale.ROOT, "| %s | %dx%d | %.2f / %.3f | %.2f / %.3f (%.2g) | %.2f / %.3f | %.2f / %.3f |",
			r.image, r.width, r.height, r.psnrNoisy, r.ssimNoisy, r.psnrGauss, r.ssimGauss, r.gaussSigma, r.psnrPrior, r.ssimPrior,
			r.psnrEnsemble, r.ssimEnsemble);
	}
}
