/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.ModelBundle;
import sc.fiji.diffusion.model.ModelConfig;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.model.TfEpsModel;
import sc.fiji.diffusion.model.VariableParameters;

/**
 * The executors' model cache on a real bundle that {@link sc.fiji.diffusion.task.Restoration} refuses (a
 * two-channel network, written here with real TensorFlow weights): every attempt closes the model it
 * loaded (its TensorFlow graph and session) instead of leaking it, and nothing is kept.
 */
class ExecutorModelsTest {

	@Test
	void aModelThatCannotRestoreIsClosedOnEveryAttempt(@TempDir final Path dir) throws Exception {
		final ModelConfig config = ModelBytes.config(ModelBytes.read("fluorescence-2d"), "fluorescence-2d");
		config.architecture.channels = 2;
		final Path zip = dir.resolve("two-channels.zip");
		new ModelBundle(config, VariableParameters.initialWeights(config.unet(), 1)).write(zip);
		final byte[] bytes = Files.readAllBytes(zip);
		final String sha = ModelBytes.sha256(bytes);
		final List<LoadedModel> opened = new ArrayList<>();
		final int loads = ExecutorModels.loads();
		for (int attempt = 0; attempt < 2; attempt++) { // as Spark retries a failed task
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutorModels.restoration(sha, () -> bytes, p -> {
				final LoadedModel m = Models.openPath(p);
				opened.add(m);
				return m;
			}));
			assertTrue(e.getMessage().contains("single-channel"), e.getMessage());
		}
		assertEquals(2, opened.size(), "each attempt loads the bundle again: nothing is kept");
		for (final LoadedModel m : opened) {
			assertTrue(m.eps instanceof TfEpsModel);
			assertTrue(((TfEpsModel) m.eps).isClosed(), "the refused model's graph and session are closed");
		}
		assertEquals(loads, ExecutorModels.loads());
		assertFalse(opened.get(0) == opened.get(1));
	}
}
