/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.Restoration.Method;
import sc.fiji.diffusion.task.Settings;

/**
 * Alternatives to the default settings of {@link Restoration}, measured on the validation cases (never on
 * training data) through the public {@link Settings} API, to recommend defaults with numbers. The
 * default itself is in the main table (with the case's camera noise model, {@link BenchCase#camera()});
 * each row here changes one thing from it:
 * <ul>
 * <li>denoise (default mmse; Poisson-Gaussian cases: on the Anscombe transform with the camera model):
 * mmse with a Gaussian noise model of the true rms sigma (known from the simulation); fast (DiffPIR
 * from the matched t0) with 1 and 4 samples;</li>
 * <li>deconvolve (default pnp, 6 iterations, lambda 0.5): DPIR's lambda 0.23, 4 and 8 iterations, the
 * flip/rotation ensemble of the network; fast (DiffPIR, t0 400, lambda 3) with 2 and 4 samples in
 * antithetic pairs, and 4 with xi 0;</li>
 * <li>mri (default fast, t0 300, 50 steps, 4 samples in antithetic pairs): t0 150 and 500, 100 steps, 1 and 8
 * samples, 4 independent samples, 1 sample with the ensemble.</li>
 * </ul>
 */
public final class DefaultsStudy {

	private DefaultsStudy() {}

	public static List<QualityBenchmark.Row> run(final Restoration restoration, final BenchCase c, final long seed) {
		final List<QualityBenchmark.Row> out = new ArrayList<>();
		switch (c.problem.task()) {
			case DENOISE:
				out.add(row(restoration, c, new Settings().seed(seed).noiseSigma(c.rmsNoiseSigma), "mmse, Gaussian model, true rms sigma"));
				out.add(row(restoration, c, s(c, seed).method(Method.FAST), "fast, matched t0"));
				out.add(row(restoration, c, s(c, seed).method(Method.FAST).samples(4), "fast, matched t0, 4 samples"));
				break;
			case DECONVOLVE:
				out.add(row(restoration, c, s(c, seed).lambda(0.23), "pnp, DPIR's lambda 0.23"));
				out.add(row(restoration, c, s(c, seed).steps(4), "pnp, 4 iterations"));
				out.add(row(restoration, c, s(c, seed).steps(8), "pnp, 8 iterations"));
				out.add(row(restoration, c, s(c, seed).ensemble(true), "pnp, ensemble"));
				out.add(row(restoration, c, s(c, seed).method(Method.FAST).samples(2), "fast (DiffPIR, t0 400, lambda 3), 2 samples"));
				out.add(row(restoration, c, s(c, seed).method(Method.FAST).samples(4), "fast, 4 samples"));
				out.add(row(restoration, c, s(c, seed).method(Method.FAST).samples(4).xi(0), "fast, 4 samples, xi=0"));
				break;
			case MRI:
				out.add(row(restoration, c, s(c, seed).t0(150), "fast, t0=150"));
				out.add(row(restoration, c, s(c, seed).t0(500), "fast, t0=500"));
				out.add(row(restoration, c, s(c, seed).steps(100), "fast, 100 steps"));
				out.add(row(restoration, c, s(c, seed).samples(1), "fast, 1 sample"));
				out.add(row(restoration, c, s(c, seed).samples(8), "fast, 8 samples"));
				out.add(row(restoration, c, s(c, seed).antithetic(false), "fast, 4 independent samples"));
				out.add(row(restoration, c, s(c, seed).samples(1).ensemble(true), "fast, 1 sample, ensemble"));
				break;
			default:
				break;
		}
		return out;
	}

	/** The settings of the default row: the seed and the case's camera noise model (as a user would give it). */
	private static Settings s(final BenchCase c, final long seed) {
		return new Settings().seed(seed).noiseModel(c.camera());
	}

	private static QualityBenchmark.Row row(final Restoration restoration, final BenchCase c, final Settings settings, final String label) {
		return QualityBenchmark.diffusion(restoration, c, settings, label, false);
	}
}
