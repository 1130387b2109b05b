/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.diffusion.cli.RestoreCommandTest.args;
import static sc.fiji.diffusion.cli.RestoreCommandTest.fails;
import static sc.fiji.diffusion.cli.RestoreCommandTest.ok;

import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import sc.fiji.diffusion.data.Metrics;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.io.BartCfl;
import sc.fiji.diffusion.mri.CentredFft;
import sc.fiji.diffusion.mri.CoilMaps;
import sc.fiji.diffusion.mri.CoilPlanes;
import sc.fiji.diffusion.mri.MultiCoilReconstruction;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.Masks;
import sc.fiji.diffusion.testdata.MultiCoilPhantom;

/**
 * {@code restore --task mri --kspace FILE.cfl}: raw multi-coil k-space written here as BART files
 * (a 64x64 phantom of ellipses with a smooth phase, 4 Gaussian coil profiles with linear phase),
 * reconstructed with the bundled MRI prior in few steps (20 over T, 2 samples): the magnitude must beat
 * the zero-filled SENSE image against the fully sampled root sum of squares (measured: 18.98 -> 25.54 dB
 * with the defaults; a plumbing check, not a quality claim); multi-slice files give stacks, 3D files one
 * slice per partition, a .cfl output holds the complex image, unfit coil maps are refused by name.
 */
class MultiCoilRestoreTest {

	static final int N = 64, C = MultiCoilPhantom.COILS;

	@TempDir Path dir;

