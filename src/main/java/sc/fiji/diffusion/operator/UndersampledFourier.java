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
 * Proximal step: {@link #proximal} returns the standard k-space data consistency of DiffPIR/DDNM-style
 * MRI samplers, the exact solution for a <em>complex</em> image,
 * <pre>
 * x = Re( F^H( (M y + rho F z) / (M + rho) ) )
 * </pre>
 * i.e. sampled frequencies become {@code (y + rho F z) / (1 + rho)} and the others keep F z. For a
 * real-valued x the exact minimiser of {@code ||A x - y||^2 + rho ||x - z||^2} differs from this
 * unless the mask is point-symmetric about the DC sample (then {@code A^H A} maps real images to real
 * images and both agree); use {@link ConjugateGradient} for the exact real-constrained solution.
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

	@Override
	public Optional<Operand<TFloat32>> proximal(final Ops tf, final Operand<TFloat32> z, final Operand<TFloat32> y,
		final Operand<TFloat32> rho)
	{
		final Operand<TFloat32> m = m(tf);
		final Complex num = fromMeasurement(tf, y).scale(tf, m).plus(tf, transformImage(tf, z).scale(tf, rho));
		return Optional.of(realImage(tf, inverse(tf, num.divide(tf, tf.math.add(m, rho)))));
	}
}
