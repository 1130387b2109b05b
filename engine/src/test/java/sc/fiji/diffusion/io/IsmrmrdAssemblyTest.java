/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.mri.CoilPlanes;
import sc.fiji.diffusion.mri.KspaceVolume;

/**
 * The acquisitions of an ISMRMRD file put into k-space ({@link IsmrmrdReader#assemble}), on tables built
 * here as jhdf reads them: each line of a 16x16 single-coil k-space holds known values (readout position
 * plus 100 times the phase line), so that every sample's place can be checked. Flags as {@code ismrmrd.h}
 * numbers them: reversed lines (22) are read back in order, data that are no image (noise 19, navigator
 * 23, phase correction 24, dummy scan 27) and a second encoding are left out, samples beyond the encoded
 * readout are refused, and the voxel size in phase follows the encoded field of view.
 */
class IsmrmrdAssemblyTest {

	private static final Path FILE = Paths.get("scan.h5");
	private static final int N = 16;

	/** The acquisitions, one row per line, built up by {@link #line}. */
	private final List<int[]> rows = new ArrayList<>(); // samples, centre, ky, encoding
	private final List<Long> flags = new ArrayList<>();
	private final List<float[]> data = new ArrayList<>();
	private final List<String> notes = new ArrayList<>();

	@Test
	void linesGoWhereTheirHeadersSay() throws IOException {
		for (int ky = 0; ky < N; ky++) line(ky, 0, false, N, N / 2);
		assertKspaceIsTheKnownValues(assemble(header(N, N, 300, 300)));
	}

	@Test
	void reversedLinesAreReadInReadoutOrder() throws IOException {
		for (int ky = 0; ky < N; ky++) line(ky, ky % 2 == 1 ? 22 : 0, ky % 2 == 1, N, N / 2);
		assertKspaceIsTheKnownValues(assemble(header(N, N, 300, 300)));
	}

	@Test
	void acquisitionsThatAreNoImageDataAndASecondEncodingAreLeftOut() throws IOException {
		for (int ky = 0; ky < N; ky++) line(ky, 0, false, N, N / 2);
		for (final int f : new int[] { 19, 23, 24, 27 }) garbage(N / 2, flag(f), 0);
		garbage(3, 0, 1); // encoding_space_ref 1: a calibration scan of another encoding
		assertKspaceIsTheKnownValues(assemble(header(N, N, 300, 300)));
		assertEquals(List.of("scan.h5: left out 1 dummy scan, 1 navigator, 1 noise measurement, 1 of another encoding, 1 phase correction (one k-space per slice: "
			+ "the first encoding, repetition, contrast, cardiac phase, set and average)"), notes);
	}

	@Test
	void samplesBeyondTheEncodedReadoutAreRefused() {
		for (int ky = 0; ky < N; ky++) line(ky, 0, false, 2 * N, N); // 32 oversampled samples in a header that says 16
		final IOException e = assertThrows(IOException.class, () -> assemble(header(N, N, 300, 300)));
		assertTrue(e.getMessage().contains("acquisition 0 has 32 samples with its centre at sample 16, which reach beyond the encoded readout of 16 samples"),
			e.getMessage());
	}

	/** 75 % phase resolution: 24 lines encoded over a 300 mm field of view, shown on a 32-line recon matrix of the same field. */
	@Test
	void thePhaseVoxelIsTheEncodedFieldOverTheEncodedLines() throws IOException {
		for (int ky = 0; ky < 24; ky++) line(ky, 0, false, N, N / 2);
		final String xml = "<ismrmrdHeader><encoding><trajectory>cartesian</trajectory>"
			+ "<encodedSpace><matrixSize><x>16</x><y>24</y><z>1</z></matrixSize><fieldOfView_mm><x>300</x><y>300</y><z>5</z></fieldOfView_mm></encodedSpace>"
			+ "<reconSpace><matrixSize><x>16</x><y>32</y><z>1</z></matrixSize><fieldOfView_mm><x>300</x><y>300</y><z>5</z></fieldOfView_mm></reconSpace>"
			+ "<encodingLimits><kspace_encoding_step_1><minimum>0</minimum><maximum>23</maximum><center>12</center></kspace_encoding_step_1></encodingLimits>"
			+ "</encoding></ismrmrdHeader>";
		final KspaceVolume k = assemble(IsmrmrdReader.header(xml, FILE));
		assertEquals(24, k.phase);
		assertEquals(300.0 / 16, k.voxelSize()[0], 1e-9);
		assertEquals(300.0 / 24, k.voxelSize()[1], 1e-9, "not 300 / 32: the 24 lines span the whole field");
	}

