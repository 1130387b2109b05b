/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import sc.fiji.diffusion.data.Dihedral;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.testdata.SampleData;

class ImageFolderPatchesTest {

	@TempDir
	Path dir;

	/** Smooth structure plus noise, values roughly in [0, 1]. */
	private static float[] pattern(final int w, final int h, final long seed) {
		final SplittableRandom rng = new SplittableRandom(seed);
		final float[] p = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				p[y * w + x] = (float) (0.5 + 0.3 * Math.sin(0.3 * x + seed) * Math.cos(0.2 * y) + 0.1 * rng.nextDouble());
		return p;
	}

	private static byte[] toBytes(final float[] p) {
		final byte[] b = new byte[p.length];
		for (int k = 0; k < p.length; k++) b[k] = (byte) Math.round(255 * Math.min(1, Math.max(0, p[k])));
		return b;
	}

	/** Written with FileSaver: IJ.saveAs goes through IJ.run, which needs a display. */
	private void writeTrainingFolder() throws IOException {
		assertTrue(new FileSaver(new ImagePlus("u8", new ByteProcessor(40, 30, toBytes(pattern(40, 30, 1))))).saveAsPng(dir.resolve("a-8bit.png").toString()));
		final float[] p16 = pattern(32, 32, 2);
		final short[] s = new short[p16.length];
		for (int k = 0; k < s.length; k++) s[k] = (short) Math.round(60000 * p16[k]);
		IJ.saveAsTiff(new ImagePlus("u16", new ShortProcessor(32, 32, s, null)), dir.resolve("b-16bit.tif").toString());
		IJ.saveAsTiff(new ImagePlus("f32", new FloatProcessor(24, 20, pattern(24, 20, 3))), dir.resolve("c-32bit.TIFF").toString());
		final ImageStack stack = new ImageStack(20, 20);
		for (int i = 0; i < 3; i++) stack.addSlice(new FloatProcessor(20, 20, pattern(20, 20, 10 + i)));
		IJ.saveAsTiff(new ImagePlus("stack", stack), dir.resolve("d-stack.tif").toString());
		final float[] pr = pattern(30, 30, 4);
		final int[] rgb = new int[pr.length];
		for (int k = 0; k < rgb.length; k++) {
			final int v = Math.round(255 * Math.min(1, pr[k]));
			rgb[k] = (v << 16) | ((v / 2) << 8) | (255 - v);
		}
		assertTrue(new FileSaver(new ImagePlus("rgb", new ColorProcessor(30, 30, rgb))).saveAsJpeg(dir.resolve("e-rgb.jpg").toString()));
		IJ.saveAsTiff(new ImagePlus("small", new FloatProcessor(8, 8, pattern(8, 8, 5))), dir.resolve("f-small.tif").toString());
		final float[] constant = new float[20 * 20];
		Arrays.fill(constant, 3);
		IJ.saveAsTiff(new ImagePlus("constant", new FloatProcessor(20, 20, constant)), dir.resolve("g-constant.tif").toString());
		Files.write(dir.resolve("h-broken.tif"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
		Files.writeString(dir.resolve("notes.txt"), "not an image");
	}

	@Test
	void loadsEveryPlaneAndSamplesNormalisedPatches() throws IOException {
		writeTrainingFolder();
		final List<String> log = new ArrayList<>();
		final ImageFolderPatches source = ImageFolderPatches.load(dir, 16, log::add);

		assertEquals(7, source.planeCount()); // 8-bit, 16-bit, 32-bit, 3-plane stack, RGB
		assertEquals(5, source.fileCount());
		assertTrue(source.description().startsWith("7 planes from 5 files in " + dir), source.description());
		assertTrue(source.description().contains("1 unreadable file"), source.description());
		assertTrue(log.stream().anyMatch(m -> m.contains("f-small.tif") && m.contains("8x8 is smaller than the 16x16 patch size")), log.toString());
		assertTrue(log.stream().anyMatch(m -> m.contains("g-constant.tif") && m.contains("constant")), log.toString());
		assertTrue(log.stream().anyMatch(m -> m.contains("h-broken.tif")), log.toString());
		assertTrue(log.stream().anyMatch(m -> m.contains("e-rgb.jpg") && m.contains("luminance")), log.toString());

		final Batch batch = source.next(8, 16, new SplittableRandom(42));
		assertArrayEquals(new long[] { 8, 16, 16, 1 }, batch.shape());
		batch.requireFinite("patches");
		assertArrayEquals(batch.data(), source.next(8, 16, new SplittableRandom(42)).data(), 0, "same generator state, same batch");

		final SplittableRandom rng = new SplittableRandom(1);
		long inside = 0, all = 0;
		float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
		for (int k = 0; k < 40; k++)
			for (final float v : source.next(16, 16, rng).data()) {
				all++;
				if (v >= -1.05f && v <= 1.05f) inside++;
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
		assertTrue(inside >= 0.95 * all, "only " + inside + " of " + all + " values in [-1.05, 1.05]");
		assertTrue(min < -0.8 && max > 0.8, "normalised values should span about [-1, 1], got [" + min + ", " + max + "]");
	}

	@Test
	void planesAreChosenByAreaAndAugmentedWithAllSymmetries() throws IOException {
		// A fits exactly one 16x16 patch, B is 16 times larger: P(A) = 256 / (256 + 4096) = 1/17
		final float[] a = pattern(16, 16, 7);
		IJ.saveAsTiff(new ImagePlus("A", new FloatProcessor(16, 16, a.clone())), dir.resolve("a.tif").toString());
		IJ.saveAsTiff(new ImagePlus("B", new FloatProcessor(64, 64, pattern(64, 64, 8))), dir.resolve("b.tif").toString());
		final ImageFolderPatches source = ImageFolderPatches.load(dir, 16, m -> {});

		final float[] normA = PercentileNormalization.fit(a).forward(a);
		final List<float[]> variants = new ArrayList<>();
		for (int e = 0; e < Dihedral.ORDER; e++) variants.add(Dihedral.apply(normA, 16, e));

		final int draws = 2000;
		final Batch batch = source.next(draws, 16, new SplittableRandom(3));
		int fromA = 0;
		final Set<Integer> seen = new HashSet<>();
		for (int i = 0; i < draws; i++) {
			final float[] patch = batch.image(i).data();
			for (int e = 0; e < Dihedral.ORDER; e++)
				if (Arrays.equals(patch, variants.get(e))) {
					fromA++;
					seen.add(e);
					break;
				}
		}
		// expected 2000 / 17 = 118, standard deviation about 10.5
		assertTrue(fromA > 80 && fromA < 160, fromA + " of " + draws + " patches came from A, expected about 118");
		assertEquals(8, seen.size(), "all 8 symmetries should occur, saw " + seen);
	}

	@Test
	void realSampleImagesIncludingRgb() throws Exception {
		final Path img = SampleData.ijTestImages();
		for (final String name : new String[] { "ecoli.png", "grey16.png", "isolateCells.png" })
			Files.copy(img.resolve(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
		final List<String> log = new ArrayList<>();
		final ImageFolderPatches source = ImageFolderPatches.load(dir, 64, log::add);
		assertEquals(3, source.planeCount());
		assertTrue(log.stream().anyMatch(m -> m.contains("ecoli.png") && m.contains("luminance")), log.toString());
		final Batch batch = source.next(4, 64, new SplittableRandom(5));
		assertArrayEquals(new long[] { 4, 64, 64, 1 }, batch.shape());
		batch.requireFinite("patches of real images");
	}

	@Test
	void emptyFolderIsAnError() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFolderPatches.load(dir, 16, m -> {}));
		assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("no .tif"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> ImageFolderPatches.load(dir.resolve("missing"), 16, m -> {}));
	}

	@Test
	void folderWithOnlyTooSmallImagesIsAnError() {
		IJ.saveAsTiff(new ImagePlus("small", new FloatProcessor(8, 8, pattern(8, 8, 5))), dir.resolve("small.tif").toString());
		final List<String> log = new ArrayList<>();
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFolderPatches.load(dir, 16, log::add));
		assertTrue(e.getMessage().contains("No usable training image in " + dir) && e.getMessage().contains("smaller than 16x16"), e.getMessage());
		assertEquals(1, log.size(), log.toString());
	}

	@Test
	void patchLargerThanEveryPlaneIsAnError() throws IOException {
		IJ.saveAsTiff(new ImagePlus("p", new FloatProcessor(20, 20, pattern(20, 20, 6))), dir.resolve("p.tif").toString());
		final ImageFolderPatches source = ImageFolderPatches.load(dir, 16, m -> {});
		assertThrows(IllegalArgumentException.class, () -> source.next(2, 32, new SplittableRandom(0)));
		assertThrows(IllegalArgumentException.class, () -> source.next(0, 16, new SplittableRandom(0)));
	}

	@org.junit.jupiter.api.Test
	void aTrainingRunNeverReadsItsOwnOutputs() {
		final FolderTraining.Request r = new FolderTraining.Request();
		final java.nio.file.Path data = java.nio.file.Paths.get("data");
		r.data = data;
		r.output = data.resolve("m.zip");
		r.preview = data.resolve("patches.png");
		for (final String own : new String[] { "m.zip", "m.zip.loss.png", "m.zip.loss.csv", ".m.zip.part", "patches.png" })
			org.junit.jupiter.api.Assertions.assertTrue(FolderTraining.isOwnOutput(r, data.resolve(own)), own);
		for (final String other : new String[] { "cells.png", "m.png", "other/m.zip.loss.png" })
			org.junit.jupiter.api.Assertions.assertFalse(FolderTraining.isOwnOutput(r, data.resolve(other)), other);
	}
}
