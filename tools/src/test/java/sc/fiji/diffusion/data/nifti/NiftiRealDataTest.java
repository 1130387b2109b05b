/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.nifti;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.volume.CanonicalOrientation;
import sc.fiji.diffusion.data.volume.Volume;
import sc.fiji.diffusion.testdata.SampleData;

/**
 * The real MRI files from Debian packages (fetched by {@code scripts/fetch-data.sh}). Expected
 * values were read with nibabel 5.0 from the same files.
 */
class NiftiRealDataTest {

	private static double sum(final float[] values) {
		double s = 0;
		for (final float v : values) s += v;
		return s;
	}

	private static float max(final float[] values) {
		float m = Float.NEGATIVE_INFINITY;
		for (final float v : values) m = Math.max(m, v);
		return m;
	}

	@Test
	void colin27Ch2() throws Exception {
		final Path f = SampleData.mri(SampleData.CH2);
		final NiftiHeader h = NiftiReader.readHeader(f);
		assertEquals(NiftiDatatype.UINT8, h.datatype());
		assertEquals("sform (code 4, MNI_152)", h.affineSource());
		assertEquals("", h.spatialUnit(), "ch2 does not declare its unit (xyzt_units = 0)");
		final Volume v = NiftiReader.read(f);
		assertArrayEquals(new int[] { 181, 217, 181, 1 }, new int[] { v.nx(), v.ny(), v.nz(), v.nt() });
		assertArrayEquals(new double[] { 1, 1, 1 }, v.voxelSizes());
		assertArrayEquals(new double[] { 1, 0, 0, -90, 0, 1, 0, -125, 0, 0, 1, -71, 0, 0, 0, 1 }, v.affine(), 1e-6);
		assertEquals("RAS", v.orientation());
		assertEquals(33f, v.get(90, 108, 90, 0));
		assertEquals(109f, v.get(50, 60, 70, 0));
		assertEquals(317151210.0, sum(v.data()), 0.5);
		assertEquals(254f, max(v.data()));
	}

	@Test
	void colin27Ch2BetterHeader() throws Exception {
		final NiftiHeader h = NiftiReader.readHeader(SampleData.mri(SampleData.CH2_BETTER));
		assertArrayEquals(new int[] { 301, 370, 316, 1 }, new int[] { h.nx(), h.ny(), h.nz(), h.nt() });
		assertEquals(NiftiDatatype.UINT8, h.datatype());
		assertArrayEquals(new double[] { 0.5, 0.5, 0.5 }, h.voxelSizes());
		assertArrayEquals(new double[] { 0.5, 0, 0, -75, 0, 0.5, 0, -107, 0, 0, 0.5, -69.5, 0, 0, 0, 1 }, h.affine(), 1e-6);
		// qform and sform agree here
		assertArrayEquals(h.sformAffine(), h.qformAffine(), 1e-6);
	}

	@Test
	void inia19MacaqueTemplate() throws Exception {
		final Volume v = NiftiReader.read(SampleData.mri(SampleData.INIA19));
		assertArrayEquals(new int[] { 168, 206, 128, 1 }, new int[] { v.nx(), v.ny(), v.nz(), v.nt() });
		assertArrayEquals(new double[] { 0.5, 0.5, 0.5 }, v.voxelSizes());
		assertEquals("RAS", v.orientation());
		assertEquals(88.77369f, v.get(84, 103, 64, 0), 1e-4);
		assertEquals(75356682.64, sum(v.data()), 50);
		assertEquals(383.17554f, max(v.data()), 1e-3);
	}

	@Test
	void nibabelExample4dIsLasWithAnObliqueAffine() throws Exception {
		final Path f = SampleData.mri(SampleData.EXAMPLE_4D);
		final NiftiHeader h = NiftiReader.readHeader(f);
		assertEquals(NiftiDatatype.INT16, h.datatype());
		assertEquals(416, h.voxOffset(), "this file has a header extension");
		assertEquals("mm", h.spatialUnit());
		assertEquals("s", h.temporalUnit());
		assertEquals(-1, h.pixdim()[0], "qfac");
		final double[] sform = { -2, 0, 0, 117.8551, 0, 1.973711, -0.355528, -35.72294, 0, 0.323208, 2.171082, -7.248798, 0, 0, 0, 1 };
		assertArrayEquals(sform, h.affine(), 1e-5);
		// the quaternion (with qfac -1) describes the same affine
		assertArrayEquals(sform, h.qformAffine(), 1e-3);
		final Volume v = NiftiReader.read(f);
		assertArrayEquals(new int[] { 128, 96, 24, 2 }, new int[] { v.nx(), v.ny(), v.nz(), v.nt() });
		assertArrayEquals(new double[] { 2, 2, 2.199999 }, v.voxelSizes(), 0, "the file stores the float 2.199999, read as that decimal");
		assertEquals("LAS", v.orientation());
		assertEquals(265f, v.get(64, 48, 12, 0));
		assertEquals(101985356.0, sum(v.data()), 0.5);
		assertEquals(265f, NiftiReader.read(f, 0).get(64, 48, 12, 0));

		// nibabel's as_closest_canonical flips x: affine row 0 becomes (2, 0, 0, -136.1449)
		final Volume ras = CanonicalOrientation.toRas(v);
		assertEquals("RAS", ras.orientation());
		assertArrayEquals(new double[] { 2, 0, 0, -136.1449, 0, 1.973711, -0.355528, -35.72294 },
			java.util.Arrays.copyOf(ras.affine(), 8), 1e-4);
		assertEquals(180f, ras.get(64, 48, 12, 0));
		assertEquals(v.get(127 - 10, 20, 5, 1), ras.get(10, 20, 5, 1));
	}

	@Test
	void dipyPiesno() throws Exception {
		final Path f = SampleData.mri(SampleData.PIESNO);
		final NiftiHeader h = NiftiReader.readHeader(f);
		assertEquals(NiftiDatatype.FLOAT64, h.datatype());
		assertEquals("sform (code 2, ALIGNED_ANAT)", h.affineSource());
		final Volume v = NiftiReader.read(f);
		assertArrayEquals(new int[] { 96, 96, 14, 1 }, new int[] { v.nx(), v.ny(), v.nz(), v.nt() });
		assertEquals("RAS", v.orientation());
		assertEquals(0.10116974f, v.get(48, 48, 7, 0), 1e-7);
		assertEquals(0.05209173f, v.get(10, 80, 3, 0), 1e-7);
		assertEquals(10837.3359, sum(v.data()), 1e-2);
	}
}
