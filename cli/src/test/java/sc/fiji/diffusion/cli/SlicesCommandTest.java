/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import picocli.CommandLine;
import sc.fiji.diffusion.data.nifti.NiftiReader;
import sc.fiji.diffusion.data.volume.CanonicalOrientation;
import sc.fiji.diffusion.data.volume.Volume;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.testdata.SampleData;
import sc.fiji.diffusion.data.volume.VolumeSlicer;
import sc.fiji.diffusion.data.volume.VolumeSlicer.Orientation;

/** {@code slices} end to end on the real MRI files. */
class SlicesCommandTest {

	@TempDir Path dir;

	/**
	 * Runs {@code slices} with Main's error handling (one line on stderr, exit code 1; 2 for
	 * usage errors); returns {exit code, stderr}.
	 */
	static Object[] slices(final String... args) {
		final PrintStream old = System.err;
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final StringWriter picocliErr = new StringWriter();
		System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
		try {
			final CommandLine cl = new CommandLine(new SlicesCommand());
			cl.setErr(new PrintWriter(picocliErr, true));
			cl.setExecutionExceptionHandler((e, c, p) -> {
				c.getErr().println("Error: " + e.getMessage());
				return 1;
			});
			final int code = cl.execute(args);
			return new Object[] { code, err.toString(StandardCharsets.UTF_8) + picocliErr };
		} finally {
			System.setErr(old);
		}
	}

