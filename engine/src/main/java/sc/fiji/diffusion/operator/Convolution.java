/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.Optional;

import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Constant;
import org.tensorflow.types.TFloat32;

import sc.fiji.diffusion.model.TensorFlowNatives;

/**
 * Convolution with a point spread function h, computed with FFTs in the graph; the common code of
 * {@link Convolution2D} and {@link Convolution3D}.
 * <p>
 * Convolution is centred: {@code (h * x)[i] = sum_k h[k] x[i - (k - c)]} with the PSF's centre
 * {@code c = size / 2} on every axis, so a delta at pixel i gives the PSF centred at i.
 * <p>
 * Two boundary models:
 * <ul>
 * <li><b>padded</b> (the default, for deconvolution): the measurement y has the size of the recorded
 * image, {@code M} per axis, and depends on the unknown x on a larger domain of {@code M + 2p} with
 * {@code p = psfSize / 2} on each side, which holds the light that was blurred into the field of view
 * from outside it:
 * <pre>
 * y = A x = crop_p( h (*) x )          x on (M + 2p), y on M
 * A^H y = conj(h) (*) zeropad_p(y)     (crop^H = zero-padding; correlation with h)
 * </pre>
 * where (*) is circular convolution on the padded domain, done as {@code IFFT(OTF . FFT(x))}.
 * Because {@code p} is at least the PSF's radius on each side, nothing wraps around: each y pixel is
 * the ordinary (linear) convolution of x at that pixel. This avoids the ringing that a circular or
 * zero-boundary model puts at the borders of a deconvolved image. {@link #imageShape()} is the padded
 * one; start from {@link #padImage} (reflection padding of the measurement) and return
 * {@link #cropImage} of the estimate. No closed-form proximal (the crop makes {@code A^H A}
 * non-diagonal in Fourier space): use {@link ConjugateGradient}.</li>
 * <li><b>circular</b>: image and measurement have the same size and the convolution wraps around
 * (periodic boundaries), {@code A = F^{-1} diag(OTF) F}. Then the proximal step is exact in Fourier
 * space: {@code x = F^{-1}[(conj(OTF) F y + rho F z) / (|OTF|^2 + rho)]}. For synthetic tests and for
 * images whose borders are dark.</li>
 * </ul>
 * The transfer function OTF (the FFT of the PSF placed with its centre at the origin of the domain)
 * is computed once per operator, in float32 by TensorFlow, and baked into each graph once as two
 * constants (real and imaginary part).
 */
public abstract class Convolution implements LinearOperator {

	private final PointSpreadFunction psf;
	private final int rank;
	private final int[] measured, pad, domain;
	private final boolean circular;
	private float[] otfRe, otfIm;
	private final Map<Graph, String[]> otfOps = Collections.synchronizedMap(new WeakHashMap<>());

	Convolution(final PointSpreadFunction psf, final int[] measured, final boolean circular) {
		this.rank = measured.length;
		if (psf.rank() != rank)
			throw new IllegalArgumentException("A " + rank + "D convolution needs a " + rank + "D PSF, got a " + psf.rank() + "D " + psf);
		for (final int m : measured)
			if (m < 1) throw new IllegalArgumentException("Image size must be positive, got " + sizeString(measured));
		for (int a = 0; a < rank; a++)
			if (psf.size(a) > measured[a])
				throw new IllegalArgumentException("The PSF (" + sizeString(psf.dims()) + ") is larger than the image (" + sizeString(measured)
					+ "); crop the PSF to at most the image size");
		this.psf = psf;
		this.measured = measured.clone();
		this.circular = circular;
		this.pad = new int[rank];
		this.domain = new int[rank];
		for (int a = 0; a < rank; a++) {
			pad[a] = circular ? 0 : psf.size(a) / 2;
			domain[a] = measured[a] + 2 * pad[a];
		}
	}

	/** W x H (x D) of dims given slowest first. */
	static String sizeString(final int[] dims) {
		final StringBuilder b = new StringBuilder();
		for (int a = dims.length - 1; a >= 0; a--) b.append(dims[a]).append(a > 0 ? "x" : "");
		return b.toString();
	}

	public PointSpreadFunction psf() { return psf; }

	/** True for the periodic model, false for the padded one. */
	public boolean isCircular() { return circular; }

	/** Padding of the image domain on each side, per spatial axis (slowest first); zeros when circular. */
	public int[] padding() { return pad.clone(); }

	/** Spatial size of the measurement (slowest axis first). */
	public int[] measuredSize() { return measured.clone(); }

