/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.model.UNetConfig;
import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.task.Restoration;

/** Block grids, regions, halos and seeds: pure arithmetic, no Spark or TensorFlow. */
class BlockGridTest {

	@Test
	void blocksCoverTheVolumeOnceAndRegionsAreClippedHalos() {
		final BlockGrid g = new BlockGrid(new long[] { 10, 100, 70 }, new int[] { 4, 64, 32 });
		final List<long[]> blocks = g.blocks();
		assertEquals(3 * 2 * 3, blocks.size());
		long voxels = 0;
		for (final long[] b : blocks) {
			final int[] s = g.size(b);
			voxels += (long) s[0] * s[1] * s[2];
			assertEquals(blocks.indexOf(b), g.index(b));
		}
		assertEquals(g.voxels(), voxels, "blocks tile the volume exactly");
		final long[] last = { 2, 1, 2 };
		assertArrayEquals(new int[] { 2, 36, 6 }, g.size(last));
		assertArrayEquals(new long[] { 8, 64 - 16, 64 - 16 }, g.regionOrigin(last, new int[] { 0, 16, 16 }));
		assertArrayEquals(new int[] { 2, 36 + 16, 6 + 16 }, g.regionSize(last, new int[] { 0, 16, 16 }));
		final long[] middle = { 1, 0, 1 };
		assertArrayEquals(new long[] { 2, 0, 16 }, g.regionOrigin(middle, new int[] { 2, 16, 16 }));
		assertArrayEquals(new int[] { 8, 64 + 16, 70 - 16 }, g.regionSize(middle, new int[] { 2, 16, 16 }), "clipped at the far x edge (70)");
		assertThrows(IllegalArgumentException.class, () -> new BlockGrid(new long[] { 1, 1, 1 }, new int[] { 0, 1, 1 }));
	}

	@Test
	void theReceptiveFieldOfTheBundledPriorsIs145PixelsAndTheHaloCoversThePsf() throws Exception {
		assertEquals(145, ReceptiveField.radius(new UNetConfig(1, 32, new int[] { 1, 2, 2, 2 }, 1, true, 8)));
		assertEquals(2 + 2 * 1 + 2 * 2 + 4, ReceptiveField.radius(new UNetConfig(1, 32, new int[] { 1 }, 1, true, 8)), "one level: in, out, one res block down, two up, two in the middle");
		final sc.fiji.diffusion.model.ModelConfig c = ModelBytes.config(ModelBytes.read("fluorescence-2d"), "fluorescence-2d");
		assertArrayEquals(new int[] { 0, 145, 145 }, VolumePlan.defaultHalo(c, null));
		assertArrayEquals(new int[] { 0, 145, 145 }, VolumePlan.defaultHalo(c, Psfs.gaussian2D(2)));
		assertArrayEquals(new int[] { 0, 201, 201 }, VolumePlan.defaultHalo(c, Psfs.gaussian2D(25)));
		assertArrayEquals(new int[] { 9, 145, 145 }, VolumePlan.defaultHalo(c, Psfs.gaussian3D(1.5, 1, 13, 9)));
		assertEquals(1, Models.bundledNames().stream().filter("fluorescence-2d"::equals).count());
	}

	@Test
	void seedsDependOnTheBlockAndPlaneOnly() {
		final VolumeRequest r = new VolumeRequest(Restoration.Task.DENOISE, new int[] { 4, 64, 64 }).seed(3);
		final Set<Long> seeds = new HashSet<>();
		for (long z = 0; z < 8; z++)
			for (long y = 0; y < 4; y++)
				for (long x = 0; x < 4; x++) seeds.add(r.seed(new long[] { z / 4, y, x }, z));
		assertEquals(8 * 4 * 4, seeds.size(), "every block plane has its own seed");
		assertEquals(r.seed(new long[] { 1, 2, 3 }, 5), new VolumeRequest(Restoration.Task.DENOISE, new int[] { 4, 64, 64 }).seed(3).seed(new long[] { 1, 2, 3 }, 5));
		assertNotEquals(r.seed(new long[] { 0, 0, 1 }, 0), r.seed(new long[] { 0, 1, 0 }, 0));
		assertThrows(IllegalArgumentException.class, () -> new VolumeRequest(Restoration.Task.MRI, new int[] { 1, 16, 16 }));
	}
}
