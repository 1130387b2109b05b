/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.zarr;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

import com.github.luben.zstd.Zstd;

/**
 * The chunk compressors this reader and writer take: none, zlib and gzip (java.util.zip), zstd
 * (zstd-jni, which Spark ships), and Blosc 1 (Python zarr's default; {@link BloscFrames}: read with
 * the codecs blosclz, lz4, lz4hc, snappy, zlib and zstd and byte or bit shuffle, written with lz4 and
 * byte shuffle). Other ids (lzma, bz2, ...) are refused with an error naming the ones taken.
 */
public enum ZarrCompressor {
	NONE, ZLIB, GZIP, ZSTD, BLOSC;

	/** The name in Zarr metadata (v2 compressor id, v3 codec name). */
	public String id() { return name().toLowerCase(java.util.Locale.ROOT); }

	/** The compressor of a v2 compressor id or v3 codec name. */
	public static ZarrCompressor of(final String id) {
		for (final ZarrCompressor c : values())
			if (c.id().equals(id)) return c;
		throw new IllegalArgumentException("Unsupported Zarr compressor '" + id + "' (supported: none, zlib, gzip, zstd, blosc): rewrite the array with "
			+ "compressor=numcodecs.Blosc(), Zlib() or Zstd()");
	}

	/**
	 * Decompresses one chunk's bytes. {@code expectedBytes} is the chunk's size: zstd frames that do not
	 * state their size are decoded to it, and a Blosc frame whose header states another size is refused
	 * (IOException) before anything is allocated.
	 */
	public byte[] decompress(final byte[] in, final int expectedBytes) throws IOException {
		switch (this) {
			case NONE: return in;
			case BLOSC: return BloscFrames.decompress(in, expectedBytes);
			case ZSTD: {
				final long n = Zstd.getFrameContentSize(in);
				return Zstd.decompress(in, n > 0 ? (int) n : expectedBytes);
			}
			default:
				try (InputStream s = this == GZIP ? new GZIPInputStream(new ByteArrayInputStream(in)) : new InflaterInputStream(new ByteArrayInputStream(in))) {
					return s.readAllBytes();
				}
		}
	}

	/**
	 * Compresses one chunk's bytes, elements of {@code typesize} bytes, at a fast level (1; zstd 3;
	 * Blosc: lz4 with byte shuffle).
	 */
	public byte[] compress(final byte[] in, final int typesize) throws IOException {
		switch (this) {
			case NONE: return in;
			case BLOSC: return BloscFrames.compress(in, typesize);
			case ZSTD: return Zstd.compress(in, 3);
			case GZIP: {
				final ByteArrayOutputStream b = new ByteArrayOutputStream(in.length / 2 + 64);
				try (GZIPOutputStream z = new GZIPOutputStream(b) { { def.setLevel(1); } }) {
					z.write(in);
				}
				return b.toByteArray();
			}
			default: {
				final ByteArrayOutputStream b = new ByteArrayOutputStream(in.length / 2 + 64);
				final Deflater deflater = new Deflater(1);
				try (DeflaterOutputStream z = new DeflaterOutputStream(b, deflater)) {
					z.write(in);
				}
				finally {
					deflater.end();
				}
				return b.toByteArray();
			}
		}
	}
}
