/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.zarr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The element types this reader takes, with their Zarr v2 ({@code "<u2"}) and v3 ({@code "uint16"})
 * names. Every type decodes to float (32-bit; int32 and float64 lose precision beyond 24 bits of
 * mantissa, which restoration does not need); only float32 is written.
 */
public enum ZarrDataType {
	UINT8("u1", "uint8", 1), INT8("i1", "int8", 1), UINT16("u2", "uint16", 2), INT16("i2", "int16", 2), UINT32("u4", "uint32", 4), INT32("i4", "int32", 4),
	FLOAT32("f4", "float32", 4), FLOAT64("f8", "float64", 8);

	private final String v2, v3;
	/** Bytes per element. */
	public final int bytes;

	ZarrDataType(final String v2, final String v3, final int bytes) {
		this.v2 = v2;
		this.v3 = v3;
		this.bytes = bytes;
	}

	/** The v3 name ({@code uint16}). */
	public String v3Name() { return v3; }

	/** The v2 dtype string in {@code order} ({@code "<u2"}; one-byte types {@code "|u1"}). */
	public String v2Name(final ByteOrder order) {
		return (bytes == 1 ? "|" : order == ByteOrder.BIG_ENDIAN ? ">" : "<") + v2;
	}

	/** The type of a v2 dtype string such as {@code "<u2"} or {@code "|u1"}. */
	public static ZarrDataType ofV2(final String dtype) {
		if (dtype != null && dtype.length() == 3)
			for (final ZarrDataType t : values())
				if (t.v2.equals(dtype.substring(1)) && "<>|".indexOf(dtype.charAt(0)) >= 0) return t;
		throw new IllegalArgumentException("Unsupported Zarr v2 dtype " + dtype + " (supported: u1 i1 u2 i2 u4 i4 f4 f8, little or big endian)");
	}

	/** The byte order of a v2 dtype string ('>' big endian, otherwise little). */
	public static ByteOrder orderOfV2(final String dtype) {
		return dtype.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
	}

	/** The type of a v3 data_type name. */
	public static ZarrDataType ofV3(final String name) {
		for (final ZarrDataType t : values())
			if (t.v3.equals(name.toLowerCase(Locale.ROOT))) return t;
		throw new IllegalArgumentException("Unsupported Zarr v3 data_type " + name + " (supported: uint8 int8 uint16 int16 uint32 int32 float32 float64)");
	}

	/** Decodes {@code out.length} elements of this type from {@code raw} (in {@code order}) into floats. */
	public void decode(final byte[] raw, final ByteOrder order, final float[] out) {
		if (raw.length < (long) out.length * bytes)
			throw new IllegalArgumentException("A chunk holds " + raw.length + " bytes, expected " + (long) out.length * bytes + " for " + out.length + " " + v3 + " values");
		final ByteBuffer b = ByteBuffer.wrap(raw).order(order);
		for (int i = 0; i < out.length; i++) {
			switch (this) {
				case UINT8: out[i] = b.get() & 0xff; break;
				case INT8: out[i] = b.get(); break;
				case UINT16: out[i] = b.getShort() & 0xffff; break;
				case INT16: out[i] = b.getShort(); break;
				case UINT32: out[i] = b.getInt() & 0xffffffffL; break;
				case INT32: out[i] = b.getInt(); break;
				case FLOAT32: out[i] = b.getFloat(); break;
				default: out[i] = (float) b.getDouble();
			}
		}
	}

	/** Encodes floats as float32 in {@code order}; only {@link #FLOAT32} is written. */
	public byte[] encode(final float[] values, final ByteOrder order) {
		if (this != FLOAT32) throw new UnsupportedOperationException("Only float32 arrays are written, not " + v3);
		final ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(order);
		b.asFloatBuffer().put(values);
		return b.array();
	}
}
