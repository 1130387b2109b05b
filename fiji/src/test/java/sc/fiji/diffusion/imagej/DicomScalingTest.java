/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DICOM files (Part 10, explicit little endian, written here) with rescale tags, headless: the values read
 * are slope x stored + intercept. A slope other than 1 made ImageJ's reader convert the image through its
 * menus, which failed without a display ("No X11 DISPLAY"); a slope with intercept 0 was lost with ImageJ's
 * fixed-scaling preference alone.
 */
class DicomScalingTest {

	@TempDir
	Path dir;

	@ParameterizedTest(name = "stored {0}, slope {1}, intercept {2}, signed {3}")
	@CsvSource({ "100, 2.5, -100, false", "100, 2.5, 0, false", "100, 1, -1024, false", "-50, 2, 10, true", "-50, 1, 0, true", "100, , , false" })
	void rescaledValuesAreRead(final int stored, final Double slope, final Double intercept, final boolean signed) throws Exception {
		final Path file = dir.resolve("image.dcm");
		Files.write(file, dicom(16, 16, stored, signed, slope, intercept));
		final float[] values = ImageFiles.planes(ImageFiles.open(file))[0];
		final double expected = (slope == null ? 1 : slope) * stored + (intercept == null ? 0 : intercept);
		for (final float v : values) assertEquals(expected, v, 1e-4);
	}

	private static byte[] element(final int group, final int element, final String vr, final byte[] value) {
		final byte[] v = value.length % 2 == 0 ? value : java.util.Arrays.copyOf(value, value.length + 1);
		if (value.length % 2 == 1) v[value.length] = (byte) (vr.equals("UI") ? 0 : ' ');
		final boolean long32 = vr.equals("OB") || vr.equals("OW");
		final ByteBuffer b = ByteBuffer.allocate(8 + (long32 ? 4 : 0) + v.length).order(ByteOrder.LITTLE_ENDIAN);
		b.putShort((short) group).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII));
		if (long32) b.putShort((short) 0).putInt(v.length);
		else b.putShort((short) v.length);
		return b.put(v).array();
	}

	private static byte[] text(final String s) { return s.getBytes(StandardCharsets.US_ASCII); }

	private static byte[] ushort(final int v) { return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array(); }

	private static byte[] dicom(final int rows, final int cols, final int stored, final boolean signed, final Double slope, final Double intercept) {
		final ByteArrayOutputStream meta = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
		meta.writeBytes(element(2, 1, "OB", new byte[] { 0, 1 }));
		meta.writeBytes(element(2, 2, "UI", text("1.2.840.10008.5.1.4.1.1.4")));
		meta.writeBytes(element(2, 3, "UI", text("1.2.3.4.5")));
		meta.writeBytes(element(2, 0x10, "UI", text("1.2.840.10008.1.2.1")));
		out.writeBytes(new byte[128]);
		out.writeBytes(text("DICM"));
		out.writeBytes(element(2, 0, "UL", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(meta.size()).array()));
		out.writeBytes(meta.toByteArray());
		out.writeBytes(element(8, 0x60, "CS", text("MR")));
		out.writeBytes(element(0x28, 2, "US", ushort(1)));
		out.writeBytes(element(0x28, 4, "CS", text("MONOCHROME2")));
		out.writeBytes(element(0x28, 0x10, "US", ushort(rows)));
		out.writeBytes(element(0x28, 0x11, "US", ushort(cols)));
		out.writeBytes(element(0x28, 0x30, "DS", text("0.5\\0.5")));
		out.writeBytes(element(0x28, 0x100, "US", ushort(16)));
		out.writeBytes(element(0x28, 0x101, "US", ushort(16)));
		out.writeBytes(element(0x28, 0x102, "US", ushort(15)));
		out.writeBytes(element(0x28, 0x103, "US", ushort(signed ? 1 : 0)));
		if (intercept != null) out.writeBytes(element(0x28, 0x1052, "DS", text(String.valueOf(intercept))));
		if (slope != null) out.writeBytes(element(0x28, 0x1053, "DS", text(String.valueOf(slope))));
		final ByteBuffer px = ByteBuffer.allocate(2 * rows * cols).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < rows * cols; i++) px.putShort((short) stored);
		out.writeBytes(element(0x7fe0, 0x10, "OW", px.array()));
		return out.toByteArray();
	}
}
