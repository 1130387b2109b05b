/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.testdata.SampleData;

/** {@code train}'s refusals and restarts: it never replaces what it reads, and a resumed run goes on where the checkpoint ended. */
class TrainCommandTest {

	@TempDir Path dir;

	private static final String[] TINY = { "--patch", "16", "--batch", "2", "--channels", "8", "--levels", "2", "--log-every", "1" };

	private Path trainingFolder() throws Exception {
		final Path images = SampleData.ijTestImages();
		final Path data = Files.createDirectories(dir.resolve("data"));
		for (final String f : List.of("cells.jpg", "isolateCells.png"))
			Files.copy(images.resolve(f), data.resolve(f));
		return data;
	}

	private static String[] train(final Path data, final Path output, final String... more) {
		final java.util.List<String> a = new java.util.ArrayList<>(List.of("train", "--data", data.toString(), "--output", output.toString()));
		a.addAll(List.of(more));
		return a.toArray(new String[0]);
	}

	private static String[] with(final String[] a, final String... b) {
		final java.util.List<String> l = new java.util.ArrayList<>(List.of(a));
		l.addAll(List.of(b));
		return l.toArray(new String[0]);
	}

	private static void assertRefused(final Object[] result, final String expected) {
		assertEquals(1, result[0], (String) result[1]);
		assertTrue(((String) result[1]).contains(expected), (String) result[1]);
	}

	@Test
	void neverReplacesWhatItReads() throws Exception {
		final Path data = trainingFolder();
		final byte[] png = Files.readAllBytes(data.resolve("isolateCells.png"));
		final byte[] jpg = Files.readAllBytes(data.resolve("cells.jpg"));
		// an output that is a training image (and not a .zip)
		assertRefused(CommandLineTest.run(train(data, data.resolve("cells.jpg"), with(TINY, "--steps", "2")).clone()), "name it .zip");
		// a preview that is a training image
		assertRefused(CommandLineTest.run(train(data, dir.resolve("m.zip"), with(TINY, "--steps", "0", "--preview", data.resolve("isolateCells.png").toString()))),
			"is a training image");
		// an output (or its companions) that is the --init bundle
		final Path init = Files.write(dir.resolve("base.zip"), new byte[] { 1, 2, 3 });
		assertRefused(CommandLineTest.run(train(data, init, "--init", init.toString(), "--steps", "2")), "the --init bundle");
		final Path oddInit = Files.write(dir.resolve("m.zip.loss.csv"), new byte[] { 4 });
		assertRefused(CommandLineTest.run(train(data, dir.resolve("m.zip"), "--init", oddInit.toString(), "--steps", "2")), "the --init bundle");
		assertArrayEquals(png, Files.readAllBytes(data.resolve("isolateCells.png")));
		assertArrayEquals(jpg, Files.readAllBytes(data.resolve("cells.jpg")));
		assertArrayEquals(new byte[] { 1, 2, 3 }, Files.readAllBytes(init));
		assertArrayEquals(new byte[] { 4 }, Files.readAllBytes(oddInit));
		assertFalse(Files.exists(dir.resolve("m.zip")));
	}

	@Test
	void resumeRefusesAnotherSchedule() throws Exception {
		final Path data = trainingFolder();
		final Path model = dir.resolve("m.zip");
		final Object[] first = CommandLineTest.run(train(data, model, with(TINY, "--steps", "2", "--schedule", "linear", "--timesteps", "50")));
		assertEquals(0, first[0], (String) first[1]);
		final byte[] bundle = Files.readAllBytes(model);
		final Object[] other = CommandLineTest.run(train(data, model, with(TINY, "--steps", "3", "--schedule", "cosine", "--timesteps", "1000", "--resume")));
		assertRefused(other, "linear schedule, 50 timesteps; this run asks for cosine, 1000");
		assertArrayEquals(bundle, Files.readAllBytes(model), "the bundle is kept");
		final Object[] same = CommandLineTest.run(train(data, model, with(TINY, "--steps", "3", "--schedule", "linear", "--timesteps", "50", "--resume")));
		assertEquals(0, same[0], (String) same[1]);
		assertEquals(3, sc.fiji.diffusion.model.ModelBundle.read(model).config.training.steps);
	}
}
