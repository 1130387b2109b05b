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


/** {@code train}'s refusals and restarts: it never replaces what it reads, and a resumed run goes on where the checkpoint ended. */
class TrainCommandTest {

	@TempDir Path dir;

	private static final String[] TINY = { "--patch", "16", "--batch", "2", "--channels", "8", "--levels", "2", "--log-every", "1" };

	private Path trainingFolder() throws Exception {
		return CommandLineTest.trainingFolder(dir);
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

	/** A run killed after its checkpoint logged more steps and half a line: the resume cuts them off and goes on with the checkpoint's smoothed loss. */
	@Test
	void resumeAfterAKillContinuesTheLossLog() throws Exception {
		final Path data = trainingFolder();
		final Path model = dir.resolve("m.zip");
		final Object[] first = CommandLineTest.run(train(data, model, with(TINY, "--steps", "2")));
		assertEquals(0, first[0], (String) first[1]);
		final Path csv = dir.resolve("m.zip.loss.csv");
		final List<String> logged = Files.readAllLines(csv);
		assertEquals(3, logged.size(), logged.toString());
		final double ema2 = Double.parseDouble(logged.get(2).split(",")[2]);
		// what a kill -9 between checkpoints leaves: a row past the checkpoint and a partial line
		Files.writeString(csv, "3,9.000000,9.000000,1.0\n4,9.0", java.nio.file.StandardOpenOption.APPEND);
		final Object[] again = CommandLineTest.run(train(data, model, with(TINY, "--steps", "4", "--resume")));
		assertEquals(0, again[0], (String) again[1]);
		final List<String> rows = Files.readAllLines(csv);
		assertEquals(5, rows.size(), rows.toString());
		assertEquals(logged.subList(0, 3), rows.subList(0, 3), "the rows up to the checkpoint are kept");
		for (int k = 1; k <= 4; k++) {
			final String[] f = rows.get(k).split(",");
			assertEquals(4, f.length, rows.get(k));
			assertEquals(k, Long.parseLong(f[0]), rows.toString());
		}
		final double loss3 = Double.parseDouble(rows.get(3).split(",")[1]);
		assertEquals(0.98 * ema2 + 0.02 * loss3, Double.parseDouble(rows.get(3).split(",")[2]), 1e-5, "the smoothed loss goes on from the checkpoint's");
		assertEquals(Double.parseDouble(rows.get(4).split(",")[2]), sc.fiji.diffusion.model.ModelBundle.read(model).config.training.finalLoss, 1e-5);
	}

	@Test
	void aDamagedCheckpointIsRefusedClearly() throws Exception {
		final Path data = trainingFolder();
		final Path model = dir.resolve("m.zip");
		final Object[] first = CommandLineTest.run(train(data, model, with(TINY, "--steps", "2")));
		assertEquals(0, first[0], (String) first[1]);
		final Path ckpt = dir.resolve("m.zip.checkpoint");
		final byte[] bundle = Files.readAllBytes(model);
		// only the files state.json names are the checkpoint: a killed save's leftovers do not count
		try (java.util.stream.Stream<Path> files = Files.list(ckpt)) {
			assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("ckpt-2-")), "files named after the step");
		}
		Files.writeString(ckpt.resolve("state.json"), "");
		final Object[] empty = CommandLineTest.run(train(data, model, with(TINY, "--steps", "3", "--resume")));
		assertRefused(empty, "is damaged");
		assertTrue(((String) empty[1]).contains("delete that folder"), (String) empty[1]);
		Files.writeString(ckpt.resolve("state.json"), "{\"stepsDone\": 2, \"archi");
		assertRefused(CommandLineTest.run(train(data, model, with(TINY, "--steps", "3", "--resume"))), "is damaged");
		assertArrayEquals(bundle, Files.readAllBytes(model), "the bundle is kept");
	}

	@Test
	void optionsThatWouldDoNothingAreRefused() throws Exception {
		final Path data = trainingFolder();
		final Path base = dir.resolve("base.zip");
		final Object[] first = CommandLineTest.run(train(data, base, with(TINY, "--steps", "1")));
		assertEquals(0, first[0], (String) first[1]);
		final Path tuned = dir.resolve("tuned.zip");
		final Object[] arch = CommandLineTest.run(train(data, tuned, "--init", base.toString(), "--channels", "64", "--levels", "4", "--schedule", "cosine", "--steps", "1"));
		assertRefused(arch, "--channels, --levels, --schedule would be ignored");
		// the Fiji command's request: a value other than the default and the bundle's
		final sc.fiji.diffusion.imagej.FolderTraining.Request r = new sc.fiji.diffusion.imagej.FolderTraining.Request();
		r.data = data;
		r.output = tuned;
		r.init = base;
		r.steps = 1;
		r.timesteps = 50;
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> sc.fiji.diffusion.imagej.FolderTraining.run(r, new sc.fiji.diffusion.train.TrainingListener() {}));
		assertTrue(e.getMessage().contains("--timesteps 50 (the bundle has 1000)"), e.getMessage());
		assertRefused(CommandLineTest.run(train(data, dir.resolve("n.zip"), with(TINY, "--steps", "1", "--checkpoint-every", "-1"))), "must be 1 or more");
		assertFalse(Files.exists(tuned));
		assertFalse(Files.exists(dir.resolve("n.zip")));
	}
}
