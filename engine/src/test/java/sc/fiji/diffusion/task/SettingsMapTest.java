/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.task.Restoration.Method;
import sc.fiji.diffusion.task.Restoration.Task;

/** Which method's samples make the uncertainty map, and whether the doors may call it calibrated. */
class SettingsMapTest {

	@Test
	void denoisingTakesItsMapFromFastAroundTheMmseResult() {
		final Settings s = new Settings().uncertainty(true);
		assertEquals(Method.MMSE, s.methodFor(Task.DENOISE));
		assertEquals(Method.FAST, s.mapMethodFor(Task.DENOISE));
		assertTrue(s.stdCalibratedFor(Task.DENOISE), "fast's denoising map carries the factor fitted on the choose half");
		assertEquals(Method.FAST, new Settings().uncertainty(true).method(Method.FAST).mapMethodFor(Task.DENOISE));
	}

	@Test
	void deconvolutionKeepsPnpAndTakesItsMapFromFast() {
		final Settings s = new Settings().uncertainty(true);
		assertEquals(Method.PNP, s.methodFor(Task.DECONVOLVE), "the map does not change the result's method");
		assertEquals(Method.FAST, s.mapMethodFor(Task.DECONVOLVE));
		assertEquals(Method.PNP, new Settings().uncertainty(true).method(Method.PNP).mapMethodFor(Task.DECONVOLVE), "pnp set by the user: refused, not replaced");
		assertEquals(RestorationDefaults.STD_SAMPLES, s.mapSamplesFor(Task.DECONVOLVE));
		assertEquals(RestorationDefaults.STD_SAMPLES, s.mapSamplesFor(Task.DENOISE));
		assertEquals(1, s.samplesFor(Task.DECONVOLVE), "the result is pnp's one deterministic run");
		assertEquals(Method.DPS, new Settings().uncertainty(true).method(Method.DPS).mapMethodFor(Task.DECONVOLVE));
		assertEquals(Method.PNP, new Settings().mapMethodFor(Task.DECONVOLVE), "no map asked for");
	}

	@Test
	void theDefaultSamplersMapsAreCalibratedOthersAreRaw() {
		for (final Task t : new Task[] { Task.MRI, Task.DECONVOLVE, Task.DENOISE })
			assertTrue(new Settings().uncertainty(true).stdCalibratedFor(t), t.id());
		assertFalse(new Settings().uncertainty(true).method(Method.DPS).stdCalibratedFor(Task.MRI), "no factor was fitted for dps");
		assertFalse(new Settings().uncertainty(true).method(Method.ALD).stdCalibratedFor(Task.DECONVOLVE), "no factor was fitted for ald");
		assertFalse(new Settings().uncertainty(true).stdCalibration(1).stdCalibratedFor(Task.MRI), "factor 1 is the raw spread");
		assertTrue(new Settings().uncertainty(true).method(Method.DPS).stdCalibration(1.5).stdCalibratedFor(Task.MRI), "a factor given is a calibration");
	}
}
