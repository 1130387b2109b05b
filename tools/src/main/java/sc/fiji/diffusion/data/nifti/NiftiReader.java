/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.nifti;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import sc.fiji.diffusion.data.volume.Volume;

/**
 * Reads single-file NIfTI-1 and NIfTI-2 images ({@code .nii}, and gzip-compressed {@code .nii.gz},
 * recognised by the gzip magic bytes rather than the name) into a {@link Volume} of floats.
 * <p>
 * The header is parsed and checked by {@link NiftiHeader}; header extensions are skipped. Stored
 * values {@code v} become {@code (float) (slope v + intercept)} when the header asks for scaling
 * (see {@link NiftiHeader#hasScaling()}), else {@code (float) v}. The voxel order is kept as stored
 * (x fastest); the volume's affine is {@link NiftiHeader#affine()}, its voxel sizes
 * {@link NiftiHeader#voxelSizes()} and its unit {@link NiftiHeader#spatialUnit()}. Dimensions 4
 * to 7 are flattened into the number of volumes {@link Volume#nt()}.
 * <p>
 * Every problem is an {@link IOException} whose message names the file: a missing or unreadable
 * file, an invalid or unsupported header ({@link NiftiFormatException}), fewer voxel bytes than
 * the header announces (the message gives the expected and the actual number), or corrupt gzip
 * data.
 */
public final class NiftiReader {

	private static final int CHUNK = 1 << 19; // a multiple of every voxel size

	private NiftiReader() {}

	/** Reads and checks only the header. */
	public static NiftiHeader readHeader(final Path file) throws IOException {
		try (InputStream in = open(file)) {
			return readHeader(in, file);
		}
	}

	/** Reads the whole image: all volumes of a 4D file. */
	public static Volume read(final Path file) throws IOException {
		return read(file, -1);
	}

	/**
	 * Reads one 3D volume (time point) {@code t} of the image, skipping the others' bytes;
	 * {@code t = -1} reads all of them.
	 *
	 * @throws IllegalArgumentException if {@code t} is not -1 and not in {@code [0, nt)}
	 */
	public static Volume read(final Path file, final int t) throws IOException {
		try (InputStream in = open(file)) {
			final NiftiHeader h = readHeader(in, file);
			if (t < -1 || t >= h.nt())
				throw new IllegalArgumentException(file + " has " + h.nt() + (h.nt() == 1 ? " volume" : " volumes") + ": volume index " + t + " is out of range");
			final long perVolume = (long) h.nx() * h.ny() * h.nz();
			final long skipVoxels = t < 0 ? 0 : t * perVolume;
			final long count = t < 0 ? h.voxelCount() : perVolume;
			final long dataStart = h.voxOffset() + skipVoxels * h.datatype().bytes;
			if (!isGzip(file)) {
				final long available = Files.size(file) - dataStart;
				final long expected = count * h.datatype().bytes;
				if (available < expected)
					throw truncated(file, h, dataStart, expected, Math.max(0, available), null);
			}
			skip(in, dataStart - headerBytes(h), file, h);
			final float[] data = readValues(in, h, dataStart, (int) count, file);
			final int nt = t < 0 ? h.nt() : 1;
			return new Volume(h.nx(), h.ny(), h.nz(), nt, data, h.voxelSizes(), h.spatialUnit(), h.affine());
		}
	}

	private static int headerBytes(final NiftiHeader h) {
		return h.version() == 1 ? NiftiHeader.SIZE_NIFTI1 : NiftiHeader.SIZE_NIFTI2;
	}

	private static NiftiHeader readHeader(final InputStream in, final Path file) throws IOException {
		final byte[] first = readUpTo(in, 4, file);
		if (first.length < 4)
			throw new NiftiFormatException(file, "file is too short for a NIfTI header (" + first.length + " bytes)");
		final int size = NiftiHeader.headerSize(first, file);
		final byte[] rest = readUpTo(in, size - 4, file);
		final byte[] all = new byte[4 + rest.length];
		System.arraycopy(first, 0, all, 0, 4);
		System.arraycopy(rest, 0, all, 4, rest.length);
		return NiftiHeader.parse(all, file);
	}

	/** Opens the file, decompressing it if it starts with the gzip magic bytes. */
	private static InputStream open(final Path file) throws IOException {
		sc.fiji.diffusion.io.InputFiles.requireReadable(file, "NIfTI file");
		final InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
		try {
			if (isGzip(file)) return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
			return raw;
		} catch (final ZipException | EOFException e) {
			raw.close();
			throw new NiftiFormatException(file, "corrupt gzip header: " + e.getMessage(), e);
		} catch (final IOException | RuntimeException e) {
			raw.close();
			throw e;
		}
	}