	static String[] restore(final Object... rest) {
		final Object[] head = { "restore", "--task", "mri", "--model", "mri-brain-t1", "--steps", 20, "--samples", 2 };
		final Object[] all = new Object[head.length + rest.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(rest, 0, all, head.length, rest.length);
		return args(all);
	}

	@Test
	void cflSliceBeatsZeroFilledAndWritesTiffAndCfl() throws Exception {
		final CoilPlanes full = MultiCoilPhantom.kspace(MultiCoilPhantom.image(N, 0), MultiCoilPhantom.maps(N));
		final float[] reference = MultiCoilPhantom.rss(full);
		final Mask mask = Masks.cartesianVariableDensity(N, N, 3, 0.16, 1);
		final CoilPlanes k = MultiCoilPhantom.undersample(full, mask);
		final Path in = dir.resolve("k.cfl"), out = dir.resolve("out.tif"), outCfl = dir.resolve("out.cfl");
		BartCfl.write(in, new BartCfl.Array(new long[] { N, N, 1, C }, k.re, k.im));
		ok(CommandLineTest.run(restore("--kspace", in, "--output", out)));
		final ImagePlus imp = ImageFiles.open(out);
		assertEquals(N, imp.getWidth());
		assertEquals(N, imp.getHeight());
		assertEquals(1, imp.getStackSize());
		final float[] x = ImageFiles.planes(imp)[0];
		final float[] zf = magnitude(MultiCoilReconstruction.zeroFilled(k, mask, CoilMaps.estimate(k, mask)));
		final double range = max(reference);
		final double pz = Metrics.psnr(reference, zf, range), px = Metrics.psnr(reference, x, range);
		System.out.println(String.format(Locale.ROOT, "multi-coil cfl R=3: zero-filled %.2f dB, restored %.2f dB", pz, px));
		assertTrue(px > pz + 0.5, "restored " + px + " dB vs zero-filled " + pz);

		ok(CommandLineTest.run(restore("--kspace", in, "--output", outCfl, "--seed", 0)));
		final BartCfl.Array c = BartCfl.read(outCfl);
		assertEquals(N, c.dim(0));
		assertEquals(N, c.dim(1));
		final float[] mag = magnitude(new float[][] { c.re, c.im });
		assertEquals(px, Metrics.psnr(reference, mag, range), 0.5, "the .cfl output is the same reconstruction");
	}

	@Test
	void multiSliceAnd3DGiveStacks() throws Exception {
		final int n = 32;
		// two slices (BART dim 13), fully sampled: the reconstruction is close to the root sum of squares
		final CoilPlanes a = MultiCoilPhantom.kspace(MultiCoilPhantom.image(n, 0), MultiCoilPhantom.maps(n)), b = MultiCoilPhantom.kspace(MultiCoilPhantom.image(n, 4), MultiCoilPhantom.maps(n));
		final float[] re = new float[2 * a.re.length], im = new float[2 * a.re.length];
		System.arraycopy(a.re, 0, re, 0, a.re.length);
		System.arraycopy(b.re, 0, re, a.re.length, a.re.length);
		System.arraycopy(a.im, 0, im, 0, a.re.length);
		System.arraycopy(b.im, 0, im, a.re.length, a.re.length);
		final long[] dims = { n, n, 1, C, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2 };
		final Path ms = dir.resolve("ms.cfl"), msOut = dir.resolve("ms.tif");
		BartCfl.write(ms, new BartCfl.Array(dims, re, im));
		ok(CommandLineTest.run(restore("--kspace", ms, "--output", msOut, "--mri-output", "magnitude-phase")));
		final ImagePlus stack = ImageFiles.open(msOut);
		assertEquals(2, stack.getNChannels());
		assertEquals(2, stack.getNSlices());
		final float[][] planes = ImageFiles.planes(stack);
		final float[] ref0 = MultiCoilPhantom.rss(a), ref1 = MultiCoilPhantom.rss(b);
		assertTrue(Metrics.psnr(ref0, planes[0], max(ref0)) > 30, "slice 1: " + Metrics.psnr(ref0, planes[0], max(ref0)));
		assertTrue(Metrics.psnr(ref1, planes[2], max(ref1)) > 30, "slice 2: " + Metrics.psnr(ref1, planes[2], max(ref1)));

		// 3D: 4 partitions; the k-space along z of a volume whose 4 slices are the same image is a delta at kz = 2
		final int S = 4;
		final float[] re3 = new float[n * n * S * C], im3 = new float[re3.length];
		for (int c = 0; c < C; c++)
			for (int i = 0; i < n * n; i++) { // only partition S/2 (kz = 0) is non-zero, scaled by sqrt(S) (unitary)
				re3[i + n * n * (S / 2 + S * c)] = (float) (a.re[c * n * n + i] * Math.sqrt(S));
				im3[i + n * n * (S / 2 + S * c)] = (float) (a.im[c * n * n + i] * Math.sqrt(S));
			}
		final Path v = dir.resolve("v.cfl"), vOut = dir.resolve("v.tif");
		BartCfl.write(v, new BartCfl.Array(new long[] { n, n, S, C }, re3, im3));
		ok(CommandLineTest.run(restore("--kspace", v, "--output", vOut, "--mask", maskFile(n, S))));
		final ImagePlus vol = ImageFiles.open(vOut);
		assertEquals(S, vol.getNSlices());
		for (int z = 0; z < S; z++) {
			final float[] p = ImageFiles.planes(vol)[z];
			assertTrue(Metrics.psnr(ref0, p, max(ref0)) > 30, "partition " + z + ": " + Metrics.psnr(ref0, p, max(ref0)));
		}
	}

	/** A full mask of the 3D problems' planes (phase x partition), as a BART file. */
	private Path maskFile(final int phase, final int partitions) throws Exception {
		final float[] ones = new float[phase * partitions];
		java.util.Arrays.fill(ones, 1);
		final Path m = dir.resolve("mask.cfl");
		BartCfl.write(m, new BartCfl.Array(new long[] { partitions, phase }, ones, new float[ones.length]));
		return m;
	}

	@Test
	void unfitCoilMapsAreRefused() throws Exception {
		final CoilPlanes k = MultiCoilPhantom.kspace(MultiCoilPhantom.image(32, 0), MultiCoilPhantom.maps(32));
		final Path in = dir.resolve("k.cfl"), maps = dir.resolve("maps.cfl");
		BartCfl.write(in, new BartCfl.Array(new long[] { 32, 32, 1, C }, k.re, k.im));
		BartCfl.write(maps, new BartCfl.Array(new long[] { 32, 32, 1, C - 1 }, new float[32 * 32 * (C - 1)], new float[32 * 32 * (C - 1)]));
		fails(CommandLineTest.run(restore("--kspace", in, "--coil-maps", maps, "--output", dir.resolve("o.tif"))), "do not fit the k-space");
	}

	/** The k-space of the phantom at n x n, written as the BART array {@code name}. */
	private Path phantom(final String name, final int n) throws Exception {
		final CoilPlanes k = MultiCoilPhantom.kspace(MultiCoilPhantom.image(n, 0), MultiCoilPhantom.maps(n));
		final Path p = dir.resolve(name);
		BartCfl.write(p, new BartCfl.Array(new long[] { n, n, 1, C }, k.re, k.im));
		return p;
	}

	/** Both files of a BART output are checked before the work: a folder named as its header is refused, and nothing is written. */
	@Test
	void bartOutputWithAFolderForItsHeaderIsRefusedFirst() throws Exception {
		final Path in = phantom("k.cfl", 16), out = dir.resolve("r20.cfl");
		java.nio.file.Files.createDirectory(dir.resolve("r20.hdr"));
		final Object[] r = CommandLineTest.run(restore("--kspace", in, "--output", out));
		fails(r, "--output " + dir.resolve("r20.hdr") + " is an existing folder");
		assertTrue(!((String) r[1]).contains("restore settings"), "refused before the work: " + r[1]);
		assertEquals(java.util.List.of("k.cfl", "k.hdr", "r20.hdr"), names());
	}

	/** Upper-case BART names: X.CFL is read with X.HDR; an output Y.CFL is written as Y.CFL and Y.HDR, and so printed. */
	@Test
	void upperCaseBartNames() throws Exception {
		phantom("x", 16);
		java.nio.file.Files.move(dir.resolve("x.cfl"), dir.resolve("MC2.CFL"));
		java.nio.file.Files.move(dir.resolve("x.hdr"), dir.resolve("MC2.HDR"));
		final Object[] r = CommandLineTest.run(restore("--kspace", dir.resolve("MC2.CFL"), "--output", dir.resolve("U3.CFL")));
		ok(r);
		assertTrue(((String) r[1]).contains("Wrote " + dir.resolve("U3.CFL") + " and " + dir.resolve("U3.HDR") + " ("), (String) r[1]);
		assertEquals(java.util.List.of("MC2.CFL", "MC2.HDR", "U3.CFL", "U3.HDR"), names());
		assertEquals(16, BartCfl.read(dir.resolve("U3.CFL")).dim(0));
	}

	private java.util.List<String> names() throws Exception {
		try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(java.util.stream.Collectors.toList());
		}
	}

	/** Raw k-space whose images (readout x phase encode) are smaller than images to restore may be is refused as they are. */
	@Test
	void tinyRawKspaceIsRefused() throws Exception {
		final Path in = dir.resolve("tiny.cfl");
		final float[] re = new float[4 * 4 * C];
		java.util.Arrays.fill(re, 1);
		BartCfl.write(in, new BartCfl.Array(new long[] { 4, 4, 1, C }, re, new float[re.length]));
		fails(CommandLineTest.run(restore("--kspace", in, "--output", dir.resolve("o.tif"))), "are 4x4 pixels, too small to restore: it must be at least 16x16");
		assertTrue(!java.nio.file.Files.exists(dir.resolve("o.tif")));
	}

		static float[] magnitude(final float[][] x) {
		final float[] m = new float[x[0].length];
		for (int i = 0; i < m.length; i++) m[i] = (float) Math.hypot(x[0][i], x[1][i]);
		return m;
	}

	static double max(final float[] v) {
		double m = 0;
		for (final float a : v) m = Math.max(m, a);
		return m;
	}
}
