/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.imagej.ImageFiles;

/** {@code bench} measures any model, whatever its number of timesteps, and refuses figures it cannot measure. */
class BenchCommandTest {

	@TempDir Path dir;

	@Test
	void aModelOfFiftyTimestepsIsMeasuredAndBadFiguresAreRefused() throws Exception {
		final Path data = Files.createDirectories(dir.resolve("data"));
		final float[] pixels = new float[48 * 48];
		for (int k = 0; k < pixels.length; k++) pixels[k] = (float) (0.5 + 0.4 * Math.sin(k * 0.21));
		ImageFiles.saveFloatTiff(data.resolve("a.tif"), 48, 48, new float[][] { pixels }, null, "a");
		final Path model = dir.resolve("t50.zip");
		Object[] r = CommandLineTest.run("train", "--data", data.toString(), "--output", model.toString(), "--patch", "16", "--batch", "2", "--channels", "8",
			"--levels", "2", "--res-blocks", "1", "--timesteps", "50", "--steps", "1");
		assertEquals(0, r[0], (String) r[1]);
		r = CommandLineTest.run("bench", "--model", model.toString(), "--size", "16", "--batch", "1", "--repeats", "1");
		assertEquals(0, r[0], (String) r[1]); // was: "timestep 500 outside [0, 50)"
		r = CommandLineTest.run("bench", "--model", model.toString(), "--size", "16", "--batch", "1", "--repeats", "0");
		assertEquals(1, r[0]);
		assertTrue(((String) r[1]).contains("--repeats must be at least 1"), (String) r[1]);
		r = CommandLineTest.run("bench", "--model", model.toString(), "--size", "16", "--batch", "-2");
		assertTrue(((String) r[1]).contains("--batch sizes must be at least 1"), (String) r[1]);
	}
}
