/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import sc.fiji.diffusion.noise.PoissonGaussianFit;

import java.util.Locale;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.operator.MirroredZ;
import sc.fiji.diffusion.operator.Convolution2D;
import sc.fiji.diffusion.operator.Convolution3D;
import sc.fiji.diffusion.operator.LinearOperator;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.Operators;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.operator.VolumeSlices;

/**
 * One 2D measurement y = A x + n to restore, in the units of the input image, with its forward operator A
 * ({@link Operators}): what {@link Restoration} needs besides the prior and the settings. Made by the
 * factories below, which check sizes and finiteness.
 * <p>
 * Besides y and A, a problem knows
 * <ul>
 * <li>which values fix the intensity normalisation (the input image; only its observed pixels for
 * inpainting; the zero-filled image A^H y for MRI);</li>
 * <li>the start image of the samplers, in the image domain of A, from a (normalised) measurement: y for
 * denoising, the reflection-padded y for deconvolution ({@link Convolution2D#padImage}), y with the
 * unobserved pixels set to the mean of the observed ones for inpainting, the nearest-neighbour upsampled
 * y for super-resolution, and the zero-filled A^H y for MRI;</li>
 * <li>how an estimate on A's image domain becomes the output (the deconvolution's padding is cropped).</li>
 * </ul>
 */
public final class RestorationProblem {

	private final Restoration.Task task;
	private final LinearOperator op;
	private final Batch y;
	private final float[] fitValues;
	private final float[] noiseImage, observed;
	private final int noiseWidth, noiseHeight;

	private RestorationProblem(final Restoration.Task task, final LinearOperator op, final Batch y, final float[] fitValues,
		final float[] noiseImage, final float[] observed, final int noiseWidth, final int noiseHeight)
	{
		this.task = task;
		this.op = op;
		this.y = Operators.requireMeasurement(op, y);
		this.fitValues = fitValues;
		this.noiseImage = noiseImage;
		this.observed = observed;
		this.noiseWidth = noiseWidth;
		this.noiseHeight = noiseHeight;
	}

	/** Denoising: y = x + n. */
	public static RestorationProblem denoising(final float[] image, final int width, final int height) {
		final Batch y = image(image, width, height, "Input image");
		return new RestorationProblem(Restoration.Task.DENOISE, Operators.denoising(height, width), y, y.data(), y.data(), null, width, height);
	}

	/**
	 * Deconvolution: y = crop(h * x) + n, the padded model of {@link Convolution2D} (no wrap-around); the
	 * output has the size of the input.
	 *
	 * @throws IllegalArgumentException if the PSF is not 2D or larger than the image
	 */
	public static RestorationProblem deconvolution(final float[] image, final int width, final int height, final PointSpreadFunction psf) {
		final Batch y = image(image, width, height, "Input image");
		if (psf.rank() != 2) throw new IllegalArgumentException("Deconvolution of a 2D image needs a 2D PSF, got a " + psf.rank() + "D one");
		if (psf.size(0) > height || psf.size(1) > width)
			throw new IllegalArgumentException("The PSF (" + psf.size(1) + "x" + psf.size(0) + " pixels) is larger than the image (" + width + "x" + height
				+ "); crop the PSF to at most the image size");
		return new RestorationProblem(Restoration.Task.DECONVOLVE, Operators.deconvolution2D(psf, height, width), y, y.data(), y.data(), null,
			width, height);
	}

	/**
	 * 3D deconvolution of a volume of {@code depth} slices of {@code width x height} (z slowest) with a 3D
	 * PSF (z, y, x): the padded model of {@link Convolution3D} in x and y and a mirror boundary in z
	 * ({@link MirroredZ}). The volume is handled as
	 * a tall image of its stacked slices ({@link VolumeSlices}), which the 2D prior sees slice by slice;
	 * the output is the volume in the same layout.
	 *
	 * @throws IllegalArgumentException if the PSF is not 3D or larger than the volume
	 */
	public static RestorationProblem deconvolution3D(final float[] volume, final int width, final int height, final int depth,
		final PointSpreadFunction psf)
	{
		if (depth < 1) throw new IllegalArgumentException("Depth must be positive, got " + depth);
		final Batch y = image(volume, width, height * depth, "Input volume");
		if (psf.rank() != 3) throw new IllegalArgumentException("3D deconvolution needs a 3D PSF, got a " + psf.rank() + "D one");
		if (psf.size(0) > depth || psf.size(1) > height || psf.size(2) > width)
			throw new IllegalArgumentException("The PSF (" + psf.size(2) + "x" + psf.size(1) + "x" + psf.size(0) + ") is larger than the volume (" + width + "x"
				+ height + "x" + depth + "); crop the PSF or use more slices");
		final VolumeSlices op = new VolumeSlices(new MirroredZ(Operators.deconvolution3D(psf, depth, height, width)));
		return new RestorationProblem(Restoration.Task.DECONVOLVE, op, new Batch(1, height * depth, width, 1, y.data()), y.data(), y.data(), null, width,
			height * depth);
	}