	/** Spatial size of the unknown image (slowest axis first): measured size plus twice the padding. */
	public int[] imageSize() { return domain.clone(); }

	@Override
	public long[] imageShape() { return withChannel(domain); }

	@Override
	public long[] measurementShape() { return withChannel(measured); }

	private static long[] withChannel(final int[] dims) {
		final long[] s = new long[dims.length + 1];
		for (int a = 0; a < dims.length; a++) s[a] = dims[a];
		s[dims.length] = 1;
		return s;
	}

	@Override
	public String name() {
		return (rank == 3 ? "3D" : "2D") + " convolution (" + (circular ? "circular" : "padded") + ") of " + sizeString(measured)
			+ " with a " + sizeString(psf.dims()) + " PSF";
	}

	// ---- graph -----------------------------------------------------------------------------------

	/**
	 * The OTF as two constants of the graph, added once per graph: a conjugate-gradient solve calls A
	 * and A^H many times, and a 3D OTF is megabytes. The cache holds the ops' names, not the ops, so it
	 * does not keep a graph alive.
	 */
	private Complex otf(final Ops tf) {
		computeOtf();
		final ExecutionEnvironment env = tf.scope().env();
		if (env instanceof Graph) {
			final Graph g = (Graph) env;
			final String[] names = otfOps.get(g);
			if (names != null) {
				final GraphOperation re = g.operation(names[0]), im = g.operation(names[1]);
				if (re != null && im != null) return new Complex(re.output(0), im.output(0));
			}
		}
		final long[] shape = Arrays.stream(domain).asLongStream().toArray();
		final Constant<TFloat32> re = tf.constant(Shape.of(shape), DataBuffers.of(otfRe, true, false));
		final Constant<TFloat32> im = tf.constant(Shape.of(shape), DataBuffers.of(otfIm, true, false));
		if (env instanceof Graph) otfOps.put((Graph) env, new String[] { re.op().name(), im.op().name() });
		return new Complex(re, im);
	}

	/** x [N, domain..., 1] -> FFT of [N, 1, domain...]. */
	private Complex spectrum(final Ops tf, final Operand<TFloat32> x) {
		return Complex.ofReal(tf, Graphs.channelsFirst(tf, x, rank + 2)).fft(tf, rank, false);
	}

	/** Real part of the inverse FFT, back to channels-last [N, domain..., 1]. */
	private Operand<TFloat32> image(final Ops tf, final Complex spectrum) {
		return Graphs.channelsLast(tf, spectrum.fft(tf, rank, true).re, rank + 2);
	}

	@Override
	public Operand<TFloat32> apply(final Ops tf, final Operand<TFloat32> x) {
		return crop(tf, image(tf, spectrum(tf, x).times(tf, otf(tf))));
	}

	@Override
	public Operand<TFloat32> adjoint(final Ops tf, final Operand<TFloat32> y) {
		return image(tf, spectrum(tf, zeroPad(tf, y)).timesConj(tf, otf(tf)));
	}

	@Override
	public Optional<Operand<TFloat32>> proximal(final Ops tf, final Operand<TFloat32> z, final Operand<TFloat32> y,
		final Operand<TFloat32> rho)
	{
		if (!circular) return Optional.empty();
		final Complex h = otf(tf);
		final Operand<TFloat32> power = tf.math.add(tf.math.square(h.re), tf.math.square(h.im));
		// rho (scalar or [N, 1, .., 1]) broadcasts against the channels-first spectra [N, 1, domain...]
		final Complex num = spectrum(tf, y).timesConj(tf, h).plus(tf, spectrum(tf, z).scale(tf, rho));
		return Optional.of(image(tf, num.divide(tf, tf.math.add(power, rho))));
	}

	/** The central measured region of an image batch [N, domain..., 1] (the identity when circular). */
	public Operand<TFloat32> crop(final Ops tf, final Operand<TFloat32> x) {
		if (circular) return x;
		final int[] begin = new int[rank + 2], size = new int[rank + 2];
		size[0] = -1;
		size[rank + 1] = 1;
		for (int a = 0; a < rank; a++) {
			begin[a + 1] = pad[a];
			size[a + 1] = measured[a];
		}
		return tf.slice(x, Graphs.ints(tf, begin), Graphs.ints(tf, size));
	}

	/** Zero-padding of a measurement batch [N, measured..., 1] to the image domain: the adjoint of {@link #crop}. */
	public Operand<TFloat32> zeroPad(final Ops tf, final Operand<TFloat32> y) {
		return circular ? y : tf.pad(y, paddings(tf), tf.constant(0f));
	}

