/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.real.FloatType;
import sc.fiji.diffusion.model.LoadedModel;

/**
 * Tiled denoising makes SURE's choice between mmse and total variation once per plane, on the plane's
 * centred window, and every tile takes it: half of this image is flat blocks (which total variation suits)
 * and half the oracle prior's own content, so that a choice per tile split the plane between the two, with
 * steps at the tile borders. The tiled result then matches the result of one tile, which chooses on the
 * same window.
 */
class TiledSureChoiceTest {

	@Test
	void oneChoiceForAllTheTilesOfAPlane() {
		final int n = 192;
		final float[] content = RestorationTest.image(n * n, 5), x = new float[n * n];
		for (int k = 0; k < x.length; k++) x[k] = k % n < n / 2 ? 100 + 40 * ((k % n) / 24 + (k / n) / 24) % 3 : content[k];
		final float[] y = RestorationTest.noisy(x, 12, 9);
		final ArrayImg<FloatType, FloatArray> stack = ArrayImgs.floats(y, n, n, 1);
		try (LoadedModel m = RestorationTest.oracle()) {
			final Restoration restoration = new Restoration(m);
			final StackRestoration.Result tiled = new StackRestoration(restoration, 64, 16).restore(StackProblem.denoising(stack), new Settings(), Progress.NONE);
			final StackRestoration.Result whole = new StackRestoration(restoration, 0, 0).restore(StackProblem.denoising(stack), new Settings(), Progress.NONE);
			final String report = tiled.report.get(0);
			assertTrue(report.contains("for the whole plane (SURE") && report.contains("on the plane's centred 128x128 window"), report);
			final float[] a = tiled.image.getPlane(0).getCurrentStorageArray(), b = whole.image.getPlane(0).getCurrentStorageArray();
			double diff = 0;
			for (int k = 0; k < a.length; k++) diff += Math.abs(a[k] - b[k]);
			assertEquals(0, diff / a.length, 0.5, "mean |tiled - one tile| against noise 12: " + report + " / " + whole.report.get(0));
		}
	}
}