	/** Inpainting: y = M x + n, M = 1 on the observed pixels; the values of the others are ignored. */
	public static RestorationProblem inpainting(final float[] image, final int width, final int height, final Mask observed) {
		final Batch y = image(image, width, height, "Input image");
		observed.requireSize(height, width, "input image");
		final float[] m = observed.values();
		final float[] seen = new float[observed.sampledCount()];
		for (int k = 0, j = 0; k < m.length; k++) {
			if (m[k] == 1) seen[j++] = y.data()[k];
			else y.data()[k] = 0;
		}
		return new RestorationProblem(Restoration.Task.INPAINT, Operators.inpainting(observed, height, width), y, seen, y.data(), m, width, height);
	}

	/** Super-resolution: y = (average of f x f blocks of x) + n; the output is f times larger. */
	public static RestorationProblem superResolution(final float[] image, final int width, final int height, final int factor) {
		if (factor < 2) throw new IllegalArgumentException("The super-resolution factor must be at least 2, got " + factor);
		final Batch y = image(image, width, height, "Input image");
		return new RestorationProblem(Restoration.Task.SR, Operators.superResolution(height, width, factor), y, y.data(), y.data(), null, width,
			height);
	}

	/**
	 * MRI from undersampled k-space (centred, unitary DFT; see {@link sc.fiji.diffusion.operator.UndersampledFourier}):
	 * y = M F x + n. Values of y where the mask is 0 are ignored (set to 0).
	 *
	 * @param real the real part of the k-space, {@code height x width}, row-major; {@code imag} likewise
	 */
	public static RestorationProblem mri(final float[] real, final float[] imag, final int width, final int height, final Mask sampled) {
		image(real, width, height, "k-space (real part)");
		image(imag, width, height, "k-space (imaginary part)");
		sampled.requireSize(height, width, "k-space");
		final float[] m = sampled.values();
		final float[] k = new float[2 * width * height];
		for (int p = 0; p < m.length; p++) {
			k[2 * p] = m[p] * real[p];
			k[2 * p + 1] = m[p] * imag[p];
		}
		final LinearOperator op = Operators.mri(sampled, height, width);
		final Batch y = new Batch(1, height, width, 2, k);
		final float[] zeroFilled = Operators.run(op, y, true).data();
		return new RestorationProblem(Restoration.Task.MRI, op, y, zeroFilled, null, null, width, height);
	}

	/**
	 * MRI with any k-space operator, e.g. multi-coil ({@link sc.fiji.diffusion.operator.MultiCoilFourier}):
	 * {@code y} is one measurement of the operator's shape, in input units, zero where not sampled. The
	 * normalisation is fitted to the zero-filled image A^H y, which is also the samplers' start.
	 */
	public static RestorationProblem mri(final LinearOperator op, final Batch y) {
		Operators.requireMeasurement(op, y);
		if (y.n() != 1) throw new IllegalArgumentException("One k-space measurement expected, got a batch of " + y.n());
		final Batch k = y.copy().requireFinite("k-space");
		final float[] zeroFilled = Operators.run(op, k, true).data();
		return new RestorationProblem(Restoration.Task.MRI, op, k, zeroFilled, null, null, (int) op.imageShape()[1], (int) op.imageShape()[0]);
	}

	/**
	 * A retrospectively undersampled MRI problem: the k-space of {@code image} (real-valued), sampled by
	 * {@code sampled}, plus complex Gaussian noise of {@code noiseSigma} (input units, per real and
	 * imaginary component of each sampled value; 0 for none) drawn from {@code seed}.
	 */
	public static RestorationProblem simulatedMri(final float[] image, final int width, final int height, final Mask sampled,
		final double noiseSigma, final long seed)
	{
		final Batch x = image(image, width, height, "Input image");
		sampled.requireSize(height, width, "input image");
		if (!(noiseSigma >= 0)) throw new IllegalArgumentException("Noise sigma must be >= 0, got " + noiseSigma);
		final Batch k = Operators.run(Operators.mri(sampled, height, width), x, false);
		final float[] re = new float[width * height], im = new float[width * height];
		final float[] noise = new float[2 * width * height];
		if (noiseSigma > 0) GaussianNoise.fill(noise, seed);
		for (int p = 0; p < re.length; p++) {
			re[p] = k.data()[2 * p] + (float) noiseSigma * noise[2 * p];
			im[p] = k.data()[2 * p + 1] + (float) noiseSigma * noise[2 * p + 1];
		}
		return mri(re, im, width, height, sampled);
	}

