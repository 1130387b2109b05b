/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.nifti;

import java.nio.file.Path;

/**
 * The NIfTI voxel datatypes this reader converts to {@code float}: the real scalar types of the
 * NIfTI-1 standard ({@code nifti1.h}). Complex, RGB, 64-bit integer, 128-bit float and bit
 * (binary) data are refused by {@link #of(int, Path)} with a message naming the datatype.
 * <p>
 * 32-bit integers (and {@code float64}) are rounded to the nearest {@code float}, which is exact
 * for magnitudes up to 2^24.
 */
public enum NiftiDatatype {
	UINT8(2, 1, "uint8"),
	INT16(4, 2, "int16"),
	INT32(8, 4, "int32"),
	FLOAT32(16, 4, "float32"),
	FLOAT64(64, 8, "float64"),
	INT8(256, 1, "int8"),
	UINT16(512, 2, "uint16"),
	UINT32(768, 4, "uint32");

	/** The {@code datatype} code of the header. */
	public final int code;
	/** Bytes per voxel ({@code bitpix / 8}). */
	public final int bytes;
	/** Lower-case name as in numpy ({@code uint8}, {@code float32}, ...). */
	public final String label;

	NiftiDatatype(final int code, final int bytes, final String label) {
		this.code = code;
		this.bytes = bytes;
		this.label = label;
	}

	/** Bits per voxel: the {@code bitpix} this datatype requires. */
	public int bits() {
		return 8 * bytes;
	}

	/**
	 * The datatype with the header code {@code code}.
	 *
	 * @throws NiftiFormatException naming the datatype (and the file) if it is not a supported
	 *         real scalar type
	 */
	public static NiftiDatatype of(final int code, final Path file) throws NiftiFormatException {
		for (final NiftiDatatype t : values())
			if (t.code == code) return t;
		throw new NiftiFormatException(file, "datatype " + unsupportedName(code) + " (code " + code
			+ ") is not supported: only real scalar voxels (uint8, int8, int16, uint16, int32, uint32, float32, float64) can be read");
	}

	/** The NIfTI name of a datatype code this reader does not support. */
	static String unsupportedName(final int code) {
		switch (code) {
			case 0: return "UNKNOWN";
			case 1: return "BINARY (1 bit)";
			case 32: return "COMPLEX64";
			case 128: return "RGB24";
			case 1024: return "INT64";
			case 1280: return "UINT64";
			case 1536: return "FLOAT128";
			case 1792: return "COMPLEX128";
			case 2048: return "COMPLEX256";
			case 2304: return "RGBA32";
			default: return "unknown";
		}
	}
}