	/**
	 * Reflection padding of a measurement batch to the image domain ({@code d c b | a b c d | c b a}),
	 * the usual starting point of a deconvolution.
	 */
	public Operand<TFloat32> padImage(final Ops tf, final Operand<TFloat32> y) {
		return circular ? y : tf.mirrorPad(y, paddings(tf), "REFLECT");
	}

	private Operand<org.tensorflow.types.TInt32> paddings(final Ops tf) {
		final int[][] p = new int[rank + 2][2];
		for (int a = 0; a < rank; a++) p[a + 1][0] = p[a + 1][1] = pad[a];
		return tf.constant(p);
	}

	// ---- Java side -------------------------------------------------------------------------------

	/** {@link #padImage(Ops, Operand)} in Java for {@code n} measurements stored one after the other. */
	public float[] padImage(final float[] measurements, final int n) {
		requireLength(measurements, n, measured, "measurement");
		return remap(measurements, n, measured, domain, (a, i) -> reflect(i - pad[a], measured[a]));
	}

	/** {@link #crop(Ops, Operand)} in Java for {@code n} images stored one after the other. */
	public float[] cropImage(final float[] images, final int n) {
		requireLength(images, n, domain, "image");
		return remap(images, n, domain, measured, (a, i) -> i + pad[a]);
	}

	/**
	 * Copies {@code n} row-major arrays of shape {@code src} into arrays of shape {@code dst}: output index
	 * i along axis a reads source index {@code source.applyAsInt(a, i)}.
	 */
	private float[] remap(final float[] in, final int n, final int[] src, final int[] dst, final java.util.function.IntBinaryOperator source) {
		final int dstSize = product(dst), srcSize = product(src);
		final float[] out = new float[n * dstSize];
		final int[] idx = new int[rank];
		for (int s = 0; s < n; s++)
			for (int k = 0; k < dstSize; k++) {
				int rem = k, from = 0;
				for (int a = rank - 1; a >= 0; a--) {
					idx[a] = rem % dst[a];
					rem /= dst[a];
				}
				for (int a = 0; a < rank; a++) from = from * src[a] + source.applyAsInt(a, idx[a]);
				out[s * dstSize + k] = in[s * srcSize + from];
			}
		return out;
	}

	/** Index i reflected into [0, n) without repeating the edge sample (period 2n - 2). */
	static int reflect(int i, final int n) {
		if (n == 1) return 0;
		final int period = 2 * n - 2;
		i = Math.floorMod(i, period);
		return i < n ? i : period - i;
	}

	private void requireLength(final float[] v, final int n, final int[] dims, final String what) {
		if (n < 1 || v.length != (long) n * product(dims))
			throw new IllegalArgumentException(name() + ": " + v.length + " values for " + n + " " + what + "(s) of " + sizeString(dims)
				+ ", expected " + (long) n * product(dims));
	}

	static int product(final int[] dims) {
		int p = 1;
		for (final int d : dims) p *= d;
		return p;
	}

	/**
	 * The PSF placed on the image domain with its centre at the origin (index 0, wrapping negative
	 * offsets to the far end), so that circular convolution with it is the centred convolution.
	 */
	float[] kernelOnDomain() {
		final int[] k = psf.dims();
		final float[] h = psf.array(), out = new float[product(domain)];
		final int[] idx = new int[rank];
		for (int i = 0; i < h.length; i++) {
			int rem = i, to = 0;
			for (int a = rank - 1; a >= 0; a--) {
				idx[a] = rem % k[a];
				rem /= k[a];
			}
			for (int a = 0; a < rank; a++) to = to * domain[a] + Math.floorMod(idx[a] - k[a] / 2, domain[a]);
			out[to] += h[i];
		}
		return out;
	}

	private synchronized void computeOtf() {
		if (otfRe != null) return;
		final long[] shape = Arrays.stream(domain).asLongStream().toArray();
		try (Graph g = TensorFlowNatives.newGraph(); Session s = new Session(g)) {
			final Ops tf = Ops.create(g);
			final Complex f = Complex.ofReal(tf, Graphs.constant(tf, kernelOnDomain(), shape)).fft(tf, rank, false);
			try (Result r = s.runner().fetch(f.re).fetch(f.im).run()) {
				final float[] re = new float[product(domain)], im = new float[re.length];
				((TFloat32) r.get(0)).copyTo(DataBuffers.of(re, false, false));
				((TFloat32) r.get(1)).copyTo(DataBuffers.of(im, false, false));
				otfIm = im;
				otfRe = re;
			}
		}
	}
}