	private static long flag(final int f) {
		return 1L << (f - 1);
	}

	/** Line ky, its samples (value kx + 100 ky + i ky) stored in reverse when {@code reversed}. */
	private void line(final int ky, final int flag, final boolean reversed, final int samples, final int centre) {
		final float[] v = new float[2 * samples];
		for (int j = 0; j < samples; j++) {
			final int kx = j - centre + N / 2, stored = reversed ? samples - 1 - j : j;
			v[2 * stored] = kx + 100 * ky;
			v[2 * stored + 1] = ky;
		}
		rows.add(new int[] { samples, centre, ky, 0 });
		flags.add(flag == 0 ? 0L : flag(flag));
		data.add(v);
	}

	/** A line of huge values at phase line {@code ky}, which must not reach the k-space. */
	private void garbage(final int ky, final long flag, final int encoding) {
		final float[] v = new float[2 * N];
		java.util.Arrays.fill(v, 1e6f);
		rows.add(new int[] { N, N / 2, ky, encoding });
		flags.add(flag);
		data.add(v);
	}

	private KspaceVolume assemble(final IsmrmrdReader.Header h) throws IOException {
		final int n = rows.size();
		final int[] samples = new int[n], centre = new int[n], ky = new int[n], encoding = new int[n], channels = new int[n], zero = new int[n];
		final long[] f = new long[n];
		for (int a = 0; a < n; a++) {
			samples[a] = rows.get(a)[0];
			centre[a] = rows.get(a)[1];
			ky[a] = rows.get(a)[2];
			encoding[a] = rows.get(a)[3];
			channels[a] = 1;
			f[a] = flags.get(a);
		}
		final Map<String, Object> idx = new HashMap<>(), head = new HashMap<>();
		idx.put("kspace_encode_step_1", ky);
		idx.put("kspace_encode_step_2", zero);
		idx.put("slice", zero);
		head.put("idx", idx);
		head.put("number_of_samples", samples);
		head.put("center_sample", centre);
		head.put("active_channels", channels);
		head.put("encoding_space_ref", encoding);
		head.put("flags", f);
		notes.clear();
		return IsmrmrdReader.assemble(FILE, h, head, data.toArray(new float[0][]), notes::add);
	}

	private static IsmrmrdReader.Header header(final int x, final int y, final double fovX, final double fovY) throws IOException {
		final String space = "<matrixSize><x>" + x + "</x><y>" + y + "</y><z>1</z></matrixSize><fieldOfView_mm><x>" + fovX + "</x><y>" + fovY + "</y><z>5</z></fieldOfView_mm>";
		return IsmrmrdReader.header("<ismrmrdHeader><encoding><trajectory>cartesian</trajectory><encodedSpace>" + space + "</encodedSpace><reconSpace>" + space
			+ "</reconSpace></encoding></ismrmrdHeader>", FILE);
	}

	private static void assertKspaceIsTheKnownValues(final KspaceVolume k) {
		assertEquals(N, k.readout);
		assertEquals(N, k.phase);
		final CoilPlanes p = k.plane(0);
		final float[] re = new float[N * N], im = new float[N * N];
		for (int ky = 0; ky < N; ky++)
			for (int kx = 0; kx < N; kx++) {
				re[ky * N + kx] = kx + 100 * ky;
				im[ky * N + kx] = ky;
			}
		assertArrayEquals(re, java.util.Arrays.copyOf(p.re, N * N), 0f);
		assertArrayEquals(im, java.util.Arrays.copyOf(p.im, N * N), 0f);
	}
}
