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

	/** pnp's result is not the posterior mean: its map is its expected error, and the unit and colour bar say so. */
	@Test
	void theMapOfAResultThatIsNotThePosteriorMeanIsNamedItsExpectedError() {
		final ImagePlus pnp = UncertaintyDisplay.style(map(), "cells-deconvolve-pnp", "deconvolve", "pnp", true);
		assertEquals("expected error", pnp.getCalibration().getValueUnit());
		assertTrue(captions(pnp).contains(UncertaintyDisplay.ERROR_CAPTION), captions(pnp).toString());
		final String info = (String) pnp.getProperty("Info");
		assertTrue(info.contains("expected error of the result") && info.contains("pnp's result is not the posterior mean"), info);
		assertFalse(info.contains("posterior standard deviation"), info);
		final ImagePlus fast = UncertaintyDisplay.style(map(), "cells-deconvolve-fast", "deconvolve", "fast", true);
		assertEquals("posterior std", fast.getCalibration().getValueUnit());
		assertTrue(captions(fast).contains(UncertaintyDisplay.BAR_CAPTION), captions(fast).toString());
		assertTrue(((String) fast.getProperty("Info")).contains("posterior standard deviation"));
	}

	private static java.util.List<String> captions(final ImagePlus imp) {
		final java.util.List<String> out = new java.util.ArrayList<>();
		for (int i = 0; i < imp.getOverlay().size(); i++)
			if (imp.getOverlay().get(i) instanceof ij.gui.TextRoi) out.add(((ij.gui.TextRoi) imp.getOverlay().get(i)).getText().trim());
		return out;
	}
}
