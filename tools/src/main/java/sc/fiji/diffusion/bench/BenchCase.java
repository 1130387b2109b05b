/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.task.RestorationProblem;

/**
 * One degraded validation image of the {@link QualityBenchmark}: the clean truth (normalised so that its
 * 1st and 99.8th percentiles are 0 and 1, negative values clipped to 0; metrics use data range 1), the
 * measurement as a {@link RestorationProblem} for the diffusion methods, and what the classical baselines
 * need (the measured image, the PSF, the k-space and mask).
 */
public final class BenchCase {

	/** The kind of degradation, i.e. the table a case belongs to. */
	public enum Kind {
		GAUSSIAN_NOISE("denoise", "Gaussian noise, sigma 0.1"),
		POISSON_GAUSSIAN_NOISE("denoise", "Poisson-Gaussian noise"),
		GAUSSIAN_BLUR("deconvolve", "Gaussian PSF + Gaussian noise"),
		WIDEFIELD_BLUR("deconvolve", "widefield (Born & Wolf) PSF + Poisson noise"),
		MRI_R4("mri", "Cartesian variable-density undersampling, R = 4"),
		MRI_R8("mri", "Cartesian variable-density undersampling, R = 8");

		public final String task, title;

		Kind(final String task, final String title) {
			this.task = task;
			this.title = title;
		}
	}

	public final Kind kind;
	/** e.g. {@code ecoli (800,600)} or {@code example4d z=12}. */
	public final String name;
	public final int width, height;
	public final float[] truth;
	public final RestorationProblem problem;
	/** The measured image (denoising, deconvolution), in truth units; null for MRI. */
	public final float[] measured;
	/** The true noise sigma where it is one number (Gaussian noise), else NaN. */
	public final double noiseSigma;
	/**
	 * The root-mean-square noise sigma over the image, sqrt(mean variance), known from the simulation
	 * (equal to {@link #noiseSigma} for Gaussian noise; 0 for MRI). For the defaults study only.
	 */
	public final double rmsNoiseSigma;
	/** Deconvolution only. */
	public final PointSpreadFunction psf;
	/** MRI only: centred unitary k-space (zeros where not sampled) and the mask. */
	public final float[] kRe, kIm;
	public final Mask mask;

	BenchCase(final Kind kind, final String name, final int width, final int height, final float[] truth, final RestorationProblem problem,
		final float[] measured, final double noiseSigma, final double rmsNoiseSigma, final PointSpreadFunction psf, final float[] kRe, final float[] kIm, final Mask mask)
	{
		this.kind = kind;
		this.name = name;
		this.width = width;
		this.height = height;
		this.truth = truth;
		this.problem = problem;
		this.measured = measured;
		this.noiseSigma = noiseSigma;
		this.rmsNoiseSigma = rmsNoiseSigma;
		this.psf = psf;
		this.kRe = kRe;
		this.kIm = kIm;
		this.mask = mask;
	}

	/**
	 * The camera noise model a user would give for this case (photons per unit intensity and read noise,
	 * known from the simulation), or null for Gaussian noise and MRI.
	 */
	public sc.fiji.diffusion.noise.NoiseModel camera() {
		switch (kind) {
			case POISSON_GAUSSIAN_NOISE: return sc.fiji.diffusion.noise.NoiseModel.poissonGaussian(BenchCases.PG_PHOTONS, BenchCases.PG_READ / BenchCases.PG_PHOTONS);
			case WIDEFIELD_BLUR: return sc.fiji.diffusion.noise.NoiseModel.poissonGaussian(BenchCases.WF_PHOTONS, 0);
			default: return null;
		}
	}

	@Override
	public String toString() {
		return kind + " " + name + " " + width + "x" + height;
	}
}
