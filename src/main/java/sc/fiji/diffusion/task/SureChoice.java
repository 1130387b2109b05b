package sc.fiji.diffusion.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import sc.fiji.diffusion.baseline.TotalVariation;
import sc.fiji.diffusion.data.GaussianNoise;

/**
 * Chooses, per image and without ground truth, between denoisers of y = x + n, n ~ N(0, sigma^2 I), by
 * Stein's unbiased risk estimate (Stein 1981):
 * <pre>
 *   SURE(f) = ||f(y) - y||^2 / N - sigma^2 + 2 sigma^2 div f(y) / N,     E[SURE(f)] = E ||f(y) - x||^2 / N,
 * </pre>
 * with the divergence from one Monte-Carlo probe (Ramani, Blu and Unser 2008),
 * div f(y) = b^T (f(y + eps b) - f(y)) / eps, b ~ N(0, I), eps = {@value #EPS_FACTOR} sigma. The
 * candidates are the prior's denoiser and total variation (Chambolle) at lambda = c sigma for c in
 * {@link #TV_FACTORS}: where the prior does not fit the image (content unlike its training data), the
 * classical result wins the estimate instead of being beaten by a hallucinating prior.
 */
final class SureChoice {

	/**
	 * TV weights in units of sigma (the classical candidate's grid) and Chambolle iterations: SURE picked
	 * 0.75-1 sigma on the held-out protocol's choose half, and the divergence probe doubles every run, so the
	 * grid is kept small.
	 */
	static final double[] TV_FACTORS = { 0.5, 0.75, 1, 1.5 };
	static final int TV_ITERATIONS = 50;
	static final double EPS_FACTOR = 0.01;

	/** The chosen result, its SURE, and all candidates' SURE (for the report). */
	static final class Choice {
		final float[] image;
		final String chosen, table;
		final double risk;

		Choice(final float[] image, final String chosen, final double risk, final String table) {
			this.image = image;
			this.chosen = chosen;
			this.risk = risk;
			this.table = table;
		}
	}

	private SureChoice() {}

	/** SURE of f at y, given f(y), f(y + eps b) and the probe b (all N values). */
	static double risk(final float[] y, final float[] fy, final float[] fyProbe, final float[] b, final double eps, final double sigma) {
		double residual = 0, div = 0;
		for (int i = 0; i < y.length; i++) {
			final double d = fy[i] - y[i];
			residual += d * d;
			div += b[i] * (fyProbe[i] - fy[i]);
		}
		div /= eps;
		final int n = y.length;
		return residual / n - sigma * sigma + 2 * sigma * sigma * div / n;
	}

	/**
	 * The candidate with the least SURE: {@code prior} (its value at y given as {@code priorAtY}) or total
	 * variation at each lambda of the grid, for a {@code width x height} image y with noise sigma.
	 */
	static Choice choose(final float[] y, final int width, final int height, final double sigma, final float[] priorAtY,
		final UnaryOperator<float[]> prior, final long seed)
	{
		final float[] b = new float[y.length];
		GaussianNoise.fill(b, seed ^ 0x5352L);
		final double eps = EPS_FACTOR * Math.max(sigma, 1e-6);
		final float[] yProbe = new float[y.length];
		for (int i = 0; i < y.length; i++) yProbe[i] = (float) (y[i] + eps * b[i]);

		final List<String> rows = new ArrayList<>();
		float[] best = priorAtY;
		String bestName = "prior";
		double bestRisk = risk(y, priorAtY, prior.apply(yProbe), b, eps, sigma);
		rows.add(String.format(Locale.ROOT, "prior %.4g", bestRisk));
		for (final double c : TV_FACTORS) {
			final double lambda = c * sigma;
			final float[] tv = TotalVariation.denoise(y, width, height, lambda, TV_ITERATIONS);
			final double r = risk(y, tv, TotalVariation.denoise(yProbe, width, height, lambda, TV_ITERATIONS), b, eps, sigma);
			rows.add(String.format(Locale.ROOT, "tv(%.3g) %.4g", lambda, r));
			if (r < bestRisk) {
				bestRisk = r;
				best = tv;
				bestName = String.format(Locale.ROOT, "total variation (lambda %.3g)", lambda);
			}
		}
		return new Choice(best, bestName, bestRisk, String.join(", ", rows));
	}
}
