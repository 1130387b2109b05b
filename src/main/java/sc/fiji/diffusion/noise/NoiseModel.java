package sc.fiji.diffusion.noise;

import java.util.Locale;

import sc.fiji.diffusion.data.GaussianBlur;

/**
 * The measurement noise of y = A x + n, in the units of the input image.
 * <ul>
 * <li><b>Gaussian</b>: n ~ N(0, sigma^2), the same everywhere.</li>
 * <li><b>Poisson-Gaussian</b> (camera noise): y = (Poisson(a x) + a n_r) / a with n_r ~ N(0, sigma_r^2),
 * i.e. var(y_i) = x_i / a + sigma_r^2, where the photon scale a is the number of photo-electrons per
 * unit of image intensity (1 / gain) and sigma_r the read noise in image units. (A camera with gain g
 * electrons per grey value and read noise r electrons has a = g and sigma_r = r / g.)</li>
 * </ul>
 * Data terms use the Gaussian (weighted least-squares) form of the likelihood,
 * -log p(y | x) = sum_i (A x - y)_i^2 / (2 var_i) + const, with var_i from {@link #variance} evaluated at
 * the smoothed measurement (var_i = max(y_i, 1 / a) / a + sigma_r^2 for Poisson-Gaussian: at least one
 * photo-electron's worth, so that dark pixels do not get unbounded weight), whose gradient is
 * A^H W (A x - y), W = diag(1 / var_i). For denoising, the Poisson-Gaussian case is instead turned into
 * unit Gaussian noise by the generalised Anscombe transform ({@link Anscombe}).
 */
public final class NoiseModel {

	private final double sigma, photons, readSigma;

	private NoiseModel(final double sigma, final double photons, final double readSigma) {
		this.sigma = sigma;
		this.photons = photons;
		this.readSigma = readSigma;
	}

	/** Gaussian noise of standard deviation {@code sigma} (image units; NaN: to be estimated). */
	public static NoiseModel gaussian(final double sigma) {
		if (sigma < 0 || Double.isInfinite(sigma)) throw new IllegalArgumentException("Noise sigma must be finite and >= 0, got " + sigma);
		return new NoiseModel(sigma, Double.NaN, Double.NaN);
	}

	/**
	 * Poisson-Gaussian noise: {@code photons} photo-electrons per unit of image intensity and Gaussian read
	 * noise {@code readSigma} (image units).
	 */
	public static NoiseModel poissonGaussian(final double photons, final double readSigma) {
		if (!(photons > 0) || Double.isInfinite(photons)) throw new IllegalArgumentException("The photon scale must be positive, got " + photons);
		if (!(readSigma >= 0) || Double.isInfinite(readSigma)) throw new IllegalArgumentException("The read noise must be finite and >= 0, got " + readSigma);
		return new NoiseModel(Double.NaN, photons, readSigma);
	}

	public boolean isPoissonGaussian() { return !Double.isNaN(photons); }

	/** The Gaussian sigma (NaN for Poisson-Gaussian, or when it is to be estimated). */
	public double sigma() { return sigma; }

	public double photons() { return photons; }

	public double readSigma() { return readSigma; }

	/** var_i of each measured value (image units squared); Gaussian: sigma^2 everywhere. */
	public float[] variance(final float[] y) {
		final float[] v = new float[y.length];
		for (int i = 0; i < y.length; i++)
			v[i] = (float) (isPoissonGaussian() ? Math.max(y[i], 1 / photons) / photons + readSigma * readSigma : sigma * sigma);
		return v;
	}

	/**
	 * {@link #variance(float[])} of a {@code width x height} measurement evaluated at its Gaussian-smoothed
	 * values (sigma {@value #SMOOTHING} pixels): the signal, not its noise, sets the variance, so that dark
	 * pixels whose noise happened to be negative do not get the large weight of a read-noise-only pixel.
	 */
	public float[] variance(final float[] y, final int width, final int height) {
		return variance(isPoissonGaussian() ? GaussianBlur.blur(y, width, height, SMOOTHING) : y);
	}

	/** Smoothing of the measurement before its variance is taken, in pixels. */
	public static final double SMOOTHING = 1.5;

	@Override
	public String toString() {
		return isPoissonGaussian() ? String.format(Locale.ROOT, "Poisson-Gaussian (%.4g photons per unit, read noise %.4g)", photons, readSigma)
			: String.format(Locale.ROOT, "Gaussian (sigma %.4g)", sigma);
	}
}
