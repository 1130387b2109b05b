/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.diffusion.command.CommandTestSupport.ecoli;
import static sc.fiji.diffusion.command.CommandTestSupport.image;
import static sc.fiji.diffusion.command.CommandTestSupport.ok;
import static sc.fiji.diffusion.command.CommandTestSupport.refused;
import static sc.fiji.diffusion.command.CommandTestSupport.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;

import ij.ImagePlus;
import ij.ImageStack;
import ij.macro.Interpreter;
import ij.process.FloatProcessor;
import sc.fiji.diffusion.model.Models;

/** Generate Samples, Train Model and Model Manager through the CommandService. */
class ModelCommandsTest {

	@TempDir Path dir;
	Context context;
	String previous;

	@BeforeEach
	void start() {
		context = CommandTestSupport.context();
		previous = System.getProperty(Models.DIR_PROPERTY);
		System.setProperty(Models.DIR_PROPERTY, dir.resolve("installed").toString());
	}

	@AfterEach
	void stop() {
		if (previous == null) System.clearProperty(Models.DIR_PROPERTY);
		else System.setProperty(Models.DIR_PROPERTY, previous);
		context.dispose();
	}

	static Map<String, Object> map(final Object... kv) {
		final Map<String, Object> m = new HashMap<>();
		for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
		return m;
	}

	@Test
	void generateMakesAStackOfSamples() throws Exception {
		final ImagePlus samples = (ImagePlus) ok(run(context, GenerateSamplesCommand.class,
			map("model", "demo-cells", "count", 3, "width", 32, "height", 48, "steps", 5, "seed", 1L))).getOutput("samples");
		assertEquals(3, samples.getStackSize());
		assertEquals(32, samples.getWidth());
		assertEquals(48, samples.getHeight());
		assertEquals(ImagePlus.GRAY32, samples.getType());
		for (int i = 1; i <= 3; i++)
			for (final float v : (float[]) samples.getStack().getPixels(i)) assertTrue(Float.isFinite(v));
	}

	@Test
	void trainOnTheOpenImageThenInstallShowAndUseTheModel() throws Exception {
		final ImageStack stack = new ImageStack(96, 96);
		for (int i = 0; i < 2; i++) stack.addSlice(new FloatProcessor(96, 96, ecoli(900 + 100 * i, 550, 96, 96)));
		final ImagePlus training = new ImagePlus("training", stack);
		final Path bundle = dir.resolve("lab-prior.zip");
		// source=image trains on the active image (a batch-mode image here, as in a macro)
		Interpreter.batchMode = true;
		training.show();
		final String trainReport;
		try {
			trainReport = (String) ok(run(context, TrainModelCommand.class, map("source", "image", "output_file", bundle.toFile(), "steps", 3L,
				"patch_size", 32, "batch_size", 2, "width", 8, "levels", 2, "augment", "none", "name", "lab prior"))).getOutput("report");
		}
		finally {
			training.close();
			Interpreter.batchMode = false;
		}
		assertTrue(Files.isRegularFile(bundle), trainReport);
		assertTrue(Files.isRegularFile(dir.resolve("lab-prior.zip.loss.csv")));

		ok(run(context, ModelManagerCommand.class, map("action", "install", "file", bundle.toFile(), "model", "lab-prior")));
		final String list = (String) ok(run(context, ModelManagerCommand.class, map("action", "list"))).getOutput("report");
		assertTrue(list.contains("lab-prior") && list.contains("fluorescence-2d"), list);
		final String show = (String) ok(run(context, ModelManagerCommand.class, map("action", "show", "model", "lab-prior"))).getOutput("report");
		assertTrue(show.contains("\"steps\": 3") && show.contains("Diffusion Train Model") && show.contains("lab prior"), show);
		refused(run(context, ModelManagerCommand.class, map("action", "install", "file", bundle.toFile(), "model", "lab-prior")), "lab-prior.zip): choose another name, or delete that file");

		final ImagePlus out = (ImagePlus) ok(run(context, DenoiseCommand.class, map("image", image("x", ecoli(1000, 600, 32, 32), 32, 32), "model", "lab-prior")))
			.getOutput("restored");
		assertEquals(32, out.getWidth());
	}

	@Test
	void aCorruptModelFileIsRefusedAndNotInstalled() throws Exception {
		final Path corrupt = dir.resolve("corrupt.zip");
		Files.write(corrupt, new byte[] { 'P', 'K', 3, 4, 1, 2, 3 });
		refused(run(context, ModelManagerCommand.class, map("action", "install", "file", corrupt.toFile(), "model", "corrupt")), "corrupt");
		assertTrue(!Files.exists(dir.resolve("installed").resolve("corrupt.zip")));
		refused(run(context, DenoiseCommand.class, map("image", image("x", ecoli(1000, 600, 32, 32), 32, 32), "model", corrupt.toString())), "corrupt");
	}
}
