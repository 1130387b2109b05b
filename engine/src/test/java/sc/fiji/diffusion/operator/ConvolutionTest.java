/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import static org.junit.jupiter.api.Assertions.*;
import static sc.fiji.diffusion.operator.OperatorTesting.*;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import sc.fiji.diffusion.data.Batch;

/** {@link Convolution2D} and {@link Convolution3D}: the padded model is plain linear convolution, with no wrap-around. */
class ConvolutionTest {

	/** An asymmetric 2D PSF (so that convolution and correlation differ). */
	private static PointSpreadFunction asymmetric2D() {
		return Psfs.fromImage(new float[] { 0, 1, 0, 2, 5, 1, 0, 3, 0.5f, 0, 0, 1, 0.2f, 0, 0 }, 5, 3);
	}

	@Test
	void deltaReproducesThePsf2D() {
		final PointSpreadFunction psf = asymmetric2D();
		final int ph = psf.size(0), pw = psf.size(1);
		final Convolution2D op = Convolution2D.padded(psf, 12, 10);
		final int[] d = op.imageSize(), p = op.padding();
		final float[] x = new float[d[0] * d[1]];
		final int cy = 6, cx = 4; // measured coordinates of the delta
		x[(cy + p[0]) * d[1] + cx + p[1]] = 1;
		final float[] y = Operators.run(op, x, 1, false);
		for (int i = 0; i < 12; i++)
			for (int j = 0; j < 10; j++) {
				final int ky = i - cy + ph / 2, kx = j - cx + pw / 2;
				final float expected = ky >= 0 && ky < ph && kx >= 0 && kx < pw ? psf.get(ky, kx) : 0;
				assertEquals(expected, y[i * 10 + j], 1e-6, "pixel (" + j + ", " + i + ")");
			}
	}

	@Test
	void deltaReproducesThePsf3D() {
		final PointSpreadFunction psf = Psfs.gaussian3D(0.8, 1.3, 3, 5);
		final Convolution3D op = Convolution3D.padded(psf, 7, 6, 8);
		final int[] d = op.imageSize(), p = op.padding();
		final float[] x = new float[d[0] * d[1] * d[2]];
		x[((3 + p[0]) * d[1] + 2 + p[1]) * d[2] + 4 + p[2]] = 1;
		final float[] y = Operators.run(op, x, 1, false);
		for (int z = 0; z < 7; z++)
			for (int i = 0; i < 6; i++)
				for (int j = 0; j < 8; j++) {
					final int kz = z - 3 + 2, ky = i - 2 + 1, kx = j - 4 + 1;
					final float expected = kz >= 0 && kz < 5 && ky >= 0 && ky < 3 && kx >= 0 && kx < 3 ? psf.get(kz, ky, kx) : 0;
					assertEquals(expected, y[(z * 6 + i) * 8 + j], 1e-6, "voxel (" + j + ", " + i + ", " + z + ")");
				}
	}

	@Test
	void noWrapAround() {
		// a bright object at the left/top border of the padded domain must leave the opposite border dark
		final Convolution2D op = Convolution2D.padded(Psfs.gaussian2D(1.5, 9), 16, 16);
		final int[] d = op.imageSize();
		final float[] x = new float[d[0] * d[1]];
		for (int i = 0; i < d[0]; i++)
			for (int j = 0; j < 4; j++) x[i * d[1] + j] = 100;
		final float[] y = Operators.run(op, x, 1, false);
		for (int i = 0; i < 16; i++)
			for (int j = 8; j < 16; j++) assertEquals(0, y[i * 16 + j], 1e-3, "far border pixel (" + j + ", " + i + ")");
		// and the adjoint of a measurement at the near border does not reach the far side of the domain
		final float[] r = new float[16 * 16];
		for (int i = 0; i < 16; i++) r[i * 16] = 100;
		final float[] back = Operators.run(op, r, 1, true);
		for (int i = 0; i < d[0]; i++)
			for (int j = 12; j < d[1]; j++) assertEquals(0, back[i * d[1] + j], 1e-3, "adjoint at (" + j + ", " + i + ")");
	}

	@Test
	void agreesWithDirectSpatialConvolution2D() {
		final PointSpreadFunction psf = asymmetric2D();
		final Convolution2D op = Convolution2D.padded(psf, 9, 11);
		final int[] d = op.imageSize(), p = op.padding();
		final float[] x = gaussian(2 * d[0] * d[1], 4);
		final float[] y = Operators.run(op, x, 2, false);
		for (int s = 0; s < 2; s++)
			for (int i = 0; i < 9; i++)
				for (int j = 0; j < 11; j++) {
					double sum = 0;
					for (int ky = 0; ky < psf.size(0); ky++)
						for (int kx = 0; kx < psf.size(1); kx++)
							sum += psf.get(ky, kx) * x[s * d[0] * d[1] + (i + p[0] - (ky - psf.size(0) / 2)) * d[1] + j + p[1] - (kx - psf.size(1) / 2)];
					assertEquals(sum, y[(s * 9 + i) * 11 + j], 1e-5, "sample " + s + " pixel (" + j + ", " + i + ")");
				}
	}

