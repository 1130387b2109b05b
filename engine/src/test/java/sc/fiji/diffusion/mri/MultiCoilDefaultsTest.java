/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.mri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.task.Restoration.Task;
import sc.fiji.diffusion.task.RestorationDefaults;
import sc.fiji.diffusion.task.Settings;

/** The multi-coil reconstruction's own default (2 samples) applies only where the settings leave the samples open. */
class MultiCoilDefaultsTest {

	@Test
	void twoSamplesUnlessGivenOrAMapIsAskedFor() {
		assertEquals(MultiCoilReconstruction.SAMPLES, MultiCoilReconstruction.settings(new Settings()).samplesFor(Task.MRI));
		assertEquals(6, MultiCoilReconstruction.settings(new Settings().samples(6)).samplesFor(Task.MRI), "a number given is kept");
		assertEquals(RestorationDefaults.STD_SAMPLES, MultiCoilReconstruction.settings(new Settings().uncertainty(true)).samplesFor(Task.MRI),
			"the uncertainty map keeps its own sample count");
		final Settings given = new Settings();
		MultiCoilReconstruction.settings(given);
		assertTrue(!given.samplesGiven(), "the caller's settings are not changed");
		assertTrue(MultiCoilReconstruction.settings(new Settings()).describe(Task.MRI).contains("samples=" + MultiCoilReconstruction.SAMPLES));
	}
}
