/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.operator;

import static org.junit.jupiter.api.Assertions.*;
import static sc.fiji.diffusion.operator.OperatorTesting.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract every {@link LinearOperator} must meet: adjointness, linearity and shapes. */
class OperatorAdjointnessTest {

	/** Every operator, in small sizes, including odd sizes and an even-sized PSF. */
	static Stream<Named<LinearOperator>> operators() {
		return Stream.<LinearOperator> of(
			new Identity(16, 12),
			new Identity(new long[] { 4, 6, 5, 1 }),
			new Inpainting(randomMask(16, 12, 0.6, 1)),
			new Downsampling(16, 24, 4),
			new Downsampling(9, 6, 3),
			Convolution2D.padded(Psfs.gaussian2D(1.2, 5), 16, 20),
			Convolution2D.padded(Psfs.gaussian2D(1.0, 4), 13, 11),
			Convolution2D.circular(Psfs.gaussian2D(1.5, 7), 16, 15),
			Convolution2D.padded(Psfs.bornWolf2D(0.8, 520, 1.0, 150, 7), 16, 16),
			Convolution3D.padded(Psfs.gaussian3D(1.0, 1.5, 5, 5), 6, 10, 9),
			Convolution3D.circular(Psfs.gaussian3D(1.0, 0.8, 3, 4), 6, 8, 7),
			new MirroredZ(Convolution3D.padded(Psfs.gaussian3D(1.0, 1.5, 5, 5), 6, 10, 9)),
			new VolumeSlices(new MirroredZ(Convolution3D.padded(Psfs.gaussian3D(1.0, 1.0, 3, 3), 5, 8, 7))),
			new Whitened(Convolution2D.padded(Psfs.gaussian2D(1.2, 5), 16, 20), positive(16 * 20, 5)),
			new UndersampledFourier(randomMask(16, 16, 0.4, 2)),
			new UndersampledFourier(randomMask(15, 12, 0.5, 3)),
			new UndersampledFourier(Masks.cartesianVariableDensity(16, 16, 4, 0.08, 4)),
			multiCoil(Masks.cartesianVariableDensity(16, 12, 3, 0.2, 5), 3, MultiCoilFourier.Domain.REAL),
			multiCoil(randomMask(15, 12, 0.5, 6), 2, MultiCoilFourier.Domain.COMPLEX)).map(op -> Named.of(op.name(), op));
	}

	static MultiCoilFourier multiCoil(final Mask mask, final int coils, final MultiCoilFourier.Domain domain) {
		final int n = coils * mask.height() * mask.width();
		return new MultiCoilFourier(mask, coils, gaussian(n, 21), gaussian(n, 22), domain);
	}

	static float[] positive(final int n, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = (float) (0.2 + r.nextDouble());
		return v;
	}

	static Mask randomMask(final int h, final int w, final double p, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final float[] v = new float[h * w];
		for (int i = 0; i < v.length; i++) v[i] = r.nextDouble() < p ? 1 : 0;
		v[0] = 1;
		return new Mask(h, w, v);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("operators")
	void adjointLinearAndShaped(final LinearOperator op) {
		final int n = 2;
		final int imageSize = (int) size(op.imageShape()), measurementSize = (int) size(op.measurementShape());
		final float[] x = gaussian(n * imageSize, 11), x2 = gaussian(n * imageSize, 12), y = gaussian(n * measurementSize, 13);
		final float[] ax = Operators.run(op, x, n, false), ahy = Operators.run(op, y, n, true);
		assertEquals(n * measurementSize, ax.length, "A x size");
		assertEquals(n * imageSize, ahy.length, "A^H y size");

		// <A x, y> = <x, A^H y>, per sample (a batch mixing samples would be caught here)
		for (int s = 0; s < n; s++) {
			final float[] axs = Arrays.copyOfRange(ax, s * measurementSize, (s + 1) * measurementSize);
			final float[] ys = Arrays.copyOfRange(y, s * measurementSize, (s + 1) * measurementSize);
			final float[] xs = Arrays.copyOfRange(x, s * imageSize, (s + 1) * imageSize);
			final float[] ahys = Arrays.copyOfRange(ahy, s * imageSize, (s + 1) * imageSize);
			final double lhs = dot(axs, ys), rhs = dot(xs, ahys);
			assertTrue(Math.abs(lhs) > 1e-3, "non-trivial inner product " + lhs);
			assertEquals(0, Math.abs(lhs - rhs) / Math.abs(lhs), 1e-4, op.name() + ": <Ax,y> = " + lhs + ", <x,A^H y> = " + rhs);
		}

		// A(a x + b x2) = a A x + b A x2
		final float a = 0.7f, b = -1.9f;
		final float[] comb = new float[x.length];
		for (int i = 0; i < x.length; i++) comb[i] = a * x[i] + b * x2[i];
		final float[] aComb = Operators.run(op, comb, n, false), ax2 = Operators.run(op, x2, n, false);
		final float[] expected = new float[aComb.length];
		for (int i = 0; i < expected.length; i++) expected[i] = a * ax[i] + b * ax2[i];
		assertEquals(0, relativeError(aComb, expected), 1e-5, op.name() + ": linearity");

		// shapes: positive, channel last, wrong input sizes refused with a message naming the operator
		assertTrue(Arrays.stream(op.imageShape()).allMatch(d -> d > 0));
		assertTrue(Arrays.stream(op.measurementShape()).allMatch(d -> d > 0));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Operators.run(op, new float[imageSize + 1], 1, false));
		assertTrue(e.getMessage().contains(op.name()), e.getMessage());
	}
}
