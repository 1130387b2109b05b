/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.nifti;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.data.volume.Volume;

/** Header parsing and voxel reading on NIfTI files written byte by byte in the tests. */
class NiftiReaderTest {

	@TempDir Path dir;

	private static final short[] RAW = { -32768, -1, 0, 1, 32767, 1000, -1000, 7, 8, 9, 10, 11 };

	/** 3x2x2 int16, scl_slope 0.5, scl_inter 100, an sform that permutes the axes, and a different qform. */
	private static NiftiBytes int16Scaled(final ByteOrder order) {
		final NiftiBytes n = new NiftiBytes();
		n.order = order;
		n.dim = new long[] { 3, 3, 2, 2, 1, 1, 1, 1 };
		n.datatype = 4;
		n.bitpix = 16;
		n.pixdim = new double[] { 1, 1.5, 3, 2.5, 0, 0, 0, 0 };
		n.sclSlope = 0.5;
		n.sclInter = 100;
		n.xyztUnits = 2 | 8; // mm, s
		n.sformCode = 2;
		// voxel x -> -y (posterior), voxel y -> +z (superior), voxel z -> +x (right)
		n.srow = new double[] { 0, 0, 2.5, -10, -1.5, 0, 0, 20, 0, 3, 0, 5 };
		n.qformCode = 1;
		n.quatern = new double[] { 0, 0, 0, 1, 2, 3 };
		n.shorts(RAW);
		return n;
	}

	private Path write(final String name, final byte[] bytes) throws Exception {
		return Files.write(dir.resolve(name), bytes);
	}

	private static void assertScaledInt16(final Volume v) {
		assertEquals(3, v.nx());
		assertEquals(2, v.ny());
		assertEquals(2, v.nz());
		assertEquals(1, v.nt());
		final float[] expected = new float[RAW.length];
		for (int i = 0; i < RAW.length; i++) expected[i] = (float) (0.5 * RAW[i] + 100);
		assertArrayEquals(expected, v.data());
		assertEquals(0.5 * 1000 + 100, v.get(2, 1, 0, 0)); // index 5, x fastest
		assertArrayEquals(new double[] { 1.5, 3, 2.5 }, v.voxelSizes());
		assertEquals("mm", v.unit());
		assertArrayEquals(new double[] { 0, 0, 2.5, -10, -1.5, 0, 0, 20, 0, 3, 0, 5, 0, 0, 0, 1 }, v.affine(), 1e-6);
		assertEquals("PSR", v.orientation());
	}

	@Test
	void littleEndianInt16WithScalingAndSform() throws Exception {
		final Path f = write("le.nii", int16Scaled(ByteOrder.LITTLE_ENDIAN).bytes());
		final NiftiHeader h = NiftiReader.readHeader(f);
		assertEquals(ByteOrder.LITTLE_ENDIAN, h.byteOrder());
		assertEquals(1, h.version());
		assertEquals(NiftiDatatype.INT16, h.datatype());
		assertArrayEquals(new int[] { 3, 3, 2, 2, 1, 1, 1, 1 }, h.dim());
		assertEquals(352, h.voxOffset());
		assertTrue(h.hasScaling());
		assertEquals("mm", h.spatialUnit());
		assertEquals("s", h.temporalUnit());
		assertEquals("sform (code 2, ALIGNED_ANAT)", h.affineSource());
		assertEquals("written by NiftiBytes", h.description());
		assertTrue(h.warnings().isEmpty(), h.warnings().toString());
		// the qform is there too, and differs: identity rotation, offset (1, 2, 3)
		assertArrayEquals(new double[] { 1.5, 0, 0, 1, 0, 3, 0, 2, 0, 0, 2.5, 3, 0, 0, 0, 1 }, h.qformAffine(), 1e-6);
		assertScaledInt16(NiftiReader.read(f));
	}

