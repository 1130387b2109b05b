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
 * A 3D operator on volumes, presented to 2D machinery as tall images: a volume of D x H x W voxels
 * (z slowest) is the 2D image of (D H) x W pixels with its slices stacked top to bottom, the same
 * memory order. So the sampler, the guidance and the posterior statistics, all written for NHWC batches,
 * run unchanged on volumes, and a 2D prior can be applied slice by slice
 * ({@link sc.fiji.diffusion.model.SliceWiseNetwork}) while the data term uses the true 3D operator:
 * <pre>
 * A_tall(x) = reshape_[D_y H_y, W_y](A(reshape_[D, H, W](x)))      and likewise A^H and the proximal step
 * </pre>
 * Reshapes are exact, so adjointness and proximal steps carry over from the 3D operator.
 */
public final class VolumeSlices implements LinearOperator {

	private final LinearOperator volume;
	private final long[] image, measurement;

	/** @param volume a 3D operator: image shape {D, H, W, 1}, measurement shape {D', H', W', 1} */
	public VolumeSlices(final LinearOperator volume) {
		final long[] i = volume.imageShape(), m = volume.measurementShape();
		if (i.length != 4 || m.length != 4) throw new IllegalArgumentException("VolumeSlices needs a 3D operator, got " + volume.name());
		this.volume = volume;
		image = i;
		measurement = m;
	}

	/** The wrapped 3D operator. */
	public LinearOperator volume() { return volume; }

	/** Slices D of the unknown volume (what a slice-wise prior sees per sample). */
	public int depth() { return (int) image[0]; }

	/** Slices of the measured volume. */
	public int measuredDepth() { return (int) measurement[0]; }

	@Override
	public Operand<TFloat32> apply(final Ops tf, final Operand<TFloat32> x) {
		return tall(tf, volume.apply(tf, volumes(tf, x, image)), measurement);
	}

	@Override
	public Operand<TFloat32> adjoint(final Ops tf, final Operand<TFloat32> y) {
		return tall(tf, volume.adjoint(tf, volumes(tf, y, measurement)), image);
	}

	@Override
	public Optional<Operand<TFloat32>> proximal(final Ops tf, final Operand<TFloat32> z, final Operand<TFloat32> y, final Operand<TFloat32> rho) {
		final Operand<TFloat32> r = rho.shape().numDimensions() == 4 ? tf.expandDims(rho, tf.constant(-1)) : rho;
		return volume.proximal(tf, volumes(tf, z, image), volumes(tf, y, measurement), r).map(x -> tall(tf, x, image));
	}

	@Override
	public long[] imageShape() { return new long[] { image[0] * image[1], image[2], 1 }; }

	@Override
	public long[] measurementShape() { return new long[] { measurement[0] * measurement[1], measurement[2], 1 }; }

	@Override
	public String name() { return volume.name() + " (volume as stacked slices)"; }

	/** [N, D H, W, 1] -> [N, D, H, W, 1]. */
	private static Operand<TFloat32> volumes(final Ops tf, final Operand<TFloat32> x, final long[] s) {
		return tf.reshape(x, tf.constant(new long[] { -1, s[0], s[1], s[2], 1 }));
	}

	/** [N, D, H, W, 1] -> [N, D H, W, 1]. */
	private static Operand<TFloat32> tall(final Ops tf, final Operand<TFloat32> x, final long[] s) {
		return tf.reshape(x, tf.constant(new long[] { -1, s[0] * s[1], s[2], 1 }));
	}
}
