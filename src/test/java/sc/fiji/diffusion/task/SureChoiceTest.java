package sc.fiji.diffusion.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.GaussianNoise;

/**
 * Stein's unbiased risk estimate and the choice it makes: exact values for linear denoisers (whose
 * Monte-Carlo divergence is exact up to the probe's norm), agreement with the true error on a real-sized
 * image, a good prior kept and a bad one replaced by total variation.
 */
class SureChoiceTest {

	static final int W = 96, H = 80;
	static final double SIGMA = 0.2;

	/** A smooth test image: blobs on a ramp. */
	static float[] clean() {
		final float[] x = new float[W * H];
		for (int r = 0; r < H; r++)
			for (int c = 0; c < W; c++)
				x[r * W + c] = (float) (0.3 * c / W + Math.exp(-((c - 30) * (c - 30) + (r - 40) * (r - 40)) / 200.0)
					+ 0.7 * Math.exp(-((c - 70) * (c - 70) + (r - 25) * (r - 25)) / 80.0));
		return x;
	}

	static float[] noisy(final float[] x, final long seed) {
		final float[] y = new float[x.length];
		GaussianNoise.fill(y, seed);
		for (int i = 0; i < y.length; i++) y[i] = x[i] + (float) SIGMA * y[i];
		return y;
	}

	static double mse(final float[] a, final float[] b) {
		double e = 0;
		for (int i = 0; i < a.length; i++) e += (a[i] - b[i]) * (a[i] - b[i]);
		return e / a.length;
	}

	@Test
	void theRiskOfShrinkageIsItsClosedForm() {
		final float[] y = noisy(clean(), 1), b = new float[y.length];
		GaussianNoise.fill(b, 2);
		final double a = 0.6, eps = 1e-3;
		final float[] fy = new float[y.length], fp = new float[y.length];
		double y2 = 0, b2 = 0;
		for (int i = 0; i < y.length; i++) {
			fy[i] = (float) (a * y[i]);
			fp[i] = (float) (a * (y[i] + eps * b[i]));
			y2 += y[i] * y[i];
			b2 += b[i] * b[i];
		}
		final int n = y.length;
		final double expected = (a - 1) * (a - 1) * y2 / n - SIGMA * SIGMA + 2 * SIGMA * SIGMA * a * b2 / n;
		assertEquals(expected, SureChoice.risk(y, fy, fp, b, eps, SIGMA), 1e-4);
	}

	@Test
	void sureTracksTheTrueErrorOfTotalVariation() {
		final float[] x = clean(), y = noisy(x, 3);
		final SureChoice.Choice c = SureChoice.choose(y, W, H, SIGMA, y, v -> v, 4); // "prior" = identity: its SURE is sigma^2
		assertTrue(c.chosen.startsWith("total variation"), c.table);
		final double truth = mse(c.image, x);
		assertEquals(truth, c.risk, 0.15 * truth, "SURE " + c.risk + " vs true MSE " + truth + " (" + c.table + ")");
	}

	@Test
	void aGoodPriorIsKeptAndABadOneReplaced() {
		final float[] x = clean(), y = noisy(x, 5);
		// an oracle denoiser that returns the truth whatever it sees: divergence 0, SURE about 0
		final SureChoice.Choice good = SureChoice.choose(y, W, H, SIGMA, x, v -> x, 6);
		assertEquals("prior", good.chosen, good.table);
		assertEquals(0, good.risk, 0.1 * SIGMA * SIGMA);
		// a prior that does not fit this image: it returns a flat field
		final float[] flat = new float[x.length];
		java.util.Arrays.fill(flat, 0.5f);
		final SureChoice.Choice bad = SureChoice.choose(y, W, H, SIGMA, flat, v -> flat, 6);
		assertTrue(bad.chosen.startsWith("total variation"), bad.table);
		assertTrue(mse(bad.image, x) < 0.5 * mse(flat, x), "the fallback is better than the bad prior");
	}
}
