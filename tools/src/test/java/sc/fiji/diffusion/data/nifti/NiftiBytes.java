/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.nifti;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes NIfTI-1 and NIfTI-2 files byte by byte, field by field at the offsets of
 * {@code nifti1.h} / {@code nifti2.h}, for tests: every field the reader uses can be set.
 */
final class NiftiBytes {

	ByteOrder order = ByteOrder.LITTLE_ENDIAN;
	int version = 1;
	long[] dim = { 3, 1, 1, 1, 1, 1, 1, 1 };
	int datatype = 4, bitpix = 16;
	double[] pixdim = { 1, 1, 1, 1, 0, 0, 0, 0 };
	double voxOffset = -1; // -1: end of header + 4
	double sclSlope = 0, sclInter = 0;
	int xyztUnits = 2 | 8;
	int qformCode = 0, sformCode = 0;
	double[] quatern = new double[6];
	double[] srow = new double[12];
	String magic = null; // null: n+1 / n+2
	byte[] extension = new byte[4];
	byte[] voxels = new byte[0];

	int headerSize() {
		return version == 1 ? 348 : 540;
	}

	/** Voxel bytes from shorts in this object's byte order. */
	NiftiBytes shorts(final short... values) {
		final ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(order);
		for (final short v : values) b.putShort(v);
		voxels = b.array();
		return this;
	}

	NiftiBytes floats(final float... values) {
		final ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(order);
		for (final float v : values) b.putFloat(v);
		voxels = b.array();
		return this;
	}

	byte[] bytes() {
		final int hs = headerSize();
		final long offset = voxOffset < 0 ? hs + extension.length : (long) voxOffset;
		final int total = (int) Math.max(offset, hs + extension.length) + voxels.length;
		final ByteBuffer h = ByteBuffer.allocate(total).order(order);
		h.putInt(0, hs);
		if (version == 1) {
			for (int i = 0; i < 8; i++) h.putShort(40 + 2 * i, (short) dim[i]);
			h.putShort(70, (short) datatype);
			h.putShort(72, (short) bitpix);
			for (int i = 0; i < 8; i++) h.putFloat(76 + 4 * i, (float) pixdim[i]);
			h.putFloat(108, voxOffset < 0 ? offset : (float) voxOffset);
			h.putFloat(112, (float) sclSlope);
			h.putFloat(116, (float) sclInter);
			h.put(123, (byte) xyztUnits);
			put(h, 148, "written by NiftiBytes");
			h.putShort(252, (short) qformCode);
			h.putShort(254, (short) sformCode);
			for (int i = 0; i < 6; i++) h.putFloat(256 + 4 * i, (float) quatern[i]);
			for (int i = 0; i < 12; i++) h.putFloat(280 + 4 * i, (float) srow[i]);
			put(h, 344, magic != null ? magic : "n+1\0");
		} else {
			put(h, 4, magic != null ? magic : "n+2\0\r\n\032\n");
			h.putShort(12, (short) datatype);
			h.putShort(14, (short) bitpix);
			for (int i = 0; i < 8; i++) h.putLong(16 + 8 * i, dim[i]);
			for (int i = 0; i < 8; i++) h.putDouble(104 + 8 * i, pixdim[i]);
			h.putLong(168, offset);
			h.putDouble(176, sclSlope);
			h.putDouble(184, sclInter);
			put(h, 240, "written by NiftiBytes");
			h.putInt(344, qformCode);
			h.putInt(348, sformCode);
			for (int i = 0; i < 6; i++) h.putDouble(352 + 8 * i, quatern[i]);
			for (int i = 0; i < 12; i++) h.putDouble(400 + 8 * i, srow[i]);
			h.putInt(500, xyztUnits);
		}
		for (int i = 0; i < extension.length; i++) h.put(hs + i, extension[i]);
		for (int i = 0; i < voxels.length; i++) h.put((int) Math.max(offset, hs + extension.length) + i, voxels[i]);
		return h.array();
	}

	byte[] gzipped() throws IOException {
		return gzip(bytes());
	}

	static byte[] gzip(final byte[] raw) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
			gz.write(raw);
		}
		return out.toByteArray();
	}

	private static void put(final ByteBuffer h, final int offset, final String s) {
		final byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
		for (int i = 0; i < b.length; i++) h.put(offset + i, b[i]);
	}
}
