/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * A complex-valued tensor held as two float32 tensors (real, imaginary) of the same shape, with the
 * discrete Fourier transforms done by TensorFlow's complex64 FFT ops.
 * <p>
 * TensorFlow Java 1.1.0 has no Java class for complex tensors, so complex64 values exist only between
 * a raw {@code Complex} op and the {@code Real}/{@code Imag} ops that immediately follow each
 * transform; everything else (products with transfer functions, shifts, masks) is real arithmetic on
 * the pair. Never ask a complex {@link Output} for its type (TensorFlow Java throws). The FFT ops have
 * no registered gradient, so graphs built from this class cannot be differentiated through the
 * operator: data-term gradients use the explicit adjoint instead.
 */
final class Complex {

	final Operand<TFloat32> re, im;

	Complex(final Operand<TFloat32> re, final Operand<TFloat32> im) {
		this.re = re;
		this.im = im;
	}

	/** The real tensor x as x + 0i. */
	static Complex ofReal(final Ops tf, final Operand<TFloat32> x) {
		return new Complex(x, tf.zerosLike(x));
	}

	/**
	 * The discrete Fourier transform over the last {@code rank} axes (2 or 3):
	 * {@code X[k] = sum_n x[n] exp(-2 pi i k.n / N)}; the inverse is
	 * {@code x[n] = (1 / prod N) sum_k X[k] exp(+2 pi i k.n / N)} (TensorFlow's FFT2D/IFFT2D/FFT3D/IFFT3D,
	 * NumPy's fftn/ifftn conventions).
	 */
	Complex fft(final Ops tf, final int rank, final boolean inverse) {
		final String type = (inverse ? "IFFT" : "FFT") + rank + "D";
		if (rank != 2 && rank != 3) throw new IllegalArgumentException("FFT rank must be 2 or 3, got " + rank);
		final GraphOperation c = (GraphOperation) tf.scope().opBuilder("Complex", "Complex")
			.addInput(re.asOutput()).addInput(im.asOutput()).setAttr("Tout", DataType.DT_COMPLEX64).build();
		final GraphOperation f = (GraphOperation) tf.scope().opBuilder(type, type).addInput(c.output(0)).build();
		return new Complex(part(tf, "Real", f.output(0)), part(tf, "Imag", f.output(0)));
	}

	private static Operand<TFloat32> part(final Ops tf, final String type, final Output<?> complex) {
		final GraphOperation op = (GraphOperation) tf.scope().opBuilder(type, type).addInput(complex)
			.setAttr("Tout", DataType.DT_FLOAT).build();
		return op.output(0);
	}

	/** (a + ib)(c + id). */
	Complex times(final Ops tf, final Complex o) {
		return new Complex(tf.math.sub(tf.math.mul(re, o.re), tf.math.mul(im, o.im)),
			tf.math.add(tf.math.mul(re, o.im), tf.math.mul(im, o.re)));
	}

	/** (a + ib) conj(c + id). */
	Complex timesConj(final Ops tf, final Complex o) {
		return new Complex(tf.math.add(tf.math.mul(re, o.re), tf.math.mul(im, o.im)),
			tf.math.sub(tf.math.mul(im, o.re), tf.math.mul(re, o.im)));
	}

	/** Both parts multiplied by the real s (broadcasting). */
	Complex scale(final Ops tf, final Operand<TFloat32> s) {
		return new Complex(tf.math.mul(re, s), tf.math.mul(im, s));
	}

	/** Both parts divided by the real s (broadcasting). */
	Complex divide(final Ops tf, final Operand<TFloat32> s) {
		return new Complex(tf.math.div(re, s), tf.math.div(im, s));
	}

	Complex plus(final Ops tf, final Complex o) {
		return new Complex(tf.math.add(re, o.re), tf.math.add(im, o.im));
	}

	/** Both parts rolled by {@code shifts} along {@code axes} (see {@link Graphs#roll}). */
	Complex roll(final Ops tf, final int[] shifts, final int[] axes) {
		return new Complex(Graphs.roll(tf, re, shifts, axes), Graphs.roll(tf, im, shifts, axes));
	}
}
