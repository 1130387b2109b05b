/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jhdf.HdfFile;
import sc.fiji.diffusion.mri.CentredFft;
import sc.fiji.diffusion.mri.CoilPlanes;
import sc.fiji.diffusion.mri.KspaceVolume;
import sc.fiji.diffusion.testdata.SampleData;

/**
 * {@link IsmrmrdReader} on files written by ISMRMRD's own {@code ismrmrd_generate_cartesian_shepp_logan}
 * (Debian {@code ismrmrd-tools}, fetched by {@code scripts/fetch-ismrmrd.sh} into {@code data/ismrmrd};
 * skipped when absent): the readout oversampling is removed, and the root sum of squares of the fully
 * sampled coil images is the file's own phantom times its coil-sensitivity profile
 * {@code sqrt(sum_c |csm_c|^2)} (both stored in the file).
 */
class IsmrmrdReaderTest {

	/** ISMRMRD's tools, fetched by package name if they are not there yet (a fresh clone, CI). */
	@BeforeAll
	static void fetch() throws IOException, InterruptedException {
		SampleData.ismrmrd();
	}

	static Path generator() {
		return SampleData.repoRoot().resolve("data/ismrmrd/usr/bin/ismrmrd_generate_cartesian_shepp_logan");
	}

	/** Runs the generator into {@code dir}; false if it is absent or does not run. */
	static boolean generate(final Path out, final String... args) throws IOException, InterruptedException {
		final Path gen = generator();
		if (!Files.isExecutable(gen)) return false;
		final Path lib = gen.getParent().getParent().resolve("lib").resolve("x86_64-linux-gnu");
		final java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(gen.toString(), "-o", out.toString()));
		cmd.addAll(java.util.List.of(args));
		final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
		pb.environment().put("LD_LIBRARY_PATH", lib + ":" + lib.resolve("hdf5").resolve("serial"));
		final Process p = pb.start();
		p.getInputStream().readAllBytes();
		return p.waitFor() == 0 && Files.isRegularFile(out);
	}

	@Test
	void fullySampledPhantomIsTheFilesPhantom(@TempDir final Path dir) throws Exception {
		final Path file = dir.resolve("phantom.h5");
		assumeTrue(generate(file, "-m", "64", "-c", "4", "-n", "0"), "ismrmrd-tools not fetched (scripts/fetch-ismrmrd.sh)");
		final KspaceVolume k = IsmrmrdReader.read(file);
		assertEquals(64, k.readout, "oversampling removed (128 -> 64)");
		assertEquals(64, k.phase);
		assertEquals(1, k.partitions);
		assertEquals(4, k.coils);
		assertEquals(1, k.slices);
		final double[] voxel = k.voxelSize();
		assertEquals(300.0 / 64, voxel[0], 1e-9);
		assertEquals(300.0 / 64, voxel[1], 1e-9);
		final CoilPlanes img = k.plane(0);
		CentredFft.transform2D(img, true);
		final float[] rss = img.rootSumOfSquares();
		final float[] expected = expectedRss(file, 64, 64, 4);
		// same up to one global scale (the generator's FFT is not unitary)
		double num = 0, den = 0;
		for (int i = 0; i < rss.length; i++) {
			num += rss[i] * expected[i];
			den += expected[i] * expected[i];
		}
		final double scale = num / den;
		double err = 0, ref = 0;
		for (int i = 0; i < rss.length; i++) {
			err += Math.pow(rss[i] - scale * expected[i], 2);
			ref += Math.pow(scale * expected[i], 2);
		}
		assertTrue(Math.sqrt(err / ref) < 1e-3, "relative error " + Math.sqrt(err / ref) + " (scale " + scale + ")");
	}

	/**
	 * An accelerated file (R = 2, 16 calibration lines, noise 0.02; its first repetition): the mask comes from the acquired lines,
	 * and the default reconstruction is closer to the file's phantom (times its coil profile, one global
	 * scale fitted) than the zero-filled SENSE image.
	 */
	@Test
	void acceleratedPhantomReconstructsToThePhantom(@TempDir final Path dir) throws Exception {
		final Path file = dir.resolve("accelerated.h5");
		assumeTrue(generate(file, "-m", "64", "-c", "4", "-n", "0.02", "-a", "2", "-w", "16"), "ismrmrd-tools not fetched (scripts/fetch-ismrmrd.sh)");
		final KspaceVolume k = IsmrmrdReader.read(file);
		final sc.fiji.diffusion.operator.Mask mask = k.sampledMask();
		// the generator writes 2 repetitions with alternate lines (and 16 calibration lines in each): the first is read
		assertEquals(64.0 / (24 + 16), mask.acceleration(), 0.01, "even lines and the calibration lines of repetition 0");
		final float[] expected = expectedRss(file, 64, 64, 4);
		try (sc.fiji.diffusion.model.LoadedModel m = sc.fiji.diffusion.model.Models.open("mri-brain-t1")) {
			final sc.fiji.diffusion.mri.MultiCoilReconstruction.Plane p = new sc.fiji.diffusion.mri.MultiCoilReconstruction(new sc.fiji.diffusion.task.Restoration(m))
				.reconstruct(k.plane(0), mask, null, sc.fiji.diffusion.mri.MultiCoilReconstruction.DEFAULT_IMAGE_MODEL,
					new sc.fiji.diffusion.task.Settings().steps(20).samples(2), null);
			final float[][] zf = sc.fiji.diffusion.mri.MultiCoilReconstruction.zeroFilled(k.plane(0), mask, sc.fiji.diffusion.mri.CoilMaps.estimate(k.plane(0), mask));
			final float[] zfMag = new float[zf[0].length];
			for (int i = 0; i < zfMag.length; i++) zfMag[i] = (float) Math.hypot(zf[0][i], zf[1][i]);
			final double ez = scaledError(zfMag, expected), ex = scaledError(p.magnitude(), expected);
			System.out.println(String.format(java.util.Locale.ROOT, "ISMRMRD phantom R=2: relative error zero-filled %.4f, reconstructed %.4f", ez, ex));
			assertTrue(ex < ez, "reconstruction " + ex + " vs zero-filled " + ez);
			assertTrue(ex < 0.15, "relative error " + ex);
		}
	}

	/** ||x - a e|| / ||a e|| with a fitted by least squares. */
	static double scaledError(final float[] x, final float[] e) {
		double num = 0, den = 0;
		for (int i = 0; i < x.length; i++) {
			num += x[i] * e[i];
			den += e[i] * e[i];
		}
		final double a = num / den;
		double err = 0, ref = 0;
		for (int i = 0; i < x.length; i++) {
			err += Math.pow(x[i] - a * e[i], 2);
			ref += Math.pow(a * e[i], 2);
		}
		return Math.sqrt(err / ref);
	}

	/** |phantom| sqrt(sum_c |csm_c|^2) from the file's own datasets. */
	static float[] expectedRss(final Path file, final int w, final int h, final int coils) {
		try (HdfFile f = new HdfFile(file)) {
			final float[][] phantom = complex(f.getDatasetByPath("/dataset/phantom").getData(), w * h);
			final float[][] csm = complex(f.getDatasetByPath("/dataset/csm").getData(), coils * w * h);
			final float[] out = new float[w * h];
			for (int i = 0; i < out.length; i++) {
				double s = 0;
				for (int c = 0; c < coils; c++) s += Math.pow(csm[0][c * w * h + i], 2) + Math.pow(csm[1][c * w * h + i], 2);
				out[i] = (float) (Math.hypot(phantom[0][i], phantom[1][i]) * Math.sqrt(s));
			}
			return out;
		}
	}

	/** A compound {real, imag} dataset of any rank, flattened in C order. */
	static float[][] complex(final Object compound, final int n) {
		final Map<?, ?> m = (Map<?, ?>) compound;
		return new float[][] { flatten(m.get("real"), n), flatten(m.get("imag"), n) };
	}

	static float[] flatten(final Object a, final int n) {
		final float[] out = new float[n];
		final int[] at = { 0 };
		fill(a, out, at);
		assertEquals(n, at[0]);
		return out;
	}

	private static void fill(final Object a, final float[] out, final int[] at) {
		if (a instanceof float[]) for (final float v : (float[]) a) out[at[0]++] = v;
		else if (a instanceof double[]) for (final double v : (double[]) a) out[at[0]++] = (float) v;
		else for (int i = 0; i < Array.getLength(a); i++) fill(Array.get(a, i), out, at);
	}
}
