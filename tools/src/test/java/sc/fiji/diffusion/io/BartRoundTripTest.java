/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.baseline.Bart;
import sc.fiji.diffusion.mri.CentredFft;
import sc.fiji.diffusion.mri.CoilPlanes;
import sc.fiji.diffusion.mri.KspaceVolume;

/**
 * Files written by BART itself (Debian {@code bart} 0.8, {@code scripts/fetch-bart.sh}; skipped when
 * absent): its multi-coil k-space phantom is read with the dims BART gives it and written back
 * byte-identically, and BART's inverse unitary FFT of it equals {@link CentredFft}'s.
 */
class BartRoundTripTest {

	@Test
	void bartPhantomReadsBackIdenticallyAndTransformsAsBart(@TempDir final Path dir) throws Exception {
		final Optional<Bart> bart = Bart.locate();
		assumeTrue(bart.isPresent(), "BART not fetched (scripts/fetch-bart.sh)");
		bart.get().run(dir, "phantom", "-k", "-s", "4", "-x", "32", "k");
		bart.get().run(dir, "fft", "-i", "-u", "3", "k", "img");
		final BartCfl.Array k = BartCfl.read(dir.resolve("k.cfl"));
		assertArrayEquals(new long[] { 32, 32, 1, 4 }, k.dims);
		BartCfl.write(dir.resolve("copy"), k);
		assertArrayEquals(Files.readAllBytes(dir.resolve("k.cfl")), Files.readAllBytes(dir.resolve("copy.cfl")), "the .cfl written back is BART's, byte for byte");
		assertArrayEquals(k.dims, BartCfl.read(dir.resolve("copy.hdr")).dims);

		final KspaceVolume v = KspaceVolume.fromBart(k);
		assertEquals(32, v.readout);
		assertEquals(32, v.phase);
		assertEquals(4, v.coils);
		final CoilPlanes ours = v.plane(0);
		CentredFft.transform2D(ours, true);
		final BartCfl.Array theirs = BartCfl.read(dir.resolve("img"));
		double max = 0;
		for (final float a : theirs.re) max = Math.max(max, Math.abs(a));
		for (int i = 0; i < ours.re.length; i++) {
			assertEquals(theirs.re[i], ours.re[i], 1e-4 * max, "real part " + i);
			assertEquals(theirs.im[i], ours.im[i], 1e-4 * max, "imaginary part " + i);
		}
	}
}
