/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.data.Batch;

/**
 * One network definition: a tiny committed bundle ({@code golden/tiny-unet.zip}: width 4, 2 levels, 1
 * residual block, no attention, 2 training steps) with a committed input x (3 x 44 x 52, float32 little
 * endian) and the eps_theta(x, t) that the Java model gave for t = 5, 400, 999 when the files were made
 * ({@code scripts/gpu/RefEps.java}). The model built today must reproduce it: a change to the UNet graph, the
 * bundle's weight layout or the time embedding that would change what shipped bundles compute fails here.
 * The PyTorch trainer is held to the same files by {@code scripts/gpu/check-golden.sh}.
 */
class GoldenEpsTest {

	static final int N = 3, H = 44, W = 52;

	@TempDir Path dir;

	static float[] floats(final String name) throws IOException {
		try (InputStream in = GoldenEpsTest.class.getResourceAsStream("/sc/fiji/diffusion/golden/" + name)) {
			final ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
			final float[] v = new float[b.remaining() / 4];
			b.asFloatBuffer().get(v);
			return v;
		}
	}

	/**
	 * The PyTorch trainer ({@code scripts/gpu/train_unet_torch.py}) on the same files, where python3 with torch
	 * is installed ({@code scripts/install-prerequisites.sh} installs Debian's python3-torch when it can):
	 * {@code scripts/gpu/check-golden.sh} exits 0 only if its eps is within 1e-3 of the golden eps.
	 */
	@Test
	void thePyTorchTrainerReproducesTheGoldenEps() throws Exception {
		final Path root = sc.fiji.diffusion.testdata.SampleData.repoRoot();
		final boolean torch = pythonWithTorch("python3") || pythonWithTorch("/usr/bin/python3");
		org.junit.jupiter.api.Assumptions.assumeTrue(torch, "no python3 with torch here: the PyTorch side of the golden check is skipped");
		final Process p = new ProcessBuilder("bash", root.resolve("scripts/gpu/check-golden.sh").toString()).directory(root.toFile()).redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		assertTrue(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES));
		assertEquals(0, p.exitValue(), out);
		assertTrue(out.contains("check: max |eps_torch - eps_java|"), out);
	}

	private static boolean pythonWithTorch(final String python) {
		try {
			final Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true).start();
			p.getInputStream().readAllBytes();
			return p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES) && p.exitValue() == 0;
		}
		catch (final IOException | InterruptedException e) {
			return false;
		}
	}

	@Test
	void theJavaModelReproducesTheGoldenEps() throws Exception {
		final Path bundle = dir.resolve("tiny-unet.zip");
		try (InputStream in = GoldenEpsTest.class.getResourceAsStream("/sc/fiji/diffusion/golden/tiny-unet.zip")) {
			Files.copy(in, bundle);
		}
		final float[] x = floats("x.f32"), expected = floats("eps.f32");
		assertEquals(N * H * W, x.length);
		assertEquals(x.length, expected.length);
		try (TfEpsModel m = ModelBundle.read(bundle).newModel("golden")) {
			final float[] eps = m.eps(new Batch(N, H, W, 1, x), new int[] { 5, 400, 999 }).data();
			double max = 0, scale = 0;
			for (int i = 0; i < eps.length; i++) {
				max = Math.max(max, Math.abs(eps[i] - expected[i]));
				scale = Math.max(scale, Math.abs(expected[i]));
			}
			assertTrue(scale > 0.1, "the golden eps is not trivial: |eps| up to " + scale);
			assertTrue(max < 1e-4, "max |eps - golden eps| = " + max + " (|eps| up to " + scale + ")");
		}
	}
}
