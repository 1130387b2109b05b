/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * Test SavedModels made with TensorFlow Java itself: a tiny "network"
 * {@code eps = tanh(conv2d(x_t, W, SAME) + 0.001 * t)} with W a 3x3xCxC variable, so that the export
 * has variables and TensorFlow Java's saver ({@code save/...}).
 */
final class TestModels {

	/** How to build one test model; fields are set fluently. */
	static final class Spec {
		int channels = 2;
		/** Static channel count in the x_t placeholder's shape; false leaves it unknown (-1). */
		boolean staticChannels = true;
		Class<? extends TNumber> tType = org.tensorflow.types.TInt32.class;
		String key = Signature.DEFAULT_KEY, xName = "x_t", tName = "t", epsName = "eps";
		/** Extra ops added to the graph before export (e.g. a forbidden one). */
		Consumer<Ops> extra = tf -> {};

		Spec channels(final int c) { channels = c; return this; }
		Spec tType(final Class<? extends TNumber> type) { tType = type; return this; }
		Spec names(final String x, final String t, final String eps) { xName = x; tName = t; epsName = eps; return this; }
		Spec extra(final Consumer<Ops> ops) { extra = ops; return this; }
		Spec unknownChannels() { staticChannels = false; return this; }
	}

	private TestModels() {}

	/** Deterministic filter weights W[ky][kx][cin][cout], flattened in that order. */
	static float[] weights(final int channels) {
		final float[] w = new float[9 * channels * channels];
		for (int k = 0; k < w.length; k++)
			w[k] = (float) (0.3 * Math.sin(1.7 * k + 0.4));
		return w;
	}

	/** eps computed in plain Java: tanh(conv2d_SAME(x, W) + 0.001 t) for NHWC x. */
	static float[] expectedEps(final float[] x, final int n, final int h, final int wd, final int c, final int[] t) {
		final float[] w = weights(c);
		final float[] out = new float[x.length];
		for (int i = 0; i < n; i++)
			for (int y = 0; y < h; y++)
				for (int xx = 0; xx < wd; xx++)
					for (int co = 0; co < c; co++) {
						double sum = 0;
						for (int ky = 0; ky < 3; ky++)
							for (int kx = 0; kx < 3; kx++) {
								final int sy = y + ky - 1, sx = xx + kx - 1;
								if (sy < 0 || sy >= h || sx < 0 || sx >= wd) continue;
								for (int ci = 0; ci < c; ci++)
									sum += x[((i * h + sy) * wd + sx) * c + ci] * w[((ky * 3 + kx) * c + ci) * c + co];
							}
						out[((i * h + y) * wd + xx) * c + co] = (float) Math.tanh(sum + 0.001 * t[i]);
					}
		return out;
	}

	/** Exports the model described by {@code spec} into {@code dir} (created) and returns {@code dir}. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static Path export(final Path dir, final Spec spec) throws IOException {
		final int c = spec.channels;
		try (Graph g = new Graph(); Session s = new Session(g)) {
			final Ops tf = Ops.create(g);
			final Placeholder<TFloat32> x = tf.withName("x_t").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(-1, -1, -1, spec.staticChannels ? c : -1)));
			final Placeholder t = tf.withName("t").placeholder((Class) spec.tType, Placeholder.shape(Shape.of(-1)));
			final Operand<TFloat32> init = tf.constant(Shape.of(3, 3, c, c), DataBuffers.of(weights(c), true, false));
			final Operand<TFloat32> w = tf.withName("W").variable(init);
			final Operand<TFloat32> conv = tf.nn.conv2d(x, w, Arrays.asList(1L, 1L, 1L, 1L), "SAME");
			final Operand<TFloat32> tf32 = tf.math.mul(tf.dtypes.cast(t, TFloat32.class), tf.constant(0.001f));
			final Operand<TFloat32> shift = tf.reshape(tf32, tf.constant(new long[] { -1, 1, 1, 1 }));
			final Operand<TFloat32> eps = tf.withName("eps").math.tanh(tf.math.add(conv, shift));
			spec.extra.accept(tf);
			s.initialize();
			SavedModelBundle.exporter(dir.toString()).withSession(s)
				.withSignature(Signature.builder().key(spec.key).input(spec.xName, x).input(spec.tName, t).output(spec.epsName, eps).build())
				.export();
		}
		return dir;
	}

	/** Zips {@code dir} into {@code zip}, entries named {@code top + "/" + relative path}. */
	static Path zip(final Path dir, final Path zip, final String top) throws IOException {
		try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(os); Stream<Path> files = Files.walk(dir)) {
			for (final Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
				out.putNextEntry(new ZipEntry(top + "/" + dir.relativize(file).toString().replace('\\', '/')));
				out.write(Files.readAllBytes(file));
				out.closeEntry();
			}
		}
		return zip;
	}
}
