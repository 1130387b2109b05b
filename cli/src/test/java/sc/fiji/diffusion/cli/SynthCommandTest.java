/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

	/**
	 * Ctrl-C (what the shutdown hook calls, {@link CancelOnShutdown#cancelAndWait}) stops {@code synth}
	 * between images with exit code 130. While it runs there is no synth.csv (not a stale one from an
	 * earlier run, not a half-written one), so a killed run leaves none; the cancelled run leaves the images
	 * written so far and a synth.csv listing exactly them.
	 */
	@Test
	void ctrlCStopsBetweenImagesAndLeavesACsvOfTheImagesWritten() throws Exception {
		final Path out = Files.createDirectories(dir.resolve("out"));
		Files.writeString(out.resolve("synth.csv"), "file,seed,light,scene,psf\nfluo_00000.tif,1,FLUORESCENCE,\"an earlier run\",\"none\"\n");
		final int count = 2000;
		final ExecutorService worker = Executors.newSingleThreadExecutor();
		final PrintStream oldErr = System.err;
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
		try {
			final Future<Integer> run = worker.submit(() -> Main.run("synth", "--count", Integer.toString(count), "--size", "16", "--output", out.toString()));
			while (!Files.exists(out.resolve("fluo_00002.tif")) && !run.isDone()) Thread.sleep(2);
			assertFalse(Files.exists(out.resolve("synth.csv")), "no synth.csv while the images are written");
			assertEquals(0, CancelOnShutdown.cancelAndWait(60_000, System.err), "synth stopped in time");
			assertEquals(Main.CANCELLED, (int) run.get(1, TimeUnit.MINUTES), err::toString);
		}
		finally {
			System.setErr(oldErr);
			worker.shutdownNow();
		}
		final List<String> images;
		try (Stream<Path> s = Files.list(out)) {
			images = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("synth.csv")).sorted().collect(Collectors.toList());
		}
		assertTrue(images.size() >= 3 && images.size() < count, images.size() + " images");
		for (final String n : images) assertTrue(n.matches("fluo_\\d{5}\\.tif"), "no temporary file: " + n);
		final List<String> csv = Files.readAllLines(out.resolve("synth.csv"));
		assertEquals("file,seed,light,scene,psf", csv.get(0));
		assertEquals(images, csv.subList(1, csv.size()).stream().map(l -> l.substring(0, l.indexOf(','))).collect(Collectors.toList()),
			"synth.csv lists exactly the images written");
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("Cancelled after " + images.size() + " of " + count + " images"), err::toString);
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
