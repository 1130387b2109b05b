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
 * fast (DiffPIR from the matched t0) with 1 and 4 samples;</li>
 * <li>deconvolve (default fast, t0 400, lambda 1, 50 steps, 1 sample): t0 200 and 600, lambda 0.3, 3
 * and 10, 100 steps, 4 samples, the true rms noise sigma;</li>
 * <li>mri (default fast, t0 300, 50 steps, 4 samples): t0 150, 500 and 999, 100 steps, 1 sample.</li>
 * </ul>
 */
public final class DefaultsStudy {

	private DefaultsStudy() {}

	public static List<QualityBenchmark.Row> run(final Restoration restoration, final BenchCase c, final long seed) {
		final List<QualityBenchmark.Row> out = new ArrayList<>();
		switch (c.problem.task()) {
			case DENOISE:
				out.add(row(restoration, c, s(seed).noiseSigma(c.rmsNoiseSigma), "mmse, true rms sigma"));
				out.add(row(restoration, c, s(seed).method(Method.FAST), "fast, matched t0"));
				out.add(row(restoration, c, s(seed).method(Method.FAST).samples(4), "fast, matched t0, 4 samples"));
				break;
			case DECONVOLVE:
				out.add(row(restoration, c, s(seed).t0(200), "fast, t0=200"));
				out.add(row(restoration, c, s(seed).t0(600), "fast, t0=600"));
				out.add(row(restoration, c, s(seed).lambda(0.3), "fast, lambda=0.3"));
				out.add(row(restoration, c, s(seed).lambda(3), "fast, lambda=3"));
				out.add(row(restoration, c, s(seed).lambda(10), "fast, lambda=10"));
				out.add(row(restoration, c, s(seed).steps(100), "fast, 100 steps"));
				out.add(row(restoration, c, s(seed).samples(4), "fast, 4 samples"));
				out.add(row(restoration, c, s(seed).noiseSigma(c.rmsNoiseSigma), "fast, true rms sigma"));
				break;
			case MRI:
				out.add(row(restoration, c, s(seed).t0(150), "fast, t0=150"));
				out.add(row(restoration, c, s(seed).t0(500), "fast, t0=500"));
				out.add(row(restoration, c, s(seed).t0(999), "fast, t0=999 (pure noise)"));
				out.add(row(restoration, c, s(seed).steps(100), "fast, 100 steps"));
				out.add(row(restoration, c, s(seed).samples(1), "fast, 1 sample"));
				break;
			default:
				break;
		}
		return out;
	}

	private static Settings s(final long seed) {
		return new Settings().seed(seed);
	}

	private static QualityBenchmark.Row row(final Restoration restoration, final BenchCase c, final Settings settings, final String label) {
		return QualityBenchmark.diffusion(restoration, c, settings, label, false);
	}
}
