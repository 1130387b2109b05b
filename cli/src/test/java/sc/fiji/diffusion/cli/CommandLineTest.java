/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.model.ModelBundle;
import sc.fiji.diffusion.model.ModelConfig;
import sc.fiji.diffusion.testdata.SampleData;

/**
 * End-to-end runs of the command line on real images, at tiny size: train a small model on the ij-test
 * microscopy images, resume it, then generate from it (the README's demo path).
 */
class CommandLineTest {

	@TempDir Path dir;

	/** Runs the CLI, capturing stderr; returns {exit code, stderr}. */
	static Object[] run(final String... args) {
		final PrintStream old = System.err;
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
		try {
			final int code = Main.run(args);
			return new Object[] { code, err.toString(StandardCharsets.UTF_8) };
		}
		finally {
			System.setErr(old);
		}
	}

	/** --version (-V) prints the version on every subcommand that lists it, as on the top-level command. */
	@Test
	void everySubcommandPrintsTheVersion() {
		final PrintStream old = System.out;
		try {
			for (final String sub : List.of("restore", "train", "synth", "bench-large")) {
				final ByteArrayOutputStream out = new ByteArrayOutputStream();
				System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
				assertEquals(0, Main.run(sub, "-V"), sub);
				assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("diffusion-fiji "), sub + ": " + out);
			}
		}
		finally {
			System.setOut(old);
		}
	}

	private Path trainingFolder() throws Exception {
		return trainingFolder(dir);
	}

	/** {@code dir}/data with two real images of ij-test (cells.jpg, isolateCells.png). */
	static Path trainingFolder(final Path dir) throws Exception {
		final Path images = SampleData.ijTestImages();
		final Path data = Files.createDirectories(dir.resolve("data"));
		for (final String f : List.of("cells.jpg", "isolateCells.png"))
			Files.copy(images.resolve(f), data.resolve(f));
		return data;
	}

	@Test
	void trainResumeAndGenerateEndToEnd() throws Exception {
		final Path data = trainingFolder();
		final Path model = dir.resolve("m.zip");
		final String[] train = { "train", "--data", data.toString(), "--output", model.toString(), "--patch", "16", "--batch", "2",
			"--channels", "8", "--levels", "2", "--res-blocks", "1", "--checkpoint-every", "3", "--log-every", "2", "--steps", "4" };
		final Object[] first = run(train);
		assertEquals(0, first[0], (String) first[1]);
		assertTrue(Files.isRegularFile(model));
		assertTrue(((String) first[1]).contains("ETA"), "progress with ETA: " + first[1]);

		// resuming to 6 steps continues from the checkpoint at step 4
		train[train.length - 1] = "6";
		final Object[] again = run(append(train, "--resume"));
		assertEquals(0, again[0], (String) again[1]);
		assertTrue(((String) again[1]).contains("Resumed from step 4"), (String) again[1]);
		final List<String> log = Files.readAllLines(dir.resolve("m.zip.loss.csv"));
		assertEquals("step,loss,loss_ema,elapsed_s", log.get(0));
		assertEquals(7, log.size(), "header + 6 steps");
		assertTrue(log.get(6).startsWith("6,"));
		assertEquals(640, ImageFiles.open(dir.resolve("m.zip.loss.png")).getWidth(), "loss plot written");

		final ModelBundle bundle = ModelBundle.read(model);
		assertEquals(6, bundle.config.training.steps);
		assertTrue(bundle.config.training.command.contains("--steps 6"), bundle.config.training.command);
		assertTrue(bundle.config.training.data.contains("2 planes from 2 files"), bundle.config.training.data);

		// a fresh run must not silently overwrite an existing checkpoint
		final Object[] clash = run(train);
		assertEquals(1, clash[0]);
		assertTrue(((String) clash[1]).contains("--resume"), (String) clash[1]);

		// fine-tuning starts from the trained weights, keeps the architecture, records the origin
		final Path tuned = dir.resolve("tuned.zip");
		final Object[] tune = run("train", "--data", data.toString(), "--output", tuned.toString(), "--init", model.toString(),
			"--patch", "16", "--batch", "2", "--steps", "1", "--preview", dir.resolve("patches.png").toString());
		assertEquals(0, tune[0], (String) tune[1]);
		final ModelBundle tunedBundle = ModelBundle.read(tuned);
		assertEquals(bundle.config.architecture.baseWidth, tunedBundle.config.architecture.baseWidth, "architecture from --init (--channels with it is refused: TrainCommandTest)");
		assertEquals(4 * 16 + 3 * 2, ImageFiles.open(dir.resolve("patches.png")).getWidth(), "16 patches in a 4x4 grid");
		assertTrue(tunedBundle.config.training.data.startsWith("started from m.zip (6 steps on 2 planes"), tunedBundle.config.training.data);
		// ... and lists both runs as stages, oldest first, with the totals at the top
		assertNull(bundle.config.training.stages, "one run, no stages");
		assertEquals(2, tunedBundle.config.training.stages.size());
		assertEquals(6, tunedBundle.config.training.stages.get(0).steps);
		assertTrue(tunedBundle.config.training.stages.get(0).command.contains("--steps 6"));
		assertEquals(1, tunedBundle.config.training.stages.get(1).steps);
		assertTrue(tunedBundle.config.training.stages.get(1).command.contains("--init"));
		assertEquals(7, tunedBundle.config.training.steps, "total steps");
		assertEquals(bundle.config.training.wallSeconds + tunedBundle.config.training.stages.get(1).wallSeconds, tunedBundle.config.training.wallSeconds, 1e-9);
		assertEquals(ModelConfig.JAVA_TRAINER, tunedBundle.config.training.stages.get(0).trainer);
		assertEquals(2, ModelBundle.read(tuned).config.training.stages.size(), "stages survive a read");

		final Path out = dir.resolve("samples");
		final Object[] gen = run("generate", "--model", model.toString(), "--count", "3", "--size", "20x12", "--steps", "4",
			"--sampler", "ddpm", "--batch", "2", "--seed", "5", "--output", out.toString());
		assertEquals(0, gen[0], (String) gen[1]);
		for (int i = 0; i < 3; i++) {
			final ImagePlus imp = ImageFiles.open(out.resolve(String.format("sample_%04d.tif", i)));
			assertEquals(ImagePlus.GRAY32, imp.getType());
			assertEquals(12, imp.getWidth());
			assertEquals(20, imp.getHeight());
		}
	}

	@Test
	void bundledDemoGenerates() throws Exception {
		final Path out = dir.resolve("demo");
		// the README's first command, at tiny size
		final Object[] gen = run("generate", "--count", "2", "--size", "24x24", "--steps", "3", "--sampler", "ddim", "--seed", "1",
			"--output", out.toString(), "--montage", out.resolve("samples.png").toString());
		assertEquals(0, gen[0], (String) gen[1]);
		assertTrue(Files.isRegularFile(out.resolve("sample_0001.tif")));
		final ImagePlus montage = ImageFiles.open(out.resolve("samples.png"));
		assertEquals(24 * 2 + 2, montage.getWidth());
		final float[] pixels = (float[]) ImageFiles.open(out.resolve("sample_0000.tif")).getProcessor().getPixels();
		for (final float p : pixels) assertTrue(Float.isFinite(p));
	}

	@Test
	void badUsageGivesClearErrors() throws Exception {
		final Object[] size = run("generate", "--size", "big", "--output", dir.toString());
		assertEquals(1, size[0]);
		assertTrue(((String) size[1]).contains("--size must be HxW"), (String) size[1]);
		final Object[] sampler = run("generate", "--sampler", "euler", "--output", dir.toString());
		assertTrue(((String) sampler[1]).contains("Unknown sampler 'euler'"), (String) sampler[1]);
		final Object[] model = run("generate", "--model", "no-such-model", "--output", dir.toString());
		assertTrue(((String) model[1]).contains("No model 'no-such-model'"), (String) model[1]);
		final Object[] data = run("train", "--data", dir.resolve("absent").toString(), "--output", dir.resolve("x.zip").toString());
		assertEquals(1, data[0]);
		assertTrue(((String) data[1]).contains("absent"), (String) data[1]);
		assertEquals(2, run("train")[0], "missing required options is a usage error");
		// a misspelt option: the error, a suggestion and where the options are, not the whole help text
		final Object[] typo = run("restore", "--task", "denoise", "--inptu", "a.tif", "--output", "b.tif");
		final String typoErr = (String) typo[1];
		assertEquals(2, typo[0]);
		assertTrue(typoErr.startsWith("Error: Unknown options: '--inptu'"), typoErr);
		assertTrue(typoErr.contains("--input"), "suggests the option meant: " + typoErr);
		assertTrue(typoErr.contains("Try 'diffusion-fiji restore --help'"), typoErr);
		assertFalse(typoErr.contains("--tile-overlap"), "no whole help text: " + typoErr);
		assertTrue(typoErr.lines().count() <= 6, typoErr);
		assertEquals(0, run("generate", "--help")[0]);
	}

	private static String[] append(final String[] a, final String b) {
		final String[] out = java.util.Arrays.copyOf(a, a.length + 1);
		out[a.length] = b;
		return out;
	}
}
