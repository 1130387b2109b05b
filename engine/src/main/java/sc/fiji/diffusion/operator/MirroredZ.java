/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * 3D convolution of a z-stack with a reflective boundary in z and the padded (free) boundary in x and y:
 * <pre>
 * A x = C (M x)          A^H y = M^H (C^H y)
 * </pre>
 * where C is the padded {@link Convolution3D} (unknown (D + 2 p_z) x H' x W', measured D x H x W) and M
 * mirrors the D slices of x by p_z slices at both ends (reflection without repeating the edge slice,
 * TensorFlow's MirrorPad REFLECT; M^H folds the mirrored slices back, MirrorPadGrad). So the unknown
 * has exactly the measured slices: a stack is assumed to continue beyond its first and last slice as its
 * mirror image, instead of by free slices that nothing but the blurred data would constrain (with a 2D
 * prior applied slice by slice, such free slices soak up intensity from the edge slices). Laterally the
 * unknown is padded as in {@link Convolution}, where the 2D prior does constrain the padding.
 */
public final class MirroredZ implements LinearOperator {

	private final Convolution3D conv;
	private final int pz, depth;

	/** @param conv a padded 3D convolution; its PSF must have fewer slices than twice the stack's */
	public MirroredZ(final Convolution3D conv) {
		if (conv.isCircular()) throw new IllegalArgumentException("MirroredZ needs the padded convolution model");
		this.conv = conv;
		pz = conv.padding()[0];
		depth = conv.measuredSize()[0];
		if (pz >= depth) throw new IllegalArgumentException("A PSF of " + conv.psf().size(0) + " slices needs a stack of at least " + (pz + 1) + " slices");
	}

	@Override
	public Operand<TFloat32> apply(final Ops tf, final Operand<TFloat32> x) {
		return conv.apply(tf, tf.mirrorPad(x, paddings(tf), "REFLECT"));
	}

	@Override
	public Operand<TFloat32> adjoint(final Ops tf, final Operand<TFloat32> y) {
		return tf.mirrorPadGrad(conv.adjoint(tf, y), paddings(tf), "REFLECT");
	}

	private Operand<TInt32> paddings(final Ops tf) {
		return tf.constant(new int[][] { { 0, 0 }, { pz, pz }, { 0, 0 }, { 0, 0 }, { 0, 0 } });
	}

	@Override
	public long[] imageShape() {
		final int[] d = conv.imageSize();
		return new long[] { depth, d[1], d[2], 1 };
	}

	@Override
	public long[] measurementShape() { return conv.measurementShape(); }

	@Override
	public String name() { return conv.name() + ", mirrored in z"; }

	/** The start image from {@code n} measurements: reflection padding in x and y only. */
	public float[] padImage(final float[] measurements, final int n) {
		final float[] full = conv.padImage(measurements, n);
		final int[] d = conv.imageSize();
		final int slice = d[1] * d[2], fullSize = d[0] * slice, size = depth * slice;
		final float[] out = new float[n * size];
		for (int s = 0; s < n; s++) System.arraycopy(full, s * fullSize + pz * slice, out, s * size, size);
		return out;
	}

	/** The measured region of {@code n} estimates (x and y cropped; all slices are measured ones). */
	public float[] cropImage(final float[] images, final int n) {
		final int[] d = conv.imageSize();
		final int slice = d[1] * d[2], fullSize = d[0] * slice, size = depth * slice;
		final float[] full = new float[n * fullSize];
		for (int s = 0; s < n; s++)
			for (int z = 0; z < d[0]; z++)
				System.arraycopy(images, s * size + Convolution.reflect(z - pz, depth) * slice, full, s * fullSize + z * slice, slice);
		return conv.cropImage(full, n);
	}
}
