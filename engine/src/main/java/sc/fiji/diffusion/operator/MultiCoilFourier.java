/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Multi-coil (parallel imaging) compressed-sensing MRI, SENSE model: for every coil c,
 * <pre>
 *   y_c = M F (S_c x)            A^H y = sum_c conj(S_c) F^H (M y_c)
 * </pre>
 * with F the centred unitary 2D DFT of {@link UndersampledFourier} ({@code fftshift(FFT2D(ifftshift(.))) / sqrt(H W)},
 * DC at {@code (H/2, W/2)}), M the k-space sampling mask (1 = sampled, the same for every coil) and
 * S_c the complex coil sensitivities, {@code C x H x W} row-major (coil slowest). The maps are not
 * required to be normalised, but the reconstruction's scale is that of the root-sum-of-squares image
 * only where {@code sum_c |S_c|^2 = 1} (ESPIRiT's and {@code sc.fiji.diffusion.mri.CoilMaps}' maps).
 * <p>
 * Two image domains (the prior is real-valued; see {@code sc.fiji.diffusion.mri}):
 * <ul>
 * <li>{@link Domain#REAL}: x is a real image {@code [N, H, W, 1]}; its phase lives in the maps (pass
 * {@code S_c e^{i phi}} with the calibration phase phi). The adjoint for the real inner product is the
 * real part: {@code A^H y = Re(sum_c conj(S_c) F^H M y_c)}.</li>
 * <li>{@link Domain#COMPLEX}: x is complex, stored as a tall real image {@code [N, 2H, W, 1]}: the real
 * part on top, the imaginary part below (the layout of {@link VolumeSlices} with two slices), so that a
 * 2D prior sees both parts. The adjoint stacks the real and imaginary parts of the complex adjoint.</li>
 * </ul>
 * Measurements are {@code [N, H, W, 2C]}: channel {@code 2c} holds the real part of coil c's k-space,
 * {@code 2c + 1} its imaginary part; zero where M is 0. Rows are phase-encode lines (ky), columns the
 * readout (kx), as BART's dims 1 and 0.
 * <p>
 * Data consistency ({@link Consistency}). The exact step {@code argmin_x ||A x - y||^2 + rho ||x - z||^2}
 * has no closed form: {@code A^H A = S^H F^H M F S} is not diagonal in any basis the graph can invert
 * cheaply, even with normalised maps; {@link Consistency#SENSE} leaves it to
 * {@link ConjugateGradient#proximal}. With estimated maps the SENSE least-squares problem is
 * ill-conditioned and the maps' errors are amplified (on a 128x96 slice with 8 calibration lines, CG from
 * the zero-filled image reaches its best after 1-5 iterations and falls below the zero-filled image after
 * 20). {@link Consistency#COIL_WISE} (the default) instead makes each coil image consistent with its own
 * data, the closed form used by score-MRI-style samplers:
 * <pre>
 *   u_c = argmin_u ||M F u - y_c||^2 + rho ||u - S_c z||^2 = S_c z + F^H M (y_c - M F S_c z) / (1 + rho)
 *   x   = S^H u = z + A^H (y - A z) / (1 + rho)           (using sum_c |S_c|^2 = 1)
 * </pre>
 * (for the real domain, the real part). It is the exact step where {@code A^H A} is a projection (one
 * coil with {@code |S| = 1}, or full sampling with normalised maps) and otherwise the data consistency
 * of the coil images, which does not need the maps to explain the data.
 */
public final class MultiCoilFourier implements LinearOperator {

	/** What the unknown image is: real (phase in the maps) or complex (real and imaginary parts stacked). */
	public enum Domain { REAL, COMPLEX }

	/** The data-consistency step, see the class description. */
	public enum Consistency { COIL_WISE, SENSE }

	private final Mask mask;
	private final int coils, height, width;
	private final float[] mapsRe, mapsIm;
	private final Domain domain;
	private final Consistency consistency;
	private final int coilWiseSteps;

	/** {@link Consistency#COIL_WISE} data consistency. */
	public MultiCoilFourier(final Mask mask, final int coils, final float[] mapsRe, final float[] mapsIm, final Domain domain) {
		this(mask, coils, mapsRe, mapsIm, domain, Consistency.COIL_WISE);
	}

	/** One coil-wise step (see {@link #MultiCoilFourier(Mask, int, float[], float[], Domain, Consistency, int)}). */
	public MultiCoilFourier(final Mask mask, final int coils, final float[] mapsRe, final float[] mapsIm, final Domain domain,
		final Consistency consistency)
	{
		this(mask, coils, mapsRe, mapsIm, domain, consistency, 1);
	}

	/**
	 * @param mask k-space sampling mask, {@code H x W}
	 * @param coils number of coils C
	 * @param mapsRe real parts of the sensitivities, {@code C x H x W} row-major (not copied: do not modify)
	 * @param mapsIm imaginary parts, likewise
	 */
	/**
	 * @param coilWiseSteps how often the coil-wise step is applied (each from the previous result: gradient
	 *        steps of unit length on {@code ||A x - y||^2 + rho ||x - z||^2}); 1 is the closed form of the
	 *        class description
	 */
	public MultiCoilFourier(final Mask mask, final int coils, final float[] mapsRe, final float[] mapsIm, final Domain domain,
		final Consistency consistency, final int coilWiseSteps)
	{
		if (coilWiseSteps < 1) throw new IllegalArgumentException("Coil-wise steps must be >= 1, got " + coilWiseSteps);
		this.coilWiseSteps = coilWiseSteps;
		if (coils < 1) throw new IllegalArgumentException("Number of coils must be >= 1, got " + coils);
		this.mask = mask;
		this.coils = coils;
		this.height = mask.height();
		this.width = mask.width();
		final long n = (long) coils * height * width;
		if (mapsRe.length != n || mapsIm.length != n)
			throw new IllegalArgumentException("Coil maps hold " + mapsRe.length + " and " + mapsIm.length + " values, expected " + coils + " coils of "
				+ width + "x" + height);
		for (int i = 0; i < n; i++)
			if (!Float.isFinite(mapsRe[i]) || !Float.isFinite(mapsIm[i])) throw new IllegalArgumentException("Coil maps contain NaN or infinite values");
		this.mapsRe = mapsRe;
		this.mapsIm = mapsIm;
		this.domain = domain;
		this.consistency = consistency;
	}

	public Mask mask() { return mask; }

	public int coils() { return coils; }

	public Domain domain() { return domain; }

	private static final int[] AXES = { 2, 3 };

	private Complex maps(final Ops tf) {
		return new Complex(Graphs.constant(tf, mapsRe, 1, coils, height, width), Graphs.constant(tf, mapsIm, 1, coils, height, width));
	}

	/** Centred unitary DFT over the last two axes of a complex batch. */
	private Complex forward(final Ops tf, final Complex x) {
		final Complex k = x.roll(tf, new int[] { -(height / 2), -(width / 2) }, AXES).fft(tf, 2, false).roll(tf, new int[] { height / 2, width / 2 }, AXES);
		return k.scale(tf, tf.constant((float) (1 / Math.sqrt((double) height * width))));
	}

	/** Its inverse. */
	private Complex inverse(final Ops tf, final Complex k) {
		final Complex x = k.roll(tf, new int[] { -(height / 2), -(width / 2) }, AXES).fft(tf, 2, true).roll(tf, new int[] { height / 2, width / 2 }, AXES);
		return x.scale(tf, tf.constant((float) Math.sqrt((double) height * width)));
	}

	/** The image batch as complex [N, 1, H, W]. */
	private Complex image(final Ops tf, final Operand<TFloat32> x) {
		if (domain == Domain.REAL) return Complex.ofReal(tf, Graphs.channelsFirst(tf, x, 4));
		final Operand<TFloat32> parts = tf.reshape(x, tf.constant(new long[] { -1, 2, height, width }));
		final List<Output<TFloat32>> ri = tf.split(tf.constant(1), parts, 2L).output();
		return new Complex(ri.get(0), ri.get(1));
	}

	/** Complex [N, 1, H, W] back to the image batch (REAL: the real part). */
	private Operand<TFloat32> toImage(final Ops tf, final Complex x) {
		if (domain == Domain.REAL) return Graphs.channelsLast(tf, x.re, 4);
		return tf.reshape(tf.concat(Arrays.asList(x.re, x.im), tf.constant(1)), tf.constant(new long[] { -1, 2L * height, width, 1 }));
	}

	/** Complex [N, C, H, W] to [N, H, W, 2C] with (re, im) interleaved per coil. */
	private Operand<TFloat32> toMeasurement(final Ops tf, final Complex k) {
		final Operand<TFloat32> stacked = tf.stack(Arrays.asList(k.re, k.im), org.tensorflow.op.core.Stack.axis(4L)); // [N, C, H, W, 2]
		final Operand<TFloat32> last = tf.linalg.transpose(stacked, tf.constant(new int[] { 0, 2, 3, 1, 4 })); // [N, H, W, C, 2]
		return tf.reshape(last, tf.constant(new long[] { -1, height, width, 2L * coils }));
	}

	/** [N, H, W, 2C] to complex [N, C, H, W]. */
	private Complex fromMeasurement(final Ops tf, final Operand<TFloat32> y) {
		final Operand<TFloat32> five = tf.reshape(y, tf.constant(new long[] { -1, height, width, coils, 2 }));
		final Operand<TFloat32> first = tf.linalg.transpose(five, tf.constant(new int[] { 0, 3, 1, 2, 4 })); // [N, C, H, W, 2]
		final List<Output<TFloat32>> ri = tf.split(tf.constant(4), first, 2L).output();
		return new Complex(tf.squeeze(ri.get(0), org.tensorflow.op.core.Squeeze.axis(4L)), tf.squeeze(ri.get(1), org.tensorflow.op.core.Squeeze.axis(4L)));
	}

	@Override
	public Operand<TFloat32> apply(final Ops tf, final Operand<TFloat32> x) {
		final Complex coilImages = maps(tf).times(tf, image(tf, x)); // [N, C, H, W] by broadcasting
		return toMeasurement(tf, forward(tf, coilImages).scale(tf, Graphs.constant(tf, mask.array(), height, width)));
	}

	@Override
	public Operand<TFloat32> adjoint(final Ops tf, final Operand<TFloat32> y) {
		final Complex coilImages = inverse(tf, fromMeasurement(tf, y).scale(tf, Graphs.constant(tf, mask.array(), height, width)));
		final Complex weighted = coilImages.timesConj(tf, maps(tf));
		final Operand<org.tensorflow.types.TInt32> axis = tf.constant(new int[] { 1 });
		final Complex sum = new Complex(tf.reduceSum(weighted.re, axis, org.tensorflow.op.core.ReduceSum.keepDims(true)),
			tf.reduceSum(weighted.im, axis, org.tensorflow.op.core.ReduceSum.keepDims(true)));
		return toImage(tf, sum);
	}

	/** {@link Consistency#COIL_WISE}: {@code z + A^H (y - A z) / (1 + rho)}; {@link Consistency#SENSE}: empty (conjugate gradients). */
	@Override
	public Optional<Operand<TFloat32>> proximal(final Ops tf, final Operand<TFloat32> z, final Operand<TFloat32> y, final Operand<TFloat32> rho) {
		if (consistency == Consistency.SENSE) return Optional.empty();
		Operand<TFloat32> x = z;
		for (int i = 0; i < coilWiseSteps; i++) {
			final Operand<TFloat32> r = adjoint(tf, tf.math.sub(y, apply(tf, x)));
			x = tf.math.add(x, tf.math.div(i == 0 ? r : tf.math.sub(r, tf.math.mul(rho, tf.math.sub(x, z))), tf.math.add(tf.constant(1f), rho)));
		}
		return Optional.of(x);
	}

	@Override
	public long[] imageShape() {
		return new long[] { domain == Domain.REAL ? height : 2L * height, width, 1 };
	}

	@Override
	public long[] measurementShape() { return new long[] { height, width, 2L * coils }; }

	@Override
	public String name() {
		return String.format(Locale.ROOT, "multi-coil Fourier %dx%d, %d coils (R=%.2f, %s image, %s data consistency)", width, height, coils,
			mask.acceleration(), domain == Domain.REAL ? "real" : "complex", consistency == Consistency.SENSE ? "SENSE (CG)" : "coil-wise");
	}
}
