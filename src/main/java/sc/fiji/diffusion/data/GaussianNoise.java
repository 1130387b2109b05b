package sc.fiji.diffusion.data;

import java.util.SplittableRandom;

/** Deterministic standard normal noise from a 64-bit seed (Marsaglia polar method on SplittableRandom). */
public final class GaussianNoise {

	private GaussianNoise() {}

	/** A batch shaped like {@code like}, filled with independent N(0, 1) samples drawn from {@code seed}. */
	public static Batch like(final Batch like, final long seed) {
		final Batch z = Batch.zeros(like.n(), like.height(), like.width(), like.channels());
		fill(z.data(), seed);
		return z;
	}

	/** Fills {@code out} with independent N(0, 1) samples drawn from {@code seed}. */
	public static void fill(final float[] out, final long seed) {
		final SplittableRandom rng = new SplittableRandom(seed);
		for (int k = 0; k < out.length; k += 2) {
			double u, v, s;
			do {
				u = 2 * rng.nextDouble() - 1;
				v = 2 * rng.nextDouble() - 1;
				s = u * u + v * v;
			} while (s >= 1 || s == 0);
			final double f = Math.sqrt(-2 * Math.log(s) / s);
			out[k] = (float) (u * f);
			if (k + 1 < out.length) out[k + 1] = (float) (v * f);
		}
	}
}
