/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.task.Restoration.Task;

/**
 * Every task makes its problem from the inputs it needs and asks for no other; a 3D PSF needs a z-stack;
 * a missing input, or one the door refuses, is an {@link IllegalArgumentException} that says what.
 */
class TaskProblemsTest {

	private static final int N = 32;

	@Test
	void denoisingAsksForNothing() throws IOException {
		final Inputs in = new Inputs();
		final StackProblem p = TaskProblems.of(Task.DENOISE, stack(3), in);
		assertEquals(Task.DENOISE, p.task());
		assertEquals(3, p.planes());
		assertEquals(List.of(), in.asked);
	}

	@Test
	void deconvolutionWithA2DPsfIsPlaneByPlane() throws IOException {
		final Inputs in = new Inputs();
		in.psf = Psfs.gaussian2D(1.5, 9);
		final StackProblem p = TaskProblems.of(Task.DECONVOLVE, stack(3), in);
		assertEquals(Task.DECONVOLVE, p.task());
		assertEquals(1, p.depth());
		assertEquals(3, p.volumes());
		assertEquals(9, p.minimumOverlap());
		assertEquals(List.of("psf"), in.asked);
	}

	@Test
	void deconvolutionWithA3DPsfRestoresEveryZStack() throws IOException {
		final Inputs in = new Inputs();
		in.psf = Psfs.gaussian3D(1, 1, 7, 3);
		in.channels = 2;
		in.slices = 4;
		final StackProblem p = TaskProblems.of(Task.DECONVOLVE, stack(8), in);
		assertEquals(4, p.depth());
		assertEquals(2, p.volumes());
		assertEquals(3, p.minimumOverlapZ());
		assertEquals(List.of("psf", "slices", "channels", "frames"), in.asked.stream().distinct().collect(Collectors.toList()));
	}