	private static Batch image(final float[] values, final int width, final int height, final String what) {
		if (width < 1 || height < 1) throw new IllegalArgumentException(what + " size must be positive, got " + width + "x" + height);
		if (values.length != (long) width * height)
			throw new IllegalArgumentException(what + " has " + values.length + " values, expected " + width + "x" + height);
		return new Batch(1, height, width, 1, values.clone()).requireFinite(what);
	}

	public Restoration.Task task() { return task; }

	/** Slices per sample that a slice-wise 2D prior sees: the unknown volume's depth (3D), else 1. */
	public int sliceDepth() { return op instanceof VolumeSlices ? ((VolumeSlices) op).depth() : 1; }

	public LinearOperator operator() { return op; }

	/** The measurement y (a batch of one), input units. Do not modify. */
	public Batch measurement() { return y; }

	/** The values the intensity normalisation is fitted to. Do not modify. */
	float[] normalisationValues() { return fitValues; }

	/** Width and height of the output image. */
	public int outputWidth() { return (int) (task == Restoration.Task.DECONVOLVE ? y.width() : op.imageShape()[1]); }

	public int outputHeight() { return (int) (task == Restoration.Task.DECONVOLVE ? y.height() : op.imageShape()[0]); }

	/**
	 * The robust noise estimate of {@link NoiseEstimation#estimateNoiseSigma} on the input image (its observed
	 * pixels for inpainting), in input units; NaN for MRI, whose input is k-space.
	 */
	public double estimateNoiseSigma() {
		return noiseImage == null ? Double.NaN : NoiseEstimation.estimateNoiseSigma(noiseImage, noiseWidth, noiseHeight, observed);
	}

	/**
	 * The camera-noise fit of the input image ({@link NoiseEstimation#cameraNoise}): for denoising and
	 * deconvolution, null for the other tasks or where no fit is possible.
	 */
	public PoissonGaussianFit fitCameraNoise() {
		return noiseImage == null || observed != null ? null : NoiseEstimation.cameraNoise(task, noiseImage, noiseWidth, noiseHeight);
	}

	/** The samplers' start image on A's image domain, from a measurement batch {@code ym} (model units). */
	Batch start(final Batch ym) {
		switch (task) {
			case DENOISE:
				return ym.copy();
			case DECONVOLVE: {
				if (op instanceof Convolution2D) return ((Convolution2D) op).padImage(ym);
				final long[] shape = op.imageShape();
				return new Batch(ym.n(), (int) shape[0], (int) shape[1], 1, convolution3D().padImage(ym.data(), ym.n()));
			}
			case MRI:
				return Operators.run(op, ym, true);
			case INPAINT: {
				final Batch s = ym.copy();
				double sum = 0;
				for (final float v : fitValuesIn(ym)) sum += v;
				final float mean = (float) (sum / Math.max(1, observedCount()));
				final int size = ym.imageSize();
				for (int i = 0; i < ym.n(); i++)
					for (int p = 0; p < size; p++)
						if (observed[p] != 1) s.data()[i * size + p] = mean;
				return s;
			}
			case SR: {
				final int f = (int) (op.imageShape()[0] / ym.height()), h = ym.height() * f, w = ym.width() * f;
				final Batch s = Batch.zeros(ym.n(), h, w, 1);
				for (int i = 0; i < ym.n(); i++)
					for (int r = 0; r < h; r++)
						for (int c = 0; c < w; c++)
							s.data()[(i * h + r) * w + c] = ym.data()[(i * ym.height() + r / f) * ym.width() + c / f];
				return s;
			}
			default:
				throw new IllegalStateException(task.toString());
		}
	}

	/** Observed values of the first image of {@code ym} (inpainting). */
	private float[] fitValuesIn(final Batch ym) {
		final float[] out = new float[observedCount()];
		for (int p = 0, j = 0; p < observed.length; p++)
			if (observed[p] == 1) out[j++] = ym.data()[p];
		return out;
	}

	private int observedCount() {
		int c = 0;
		for (final float v : observed)
			if (v == 1) c++;
		return c;
	}

	/** The output from an estimate on A's image domain (the deconvolution's padding cropped off). */
	Batch output(final Batch x) {
		if (task != Restoration.Task.DECONVOLVE) return x;
		if (op instanceof Convolution2D) return ((Convolution2D) op).cropImage(x);
		return new Batch(x.n(), y.height(), y.width(), 1, convolution3D().cropImage(x.data(), x.n()));
	}

	private MirroredZ convolution3D() {
		return (MirroredZ) ((VolumeSlices) op).volume();
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%s: %s", task.id(), op.name());
	}
}
