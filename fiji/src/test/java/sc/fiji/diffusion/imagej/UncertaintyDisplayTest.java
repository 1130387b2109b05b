/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.process.FloatProcessor;

/** The map's info text says whether it is calibrated, and for which task and method. */
class UncertaintyDisplayTest {

	private static ImagePlus map() {
		final FloatProcessor fp = new FloatProcessor(32, 24);
		for (int k = 0; k < 32 * 24; k++) fp.setf(k, 0.01f * (k % 7));
		return new ImagePlus("m", fp);
	}

	@Test
	void aCalibratedMapSaysWhatItCoveredOnHeldOutData() {
		final ImagePlus std = UncertaintyDisplay.style(map(), "slice-mri-fast", "mri", "fast", true);
		final String info = (String) std.getProperty("Info");
		assertEquals("slice-mri-fast-posterior-std", std.getTitle());
		assertTrue(info.contains("held-out MRI slices"), info);
		assertFalse(info.contains("Not calibrated"), info);
	}

	@Test
	void aMapWithoutAFittedFactorSaysSoAndNamesTheMethod() {
		final String info = (String) UncertaintyDisplay.style(map(), "slice-mri-dps", "mri", "dps", false).getProperty("Info");
		assertTrue(info.contains("Not calibrated on held-out data for mri with dps"), info);
		assertTrue(info.contains("lower bound"), info);
		assertFalse(info.contains("held-out MRI slices"), "the MRI figures belong to fast's calibrated map: " + info);
	}
}
