/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.volume;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.volume.Volume;
import sc.fiji.diffusion.data.volume.VolumeSlicer.Orientation;
import sc.fiji.diffusion.data.volume.VolumeSlicer.Part;

/** The slicing convention, the foreground rule and the held-out slab, on synthetic RAS volumes. */
class VolumeSlicerTest {

	private static final double[] RAS = { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1 };

	/** Value {@code x + 100 y + 10000 z}: every voxel tells where it is. */
	private static Volume coordinates(final int nx, final int ny, final int nz) {
		final float[] d = new float[nx * ny * nz];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++)
					d[x + nx * (y + ny * z)] = x + 100 * y + 10000 * z;
		return new Volume(nx, ny, nz, 1, d, new double[] { 1, 1, 2 }, "mm", RAS);
	}

	@Test
	void slicesAreUprightInNeurologicalConvention() {
		final int nx = 5, ny = 4, nz = 3;
		final Volume v = coordinates(nx, ny, nz);
		// axial z = 2: row 0 is the most anterior y, column 0 the subject's left (x = 0)
		final float[] axial = VolumeSlicer.plane(v, Orientation.AXIAL, 2);
		assertEquals(nx * ny, axial.length);
		assertEquals(0 + 100 * (ny - 1) + 20000, axial[0]);
		assertEquals((nx - 1) + 0 + 20000, axial[nx * ny - 1]);
		// coronal y = 1: row 0 is the top z, column 0 the subject's left
		final float[] coronal = VolumeSlicer.plane(v, Orientation.CORONAL, 1);
		assertEquals(nx * nz, coronal.length);
		assertEquals(0 + 100 + 10000 * (nz - 1), coronal[0]);
		assertEquals(3 + 100 + 10000 * (nz - 1), coronal[3]);
		assertEquals((nx - 1) + 100, coronal[nx * nz - 1]);
		// sagittal x = 3: row 0 is the top z, column 0 the most anterior y
		final float[] sagittal = VolumeSlicer.plane(v, Orientation.SAGITTAL, 3);
		assertEquals(ny * nz, sagittal.length);
		assertEquals(3 + 100 * (ny - 1) + 10000 * (nz - 1), sagittal[0]);
		assertEquals(3 + 0 + 10000 * (nz - 1), sagittal[ny - 1]);
		assertEquals(3, sagittal[ny * nz - 1]);
	}

	@Test
	void thresholdIsTenPercentOfThe99thPercentile() {
		final float[] d = new float[101];
		for (int i = 0; i <= 100; i++) d[i] = i;
		d[50] = Float.NaN; // ignored: the finite values are 0..100 without 50
		final Volume v = new Volume(101, 1, 1, 1, d, new double[] { 1, 1, 1 }, "mm", RAS);
		// 100 finite values, h = 99 * 0.99 = 98.01 -> between sorted[98] = 99 and sorted[99] = 100
		assertEquals(0.1 * (99 + 0.01), VolumeSlicer.foregroundThreshold(v), 1e-9);
	}

	/** 20x20x40 grid, voxels 1x1x2 mm; a 10x10 block of tissue in every plane z in [5, 34], empty elsewhere. */
	private static Volume block() {
		final int n = 20, nz = 40;
		final float[] d = new float[n * n * nz];
		for (int z = 5; z < 35; z++)
			for (int y = 5; y < 15; y++)
				for (int x = 5; x < 15; x++)
					d[x + n * (y + n * z)] = 100;
		return new Volume(n, n, nz, 1, d, new double[] { 1, 1, 2 }, "mm", RAS);
	}

	private static List<VolumeSlicer.Slice> run(final Volume v, final VolumeSlicer.Options o, final VolumeSlicer.Summary[] summary) throws Exception {
		final List<VolumeSlicer.Slice> out = new ArrayList<>();
		summary[0] = VolumeSlicer.slice(v, o, out::add);
		return out;
	}

	@Test
	void superiorSlabIsHeldOutOfEveryOrientation() throws Exception {
		final VolumeSlicer.Options o = new VolumeSlicer.Options();
		o.holdoutFraction = 0.2; // 30 tissue planes: the top 6 (z 29..34) and the empty planes above
		o.holdoutGap = 5; // ceil(5 / 2) = 3 planes: z 26..28
		o.minForeground = 0.1;
		final VolumeSlicer.Summary[] s = new VolumeSlicer.Summary[1];
		final List<VolumeSlicer.Slice> slices = run(block(), o, s);
		assertArrayEquals(new int[] { 29, 39 }, s[0].holdoutZ);
		assertArrayEquals(new int[] { 0, 25 }, s[0].trainingZ);
		assertEquals(0.2, s[0].holdoutShare, 1e-12);
		assertEquals(0.7, s[0].trainingShare, 1e-12);
		for (final VolumeSlicer.Slice slice : slices) {
			final int[] range = slice.part == Part.TRAINING ? s[0].trainingZ : s[0].holdoutZ;
			assertTrue(slice.zFrom >= range[0] && slice.zTo <= range[1], slice.fileName("b") + " " + slice.part + " covers z " + slice.zFrom + ".." + slice.zTo);
			assertTrue(slice.foreground >= 0.1);
			if (slice.orientation != Orientation.AXIAL)
				assertEquals(slice.zTo - slice.zFrom + 1, slice.height);
		}
		// axial: tissue planes 5..25 train (21), 29..34 held out (6), 26..28 in the gap (3), the rest empty
		assertEquals(21, s[0].written(Orientation.AXIAL, Part.TRAINING));
		assertEquals(6, s[0].written(Orientation.AXIAL, Part.HOLDOUT));
		assertEquals(3, s[0].inGap(Orientation.AXIAL));
		assertEquals(40 - 21 - 6 - 3, s[0].skipped(Orientation.AXIAL, Part.TRAINING) + s[0].skipped(Orientation.AXIAL, Part.HOLDOUT));
		// coronal and sagittal: the 10 slices through the block, each cropped into a training and a held-out image
		for (final Orientation or : new Orientation[] { Orientation.CORONAL, Orientation.SAGITTAL }) {
			assertEquals(10, s[0].written(or, Part.TRAINING), or.label());
			assertEquals(10, s[0].written(or, Part.HOLDOUT), or.label());
		}
		// a held-out coronal crop: rows z 39 (top) .. 29; tissue in its bottom 6 rows
		final VolumeSlicer.Slice c = slices.stream().filter(x -> x.orientation == Orientation.CORONAL && x.part == Part.HOLDOUT && x.index == 7)
			.findFirst().orElseThrow();
		assertEquals(11, c.height);
		assertEquals(20, c.width);
		assertEquals(0f, c.pixels[4 * 20 + 7]); // row 4 = z 35: empty
		assertEquals(100f, c.pixels[5 * 20 + 7]); // row 5 = z 34: tissue
		assertEquals(2.0, c.pixelHeight);
		assertEquals("b_coronal_y007.tif", c.fileName("b"));
	}

	@Test
	void inferiorSlabAndNoHoldout() throws Exception {
		final VolumeSlicer.Options o = new VolumeSlicer.Options();
		o.holdoutFraction = 0.1; // 3 of 30 tissue planes: z 0..7
		o.holdoutPosition = VolumeSlicer.HoldoutPosition.INFERIOR;
		o.holdoutGap = 0;
		o.minForeground = 0.1;
		final VolumeSlicer.Summary[] s = new VolumeSlicer.Summary[1];
		run(block(), o, s);
		assertArrayEquals(new int[] { 0, 7 }, s[0].holdoutZ);
		assertArrayEquals(new int[] { 8, 39 }, s[0].trainingZ);

		final VolumeSlicer.Options none = new VolumeSlicer.Options();
		none.orientations = EnumSet.of(Orientation.AXIAL);
		none.every = 4;
		none.minForeground = 0.1;
		final List<VolumeSlicer.Slice> slices = run(block(), none, s);
		assertNull(s[0].holdoutZ);
		// z = 8, 12, ..., 32 hold tissue
		assertEquals(7, slices.size());
		assertEquals(8, slices.get(0).index);
		assertEquals(3, s[0].skipped(Orientation.AXIAL, Part.TRAINING)); // z = 0, 4, 36
		assertEquals(0.25, slices.get(0).foreground, 1e-12);
	}

	@Test
	void refusesVolumesItCannotSlice() {
		final VolumeSlicer.Options o = new VolumeSlicer.Options();
		final Volume lps = new Volume(2, 2, 2, 1, new float[8], new double[] { 1, 1, 1 }, "mm",
			new double[] { -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 });
		assertTrue(assertThrows(IllegalArgumentException.class, () -> VolumeSlicer.slice(lps, o, s -> {})).getMessage().contains("LPS"));
		final Volume fourD = new Volume(2, 2, 2, 2, new float[16], new double[] { 1, 1, 1 }, "mm", RAS);
		assertThrows(IllegalArgumentException.class, () -> VolumeSlicer.slice(fourD, o, s -> {}));
		o.holdoutFraction = 0.9;
		o.holdoutGap = 100;
		assertTrue(assertThrows(IllegalArgumentException.class, () -> VolumeSlicer.slice(block(), o, s -> {})).getMessage().contains("no training planes"));
		o.every = 0;
		assertThrows(IllegalArgumentException.class, o::validate);
	}

	/** A single-slice volume gives its axial image only: its coronal and sagittal cuts are lines of one pixel, not images. */
	@Test
	void aSingleSliceVolumeGivesNoOnePixelImages() throws Exception {
		final float[] data = new float[20 * 16];
		java.util.Arrays.fill(data, 100);
		final Volume one = new Volume(20, 16, 1, 1, data, new double[] { 1, 1, 1 }, "mm", RAS);
		final VolumeSlicer.Options o = new VolumeSlicer.Options();
		final VolumeSlicer.Summary[] s = new VolumeSlicer.Summary[1];
		final List<VolumeSlicer.Slice> slices = run(one, o, s);
		for (final VolumeSlicer.Slice slice : slices) assertTrue(slice.width > 1 && slice.height > 1, slice.fileName("one") + " is " + slice.width + "x" + slice.height);
		assertEquals(16, s[0].tooSmall(Orientation.CORONAL));
		assertEquals(20, s[0].tooSmall(Orientation.SAGITTAL));
	}
}
