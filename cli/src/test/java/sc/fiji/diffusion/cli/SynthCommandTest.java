/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import picocli.CommandLine;
import sc.fiji.diffusion.imagej.ImageFiles;

/** The {@code synth} command end to end, at small size. */
class SynthCommandTest {

	@TempDir Path dir;

	/** Runs {@code synth} as Main would (one-line errors, exit code 1); returns {exit code, stderr}. */
	private static Object[] synth(final String... args) {
		final StringWriter err = new StringWriter();
		final CommandLine cl = new CommandLine(new SynthCommand());
		cl.setErr(new PrintWriter(err, true));
		cl.setOut(new PrintWriter(new StringWriter(), true));
		cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
			commandLine.getErr().println("Error: " + e.getMessage());
			return 1;
		});
		return new Object[] { cl.execute(args), err.toString() };
	}

	@Test
	void writesCleanAndNoisyThirtyTwoBitTiffsAndAMontage() throws Exception {
		final Path clean = dir.resolve("clean"), noisy = dir.resolve("noisy"), png = dir.resolve("look.png");
		final Object[] r = synth("--count", "3", "--size", "40x56", "--pixel-size", "0.1", "--seed", "9", "--output", clean.toString(),
			"--noisy-output", noisy.toString(), "--photons", "50", "--read-noise", "1", "--montage", png.toString());
		assertEquals(0, r[0], (String) r[1]);
		for (int i = 0; i < 3; i++) {
			final String name = String.format("fluo_%05d.tif", i);
			for (final Path folder : new Path[] { clean, noisy }) {
				final ImagePlus imp = ImageFiles.open(folder.resolve(name));
				assertEquals(ImagePlus.GRAY32, imp.getType());
				assertEquals(56, imp.getWidth());
				assertEquals(40, imp.getHeight());
				assertEquals(0.1, imp.getCalibration().pixelWidth, 1e-9);
				for (final float v : (float[]) imp.getProcessor().getPixels()) assertTrue(Float.isFinite(v));
			}
			final float[] c = (float[]) ImageFiles.open(clean.resolve(name)).getProcessor().getPixels();
			final float[] n = (float[]) ImageFiles.open(noisy.resolve(name)).getProcessor().getPixels();
			assertFalse(java.util.Arrays.equals(c, n), "noise was added");
		}
		final List<String> csv = Files.readAllLines(clean.resolve("synth.csv"));
		assertEquals(4, csv.size());
		assertEquals("file,seed,light,scene,psf,degradation", csv.get(0));
		assertTrue(csv.get(1).startsWith("fluo_00000.tif,"), csv.get(1));
		final ImagePlus montage = ImageFiles.open(png);
		assertEquals(2 * 56 + 2, montage.getWidth());
		assertEquals(2 * 40 + 2, montage.getHeight());

		// the same seed gives the same images
		final Path again = dir.resolve("again");
		assertEquals(0, synth("--count", "1", "--size", "40x56", "--seed", "9", "--output", again.toString())[0]);
		assertArrayEquals((float[]) ImageFiles.open(clean.resolve("fluo_00000.tif")).getProcessor().getPixels(),
			(float[]) ImageFiles.open(again.resolve("fluo_00000.tif")).getProcessor().getPixels());
	}

	@Test
	void badOptionsGiveClearErrors() {
		final Object[] blur = synth("--blur", "confocal", "--output", dir.toString());
		assertEquals(1, blur[0]);
		assertTrue(((String) blur[1]).contains("Unknown blur 'confocal'"), (String) blur[1]);
		final Object[] count = synth("--count", "0", "--output", dir.toString());
		assertTrue(((String) count[1]).contains("--count must be at least 1"), (String) count[1]);
		final Object[] noisyBlur = synth("--count", "1", "--size", "8", "--noisy-blur", "random", "--noisy-output", dir.resolve("n").toString(),
			"--output", dir.toString());
		assertTrue(((String) noisyBlur[1]).contains("--noisy-blur must be none or widefield"), (String) noisyBlur[1]);
		assertEquals(2, synth("--count", "1")[0], "missing --output is a usage error");
		assertEquals(0, synth("--help")[0]);
	}
}
