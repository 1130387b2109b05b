package sc.fiji.diffusion.task;

import static org.junit.jupiter.api.Assertions.*;
import static sc.fiji.diffusion.task.RestorationTest.*;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.task.Restoration.Method;
import sc.fiji.diffusion.task.Restoration.Settings;

/**
 * The uncertainty map on the linear-Gaussian oracle: prior x ~ N(mu, s^2) per pixel (model units),
 * y = x + sigma n, so the posterior std of every pixel is sqrt(s^2 sigma_m^2 / (s^2 + sigma_m^2)) in model
 * units, divided by the normalisation's scale in input units. The map as a user asks for it (fast, the
 * default {@link Restoration#STD_SAMPLES} samples in antithetic pairs, the posterior-sampling data step),
 * started as MRI and deconvolution start (the start image noised to t0 = 400), must match it within the
 * Monte-Carlo error of its sample count; plain DiffPIR must not (the test can fail).
 * <p>
 * Measured (256 pixels, closed form 27.11): 26.69 in antithetic pairs, 26.29 independent, with t0 = 400; denoising's own default start
 * (the noisy image topped up to the noise of the matched timestep, a few steps) reads 25.7-26.0 (4-5 % low:
 * that start holds less spread than p(x_t0 | y)); plain DiffPIR 15.6.
 */
class UncertaintyOracleTest {

	static final int W = 16, H = 16;
	static final double SIGMA = 30;

	/** {closed-form posterior std (input units), mean reported std, relative RMS of reported / closed form - 1 over pixels}. */
	static double[] map(final Settings settings) {
		final float[] y = noisy(image(W * H, 3), SIGMA, 4);
		try (LoadedModel m = oracle()) {
			final Restoration.Result r = new Restoration(m).restore(RestorationProblem.denoising(y, W, H), settings, SamplerListener.NONE);
			final PercentileNormalization norm = PercentileNormalization.fit(y);
			final double s = 2 / norm.range(), sm = s * SIGMA;
			final double post = Math.sqrt(S * S * sm * sm / (S * S + sm * sm)) / s;
			double mean = 0, rel = 0;
			for (final float v : r.std) {
				mean += v / r.std.length;
				rel += (v / post - 1) * (v / post - 1) / r.std.length;
			}
			return new double[] { post, mean, Math.sqrt(rel) };
		}
	}

	@Test
	void theMapIsThePosteriorStdWithinMonteCarloError() {
		final Settings asked = new Settings().method(Method.FAST).noiseSigma(SIGMA).seed(7).uncertainty(true).t0(Restoration.FAST_T0);
		assertEquals(Restoration.STD_SAMPLES, asked.samplesFor(Restoration.Task.DENOISE));
		final double[] r = map(asked);
		// K = 16 in 8 antithetic pairs: the variance estimate has about 2 P - 1 = 15 degrees of freedom, so a
		// pixel's std has a relative error of about 1 / sqrt(2 * 15) = 0.18, and the mean over 256 pixels 0.012
		final double perPixel = 1 / Math.sqrt(2 * 15.0), ofMean = perPixel / Math.sqrt(W * H);
		assertEquals(r[0], r[1], (3 * ofMean + 0.01) * r[0], "mean std vs closed form " + r[0]);
		assertTrue(r[2] > 0.5 * perPixel && r[2] < 1.5 * perPixel, "per-pixel relative error " + r[2] + " vs expected " + perPixel);
	}

	@Test
	void independentSamplesGiveTheSameStd() {
		final double[] r = map(new Settings().method(Method.FAST).noiseSigma(SIGMA).seed(8).uncertainty(true).antithetic(false).t0(Restoration.FAST_T0));
		assertEquals(r[0], r[1], (3 / Math.sqrt(2 * 15.0 * W * H) + 0.01) * r[0], "mean std vs closed form " + r[0]);
	}

	@Test
	void plainDiffPirSpreadsTooLittle() {
		// the data step's mode instead of a sample: measured 0.5-0.6 of the posterior std (see DiffPir)
		final double[] r = map(new Settings().method(Method.FAST).noiseSigma(SIGMA).seed(7).samples(Restoration.STD_SAMPLES));
		assertTrue(r[1] < 0.8 * r[0], "plain DiffPIR std " + r[1] + " vs posterior " + r[0]);
	}

	/** The estimator on samples that are exactly affine in their noise, g(z) = m + L z: pairs give |L z|, even parts cancel. */
	@Test
	void antitheticEstimatorIsUnbiasedForAnAffineSampler() {
		final int pairs = 4000;
		final float[] d = new float[2 * pairs];
		final java.util.Random rng = new java.util.Random(1);
		for (int p = 0; p < pairs; p++) {
			final double z = rng.nextGaussian();
			d[p] = (float) (2 + 0.5 * z);
			d[p + pairs] = (float) (2 - 0.5 * z);
		}
		final Batch xs = new Batch(2 * pairs, 1, 1, 1, d);
		assertEquals(0.5, PosteriorSpread.std(xs, true, 1).data()[0], 0.01);
		// the sample std about the mean (the old estimator with K - 1) would read 0.5 too here; with an even part
		// g(z) = m + L z + q (z^2 - 1) the pairs add its variance 2 q^2
		for (int p = 0; p < pairs; p++) {
			final double z = (d[p] - 2) / 0.5;
			d[p] += (float) (0.3 * (z * z - 1));
			d[p + pairs] += (float) (0.3 * (z * z - 1));
		}
		assertEquals(Math.sqrt(0.25 + 2 * 0.09), PosteriorSpread.std(xs, true, 1).data()[0], 0.02);
		assertEquals(2 * Math.sqrt(0.25 + 2 * 0.09), PosteriorSpread.std(xs, true, 2).data()[0], 0.04, "calibration factor");
	}
}
