/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.baseline;

import java.io.IOException;

import sc.fiji.diffusion.classical.PsfConvolution;
import sc.fiji.diffusion.testdata.TestImages;

/** A real 96x96 crop and the padded blur of it with a Gaussian PSF (sigma 2, 13x13), before noise. */
final class BlurredCrop {
	static final int N = 96;
	final sc.fiji.diffusion.operator.PointSpreadFunction psf = sc.fiji.diffusion.operator.Psfs.gaussian2D(2, 13);
	final PsfConvolution op = PsfConvolution.padded(psf, N, N);
	final float[] big, truth, blurred;

	BlurredCrop() throws IOException, InterruptedException {
		big = TestImages.ecoli(N + 12);
		truth = op.crop(big);
		blurred = op.apply(big);
	}
}
