/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.mri;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.Masks;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.task.Progress;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.Settings;
import sc.fiji.diffusion.task.StackRestoration;
import sc.fiji.diffusion.testdata.MultiCoilPhantom;

/**
 * Batched planes ({@link VolumeReconstruction}, B planes per sampler run) on a small multi-slice volume:
 * three 32x32 slices of the {@link MultiCoilPhantom} (4 coils, each slice shifted), R = 2 with 8
 * calibration lines, the bundled MRI prior, the default method (fast, 4 antithetic samples).
 */
class VolumeReconstructionBatchTest {

	private static final int N = 32, SLICES = 3;
	private static final double[] SHIFTS = { 0, 3, -4 };
	private static LoadedModel model;
	private static KspaceVolume volume;
	private static Mask mask;

	@BeforeAll
	static void setUp() throws Exception {
		model = Models.open("mri-brain-t1");
		mask = Masks.equispaced(N, N, 2, 8);
		final CoilPlanes maps = MultiCoilPhantom.maps(N);
		final int c = MultiCoilPhantom.COILS, p = N * N * c;
		final float[] re = new float[SLICES * p], im = new float[SLICES * p];
		for (int l = 0; l < SLICES; l++) { // BART order r + R (p + P (c + C l)) = slice l's CoilPlanes, one after the other
			final CoilPlanes k = MultiCoilPhantom.undersample(MultiCoilPhantom.kspace(MultiCoilPhantom.image(N, SHIFTS[l]), maps), mask);
			System.arraycopy(k.re, 0, re, l * p, p);
			System.arraycopy(k.im, 0, im, l * p, p);
		}
		volume = new KspaceVolume(N, N, 1, c, SLICES, re, im, new double[] { 1, 1, 2 });
	}

	@AfterAll
	static void tearDown() {
		model.close();
	}

	private static Settings settings() {
		return new Settings().steps(20).seed(7);
	}

	/**
	 * Two planes in one run and the third alone give, for every plane, the result of that plane
	 * reconstructed on its own ({@link MultiCoilReconstruction#reconstruct}) with the seed
	 * {@link StackRestoration#planeSeed}: max |difference| below 1e-4 of the image range.
	 */
	@Test
	void batchedPlanesEqualPlanesOneAtATime() {
		final MultiCoilReconstruction recon = new MultiCoilReconstruction(new Restoration(model));
		final VolumeReconstruction batched = new VolumeReconstruction(recon).planeBatch(2);
		assertEquals(2, batched.planesPerRun(volume, settings(), MultiCoilReconstruction.DEFAULT_IMAGE_MODEL));
		final VolumeReconstruction.Result r = batched.reconstruct(volume, mask, null, MultiCoilReconstruction.DEFAULT_IMAGE_MODEL, settings(), null);
		assertTrue(r.description.contains("2 per sampler run"), r.description);
		assertTrue(r.description.contains("2 planes of multi-coil Fourier"), r.description);
		double worst = 0;
		for (int z = 0; z <= SLICES; z++) { // z = SLICES: plane 1 with plane 0's seed, which must differ (the comparison sees the noise)
			final int plane = z == SLICES ? 1 : z;
			final MultiCoilReconstruction.Plane alone = recon.reconstruct(volume.plane(plane), mask, null, MultiCoilReconstruction.DEFAULT_IMAGE_MODEL,
				settings().seed(StackRestoration.planeSeed(7, z == SLICES ? 0 : z)), SamplerListener.NONE);
			final float[][] got = r.slice(plane, "complex");
			float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
			double diff = 0;
			for (int i = 0; i < alone.re.length; i++) {
				lo = Math.min(lo, Math.min(alone.re[i], alone.im[i]));
				hi = Math.max(hi, Math.max(alone.re[i], alone.im[i]));
				diff = Math.max(diff, Math.max(Math.abs(got[0][i] - alone.re[i]), Math.abs(got[1][i] - alone.im[i])));
			}
			assertTrue(hi > lo, "a non-constant plane");
			if (z == SLICES) assertTrue(diff / (hi - lo) > 1e-3, "another seed gives another sample: " + diff / (hi - lo));
			else worst = Math.max(worst, diff / (hi - lo));
		}
		System.out.println(String.format(Locale.ROOT, "batched vs one at a time: max |difference| %.3g of the image range", worst));
		assertTrue(worst < 1e-4, "max |difference| " + worst + " of the range");
	}

	/** Progress names the planes of each run and its steps; a cancel during the first run stops within one step. */
	@Test
	void progressPerPlanesAndCancelBetweenSteps() {
		final VolumeReconstruction batched = new VolumeReconstruction(new MultiCoilReconstruction(new Restoration(model))).planeBatch(2);
		final List<String> messages = new ArrayList<>();
		final List<Double> fractions = new ArrayList<>();
		batched.reconstruct(volume, mask, null, MultiCoilReconstruction.DEFAULT_IMAGE_MODEL, settings(), (f, m) -> {
			messages.add(m);
			fractions.add(f);
		});
		assertEquals("planes 1-2/3", messages.get(0));
		assertTrue(messages.contains("planes 1-2/3, step 1/7"), messages.toString());
		assertTrue(messages.contains("plane 3/3"), messages.toString());
		assertEquals("plane 3/3, step 7/7", messages.get(messages.size() - 1));
		for (int i = 1; i < fractions.size(); i++) assertTrue(fractions.get(i) >= fractions.get(i - 1), "progress never goes back: " + fractions);
		assertEquals(2 / 3.0, fractions.get(messages.indexOf("planes 1-2/3, step 7/7")), 1e-9);
		assertEquals(1, fractions.get(fractions.size() - 1), 1e-9);

		final List<String> seen = new ArrayList<>();
		final Progress cancelAfterStep2 = new Progress() {
			@Override
			public void update(final double fraction, final String message) { seen.add(message); }

			@Override
			public boolean isCancelled() { return seen.contains("planes 1-2/3, step 2/7"); }
		};
		assertThrows(CancellationException.class,
			() -> batched.reconstruct(volume, mask, null, MultiCoilReconstruction.DEFAULT_IMAGE_MODEL, settings(), cancelAfterStep2));
		assertEquals("planes 1-2/3, step 2/7", seen.get(seen.size() - 1), "no step after the cancel: " + seen);
	}
}
