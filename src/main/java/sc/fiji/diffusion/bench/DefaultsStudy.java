package sc.fiji.diffusion.bench;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.Restoration.Method;
import sc.fiji.diffusion.task.Restoration.Settings;

/**
 * Alternatives to the default settings of {@link Restoration}, measured on the validation cases (never on
 * training data) through the public {@link Settings} API, to recommend defaults with numbers. The
 * default itself is in the main table; each row here changes one thing from it:
 * <ul>
 * <li>denoise (default mmse): the true rms noise sigma (known from the simulation) instead of the estimate;
 * for Poisson-Gaussian noise, mmse after a generalised Anscombe transform ({@link #anscombeMmse});
 * fast (DiffPIR from the matched t0) with 1 and 4 samples;</li>
 * <li>deconvolve (default fast, t0 400, lambda 3, 50 steps, 1 sample, xi 1): t0 600, lambda 1 and 10,
 * 100 steps, 4 samples (xi 1 and 0), the flip/rotation ensemble of the network (xi 1 and 0);</li>
 * <li>mri (default fast, t0 300, 50 steps, 4 samples): t0 150 and 500, 100 steps, 1 sample (with and
 * without the ensemble), the ensemble.</li>
 * </ul>
 */
public final class DefaultsStudy {

	private DefaultsStudy() {}

	public static List<QualityBenchmark.Row> run(final Restoration restoration, final BenchCase c, final long seed) {
		final List<QualityBenchmark.Row> out = new ArrayList<>();
		switch (c.problem.task()) {
			case DENOISE:
				out.add(row(restoration, c, s(seed).noiseSigma(c.rmsNoiseSigma), "mmse, true rms sigma"));
				if (c.kind == BenchCase.Kind.POISSON_GAUSSIAN_NOISE) out.add(anscombeMmse(restoration, c, seed));
				out.add(row(restoration, c, s(seed).method(Method.FAST), "fast, matched t0"));
				out.add(row(restoration, c, s(seed).method(Method.FAST).samples(4), "fast, matched t0, 4 samples"));
				break;
			case DECONVOLVE:
				out.add(row(restoration, c, s(seed).t0(600), "fast, t0=600"));
				out.add(row(restoration, c, s(seed).lambda(1), "fast, lambda=1"));
				out.add(row(restoration, c, s(seed).lambda(10), "fast, lambda=10"));
				out.add(row(restoration, c, s(seed).steps(100), "fast, 100 steps"));
				out.add(row(restoration, c, s(seed).samples(4), "fast, 4 samples"));
				out.add(row(restoration, c, s(seed).samples(4).xi(0), "fast, 4 samples, xi=0"));
				out.add(row(restoration, c, s(seed).ensemble(true), "fast, ensemble"));
				out.add(row(restoration, c, s(seed).ensemble(true).xi(0), "fast, ensemble, xi=0"));
				break;
			case MRI:
				out.add(row(restoration, c, s(seed).t0(150), "fast, t0=150"));
				out.add(row(restoration, c, s(seed).t0(500), "fast, t0=500"));
				out.add(row(restoration, c, s(seed).steps(100), "fast, 100 steps"));
				out.add(row(restoration, c, s(seed).samples(1), "fast, 1 sample"));
				out.add(row(restoration, c, s(seed).samples(1).ensemble(true), "fast, 1 sample, ensemble"));
				out.add(row(restoration, c, s(seed).ensemble(true), "fast, ensemble"));
				break;
			default:
				break;
		}
		return out;
	}

	/**
	 * mmse after the generalised Anscombe transform (Makitalo and Foi 2013), which makes Poisson-Gaussian
	 * noise nearly Gaussian of unit variance: in photoelectrons e = photons y,
	 * {@code f = 2 sqrt(max(e + 3/8 + read^2, 0))}, denoised with noise sigma 1 (known), mapped back with the
	 * asymptotically unbiased inverse {@code e = f^2 / 4 - 1/8 - read^2}.
	 */
	static QualityBenchmark.Row anscombeMmse(final Restoration restoration, final BenchCase c, final long seed) {
		final double p = BenchCases.PG_PHOTONS, r2 = BenchCases.PG_READ * BenchCases.PG_READ;
		final float[] f = new float[c.measured.length];
		for (int k = 0; k < f.length; k++) f[k] = (float) (2 * Math.sqrt(Math.max(p * c.measured[k] + 3.0 / 8 + r2, 0)));
		final Restoration.Result res = restoration.restore(sc.fiji.diffusion.task.RestorationProblem.denoising(f, c.width, c.height),
			s(seed).noiseSigma(1), sc.fiji.diffusion.sampler.SamplerListener.NONE);
		final float[] x = new float[f.length];
		for (int k = 0; k < x.length; k++) x[k] = (float) ((res.image[k] * (double) res.image[k] / 4 - 1.0 / 8 - r2) / p);
		final Baselines.Result sc = Baselines.score(c, "mmse on the Anscombe transform", "", x, res.seconds);
		return new QualityBenchmark.Row(c.kind, c.name, sc.method, "generalised Anscombe, sigma 1, asymptotic inverse", true, false, false, sc.psnr,
			sc.ssim, res.seconds);
	}

	private static Settings s(final long seed) {
		return new Settings().seed(seed);
	}

	private static QualityBenchmark.Row row(final Restoration restoration, final BenchCase c, final Settings settings, final String label) {
		return QualityBenchmark.diffusion(restoration, c, settings, label, false);
	}
}
