/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.baseline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

import sc.fiji.diffusion.io.BartCfl;
import sc.fiji.diffusion.mri.CoilPlanes;

/**
 * BART's multi-coil reconstruction of one 2D k-space, the classical baseline for
 * {@link sc.fiji.diffusion.mri.MultiCoilReconstruction}: ESPIRiT maps ({@code bart ecalib -m1 -c 0}: not
 * cropped; the default crop at eigenvalue 0.8 zeroed 11 % of the brain on a 128x96 slice with 8
 * calibration lines and cost BART 20 dB there) and
 * l1-wavelet compressed sensing ({@code bart pics -S -l1 -r lambda kspace maps out}). The k-space is
 * written once to a temporary folder (BART dims {@code [readout, phase, 1, coil]}), which {@link #close}
 * deletes.
 */
public final class BartSense implements AutoCloseable {

	private final Bart bart;
	private final Path dir;
	private final int coils, height, width;
	private boolean calibrated;

	public BartSense(final Bart bart, final CoilPlanes kspace) throws IOException {
		this.bart = bart;
		this.coils = kspace.coils;
		this.height = kspace.height;
		this.width = kspace.width;
		dir = Files.createTempDirectory("bart-sense");
		BartCfl.write(dir.resolve("k"), new BartCfl.Array(new long[] { width, height, 1, coils }, kspace.re, kspace.im));
	}

	/** {@code bart ecalib -m1 -c 0 k s}: ESPIRiT maps, {@code sum_c |S_c|^2 = 1}. */
	public CoilPlanes ecalib() throws IOException {
		if (!calibrated) {
			bart.run(dir, "ecalib", "-m1", "-c", "0", "k", "s");
			calibrated = true;
		}
		final BartCfl.Array s = BartCfl.read(dir.resolve("s"));
		return new CoilPlanes(coils, height, width, s.re, s.im);
	}

	/** {@code bart pics -S -l1 -r lambda k s x} with the ESPIRiT maps: the complex image {re, im}, row-major. */
	public float[][] picsL1(final double lambda) throws IOException {
		ecalib();
		bart.run(dir, "pics", "-S", "-l1", "-r", String.format(Locale.ROOT, "%g", lambda), "k", "s", "x");
		final BartCfl.Array x = BartCfl.read(dir.resolve("x"));
		return new float[][] { x.re, x.im };
	}

	@Override
	public void close() throws IOException {
		try (Stream<Path> s = Files.walk(dir)) {
			s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}
}
