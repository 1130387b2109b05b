/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The flip/rotation ensemble of a 2D prior, in the graph: eps(x) = (1/G) sum_g g^-1(eps_theta(g(x), t))
 * over the G symmetries g of the image (G = 8, the dihedral group of the square, for square images;
 * G = 4, the flips, otherwise). The clean-image prior of microscopy and MRI has these symmetries, the
 * trained network only approximately, so the average is a better estimate of the score (and of
 * x0Hat = (x_t - sqrt(1 - abar_t) eps) / sqrt(abar_t), which is linear in eps) at G times the network
 * evaluations. All G copies run as one batch of G N images.
 * <p>
 * Element {@code e} follows {@link sc.fiji.diffusion.data.Dihedral}: g(x) = flips(transpose(x)), the
 * transpose if bit 2 of e is set, a flip of the rows (y) if bit 0, of the columns (x) if bit 1.
 */
public final class DihedralEnsembleNetwork implements GraphNetwork {

	private final GraphNetwork network;
	private final boolean square;

	/**
	 * @param square true: images are square, the ensemble has all 8 elements; false: the 4 flips only
	 *        (a transposed non-square image would not batch with the others)
	 */
	public DihedralEnsembleNetwork(final GraphNetwork network, final boolean square) {
		this.network = network;
		this.square = square;
	}

	/** G: 8 for square images, 4 otherwise. */
	public int size() {
		return square ? 8 : 4;
	}

	@Override
	public Operand<TFloat32> eps(final Ops tf, final Operand<TFloat32> x, final Operand<TInt32> t) {
		final int g = size();
		final List<Operand<TFloat32>> copies = new ArrayList<>(g);
		for (int e = 0; e < g; e++) copies.add(forward(tf, x, e));
		final Operand<TFloat32> eps = network.eps(tf, tf.concat(copies, tf.constant(0)), tf.concat(Collections.nCopies(g, t), tf.constant(0)));
		final Split<TFloat32> parts = tf.split(tf.constant(0), eps, (long) g);
		Operand<TFloat32> sum = inverse(tf, parts.output().get(0), 0);
		for (int e = 1; e < g; e++) sum = tf.math.add(sum, inverse(tf, parts.output().get(e), e));
		return tf.math.mul(tf.constant(1f / g), sum);
	}

	/** g_e(x) for NHWC x: transpose H and W (bit 2), then flip H (bit 0) and W (bit 1). */
	static Operand<TFloat32> forward(final Ops tf, final Operand<TFloat32> x, final int e) {
		return flips(tf, (e & 4) != 0 ? tf.linalg.transpose(x, tf.constant(new int[] { 0, 2, 1, 3 })) : x, e);
	}

	/** g_e^-1(x): the flips (their own inverses), then the transpose. */
	static Operand<TFloat32> inverse(final Ops tf, final Operand<TFloat32> x, final int e) {
		final Operand<TFloat32> f = flips(tf, x, e);
		return (e & 4) != 0 ? tf.linalg.transpose(f, tf.constant(new int[] { 0, 2, 1, 3 })) : f;
	}

	private static Operand<TFloat32> flips(final Ops tf, final Operand<TFloat32> x, final int e) {
		final int n = ((e & 1) != 0 ? 1 : 0) + ((e & 2) != 0 ? 1 : 0);
		if (n == 0) return x;
		final int[] axes = n == 2 ? new int[] { 1, 2 } : new int[] { (e & 1) != 0 ? 1 : 2 };
		return tf.reverse(x, tf.constant(axes));
	}

	@Override
	public int channels() { return network.channels(); }
}
