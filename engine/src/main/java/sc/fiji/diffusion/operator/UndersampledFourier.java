/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Single-coil compressed-sensing MRI: the centred, unitary 2D discrete Fourier transform followed by a
 * k-space sampling mask M (1 = sampled).
 * <p>
 * Conventions (the project's k-space layout):
 * <ul>
 * <li>{@code k = M fftshift(FFT2D(ifftshift(x))) / sqrt(H W)}: unitary (||F x|| = ||x||), with the DC
 * sample at {@code (H/2, W/2)} (integer division) and the image origin at pixel {@code (H/2, W/2)};
 * {@code fftshift} rolls by {@code +floor(n/2)}, {@code ifftshift} by {@code -floor(n/2)} on each
 * axis, as in NumPy, so odd sizes work too. Row index = phase-encode (ky), column = readout (kx).</li>
 * <li>Image {@code [N, H, W, 1]}, real-valued (magnitude images); measurement {@code [N, H, W, 2]} with
 * (real, imaginary) on the last axis, zero where M is 0.</li>
 * <li>Because the unknown x is real, A maps R^{HW} into C^{HW} = R^{2HW} and its adjoint for the real
 * inner product is the real part of the complex adjoint:
 * {@code A^H y = Re(sqrt(H W) fftshift(IFFT2D(ifftshift(M y))))}. This makes
 * {@code <A x, y> = <x, A^H y>} hold over the reals.</li>
 * </ul>
 * Proximal step. For a real image the normal operator is still diagonal in k-space:
 * {@code Re(A^H A) x = F^H D F x} with the symmetrised mask {@code D[k] = (M[k] + M[-k]) / 2}, because
 * the spectrum of a real image is Hermitian ({@code X[-k] = conj(X[k])}); here {@code -k} is the index
 * {@code (2 floor(n/2) - i) mod n} per axis. {@link #proximal} is therefore exact for real x:
 * <pre>
 * x = argmin_{x real} ||A x - y||^2 + rho ||x - z||^2 = F^H( F(A^H y + rho z) / (D + rho) )
 * </pre>
 * {@link #complexDataConsistency} is the standard k-space data consistency of DiffPIR/DDNM-style MRI
 * samplers, the exact solution for a <em>complex</em> image, of which the real part is kept:
 * <pre>
 * x = Re( F^H( (M y + rho F z) / (M + rho) ) )
 * </pre>
 * (sampled frequencies become {@code (y + rho F z) / (1 + rho)}, the others keep {@code F z}). Both
 * agree when the mask is point-symmetric about the DC sample and y is the k-space of a real image;
 * otherwise only {@link #proximal} minimises the stated objective over real images.
 */
public final class UndersampledFourier implements LinearOperator {

	private final Mask mask;
	private final int height, width;

	public UndersampledFourier(final Mask mask) {
		this.mask = mask;
		this.height = mask.height();
		this.width = mask.width();
	}

	/** Checks that the mask fits images of {@code height x width}, naming both sizes if not. */
	public UndersampledFourier(final Mask mask, final int height, final int width) {
		this(mask.requireSize(height, width, "image"));
	}

	public Mask mask() { return mask; }

	private Operand<TFloat32> m(final Ops tf) {
		return Graphs.constant(tf, mask.array(), height, width);
	}

	/** The spatial axes of the channels-first layout [N, C, H, W]. */
	private static final int[] AXES = { 2, 3 };

	private int[] fftshift() { return new int[] { height / 2, width / 2 }; }

	private int[] ifftshift() { return new int[] { -(height / 2), -(width / 2) }; }

	/** Centred unitary transform of a complex batch [N, C, H, W]. */
	Complex forward(final Ops tf, final Complex x) {
		final Complex k = x.roll(tf, ifftshift(), AXES).fft(tf, 2, false).roll(tf, fftshift(), AXES);
		return k.scale(tf, tf.constant((float) (1 / Math.sqrt((double) height * width))));
	}

	/** Inverse centred unitary transform of a complex batch [N, C, H, W]. */
	Complex inverse(final Ops tf, final Complex k) {
		final Complex x = k.roll(tf, ifftshift(), AXES).fft(tf, 2, true).roll(tf, fftshift(), AXES);
		return x.scale(tf, tf.constant((float) Math.sqrt((double) height * width)));
	}

	/** [N, 1, H, W] complex to [N, H, W, 2] (real, imaginary). */
	private static Operand<TFloat32> toMeasurement(final Ops tf, final Complex k) {
		return Graphs.channelsLast(tf, tf.concat(Arrays.asList(k.re, k.im), tf.constant(1)), 4);
	}

	/** [N, H, W, 2] to [N, 1, H, W] complex. */
	private static Complex fromMeasurement(final Ops tf, final Operand<TFloat32> y) {
		final Operand<TFloat32> y2 = Graphs.channelsFirst(tf, y, 4);
		final List<Output<TFloat32>> parts = tf.split(tf.constant(1), y2, 2L).output();
		return new Complex(parts.get(0), parts.get(1));
	}

	private Complex transformImage(final Ops tf, final Operand<TFloat32> x) {
		return forward(tf, Complex.ofReal(tf, Graphs.channelsFirst(tf, x, 4)));
	}

	private static Operand<TFloat32> realImage(final Ops tf, final Complex x) {
		return Graphs.channelsLast(tf, x.re, 4);
	}

	@Override
	public Operand<TFloat32> apply(final Ops tf, final Operand<TFloat32> x) {
		return toMeasurement(tf, transformImage(tf, x).scale(tf, m(tf)));
	}

	@Override
	public Operand<TFloat32> adjoint(final Ops tf, final Operand<TFloat32> y) {
		return realImage(tf, inverse(tf, fromMeasurement(tf, y).scale(tf, m(tf))));
	}

	@Override public long[] imageShape() { return new long[] { height, width, 1 }; }

	@Override public long[] measurementShape() { return new long[] { height, width, 2 }; }

	@Override
	public String name() {
		return String.format(java.util.Locale.ROOT, "undersampled Fourier %dx%d (R=%.2f)", width, height, mask.acceleration());
	}

	/** {@code D = (M[k] + M[-k]) / 2}: the k-space diagonal of {@code Re(A^H A)} on real images. */
	float[] symmetrisedMask() {
		final float[] m = mask.array(), d = new float[m.length];
		for (int u = 0; u < height; u++)
			for (int v = 0; v < width; v++) {
				final int mu = Math.floorMod(2 * (height / 2) - u, height), mv = Math.floorMod(2 * (width / 2) - v, width);
				d[u * width + v] = 0.5f * (m[u * width + v] + m[mu * width + mv]);
			}
		return d;
	}

	/**
	 * Exact for real images: {@code x = F^H( F(A^H y + rho z) / (D + rho) )}, see the class description,
	 * evaluated as the correction {@code x = z + F^H( [D > 0] F(A^H (y - A z)) / (D + rho) )}. The two are
	 * equal because the spectrum of {@code A^H (y - A z)} vanishes where D = 0; the second form never
	 * divides rounding errors by a tiny rho (nearly noiseless data early in a sampler: rho ~ 1e-10), where
	 * the first amplifies them into the unsampled frequencies.
	 */
	@Override
	public Optional<Operand<TFloat32>> proximal(final Ops tf, final Operand<TFloat32> z, final Operand<TFloat32> y,
		final Operand<TFloat32> rho)
	{
		final float[] dv = symmetrisedMask(), seen = new float[dv.length];
		for (int i = 0; i < dv.length; i++) seen[i] = dv[i] > 0 ? 1 : 0;
		final Operand<TFloat32> d = Graphs.constant(tf, dv, height, width), s = Graphs.constant(tf, seen, height, width);
		final Operand<TFloat32> r = adjoint(tf, tf.math.sub(y, apply(tf, z)));
		final Complex update = transformImage(tf, r).scale(tf, s).divide(tf, tf.math.add(d, rho));
		return Optional.of(tf.math.add(z, realImage(tf, inverse(tf, update))));
	}

	/**
	 * The complex-image data consistency of DiffPIR/DDNM-style samplers,
	 * {@code x = Re(F^H((M y + rho F z) / (M + rho)))}; equal to {@link #proximal} for point-symmetric
	 * masks, see the class description. {@code rho > 0}, a scalar or {@code [N, 1, 1, 1]}.
	 */
	public Operand<TFloat32> complexDataConsistency(final Ops tf, final Operand<TFloat32> z, final Operand<TFloat32> y,
		final Operand<TFloat32> rho)
	{
		final Operand<TFloat32> m = m(tf);
		final Complex num = fromMeasurement(tf, y).scale(tf, m).plus(tf, transformImage(tf, z).scale(tf, rho));
		return realImage(tf, inverse(tf, num.divide(tf, tf.math.add(m, rho))));
	}
}
