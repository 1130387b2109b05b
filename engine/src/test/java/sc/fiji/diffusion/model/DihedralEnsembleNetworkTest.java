/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.Dihedral;
import sc.fiji.diffusion.data.GaussianNoise;

class DihedralEnsembleNetworkTest {

	/**
	 * A network that is not symmetric: eps(x) = m * x + t with a fixed random position map m. Its ensemble
	 * is x * (1/G) sum_e g_e^-1(m) + t, with g_e^-1 computed independently by {@link Dihedral#transform}
	 * (in Dihedral's numbering the transposing elements 4..7 are the square's only; non-square images use 0..3).
	 */
	@ParameterizedTest
	@CsvSource({ "6, 6", "5, 7" })
	void averagesTheNetworkOverTheSymmetries(final int h, final int w) {
		final int n = 2;
		final float[] m = new float[h * w], x = new float[n * h * w];
		GaussianNoise.fill(m, 1);
		GaussianNoise.fill(x, 2);
		final GraphNetwork positional = new GraphNetwork() {
			@Override
			public Operand<TFloat32> eps(final Ops tf, final Operand<TFloat32> in, final Operand<TInt32> t) {
				final Operand<TFloat32> map = tf.constant(org.tensorflow.ndarray.Shape.of(1, h, w, 1), org.tensorflow.ndarray.buffer.DataBuffers.of(m));
				final Operand<TFloat32> tt = tf.reshape(tf.dtypes.cast(t, TFloat32.class), tf.constant(new int[] { -1, 1, 1, 1 }));
				return tf.math.add(tf.math.mul(in, map), tt);
			}

			@Override
			public int channels() { return 1; }
		};
		final DihedralEnsembleNetwork ensemble = new DihedralEnsembleNetwork(positional, h == w);
		final int g = ensemble.size();
		assertEquals(h == w ? 8 : 4, g);
		final float[] mean = new float[h * w];
		for (int e = 0; e < g; e++) {
			// g_e^-1(m): Dihedral maps a w x h plane by element e; the transposing ones swap w and h
			final boolean t = (e & 4) != 0;
			final float[] back = Dihedral.transform(Dihedral.transform(m, w, h, e), t ? h : w, t ? w : h, Dihedral.inverse(e));
			assertEquals(m[1], back[1], 0, "Dihedral round trip");
			final float[] inv = Dihedral.transform(m, t ? h : w, t ? w : h, Dihedral.inverse(e));
			for (int p = 0; p < mean.length; p++) mean[p] += inv[p] / g;
		}
		final float[] got;
		try (Graph graph = new Graph(); Session s = new Session(graph)) {
			final Ops tf = Ops.create(graph);
			final Operand<TFloat32> in = tf.constant(org.tensorflow.ndarray.Shape.of(n, h, w, 1), org.tensorflow.ndarray.buffer.DataBuffers.of(x));
			final Operand<TFloat32> eps = ensemble.eps(tf, in, tf.constant(new int[] { 3, 5 }));
			try (org.tensorflow.Result r = s.runner().fetch(eps).run()) {
				got = Tensors.toBatch(r.get(0), new Batch(n, h, w, 1, new float[n * h * w])).data();
			}
		}
		for (int i = 0; i < n; i++)
			for (int p = 0; p < h * w; p++)
				assertEquals(x[i * h * w + p] * mean[p] + (i == 0 ? 3 : 5), got[i * h * w + p], 1e-5, "sample " + i + " pixel " + p);
	}
}