	private static boolean isGzip(final Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return in.read() == 0x1f && in.read() == 0x8b;
		}
	}

	/** Up to {@code n} bytes: fewer only at the end of the stream. */
	private static byte[] readUpTo(final InputStream in, final int n, final Path file) throws IOException {
		try {
			return in.readNBytes(n);
		} catch (final ZipException | EOFException e) {
			throw new NiftiFormatException(file, "corrupt or truncated gzip data in the header: " + e.getMessage(), e);
		}
	}

	private static void skip(final InputStream in, final long n, final Path file, final NiftiHeader h) throws IOException {
		final byte[] buffer = new byte[(int) Math.min(CHUNK, Math.max(1, n))];
		long left = n;
		try {
			while (left > 0) {
				final int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
				if (r < 0)
					throw new NiftiFormatException(file, "file ends " + left + " bytes before the voxel data it needs (vox_offset "
						+ h.voxOffset() + ")");
				left -= r;
			}
		} catch (final ZipException | EOFException e) {
			throw new NiftiFormatException(file, "corrupt or truncated gzip data before the voxel data: " + e.getMessage(), e);
		}
	}

	private static float[] readValues(final InputStream in, final NiftiHeader h, final long start, final int count, final Path file) throws IOException {
		final NiftiDatatype type = h.datatype();
		final long expected = (long) count * type.bytes;
		final Runtime rt = Runtime.getRuntime();
		final double free = rt.maxMemory() - (double) (rt.totalMemory() - rt.freeMemory()), needed = 4.0 * count;
		if (needed > free) // before the allocation: a gzip file declaring a huge volume would end in an OutOfMemoryError
			throw new NiftiFormatException(file, String.format(java.util.Locale.ROOT, "its header declares %dx%dx%d voxels x %d volume(s) (%s), which need "
				+ "%.1f GiB of memory as 32-bit values, more than the %.1f GiB free: read one volume at a time, give Java more memory (-Xmx), or check the "
				+ "header if the file is smaller than that", h.nx(), h.ny(), h.nz(), count / ((long) h.nx() * h.ny() * h.nz()), type, needed / (1L << 30),
				free / (1L << 30)));
		final float[] out = new float[count];
		final byte[] chunk = new byte[(int) Math.min(CHUNK, expected)];
		final ByteBuffer buffer = ByteBuffer.wrap(chunk).order(h.byteOrder());
		final boolean scaled = h.hasScaling();
		final double slope = h.slope(), intercept = h.intercept();
		long got = 0;
		int k = 0;
		try {
			while (got < expected) {
				final int want = (int) Math.min(chunk.length, expected - got);
				int filled = 0;
				while (filled < want) {
					final int r = in.read(chunk, filled, want - filled);
					if (r < 0) throw truncated(file, h, start, expected, got + filled, null);
					filled += r;
				}
				got += filled;
				buffer.clear();
				k = convert(buffer, type, filled / type.bytes, out, k);
			}
		} catch (final ZipException | EOFException e) {
			throw truncated(file, h, start, expected, got, e);
		}
		if (scaled)
			for (int i = 0; i < out.length; i++)
				out[i] = (float) (slope * out[i] + intercept);
		return out;
	}

	/** Converts {@code n} stored values at the buffer's start into {@code out[k..]}; returns the next k. */
	private static int convert(final ByteBuffer b, final NiftiDatatype type, final int n, final float[] out, int k) {
		switch (type) {
			case UINT8:
				for (int i = 0; i < n; i++) out[k++] = b.get(i) & 0xff;
				break;
			case INT8:
				for (int i = 0; i < n; i++) out[k++] = b.get(i);
				break;
			case INT16:
				for (int i = 0; i < n; i++) out[k++] = b.getShort(2 * i);
				break;
			case UINT16:
				for (int i = 0; i < n; i++) out[k++] = b.getShort(2 * i) & 0xffff;
				break;
			case INT32:
				for (int i = 0; i < n; i++) out[k++] = b.getInt(4 * i);
				break;
			case UINT32:
				for (int i = 0; i < n; i++) out[k++] = b.getInt(4 * i) & 0xffffffffL;
				break;
			case FLOAT32:
				for (int i = 0; i < n; i++) out[k++] = b.getFloat(4 * i);
				break;
			case FLOAT64:
				for (int i = 0; i < n; i++) out[k++] = (float) b.getDouble(8 * i);
				break;
			default:
				throw new IllegalStateException("Unhandled datatype " + type);
		}
		return k;
	}

	private static NiftiFormatException truncated(final Path file, final NiftiHeader h, final long start, final long expected, final long actual,
		final IOException cause)
	{
		final StringBuilder dims = new StringBuilder();
		final int[] dim = h.dim();
		for (int i = 1; i <= dim[0]; i++) dims.append(i > 1 ? "x" : "").append(dim[i]);
		final String what = "expected " + expected + " bytes of voxel data (" + dims + " " + h.datatype().label + ") from byte "
			+ start + ", but ";
		if (cause == null)
			return new NiftiFormatException(file, "file is truncated: " + what + "only " + actual + " bytes are there");
		return new NiftiFormatException(file, "gzip data is truncated or corrupt: " + what + "only " + actual
			+ " bytes could be decompressed (" + cause.getMessage() + ")", cause);
	}
}
