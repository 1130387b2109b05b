/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.sampler.StepRule;
import sc.fiji.diffusion.task.Generation;

/** Opening models by name or path, and using a Python-style SavedModel exactly like a bundle. */
class ModelsTest {

	@TempDir Path dir;

	@Test
	void aSavedModelGeneratesLikeABundle() throws Exception {
		final Path saved = TestModels.export(dir.resolve("saved"), new TestModels.Spec().channels(1));
		try (LoadedModel m = Models.open(saved.toString())) {
			assertEquals("linear", m.config.schedule.kind);
			assertEquals(1000, m.eps.timesteps());
			final Batch samples = new Generation(m, StepRule.ddim(0), 5).generate(3, 9, 11, 2, 1, SamplerListener.NONE);
			assertEquals(3, samples.n());
			samples.requireFinite("samples");
			// generation clips x0Hat to [-1, 1] (the SavedModel path composes the clipped step in Java); the DDIM
			// sampler's last step returns that estimate
			for (final float v : samples.data()) assertTrue(Math.abs(v) <= 1 + 1e-5, "sample value " + v + " outside [-1, 1]");
		}
		try (LoadedModel zipped = Models.open(TestModels.zip(saved, dir.resolve("saved.zip"), "saved").toString())) {
			assertEquals(1, zipped.eps.channels());
		}
	}

	@Test
	void bundledModelsAreListedAndOpen() throws Exception {
		assertTrue(Models.bundledNames().contains("demo-cells"));
		try (LoadedModel m = Models.open("demo-cells")) {
			assertEquals("demo-cells", m.config.name);
			assertTrue(m.config.training.command.startsWith("java -jar diffusion-fiji.jar train "), m.config.training.command);
		}
	}

	@Test
	void installedModelsAreFoundByName() throws Exception {
		final ModelBundle b = new ModelBundle(ModelConfig.of(TestNetworks.tinyConfig(), sc.fiji.diffusion.schedule.NoiseSchedule.linear(1000)),
			TestNetworks.perturbedWeights(TestNetworks.tinyConfig(), 1));
		b.write(dir.resolve("lab-prior.zip"));
		System.setProperty(Models.DIR_PROPERTY, dir.toString());
		try (LoadedModel m = Models.open("lab-prior")) {
			assertEquals(dir.resolve("lab-prior.zip").toString(), m.source);
		}
		finally {
			System.clearProperty(Models.DIR_PROPERTY);
		}
	}
}