	@Test
	void a3DPsfNeedsAZStackAndTheDoorMayAddAdvice() {
		final Inputs in = new Inputs();
		in.psf = Psfs.gaussian3D(1, 1, 7, 3);
		in.frames = 5;
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskProblems.of(Task.DECONVOLVE, stack(5), in));
		assertEquals("A 3D PSF needs a z-stack; \"cells\" has one slice per channel and frame (set the slices)", e.getMessage());
	}

	@Test
	void inpaintingUsesTheObservedMaskOrTheNonFinitePixels() throws IOException {
		final Inputs in = new Inputs();
		in.observed = Mask.full(N, N);
		assertEquals(Task.INPAINT, TaskProblems.of(Task.INPAINT, stack(2), in).task());
		assertEquals(List.of("inpaintNonFinite", "observed"), in.asked);
		final Inputs nonFinite = new Inputs();
		nonFinite.nonFinite = true;
		assertEquals(Task.INPAINT, TaskProblems.of(Task.INPAINT, stack(2), nonFinite).task());
		assertEquals(List.of("inpaintNonFinite"), nonFinite.asked);
	}

	@Test
	void superResolutionScalesByTheFactor() throws IOException {
		final Inputs in = new Inputs();
		in.factor = 3;
		final StackProblem p = TaskProblems.of(Task.SR, stack(1), in);
		assertEquals(Task.SR, p.task());
		assertEquals(3, p.scale());
		assertEquals(List.of("srFactor"), in.asked);
	}

	/**
	 * Super-resolution tiles count output pixels: the network never runs on more than the tile size (a 64x64
	 * image at factor 8 was one 512x512-input tile of 4096x4096 output pixels before), and factors above 8
	 * are refused before any work.
	 */
	@Test
	void superResolutionTilesCountOutputPixelsAndTheFactorIsBounded() {
		final StackRestoration r = new StackRestoration(null, StackRestoration.DEFAULT_TILE_SIZE, StackRestoration.DEFAULT_OVERLAP);
		final Tiling small = r.tiling(StackProblem.superResolution(ArrayImgs.floats(64, 64, 1), 8));
		assertEquals(1, small.tiles().size());
		final Tiling x2 = r.tiling(StackProblem.superResolution(ArrayImgs.floats(600, 600, 1), 2));
		int widest = 0;
		for (final Tiling.Tile t : x2.tiles()) widest = Math.max(widest, t.width);
		assertTrue(widest * 2 <= StackRestoration.DEFAULT_TILE_SIZE && widest * 4 > StackRestoration.DEFAULT_TILE_SIZE,
			"input tiles of at most 256 pixels, 512 output pixels: " + widest);
		final Tiling x8 = r.tiling(StackProblem.superResolution(ArrayImgs.floats(600, 600, 1), 8));
		for (final Tiling.Tile t : x8.tiles()) assertTrue(t.width * 8 <= StackRestoration.DEFAULT_TILE_SIZE, "an output tile of " + t.width * 8 + " pixels");
		final Tiling plain = r.tiling(StackProblem.denoising(ArrayImgs.floats(600, 600, 1)));
		int plainWidest = 0;
		for (final Tiling.Tile t : plain.tiles()) plainWidest = Math.max(plainWidest, t.width);
		assertTrue(plainWidest > StackRestoration.DEFAULT_TILE_SIZE / 2 && plainWidest <= StackRestoration.DEFAULT_TILE_SIZE, "other tasks: tiles of the tile size");
		final Exception e = assertThrows(IllegalArgumentException.class, () -> StackProblem.superResolution(ArrayImgs.floats(64, 64, 1), 9));
		assertTrue(e.getMessage().contains("factor 9 is more than 8"), e.getMessage());
		final Exception tooSmall = assertThrows(IllegalArgumentException.class,
			() -> new StackRestoration(null, 64, 32).tiling(StackProblem.superResolution(ArrayImgs.floats(100, 100, 1), 3)));
		assertTrue(tooSmall.getMessage().startsWith("Tiles of 64 pixels are too small for an overlap of 32 pixels (the tile overlap; at factor 3, tiles of 21 "
			+ "and an overlap of 11 input pixels)"), "the user's sizes, then the rounded ones: " + tooSmall.getMessage());
	}

	@Test
	void mriFromKspaceOrSimulated() throws IOException {
		final Inputs measured = new Inputs();
		measured.sampling = Mask.full(N, N);
		measured.kspace = true;
		final StackProblem k = TaskProblems.of(Task.MRI, stack(2), measured);
		assertEquals(Task.MRI, k.task());
		assertEquals(1, k.planes());
		assertEquals(List.of("sampling", "kspace"), measured.asked);
		final Inputs simulated = new Inputs();
		simulated.sampling = Mask.full(N, N);
		final StackProblem s = TaskProblems.of(Task.MRI, stack(3), simulated);
		assertEquals(3, s.planes());
		assertFalse(s.tileable());
		assertEquals(List.of("sampling", "kspace", "simulationNoiseSigma", "seed"), simulated.asked);
	}

	@Test
	void aMissingInputIsNamed() {
		assertMissing(Task.DECONVOLVE, "The request has no PSF (deconvolve of \"cells\")");
		assertMissing(Task.INPAINT, "The request has no mask of the observed pixels (inpaint of \"cells\")");
		assertMissing(Task.MRI, "The request has no sampling mask (mri of \"cells\")");
	}

	@Test
	void theDoorsOwnRefusalPassesAsItIs() {
		final IllegalArgumentException refusal = new IllegalArgumentException("The task sr is not offered here");
		final Inputs in = new Inputs() {
			@Override
			public int srFactor() { throw refusal; }
		};
		assertSame(refusal, assertThrows(IllegalArgumentException.class, () -> TaskProblems.of(Task.SR, stack(1), in)));
	}

	/** A NaN is named by its input, pixel and plane (channel, slice, frame) for every task but inpainting, which fills such values in. */
	@Test
	void aNonFiniteValueIsNamedWithItsPixelAndPlane() throws IOException {
		final ArrayImg<FloatType, FloatArray> hyper = stack(12); // 2 channels x 3 slices x 2 frames
		hyper.randomAccess().setPositionAndGet(5, 7, 9).set(Float.NaN);
		final Inputs in = new Inputs();
		in.channels = 2;
		in.slices = 3;
		in.frames = 2;
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskProblems.of(Task.DENOISE, hyper, in));
		assertEquals("The image \"cells\" holds a non-finite value (NaN) at x = 5, y = 7 of plane 10 of 12 (channel 2, slice 2, frame 2): replace such values "
			+ "(in Fiji: Process > Math > Remove NaNs...) or fill them in with the inpaint task", e.getMessage());
		in.nonFinite = true;
		TaskProblems.of(Task.INPAINT, hyper, in);
		final IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class, () -> TaskProblems.of(Task.DENOISE, ArrayImgs.floats(8, 20, 1), new Inputs()));
		assertTrue(tiny.getMessage().startsWith("The image \"cells\" is 8x20 pixels, too small to restore"), tiny.getMessage());
	}

	/**
	 * Inpainting is checked before any tile runs: a tile inside the hole (it was refused after the tiles
	 * before it had run), and a NaN at an observed pixel (it was refused once its plane came, as "image 0,
	 * pixel 325"); a NaN in the hole is what inpainting fills in.
	 */
	@Test
	void inpaintingIsCheckedBeforeAnyWork() throws IOException {
		final int n = 256;
		final float[] m = new float[n * n];
		for (int k = 0; k < m.length; k++) m[k] = k / n >= 96 && k / n < 224 && k % n >= 96 && k % n < 224 ? 0 : 1;
		final Inputs in = new Inputs();
		in.observed = new Mask(n, n, m);
		final ArrayImg<FloatType, FloatArray> image = ArrayImgs.floats(n, n, 2);
		image.randomAccess().setPositionAndGet(150, 150, 1).set(Float.NaN); // in the hole
		final StackProblem problem = TaskProblems.of(Task.INPAINT, image, in);
		final List<String> updates = new ArrayList<>();
		final IllegalArgumentException tile = assertThrows(IllegalArgumentException.class,
			() -> new StackRestoration(null, 64, 16).restore(problem, new Settings(), (fraction, message) -> updates.add(message)));
		assertTrue(tile.getMessage().contains("of plane 1 lies entirely in the region to inpaint: use larger tiles"), tile.getMessage());
		assertEquals(List.of(), updates, "no tile started");
		image.randomAccess().setPositionAndGet(5, 6, 1).set(Float.NaN); // observed
		final IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> TaskProblems.of(Task.INPAINT, image, in));
		assertTrue(nan.getMessage().contains("(NaN) at x = 5, y = 6 of plane 2 of 2") && nan.getMessage().endsWith("(they are in its mask's observed pixels)"),
			nan.getMessage());
	}

	/**
	 * Single-coil k-space must be that of a real image (Hermitian), since this path reconstructs a real
	 * image: the k-space of a point off the centre (a linear phase in k, a real image) is taken; the same
	 * times i (an image of phase 90 degrees, whose reconstruction came out zero) is refused saying what to do.
	 */
	@Test
	void singleCoilKspaceOfAnImageWithPhaseIsRefused() throws IOException {
		final ArrayImg<FloatType, FloatArray> real = ArrayImgs.floats(N, N, 2), phased = ArrayImgs.floats(N, N, 2);
		final net.imglib2.RandomAccess<FloatType> r = real.randomAccess(), p = phased.randomAccess();
		for (int y = 0; y < N; y++)
			for (int x = 0; x < N; x++) {
				final double a = -2 * Math.PI * 3 * (x - N / 2) / N; // a point 3 pixels right of the centre
				r.setPositionAndGet(x, y, 0).set((float) Math.cos(a));
				r.setPositionAndGet(x, y, 1).set((float) Math.sin(a));
				p.setPositionAndGet(x, y, 0).set((float) -Math.sin(a)); // i times it
				p.setPositionAndGet(x, y, 1).set((float) Math.cos(a));
			}
		final Inputs in = new Inputs();
		in.sampling = Mask.full(N, N);
		in.kspace = true;
		TaskProblems.of(Task.MRI, real, in);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskProblems.of(Task.MRI, phased, in));
		assertTrue(e.getMessage().startsWith("The k-space is not that of a real image: its centre is 100 % anti-Hermitian (a phase of 90 degrees")
			&& e.getMessage().contains("BART array"), e.getMessage());
	}

	private static void assertMissing(final Task task, final String message) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskProblems.of(task, stack(2), new Inputs()));
		assertEquals(message, e.getMessage());
	}

	private static ArrayImg<FloatType, FloatArray> stack(final int planes) {
		return ArrayImgs.floats(N, N, planes);
	}

	/** Inputs as fields (null: not given), recording what was asked, in order. */
	private static class Inputs implements TaskInputs {
		final List<String> asked = new ArrayList<>();
		PointSpreadFunction psf;
		Mask observed, sampling;
		boolean nonFinite, kspace;
		int factor = 2, channels = 1, slices = 1, frames = 1;

		@Override
		public String name() { return "\"cells\""; }

		@Override
		public PointSpreadFunction psf() { return ask("psf", psf); }

		@Override
		public boolean inpaintNonFinite() { return ask("inpaintNonFinite", nonFinite); }

		@Override
		public Mask observed() { return ask("observed", observed); }

		@Override
		public Mask sampling() { return ask("sampling", sampling); }

		@Override
		public boolean kspace() { return ask("kspace", kspace); }

		@Override
		public double simulationNoiseSigma() { return ask("simulationNoiseSigma", 0.0); }

		@Override
		public long seed() { return ask("seed", 7L); }

		@Override
		public int srFactor() { return ask("srFactor", factor); }

		@Override
		public int channels() { return ask("channels", channels); }

		@Override
		public int slices() { return ask("slices", slices); }

		@Override
		public int frames() { return ask("frames", frames); }

		@Override
		public String zStackAdvice() { return " (set the slices)"; }

		private <T> T ask(final String what, final T value) {
			asked.add(what);
			return value;
		}
	}
}