	private static List<String> names(final Path folder) throws Exception {
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	private static int index(final String name) {
		return Integer.parseInt(name.replaceAll(".*_[xyz](\\d+)\\.tif$", "$1"));
	}

	@Test
	void piesnoWithHeldOutSlab() throws Exception {
		final Path in = SampleData.mri(SampleData.PIESNO);
		final Path train = dir.resolve("train"), val = dir.resolve("val");
		final Object[] r = slices("--input", in.toString(), "--output", train.toString(), "--holdout-output", val.toString(),
			"--holdout-fraction", "0.2", "--holdout-gap-mm", "2");
		assertEquals(0, r[0], (String) r[1]);
		final String log = (String) r[1];
		assertTrue(log.contains("axial:") && log.contains("coronal:") && log.contains("sagittal:"), log);
		assertTrue(log.contains("held-out slab z"), log);

		// the same cut computed directly
		final Volume ras = CanonicalOrientation.toRas(NiftiReader.read(in));
		final VolumeSlicer.Options o = new VolumeSlicer.Options();
		o.holdoutFraction = 0.2;
		o.holdoutGap = 2;
		final VolumeSlicer.Summary s = VolumeSlicer.slice(ras, o, x -> {});
		assertTrue(s.trainingZ[1] + 2 < s.holdoutZ[0], "2 planes of gap");

		final List<String> trained = names(train), held = names(val);
		for (final Orientation or : Orientation.values()) {
			assertEquals(s.written(or, VolumeSlicer.Part.TRAINING), trained.stream().filter(n -> n.contains("_" + or.label() + "_")).count(), or.label());
			assertEquals(s.written(or, VolumeSlicer.Part.HOLDOUT), held.stream().filter(n -> n.contains("_" + or.label() + "_")).count(), or.label());
		}
		for (final String n : trained)
			if (n.contains("_axial_")) assertTrue(index(n) <= s.trainingZ[1], n);
		for (final String n : held)
			if (n.contains("_axial_")) assertTrue(index(n) >= s.holdoutZ[0], n);
		assertTrue(held.stream().anyMatch(n -> n.contains("_axial_")), held.toString());

		// an axial training slice: 32-bit, 1 mm pixels, the upright plane's values
		final String axial = trained.stream().filter(n -> n.startsWith("test_piesno_axial_z")).findFirst().orElseThrow();
		final ImagePlus imp = ImageFiles.open(train.resolve(axial));
		assertEquals(ImagePlus.GRAY32, imp.getType());
		assertEquals(96, imp.getWidth());
		assertEquals(96, imp.getHeight());
		assertEquals(1.0, imp.getCalibration().pixelWidth);
		assertEquals("mm", imp.getCalibration().getUnit());
		assertArrayEquals(VolumeSlicer.plane(ras, Orientation.AXIAL, index(axial)), ImageFiles.planes(imp)[0]);

		// coronal crops: training rows z 0..trainingZ[1], held-out rows from the slab to the top
		final String coronal = held.stream().filter(n -> n.contains("_coronal_")).findFirst().orElseThrow();
		assertEquals(s.holdoutZ[1] - s.holdoutZ[0] + 1, ImageFiles.open(val.resolve(coronal)).getHeight());
		final String coronalTrain = trained.stream().filter(n -> n.contains("_coronal_")).findFirst().orElseThrow();
		assertEquals(s.trainingZ[1] + 1, ImageFiles.open(train.resolve(coronalTrain)).getHeight());
	}

	@Test
	void ch2AxialSlicesHaveTheBrainInTheMiddle() throws Exception {
		final Path in = SampleData.mri(SampleData.CH2);
		final Path out = dir.resolve("out");
		final Object[] r = slices("--input", in.toString(), "--output", out.toString(), "--orientations", "axial", "--every", "30");
		assertEquals(0, r[0], (String) r[1]);
		// z = 0, 30, ..., 180; the top plane (z 180, above the head) is empty
		assertEquals(List.of("ch2_axial_z000.tif", "ch2_axial_z030.tif", "ch2_axial_z060.tif", "ch2_axial_z090.tif", "ch2_axial_z120.tif",
			"ch2_axial_z150.tif"), names(out));
		final float[] mid = ImageFiles.planes(ImageFiles.open(out.resolve("ch2_axial_z090.tif")))[0];
		final ImagePlus imp = ImageFiles.open(out.resolve("ch2_axial_z090.tif"));
		assertEquals(181, imp.getWidth());
		assertEquals(217, imp.getHeight());
		// tissue in the centre, background in the corners
		assertTrue(mid[108 * 181 + 90] > 16.4f, "centre " + mid[108 * 181 + 90]);
		assertEquals(0f, mid[0]);
		assertEquals(0f, mid[181 * 217 - 1]);
		final double threshold = 16.4;
		// S is the last axis, pointing up: the head narrows towards the top plane (z = 180, empty, not written);
		// the bottom plane (z = 0, world z = -71 mm) cuts through face and cerebellum and is nearly as full as the middle
		final double f090 = VolumeSlicer.foregroundFraction(mid, threshold);
		final double f150 = VolumeSlicer.foregroundFraction(ImageFiles.planes(ImageFiles.open(out.resolve("ch2_axial_z150.tif")))[0], threshold);
		assertTrue(f150 < 0.7 * f090, f150 + " at z 150 vs " + f090 + " at z 90");
		// anterior at the top: along the middle column, the head's first row (top) must be the scalp at the forehead
		// (world y = +88 mm in this MNI-space head) and its last row the scalp at the back (y = -115 mm), not the reverse
		int top = -1, bottom = -1;
		for (int row = 0; row < 217; row++)
			if (mid[row * 181 + 90] > threshold) {
				if (top < 0) top = row;
				bottom = row;
			}
		// row r is voxel y = 216 - r, world y = y - 125
		final double front = 216 - top - 125, back = 216 - bottom - 125;
		assertEquals(88, front, "front of the head at world y");
		assertEquals(-115, back, "back of the head at world y");
	}

	@Test
	void example4dSecondVolumeAndResampling() throws Exception {
		final Path in = SampleData.mri(SampleData.EXAMPLE_4D);
		final Path out = dir.resolve("out");
		final Object[] r = slices("--input", in.toString(), "--output", out.toString(), "--orientations", "axial", "--volume", "1",
			"--resample-mm", "4", "--min-foreground", "0");
		assertEquals(0, r[0], (String) r[1]);
		assertTrue(((String) r[1]).contains("reoriented LAS -> RAS"), (String) r[1]);
		// 128 x 2 mm -> 64 voxels of 4 mm; 96 x 2 -> 48; 24 x 2.199999 -> 13
		final List<String> n = names(out);
		assertEquals(13, n.size(), n.toString());
		assertEquals("example4d_t1_axial_z000.tif", n.get(0));
		final ImagePlus imp = ImageFiles.open(out.resolve(n.get(6)));
		assertEquals(64, imp.getWidth());
		assertEquals(48, imp.getHeight());
		assertEquals(4.0, imp.getCalibration().pixelWidth, 1e-6);
	}

	/**
	 * A tiny NIfTI-1 file: an n x n x n float32 volume of 1 mm voxels, no orientation (qform and sform codes
	 * 0), a bright ball in a dark cube; {@code nan} voxels (flat indices) are NaN.
	 */
	static Path tinyNifti(final Path file, final int n, final int... nan) throws Exception {
		final ByteBuffer b = ByteBuffer.allocate(352 + 4 * n * n * n).order(ByteOrder.LITTLE_ENDIAN);
		b.putInt(0, 348); // sizeof_hdr
		final short[] dim = { 3, (short) n, (short) n, (short) n, 1, 1, 1, 1 };
		for (int i = 0; i < 8; i++) b.putShort(40 + 2 * i, dim[i]);
		b.putShort(70, (short) 16); // datatype FLOAT32
		b.putShort(72, (short) 32); // bitpix
		for (int i = 0; i < 8; i++) b.putFloat(76 + 4 * i, 1f); // pixdim
		b.putFloat(108, 352f); // vox_offset
		b.put(123, (byte) 2); // xyzt_units: mm
		b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
		for (int z = 0, k = 0; z < n; z++)
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++, k++) {
					final double r = Math.sqrt(Math.pow(x - n / 2.0, 2) + Math.pow(y - n / 2.0, 2) + Math.pow(z - n / 2.0, 2));
					b.putFloat(352 + 4 * k, r < n / 3.0 ? 100f + k % 7 : 1f);
				}
		for (final int k : nan) b.putFloat(352 + 4 * k, Float.NaN);
		return Files.write(file, b.array());
	}

