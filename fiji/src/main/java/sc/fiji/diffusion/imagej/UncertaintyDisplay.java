/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import java.util.Arrays;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.LutLoader;
import ij.process.LUT;

/**
 * How an uncertainty map of a restored image is shown: a title that says what it is, the "Fire" colour
 * table over a display range from 0 to the 99.5th percentile of the map (in the image's units, so the
 * colour scale reads as an error bar), a value unit (shown in the status bar beside each pixel's value), a
 * colour bar drawn as an overlay in the upper-right corner ({@link ColourBarOverlay}: the ramp labelled with 0,
 * the middle and the top of that range) and an info text that states the contract. The pixels are not
 * changed. The map is one of two things, and its unit and caption say which: the calibrated posterior
 * standard deviation, where the result is the posterior mean of the samples; or, for a result that is not
 * (pnp's, {@link #AROUND_ESTIMATE}), the root of the posterior expected squared error of that result, sqrt(Var[x |
 * y] + (E[x | y] - x^)^2) (the engine's {@code PosteriorSpread.aroundEstimate}).
 */
public final class UncertaintyDisplay {

	/** The suffix of a map's title: {@code <result title>-posterior-std}. */
	public static final String TITLE_SUFFIX = "-posterior-std";

	/** The caption of the colour bar of a posterior std. */
	public static final String BAR_CAPTION = "posterior std (1 sigma)";

	/** The caption of the colour bar of the expected error of a result that is not the posterior mean. */
	public static final String ERROR_CAPTION = "expected error (1 sigma)";

	/** The methods whose result is not the posterior mean, so that their map is their expected error. */
	public static final java.util.Set<String> AROUND_ESTIMATE = java.util.Set.of("pnp");

	private UncertaintyDisplay() {}

	/** {@link #style(ImagePlus, String, String, String, boolean)} of a calibrated map of the task's default method. */
	public static ImagePlus style(final ImagePlus std, final String resultTitle, final String task) {
		return style(std, resultTitle, task, "", true);
	}

	/**
	 * Styles {@code std} (the map of the result titled {@code resultTitle}, restored by {@code task}: denoise,
	 * deconvolve, mri, inpaint, with {@code method}) in place and returns it; its info text says how well maps
	 * of that task covered the actual error on held-out data, or, where the map is not {@code calibrated},
	 * that it is the raw spread of the samples.
	 */
	public static ImagePlus style(final ImagePlus std, final String resultTitle, final String task, final String method, final boolean calibrated) {
		std.setTitle(resultTitle + TITLE_SUFFIX);
		final LUT fire = new LUT(LutLoader.getLut("fire"), 0, 1);
		final double top = percentile(std.getStack(), 0.995);
		std.setLut(fire);
		std.setDisplayRange(0, top > 0 ? top : 1);
		final boolean error = AROUND_ESTIMATE.contains(method);
		std.getCalibration().setValueUnit(error ? "expected error" : "posterior std");
		ColourBarOverlay.add(std, error ? ERROR_CAPTION : BAR_CAPTION);
		std.setProperty("Info", String.format(Locale.ROOT,
			"Uncertainty map of %s: %s (1 sigma), in the image's units.%n%s%n"
				+ "Colour scale: Fire, 0 to %.4g (99.5th percentile).%n"
				+ "Colour bar: an overlay in the upper-right corner (the pixels are unchanged); Image > Overlay > Hide Overlay hides it.%n",
			resultTitle, error
				? "the per-pixel expected error of the result, the root of its posterior expected squared error (the spread of posterior samples "
					+ "plus the result's distance from their mean: " + method + "'s result is not the posterior mean)"
				: "the per-pixel posterior standard deviation",
			calibrated ? coverage(task) : uncalibrated(task, method), top));
		return std;
	}

	/** The word on a map without a calibration factor (e.g. dps or ald, or stdCalibration 1). */
	static String uncalibrated(final String task, final String method) {
		return "Not calibrated on held-out data for " + task + (method.isEmpty() ? "" : " with " + method)
			+ " (the raw spread of the posterior samples, which underestimated the error wherever it was measured): read it as a lower bound of the error.";
	}

	/**
	 * What the maps of {@code task} are worth, as measured on held-out data (docs/uncertainty.md): a
	 * calibrated map has 95 % of the pixels within 2 sigma of the clean image.
	 */
	static String coverage(final String task) {
		switch (task) {
			case "mri":
				return "Calibrated: on held-out MRI slices 90-93 % of the pixels within the anatomy lay within 2 sigma of the truth (R = 8 and 4).";
			case "deconvolve":
				return "Calibrated on other images: on held-out deconvolution cases 91 % (widefield PSF) but "
					+ "only 77 % (Gaussian PSF) of the pixels within the objects lay within 2 sigma of the truth: read it as a lower bound of the error.";
			case "denoise":
				return "Calibrated: on held-out microscopy images 90-92 % of the pixels within the objects lay within 2 sigma of the truth; "
					+ "but the map hardly says where the error is (its rank correlation with the error is low): read it as the level of the error.";
			default:
				return uncalibrated(task, "");
		}
	}

	/** The q-quantile of all pixel values of {@code stack}. */
	static double percentile(final ImageStack stack, final double q) {
		final int n = stack.getWidth() * stack.getHeight();
		final float[] all = new float[n * stack.getSize()];
		for (int s = 0; s < stack.getSize(); s++) {
			final Object px = stack.getPixels(s + 1);
			if (px instanceof float[]) System.arraycopy(px, 0, all, s * n, n);
			else for (int k = 0; k < n; k++) all[s * n + k] = stack.getProcessor(s + 1).getf(k);
		}
		Arrays.sort(all);
		return all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) Math.floor(q * (all.length - 1)))];
	}
}
