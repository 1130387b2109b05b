/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import net.imglib2.img.array.ArrayImgs;
import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.data.Metrics;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.operator.Convolution3D;
import sc.fiji.diffusion.operator.Operators;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.testdata.SampleData;

/**
 * 3D deconvolution of a z-stack with a 3D PSF and the 2D prior slice by slice: better than the blurred
 * stack, and the same whether the stack is restored whole or in overlapping chunks of slices.
 */
class Deconvolution3DTest {

	static final int W = 32, H = 32, D = 18;
	static LoadedModel model;
	static float[] clean, blurred;
	static PointSpreadFunction psf;

	@BeforeAll
	static void setUp() throws Exception {
		model = Models.open("demo-cells");
		final ImagePlus imp = ImageFiles.open(SampleData.ijTestImages().resolve("ecoli.png"));
		final float[] ecoli = ImageFiles.planes(imp, true)[0];
		psf = Psfs.gaussian3D(1.5, 1.0, 9, 5);
		final Convolution3D op = Operators.deconvolution3D(psf, D, H, W);
		final int[] dom = op.imageSize();
		// the clean object on the padded domain: slices of the real image, drifting 2 pixels per slice
		final float[] x = new float[dom[0] * dom[1] * dom[2]];
		for (int z = 0; z < dom[0]; z++)
			for (int y = 0; y < dom[1]; y++)
				for (int c = 0; c < dom[2]; c++) x[(z * dom[1] + y) * dom[2] + c] = ecoli[(590 + y) * imp.getWidth() + 990 + c + z];
		clean = op.cropImage(x, 1);
		blurred = Operators.run(op, x, 1, false);
		final float[] n = new float[blurred.length];
		GaussianNoise.fill(n, 7);
		for (int k = 0; k < n.length; k++) blurred[k] += 2 * n[k];
	}

	@AfterAll
	static void tearDown() { model.close(); }

	static float[] restore(final int tileSize) {
		final StackProblem problem = StackProblem.deconvolution3D(ArrayImgs.floats(blurred.clone(), W, H, D), psf, 1, D, 1);
		final StackRestoration.Result r = new StackRestoration(new Restoration(model), tileSize, StackRestoration.DEFAULT_OVERLAP)
			.restore(problem, new Settings().noiseSigma(2).seed(1).samples(2), Progress.NONE);
		r.report.forEach(l -> System.out.println("[deconvolution 3D] " + l));
		final float[] out = new float[W * H * D];
		for (int z = 0; z < D; z++) System.arraycopy(r.image.getPlane(z).getCurrentStorageArray(), 0, out, z * W * H, W * H);
		return out;
	}

	@Test
	void aBlurredStackIsRestoredBetterWholeAndInChunksOfSlices() {
		final float[] whole = restore(0), chunked = restore(128);
		final StackProblem problem = StackProblem.deconvolution3D(ArrayImgs.floats(blurred.clone(), W, H, D), psf, 1, D, 1);
		assertEquals(2, new StackRestoration(null, 128, 32).chunks(problem).tiles().size(), "18 slices with a 5-slice PSF make 2 chunks of 16");
		final double before = Metrics.psnr(clean, blurred, 255), a = Metrics.psnr(clean, whole, 255), b = Metrics.psnr(clean, chunked, 255);
		System.out.println(String.format(Locale.ROOT, "[deconvolution 3D] %dx%dx%d, PSF sigma 1.5 x 1.0: blurred %.2f dB, whole %.2f dB, in chunks %.2f dB", W, H,
			D, before, a, b));
		assertTrue(a > before + 1, "whole " + a + " vs blurred " + before);
		assertTrue(b > before + 1, "chunked " + b + " vs blurred " + before);
		assertTrue(Math.abs(a - b) < 0.5, "whole " + a + " vs chunked " + b);
	}

	@Test
	void theVolumeOperatorIsAdjointAsTallImages() {
		final sc.fiji.diffusion.operator.VolumeSlices op = new sc.fiji.diffusion.operator.VolumeSlices(new sc.fiji.diffusion.operator.MirroredZ(Operators.deconvolution3D(psf, D, H, W)));
		final long[] is = op.imageShape(), ms = op.measurementShape();
		final Batch x = GaussianNoise.like(Batch.zeros(2, (int) is[0], (int) is[1], 1), 3), y = GaussianNoise.like(Batch.zeros(2, (int) ms[0], (int) ms[1], 1), 4);
		final float[] ax = Operators.run(op, x, false).data(), aty = Operators.run(op, y, true).data();
		double lhs = 0, rhs = 0;
		for (int k = 0; k < ax.length; k++) lhs += (double) ax[k] * y.data()[k];
		for (int k = 0; k < aty.length; k++) rhs += (double) x.data()[k] * aty[k];
		assertEquals(lhs, rhs, 1e-4 * Math.abs(lhs));
	}
}