	/** --output (and --holdout-output) naming a file is refused before any input is read. */
	@Test
	void outputThatIsAFileIsRefusedBeforeReading() throws Exception {
		final Path ok = tinyNifti(dir.resolve("ok.nii"), 8);
		final byte[] before = Files.readAllBytes(ok);
		Object[] r = slices("--input", ok.toString(), "--output", ok.toString());
		assertEquals(1, r[0], (String) r[1]);
		assertTrue(((String) r[1]).contains("--output " + ok + " is a file, not a folder"), (String) r[1]);
		assertFalse(((String) r[1]).contains("voxels"), "nothing was read: " + r[1]);
		r = slices("--input", ok.toString(), "--output", dir.resolve("train").toString(), "--holdout-output", ok.toString());
		assertEquals(1, r[0], (String) r[1]);
		assertTrue(((String) r[1]).contains("--holdout-output " + ok + " is a file, not a folder"), (String) r[1]);
		assertFalse(Files.exists(dir.resolve("train")));
		assertArrayEquals(before, Files.readAllBytes(ok));
	}

	/** A truncated input after a good one: refused before any slice of either is written. */
	@Test
	void truncatedLaterInputWritesNoSlices() throws Exception {
		final Path ok = tinyNifti(dir.resolve("ok.nii"), 8);
		final byte[] whole = Files.readAllBytes(tinyNifti(dir.resolve("trunc.nii"), 8));
		Files.write(dir.resolve("trunc.nii"), Arrays.copyOf(whole, whole.length - 100));
		final Path out = dir.resolve("out");
		final Object[] r = slices("--input", ok.toString(), dir.resolve("trunc.nii").toString(), "--output", out.toString(), "--min-foreground", "0");
		assertEquals(1, r[0], (String) r[1]);
		assertTrue(((String) r[1]).contains("trunc.nii") && ((String) r[1]).contains("expected 2048 bytes of voxel data"), (String) r[1]);
		assertTrue(!Files.exists(out) || names(out).isEmpty(), () -> "slices were written: " + r[1]);

		// the good one alone is cut
		final Object[] good = slices("--input", ok.toString(), "--output", out.toString(), "--orientations", "axial", "--min-foreground", "0");
		assertEquals(0, good[0], (String) good[1]);
		assertEquals(8, names(out).size(), names(out).toString());
	}

	/** NaN voxels are refused by name before any slice is written (train refuses NaN patches, restore NaN images). */
	@Test
	void nanVoxelsAreRefused() throws Exception {
		final Path ok = tinyNifti(dir.resolve("ok.nii"), 8);
		final Path nan = tinyNifti(dir.resolve("nan.nii"), 8, 3 + 8 * (2 + 8 * 5), 7);
		final Path out = dir.resolve("out");
		final Object[] r = slices("--input", ok.toString(), nan.toString(), "--output", out.toString(), "--min-foreground", "0");
		assertEquals(1, r[0], (String) r[1]);
		assertTrue(((String) r[1]).contains(nan + " has 2 NaN or infinite voxels"), (String) r[1]);
		assertTrue(((String) r[1]).contains("(7, 0, 0)"), "the first one, x y z as stored: " + r[1]);
		assertTrue(!Files.exists(out) || names(out).isEmpty(), () -> "slices were written: " + r[1]);
	}

	@Test
	void usageErrors() throws Exception {
		final Path in = SampleData.mri(SampleData.PIESNO);
		final String out = dir.resolve("o").toString();
		Object[] r = slices("--input", in.toString(), "--output", out, "--holdout-fraction", "0.2");
		assertEquals(2, r[0]);
		assertTrue(((String) r[1]).contains("--holdout-fraction needs --holdout-output"), (String) r[1]);
		r = slices("--input", in.toString(), in.toString(), "--output", out);
		assertEquals(2, r[0]);
		assertTrue(((String) r[1]).contains("have the same name test_piesno"), (String) r[1]);
		r = slices("--input", in.toString(), "--output", out, "--volume", "1");
		assertEquals(1, r[0]);
		assertTrue(((String) r[1]).contains("has 1 volume: --volume 1 is out of range"), (String) r[1]);
		r = slices("--input", in.toString(), "--output", out, "--orientations", "axial,oblique");
		assertEquals(1, r[0]);
		assertTrue(((String) r[1]).contains("Unknown orientation \"oblique\""), (String) r[1]);
		final Path notNifti = Files.writeString(dir.resolve("x.nii"), "hello, this is not a NIfTI file at all");
		r = slices("--input", notNifti.toString(), "--output", out);
		assertEquals(1, r[0]);
		assertTrue(((String) r[1]).contains(notNifti + ": not a NIfTI file"), (String) r[1]);
		r = slices("--help");
		assertEquals(0, r[0]);
		assertFalse(((String) r[1]).contains("WARN"), (String) r[1]);
	}
}
