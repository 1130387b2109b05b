/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.door;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.isolation.MaskSpec;
import sc.fiji.diffusion.isolation.PsfSpec;
import sc.fiji.diffusion.isolation.RestoreCall;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.task.Restoration.Task;

/** The Fiji door's problems: the call's specs built for its image, and the door's own refusals and advice. */
class DoorProblemsTest {

	private static final int N = 32;

	@Test
	void theSpecsBecomeTheTasksProblems() throws IOException {
		final RestoreCall deconvolve = call(4);
		deconvolve.psf = PsfSpec.gaussian(1, 1);
		deconvolve.slices = 4;
		assertEquals(4, DoorProblems.of(deconvolve, Task.DECONVOLVE).depth());
		final RestoreCall inpaint = call(2);
		inpaint.mask = MaskSpec.nonFinite();
		assertEquals(Task.INPAINT, DoorProblems.of(inpaint, Task.INPAINT).task());
		final RestoreCall mri = call(2);
		mri.mask = MaskSpec.values(Mask.full(N, N).values(), "full.tif");
		mri.kspace = true;
		assertEquals(1, DoorProblems.of(mri, Task.MRI).planes());
		mri.kspace = false;
		mri.mask = MaskSpec.simulated("cartesian", 4, 0);
		assertEquals(2, DoorProblems.of(mri, Task.MRI).planes());
	}

	@Test
	void theDoorsOwnMessages() {
		final RestoreCall series = call(3);
		series.psf = PsfSpec.samples(gaussian3D(), new int[] { 3, 5, 5 }, "psf");
		series.frames = 3;
		fails(series, Task.DECONVOLVE,
			"A 3D PSF needs a z-stack; \"cells\" has one slice per channel and frame (for a time series, set Image > Properties)");
		fails(call(1), Task.SR, "The task sr is not offered in Fiji");
		final RestoreCall mri = call(1);
		mri.mask = MaskSpec.nonFinite();
		fails(mri, Task.MRI, "A non-finite mask does not fit the task mri");
		final float[] image = new float[N * N];
		for (int k = 0; k < image.length; k++) image[k] = k % 7;
		mri.mask = MaskSpec.values(image, "/data/slice-mask.tif");
		fails(mri, Task.MRI, "The mask /data/slice-mask.tif has more than two values (0.000, 1.000, 2.000, ...), where a mask has 0 where not measured "
			+ "and 1 or 255 where measured: is it an image rather than its mask? (In Fiji, Process > Binary > Convert to Mask makes one.)");
		fails(call(1), Task.MRI, "The request has no sampling mask (mri of \"cells\")");
		fails(call(1), Task.INPAINT, "The request has no mask of the observed pixels (inpaint of \"cells\")");
		fails(call(1), Task.DECONVOLVE, "The request has no PSF (deconvolve of \"cells\")");
	}

	private static void fails(final RestoreCall call, final Task task, final String message) {
		call.task = task.id();
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DoorProblems.of(call, task));
		assertEquals(message, e.getMessage());
	}

	/** A 3x5x5 blob, brightest in the middle. */
	private static float[] gaussian3D() {
		final float[] v = new float[3 * 5 * 5];
		for (int z = 0; z < 3; z++)
			for (int y = 0; y < 5; y++)
				for (int x = 0; x < 5; x++) v[(z * 5 + y) * 5 + x] = (float) Math.exp(-((z - 1) * (z - 1) + (y - 2) * (y - 2) + (x - 2) * (x - 2)));
		return v;
	}

	private static RestoreCall call(final int planes) {
		final RestoreCall call = new RestoreCall();
		call.title = "cells";
		call.width = N;
		call.height = N;
		call.planes = new float[planes][N * N];
		return call;
	}
}