	@Test
	void bigEndianGivesTheSameVolume() throws Exception {
		final Path f = write("be.nii", int16Scaled(ByteOrder.BIG_ENDIAN).bytes());
		assertEquals(ByteOrder.BIG_ENDIAN, NiftiReader.readHeader(f).byteOrder());
		assertScaledInt16(NiftiReader.read(f));
	}

	@Test
	void gzipIsRecognisedByContentNotName() throws Exception {
		assertScaledInt16(NiftiReader.read(write("le.nii.gz", int16Scaled(ByteOrder.LITTLE_ENDIAN).gzipped())));
		assertScaledInt16(NiftiReader.read(write("be-named-plain.nii", int16Scaled(ByteOrder.BIG_ENDIAN).gzipped())));
	}

	@Test
	void identityScalingAndZeroSlopeLeaveValuesAlone() throws Exception {
		for (final double[] si : new double[][] { { 1, 0 }, { 0, 5 }, { Double.NaN, 3 } }) {
			final NiftiBytes n = int16Scaled(ByteOrder.LITTLE_ENDIAN);
			n.sclSlope = si[0];
			n.sclInter = si[1];
			final Volume v = NiftiReader.read(write("s.nii", n.bytes()));
			assertEquals(-32768f, v.data()[0], Arrays.toString(si));
			assertEquals(11f, v.data()[11], Arrays.toString(si));
		}
	}

	@Test
	void truncatedFileNamesExpectedAndActualBytes() throws Exception {
		final byte[] full = int16Scaled(ByteOrder.LITTLE_ENDIAN).bytes();
		final Path f = write("short.nii", Arrays.copyOf(full, full.length - 10));
		final NiftiFormatException e = assertThrows(NiftiFormatException.class, () -> NiftiReader.read(f));
		assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("expected 24 bytes"), e.getMessage());
		assertTrue(e.getMessage().contains("only 14 bytes"), e.getMessage());
		assertTrue(e.getMessage().contains("3x2x2 int16"), e.getMessage());

