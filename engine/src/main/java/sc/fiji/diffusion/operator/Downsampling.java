/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import java.util.Optional;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Super-resolution: A averages non-overlapping {@code f x f} blocks, so an image of {@code H x W}
 * pixels gives a measurement of {@code H/f x W/f}; H and W must be multiples of f (crop or pad the
 * image first):
 * <pre>
 * (A x)[i, j] = (1 / f^2) sum_{a, b < f} x[f i + a, f j + b]
 * (A^H y)[u, v] = y[u / f, v / f] / f^2            (nearest-neighbour upsampling, divided by f^2)
 * </pre>
 * Since {@code A A^H = I / f^2}, the Sherman-Morrison-Woodbury identity gives the proximal step in
 * closed form: with {@code v = A^H y + rho z},
 * <pre>
 * (A^H A + rho I)^{-1} v = (v - A^H (A A^H + rho I)^{-1} A v) / rho = (v - A^H A v / (rho + 1/f^2)) / rho
 * </pre>
 * which needs rho > 0. It is evaluated as the equivalent correction
 * {@code x = z + A^H (y - A z) / (1/f^2 + rho)}, which does not divide by rho and so stays accurate
 * in float32 for the tiny rho of nearly noiseless data.
 */
public final class Downsampling implements LinearOperator {

	private final int height, width, factor;

	/**
	 * @throws IllegalArgumentException unless {@code factor >= 1} divides both height and width
	 */
	public Downsampling(final int height, final int width, final int factor) {
		if (factor < 1) throw new IllegalArgumentException("Downsampling factor must be >= 1, got " + factor);
		if (height < 1 || width < 1) throw new IllegalArgumentException("Image size must be positive, got " + width + "x" + height);
		if (height % factor != 0 || width % factor != 0)
			throw new IllegalArgumentException("Image of " + width + "x" + height + " pixels is not divisible by the downsampling factor " + factor
				+ "; crop or pad it to " + (width / factor * factor) + "x" + (height / factor * factor) + " or " + ((width + factor - 1) / factor * factor)
				+ "x" + ((height + factor - 1) / factor * factor));
		this.height = height;
		this.width = width;
		this.factor = factor;
	}

	public int factor() { return factor; }

	@Override
	public Operand<TFloat32> apply(final Ops tf, final Operand<TFloat32> x) {
		final int h = height / factor, w = width / factor;
		final Operand<TFloat32> blocks = tf.reshape(x, Graphs.ints(tf, -1, h, factor, w, factor));
		final Operand<TFloat32> mean = tf.math.mean(blocks, Graphs.ints(tf, 2, 4));
		return tf.reshape(mean, Graphs.ints(tf, -1, h, w, 1));
	}

	@Override
	public Operand<TFloat32> adjoint(final Ops tf, final Operand<TFloat32> y) {
		final int h = height / factor, w = width / factor;
		final Operand<TFloat32> scaled = tf.math.mul(tf.reshape(y, Graphs.ints(tf, -1, h, 1, w, 1)), tf.constant(1f / (factor * factor)));
		final Operand<TFloat32> tiled = tf.tile(scaled, Graphs.ints(tf, 1, 1, factor, 1, factor));
		return tf.reshape(tiled, Graphs.ints(tf, -1, height, width, 1));
	}

	@Override public long[] imageShape() { return new long[] { height, width, 1 }; }

	@Override public long[] measurementShape() { return new long[] { height / factor, width / factor, 1 }; }

	@Override public String name() { return "downsampling x" + factor + " " + width + "x" + height; }

	@Override
	public Optional<Operand<TFloat32>> proximal(final Ops tf, final Operand<TFloat32> z, final Operand<TFloat32> y,
		final Operand<TFloat32> rho)
	{
		// the same solution written as a correction of z, without dividing by rho (stable for tiny rho):
		// x = z + A^H (y - A z) / (1/f^2 + rho), since (A^H A + rho I) A^H s = A^H s (1/f^2 + rho)
		final Operand<TFloat32> r = adjoint(tf, tf.math.sub(y, apply(tf, z)));
		return Optional.of(tf.math.add(z, tf.math.div(r, tf.math.add(rho, tf.constant(1f / (factor * factor))))));
	}
}