	@Test
	void agreesWithDirectSpatialConvolution3D() {
		final PointSpreadFunction psf = Psfs.fromImage(gaussianPositive(3 * 3 * 5, 8), 3, 3, 5);
		final Convolution3D op = Convolution3D.padded(psf, 4, 5, 6);
		final int[] d = op.imageSize(), p = op.padding(), k = psf.dims();
		final float[] x = gaussian(d[0] * d[1] * d[2], 5);
		final float[] y = Operators.run(op, x, 1, false);
		for (int z = 0; z < 4; z++)
			for (int i = 0; i < 5; i++)
				for (int j = 0; j < 6; j++) {
					double sum = 0;
					for (int kz = 0; kz < k[0]; kz++)
						for (int ky = 0; ky < k[1]; ky++)
							for (int kx = 0; kx < k[2]; kx++)
								sum += psf.get(kz, ky, kx) * x[((z + p[0] - kz + k[0] / 2) * d[1] + i + p[1] - ky + k[1] / 2) * d[2] + j + p[2] - kx + k[2] / 2];
					assertEquals(sum, y[(z * 5 + i) * 6 + j], 1e-5, "voxel (" + j + ", " + i + ", " + z + ")");
				}
	}

	private static float[] gaussianPositive(final int n, final long seed) {
		final float[] v = gaussian(n, seed);
		for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
		return v;
	}

	@Test
	void transferFunctionIsAddedToAGraphOnce() {
		final Convolution3D op = Convolution3D.padded(Psfs.gaussian3D(1, 1, 3, 3), 6, 6, 6);
		final long domain = size(op.imageShape());
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final Operand<TFloat32> z = tf.zeros(tf.constant(new int[] { 1, 8, 8, 8, 1 }), TFloat32.class);
			final Operand<TFloat32> y = tf.zeros(tf.constant(new int[] { 1, 6, 6, 6, 1 }), TFloat32.class);
			ConjugateGradient.proximal(tf, op, z, y, tf.constant(0.1f), 5);
			int otfConstants = 0;
			for (final java.util.Iterator<org.tensorflow.GraphOperation> it = g.operations(); it.hasNext();) {
				final org.tensorflow.GraphOperation o = it.next();
				if (o.type().equals("Const") && o.output(0).shape().size() == domain) otfConstants++;
			}
			assertEquals(2, otfConstants, "real and imaginary part of the OTF, once");
		}
	}

	@Test
	void circularModelWrapsAround() {
		final Convolution2D op = Convolution2D.circular(Psfs.gaussian2D(1.0, 5), 8, 8);
		assertArrayEquals(op.imageShape(), op.measurementShape());
		final float[] x = new float[64];
		x[0] = 1;
		final float[] y = Operators.run(op, x, 1, false);
		assertTrue(y[7 * 8 + 7] > 0.01, "corner delta spreads to the opposite corner: " + y[63]);
	}

	@Test
	void padAndCropHelpers() {
		final Convolution2D op = Convolution2D.padded(Psfs.gaussian2D(1.0, 3), 4, 5);
		final Batch m = new Batch(1, 4, 5, 1, new float[] { 0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24, 30, 31, 32, 33, 34 });
		final Batch padded = op.padImage(m);
		assertEquals(6, padded.height());
		assertEquals(7, padded.width());
		// reflection without repeating the edge: row -1 is row 1, column -1 is column 1
		assertEquals(11, padded.data()[0]);
		assertEquals(10, padded.data()[1]);
		assertEquals(23, padded.data()[5 * 7 + 6]);
		assertArrayEquals(m.data(), op.cropImage(padded).data());
		// the graph versions do the same
		try (Graph g = new Graph(); Session s = new Session(g)) {
			final Ops tf = Ops.create(g);
			final Operand<TFloat32> in = tf.constant(Shape.of(1, 4, 5, 1), DataBuffers.of(m.data(), true, false));
			final Operand<TFloat32> p = op.padImage(tf, in), c = op.crop(tf, p), zp = op.zeroPad(tf, in);
			try (Result r = s.runner().fetch(p).fetch(c).fetch(zp).run()) {
				assertArrayEquals(padded.data(), values((TFloat32) r.get(0)));
				assertArrayEquals(m.data(), values((TFloat32) r.get(1)));
				final float[] zeroPadded = values((TFloat32) r.get(2));
				assertEquals(0, zeroPadded[0]);
				assertEquals(0, zeroPadded[3]);
				assertEquals(1, zeroPadded[7 + 2]);
				assertArrayEquals(m.data(), op.cropImage(zeroPadded, 1));
			}
		}
	}

	private static float[] values(final TFloat32 t) {
		final float[] v = new float[(int) t.shape().size()];
		t.copyTo(DataBuffers.of(v, false, false));
		return v;
	}

	@Test
	void psfLargerThanTheImageIsRefusedNamingBothSizes() {
		final PointSpreadFunction psf = Psfs.gaussian2D(2, 17);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Convolution2D.padded(psf, 16, 32));
		assertTrue(e.getMessage().contains("17x17") && e.getMessage().contains("32x16"), e.getMessage());
		final IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
			() -> Convolution3D.padded(Psfs.gaussian3D(1, 2, 5, 9), 8, 16, 16));
		assertTrue(e3.getMessage().contains("5x5x9") && e3.getMessage().contains("16x16x8"), e3.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Convolution3D.padded(psf, 4, 32, 32), "2D PSF for a 3D operator");
	}
}
