/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.task.RestorationProblem;

/** A stored case run reads back bit for bit; a file of another case size is ignored; names are file-safe. */
class CalibrationCacheTest {

	private static BenchCase denoisingCase(final int size) {
		final float[] truth = random(size * size, 1), noisy = random(size * size, 2);
		return new BenchCase(BenchCase.Kind.GAUSSIAN_NOISE, "ecoli (binned 2x2) (12,34)", size, size, truth, RestorationProblem.denoising(noisy, size, size), noisy,
			0.1, 0.1, null, null, null, null);
	}

	private static float[] random(final int n, final long seed) {
		final Random r = new Random(seed);
		final float[] v = new float[n];
		for (int k = 0; k < n; k++) v[k] = r.nextFloat();
		return v;
	}

	@Test
	void roundTripAndSizeCheck(@TempDir final Path dir) throws Exception {
		final BenchCase c = denoisingCase(8);
		final CalibrationBenchmark.Run x = new CalibrationBenchmark.Run(c, "choose");
		x.result = random(64, 3);
		x.std = random(64, 4);
		x.psnrDefault = 31.5;
		x.secondsDefault = 1.25;
		x.psnrMap = 31.75;
		x.secondsMap = 12.5;
		x.samples = 32;
		final String name = CalibrationCache.fileName("choose", c, -1, 0);
		assertTrue(name.matches("[A-Za-z0-9._-]+"), name);
		final Path file = dir.resolve(name);
		CalibrationCache.write(file, x);

		final CalibrationBenchmark.Run back = new CalibrationBenchmark.Run(c, "choose");
		assertTrue(CalibrationCache.read(file, back));
		assertArrayEquals(x.result, back.result);
		assertArrayEquals(x.std, back.std);
		assertEquals(31.5, back.psnrDefault);
		assertEquals(1.25, back.secondsDefault);
		assertEquals(31.75, back.psnrMap);
		assertEquals(12.5, back.secondsMap);
		assertEquals(32, back.samples);
		// the clean and measured images follow, for studies outside Java: 4 + 8 + 32 + 4 header bytes, 4 images of 64 floats
		assertEquals(48 + 4 * 64 * 4, Files.size(file));

		final CalibrationBenchmark.Run other = new CalibrationBenchmark.Run(denoisingCase(16), "choose");
		assertFalse(CalibrationCache.read(file, other), "a file of another case size must be ignored");
		assertNull(other.result);
		assertFalse(CalibrationCache.read(dir.resolve("missing.cal"), other));
	}
}