		final Path headerOnly = write("header.nii", Arrays.copyOf(full, 200));
		final NiftiFormatException h = assertThrows(NiftiFormatException.class, () -> NiftiReader.read(headerOnly));
		assertTrue(h.getMessage().contains("too short for its NIfTI-1 header: 200 bytes, expected 348"), h.getMessage());
	}

	@Test
	void truncatedGzipNamesTheFileAndTheBytes() throws Exception {
		// a large enough volume that the cut falls inside the voxel data
		final NiftiBytes n = new NiftiBytes();
		n.dim = new long[] { 3, 64, 64, 16, 1, 1, 1, 1 };
		n.datatype = 16;
		n.bitpix = 32;
		final float[] values = new float[64 * 64 * 16];
		final java.util.Random random = new java.util.Random(1);
		for (int i = 0; i < values.length; i++) values[i] = random.nextFloat();
		n.floats(values);
		final byte[] gz = n.gzipped();
		final Path f = write("cut.nii.gz", Arrays.copyOf(gz, gz.length / 2));
		final NiftiFormatException e = assertThrows(NiftiFormatException.class, () -> NiftiReader.read(f));
		assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("gzip data is truncated or corrupt: expected 262144 bytes of voxel data (64x64x16 float32)"),
			e.getMessage());
		assertTrue(e.getMessage().matches("(?s).*only \\d+ bytes could be decompressed.*"), e.getMessage());
	}

	/**
	 * The sform sets the geometry (NIfTI method 3): its columns' lengths are the voxel size, whatever pixdim
	 * says (pixdim 1 with an sform of 2 mm gave 1 mm; pixdim 0 with an sform of 0.5 mm gave 1 mm), with a
	 * warning where they differ.
	 */
	@Test
	void theSformsColumnsAreTheVoxelSize() throws Exception {
		for (final double[] c : new double[][] { { 1, 2 }, { 0, 0.5 }, { 0.5, 0.5 } }) {
			final NiftiBytes n = int16Scaled(ByteOrder.LITTLE_ENDIAN);
			n.pixdim = new double[] { 1, c[0], c[0], c[0], 1, 0, 0, 0 };
			n.sformCode = 2;
			n.srow = new double[] { -c[1], 0, 0, 10, 0, c[1], 0, -20, 0, 0, c[1], 5 };
			final NiftiHeader h = NiftiReader.readHeader(write("s.nii", n.bytes()));
			assertArrayEquals(new double[] { c[1], c[1], c[1] }, h.voxelSizes(), 1e-6, "pixdim " + c[0] + ", sform " + c[1]);
			assertEquals(c[0] != c[1], h.warnings().stream().anyMatch(w -> w.contains("but the sform, which sets the geometry, gives")), h.warnings().toString());
		}
	}

	/** A small gzip file whose header declares more voxels than the memory holds is refused before any allocation (it ended in an OutOfMemoryError). */
	@Test
	void aHugeDeclaredVolumeIsRefusedBeforeItIsAllocated() throws Exception {
		final NiftiBytes n = int16Scaled(ByteOrder.LITTLE_ENDIAN);
		n.dim = new long[] { 3, 32000, 32000, 32000, 1, 1, 1, 1 };
		n.voxels = new byte[16];
		final Path f = write("huge.nii.gz", n.gzipped());
		final NiftiFormatException e = assertThrows(NiftiFormatException.class, () -> NiftiReader.read(f));
		assertTrue(e.getMessage().contains("GiB of memory as 32-bit values, more than the") || e.getMessage().contains("voxels"), e.getMessage());
	}

	@Test
	void unsupportedDatatypesAreNamed() throws Exception {
		for (final Object[] c : new Object[][] { { 128, 24, "RGB24 (code 128)" }, { 32, 64, "COMPLEX64 (code 32)" },
			{ 1792, 128, "COMPLEX128 (code 1792)" }, { 1024, 64, "INT64 (code 1024)" } })
		{
			final NiftiBytes n = int16Scaled(ByteOrder.LITTLE_ENDIAN);
			n.datatype = (Integer) c[0];
			n.bitpix = (Integer) c[1];
			final Path f = write("t.nii", n.bytes());
			final NiftiFormatException e = assertThrows(NiftiFormatException.class, () -> NiftiReader.readHeader(f));
			assertTrue(e.getMessage().contains("datatype " + c[2] + " is not supported"), e.getMessage());
			assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
		}
	}

	@Test
	void notNiftiPairsAndAnalyzeAreRefusedClearly() throws Exception {
		final Path junk = write("junk.nii", new byte[400]);
		assertTrue(assertThrows(NiftiFormatException.class, () -> NiftiReader.read(junk)).getMessage()
			.contains("not a NIfTI file: sizeof_hdr is 0"));
		final NiftiBytes pair = int16Scaled(ByteOrder.LITTLE_ENDIAN);
		pair.magic = "ni1\0";
		final Path hdr = write("pair.hdr", pair.bytes());
		assertTrue(assertThrows(NiftiFormatException.class, () -> NiftiReader.read(hdr)).getMessage()
			.contains(".hdr/.img file pair"));
		final NiftiBytes analyze = int16Scaled(ByteOrder.LITTLE_ENDIAN);
		analyze.magic = "\0\0\0\0";
		final Path a = write("analyze.hdr", analyze.bytes());
		assertTrue(assertThrows(NiftiFormatException.class, () -> NiftiReader.read(a)).getMessage().contains("Analyze"));
		final Path missing = dir.resolve("missing.nii");
		assertTrue(assertThrows(java.io.IOException.class, () -> NiftiReader.read(missing)).getMessage().contains(missing.toString()));
	}

	@Test
	void absurdDimensionsAreRefused() throws Exception {
		final NiftiBytes huge = int16Scaled(ByteOrder.LITTLE_ENDIAN);
		huge.dim = new long[] { 4, 32767, 32767, 32767, 32767, 1, 1, 1 };
		Path f = write("huge.nii", huge.bytes());
		assertTrue(assertThrows(NiftiFormatException.class, () -> NiftiReader.readHeader(f)).getMessage().contains("image too large"));

		final NiftiBytes n2 = new NiftiBytes();
		n2.version = 2;
		n2.dim = new long[] { 3, 1L << 40, 1L << 40, 2, 1, 1, 1, 1 }; // the product overflows a long
		final Path g = write("huge2.nii", n2.bytes());
		assertTrue(assertThrows(NiftiFormatException.class, () -> NiftiReader.readHeader(g)).getMessage().contains("image too large"));

		final NiftiBytes negative = int16Scaled(ByteOrder.LITTLE_ENDIAN);
		negative.dim = new long[] { 3, 3, -2, 2, 1, 1, 1, 1 };
		final Path h = write("neg.nii", negative.bytes());
		assertTrue(assertThrows(NiftiFormatException.class, () -> NiftiReader.readHeader(h)).getMessage().contains("dim[2] = -2 must be at least 1"));

		final NiftiBytes ndim = int16Scaled(ByteOrder.LITTLE_ENDIAN);
		ndim.dim[0] = 9;
		final Path k = write("ndim.nii", ndim.bytes());
		assertTrue(assertThrows(NiftiFormatException.class, () -> NiftiReader.readHeader(k)).getMessage().contains("dim[0] = 9"));
	}

	@Test
	void qformFromQuaternionWithNegativeQfac() throws Exception {
		// 90 degrees about z: (a, b, c, d) = (cos 45, 0, 0, sin 45); R maps x -> y, y -> -x
		final NiftiBytes n = int16Scaled(ByteOrder.LITTLE_ENDIAN);
		n.sformCode = 0;
		n.qformCode = 1;
		n.pixdim[0] = -1; // qfac: z flipped
		n.quatern = new double[] { 0, 0, Math.sqrt(0.5), 7, 8, 9 };
		final NiftiHeader h = NiftiReader.readHeader(write("q.nii", n.bytes()));
		assertEquals("qform (code 1, SCANNER_ANAT)", h.affineSource());
		// columns: voxel x -> (0, 1.5, 0), voxel y -> (-3, 0, 0), voxel z -> (0, 0, -2.5)
		assertArrayEquals(new double[] { 0, -3, 0, 7, 1.5, 0, 0, 8, 0, 0, -2.5, 9, 0, 0, 0, 1 }, h.affine(), 1e-6);
		final Volume v = NiftiReader.read(h.file());
		assertEquals("ALI", v.orientation());
	}

	@Test
	void pixdimScalingWithoutQformOrSform() throws Exception {
		final NiftiBytes n = int16Scaled(ByteOrder.BIG_ENDIAN);
		n.sformCode = 0;
		n.qformCode = 0;
		final NiftiHeader h = NiftiReader.readHeader(write("p.nii", n.bytes()));
		assertEquals("pixdim scaling (no usable qform or sform)", h.affineSource());
		assertArrayEquals(new double[] { 1.5, 0, 0, 0, 0, 3, 0, 0, 0, 0, 2.5, 0, 0, 0, 0, 1 }, h.affine(), 0);
	}

	@Test
	void toleratedProblemsBecomeWarnings() throws Exception {
		final NiftiBytes n = int16Scaled(ByteOrder.LITTLE_ENDIAN);
		n.bitpix = 8;
		n.voxOffset = 0; // some writers leave it 0
		n.pixdim[2] = 0;
		n.xyztUnits = 0;
		final Path f = write("w.nii", n.bytes());
		final NiftiHeader h = NiftiReader.readHeader(f);
		assertEquals(3, h.warnings().size(), h.warnings().toString());
		assertTrue(h.warnings().get(0).contains("bitpix 8 does not match datatype int16"), h.warnings().toString());
		assertEquals(352, h.voxOffset());
		assertArrayEquals(new double[] { 1.5, 3, 2.5 }, h.voxelSizes(), 1e-6, "pixdim[2] = 0: the sform's 3 mm");
		assertTrue(h.warnings().stream().anyMatch(w -> w.startsWith("pixdim[2] = 0.0, but the sform, which sets the geometry, gives 3")), h.warnings().toString());
		final Volume v = NiftiReader.read(f);
		assertEquals("", v.unit());
		assertEquals(105.5f, v.data()[11]);
	}

	@Test
	void extensionsAreSkippedAndEveryRealTypeConverts() throws Exception {
		final Object[][] cases = { // datatype, bitpix, raw bytes (little-endian) of two values, expected
			{ 2, 8, new byte[] { (byte) 0xff, 1 }, new float[] { 255, 1 } },
			{ 256, 8, new byte[] { (byte) 0xff, 1 }, new float[] { -1, 1 } },
			{ 512, 16, new byte[] { (byte) 0xff, (byte) 0xff, 2, 0 }, new float[] { 65535, 2 } },
			{ 8, 32, new byte[] { (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 3, 0, 0, 0 }, new float[] { -2, 3 } },
			{ 768, 32, new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 3, 0, 0, 0 }, new float[] { 4294967295f, 3 } },
			{ 64, 64, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(-0.25).putDouble(1e10).array(), new float[] { -0.25f, 1e10f } } };
		for (final Object[] c : cases) {
			final NiftiBytes n = new NiftiBytes();
			n.dim = new long[] { 1, 2, 1, 1, 1, 1, 1, 1 };
			n.datatype = (Integer) c[0];
			n.bitpix = (Integer) c[1];
			n.extension = new byte[36]; // extension flag and 32 bytes of extension: vox_offset 384
			n.extension[0] = 1;
			n.voxels = (byte[]) c[2];
			final Path f = write("t" + c[0] + ".nii", n.bytes());
			assertEquals(384, NiftiReader.readHeader(f).voxOffset());
			assertArrayEquals((float[]) c[3], NiftiReader.read(f).data(), "datatype " + c[0]);
		}
	}

	@Test
	void nifti2LittleAndBigEndian() throws Exception {
		for (final ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
			final NiftiBytes n = new NiftiBytes();
			n.version = 2;
			n.order = order;
			n.dim = new long[] { 4, 2, 2, 1, 2, 1, 1, 1 };
			n.datatype = 16;
			n.bitpix = 32;
			n.pixdim = new double[] { 1, 0.5, 0.5, 2, 3, 0, 0, 0 };
			n.sformCode = 4;
			n.srow = new double[] { -0.5, 0, 0, 1, 0, 0.5, 0, 2, 0, 0, 2, 3 };
			n.sclSlope = 2;
			n.floats(1, 2, 3, 4, 5, 6, 7, 8);
			final Path f = write("two.nii", n.bytes());
			final NiftiHeader h = NiftiReader.readHeader(f);
			assertEquals(2, h.version());
			assertEquals(544, h.voxOffset());
			final Volume v = NiftiReader.read(f);
			assertEquals(2, v.nt());
			assertArrayEquals(new float[] { 2, 4, 6, 8, 10, 12, 14, 16 }, v.data());
			assertArrayEquals(new float[] { 10, 12, 14, 16 }, v.volume(1).data());
			assertArrayEquals(new float[] { 10, 12, 14, 16 }, NiftiReader.read(f, 1).data());
			assertEquals("LAS", v.orientation());
			assertEquals("sform (code 4, MNI_152)", h.affineSource());
		}
	}

	@Test
	void volumeIndexOutOfRange() throws Exception {
		final Path f = write("le.nii", int16Scaled(ByteOrder.LITTLE_ENDIAN).bytes());
		assertThrows(IllegalArgumentException.class, () -> NiftiReader.read(f, 1));
		assertThrows(IndexOutOfBoundsException.class, () -> NiftiReader.read(f).volume(1));
	}
}
