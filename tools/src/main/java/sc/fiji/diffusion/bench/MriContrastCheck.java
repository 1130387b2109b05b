/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;

import sc.fiji.diffusion.classical.TotalVariation;
import sc.fiji.diffusion.data.Metrics;
import sc.fiji.diffusion.data.nifti.NiftiReader;
import sc.fiji.diffusion.data.synth.Degradation;
import sc.fiji.diffusion.data.volume.CanonicalOrientation;
import sc.fiji.diffusion.data.volume.Volume;
import sc.fiji.diffusion.data.volume.VolumeSlicer;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.RestorationProblem;
import sc.fiji.diffusion.task.Settings;

/**
 * Does an MRI prior know the contrast of an image? The prior's denoising (the library's default for
 * denoising with the noise sigma given) against total variation tuned on the truth (the best of
 * lambda = c sigma, c in {@link #TV_FACTORS}), Gaussian noise of {@link #SIGMAS} of each slice's 1st-99.8th
 * percentile range (seed 7), on a held-out Colin27 slice (the superior slab that no training slice comes
 * from), the same slice through a fluid-bright tissue contrast ({@link #fluidBright}), and the MRI
 * benchmarks' choose slices (nibabel's EPI example4d z = 8, 16; dipy's diffusion-weighted test_piesno z = 5,
 * 10). A prior that knows a contrast beats total variation by decibels on it (docs/quality-benchmark-multicoil.md,
 * "The prior trained on random tissue contrasts").
 * <p>
 * {@code java -cp ... sc.fiji.diffusion.bench.MriContrastCheck [MODEL (default mri-brain-t1)] [DATA (default data)]}
 */
public final class MriContrastCheck {

	static final double[] SIGMAS = { 0.03, 0.06 };
	static final double[] TV_FACTORS = { 0.25, 0.5, 0.75, 1, 1.5, 2 };

	private MriContrastCheck() {}

	public static void main(final String[] args) throws IOException {
		final String model = args.length > 0 ? args[0] : "mri-brain-t1";
		final Path data = Paths.get(args.length > 1 ? args[1] : "data");
		final Object[][] slices = { { "mricron/ch2.nii.gz", 160 }, { "nibabel/example4d.nii.gz", 8 }, { "nibabel/example4d.nii.gz", 16 },
			{ "dipy/test_piesno.nii.gz", 5 }, { "dipy/test_piesno.nii.gz", 10 } };
		try (LoadedModel m = Models.open(model)) {
			final Restoration restoration = new Restoration(m);
			System.out.println("| slice | " + String.join(" | ", Arrays.stream(SIGMAS).mapToObj(s -> String.format(Locale.ROOT, "sigma %.2f: prior / TV tuned (margin)", s))
				.toArray(String[]::new)) + " |");
			System.out.println("|---" + "|---".repeat(SIGMAS.length) + "|");
			for (final Object[] s : slices) {
				final Volume ras = CanonicalOrientation.toRas(NiftiReader.read(data.resolve((String) s[0]), 0));
				final float[] x = normalised(VolumeSlicer.plane(ras, VolumeSlicer.Orientation.AXIAL, (Integer) s[1]));
				final String name = Paths.get((String) s[0]).getFileName().toString().replaceFirst("\\.nii(\\.gz)?$", "") + " z=" + s[1];
				System.out.println(row(restoration, name, x, ras.nx(), ras.ny()));
				if (((String) s[0]).contains("ch2")) {
					final float[] bright = x.clone();
					for (int i = 0; i < bright.length; i++) bright[i] = (float) fluidBright(bright[i]);
					System.out.println(row(restoration, name + ", fluid-bright contrast", bright, ras.nx(), ras.ny()));
				}
			}
		}
	}

	/** One table row: per noise level, the prior's PSNR, tuned TV's and the margin. */
	static String row(final Restoration restoration, final String name, final float[] x, final int w, final int h) {
		final StringBuilder sb = new StringBuilder("| " + name + " |");
		for (final double sigma : SIGMAS) {
			final float[] y = Degradation.addGaussianNoise(x, sigma, 7);
			final float[] prior = restoration.restore(RestorationProblem.denoising(y, w, h), new Settings().seed(1).noiseSigma(sigma).fallback(false),
				SamplerListener.NONE).image;
			double tv = Double.NEGATIVE_INFINITY;
			for (final double c : TV_FACTORS) tv = Math.max(tv, Metrics.psnr(x, TotalVariation.denoise(y, w, h, c * sigma), 1));
			final double p = Metrics.psnr(x, prior, 1);
			sb.append(String.format(Locale.ROOT, " %.2f / %.2f (%+.2f) |", p, tv, p - tv));
		}
		return sb.toString();
	}

	/** The slice with its 1st and 99.8th percentiles mapped to 0 and 1. */
	static float[] normalised(final float[] raw) {
		final float[] sorted = raw.clone();
		Arrays.sort(sorted);
		final float lo = sorted[(int) (0.01 * (sorted.length - 1))], hi = sorted[(int) (0.998 * (sorted.length - 1))];
		final float[] x = new float[raw.length];
		for (int i = 0; i < x.length; i++) x[i] = (raw[i] - lo) / (hi - lo);
		return x;
	}

	/**
	 * A fluid-bright contrast of a T1 intensity u in [0, 1]: piecewise linear through (0, 0), (0.25, 0.9),
	 * (0.5, 0.6), (0.75, 0.4), (1, 0.5) (background dark, fluid bright, grey above white matter), u clamped.
	 */
	static double fluidBright(final double u) {
		final double[] knots = { 0, 0.25, 0.5, 0.75, 1 }, values = { 0, 0.9, 0.6, 0.4, 0.5 };
		final double v = Math.max(0, Math.min(1, u));
		for (int j = 1; j < knots.length; j++)
			if (v <= knots[j]) return values[j - 1] + (values[j] - values[j - 1]) * (v - knots[j - 1]) / (knots[j] - knots[j - 1]);
		return values[values.length - 1];
	}
}
