/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.zarr;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import com.github.luben.zstd.Zstd;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import org.xerial.snappy.Snappy;

/**
 * Blosc 1 frames (what Python's numcodecs {@code Blosc}, the default compressor of Python zarr 2, and
 * the Zarr v3 {@code blosc} codec write), without native Blosc: decoded with every codec (blosclz in
 * Java here, lz4 and lz4hc with lz4-java, zlib with java.util.zip, zstd with zstd-jni, snappy with
 * snappy-java, which Spark ships), encoded with lz4 and byte shuffle.
 * <p>
 * A frame (c-blosc's {@code blosc/blosc.c}) is a 16-byte header: format version (2; 1 to 4 are taken),
 * codec format version, flags (0x1 byte shuffle, 0x2 stored raw ("memcpyed"), 0x4 bit shuffle, 0x10
 * blocks not split, bits 5-7 the codec: 0 blosclz, 1 lz4/lz4hc, 2 snappy, 3 zlib, 4 zstd), the type
 * size, then little-endian int32s: uncompressed size, block size, frame size. A raw frame follows with
 * the bytes; any other with one int32 start offset per block (blocks of the block size, the last one
 * shorter) and the blocks. A block that is not the last, with the split flag clear, a type size of at
 * most 16 and at least 128 elements, is cut into type-size streams of equal length; else it is one
 * stream. Each stream is its compressed length (int32) and its bytes, which are the stream's bytes
 * unchanged where that length equals the stream's uncompressed length. The decoded block is then
 * un-shuffled: byte shuffle stores byte j of every element together (trailing bytes of an incomplete
 * element unchanged); bit shuffle stores bit b of byte j of every element together (LSB first), where
 * the block's element count is a multiple of 8 (else the block is stored unshuffled).
 * Blosc 2's extended headers (flags 0x1 and 0x4 both set) are refused.
 */
public final class BloscFrames {

	/** Flag bits of the header's third byte. */
	static final int BYTE_SHUFFLE = 0x1, MEMCPYED = 0x2, BIT_SHUFFLE = 0x4, DONT_SPLIT = 0x10;
	/** The codec names in Blosc's order of codec formats (flags bits 5-7); lz4hc shares lz4's. */
	static final String[] CODECS = { "blosclz", "lz4", "snappy", "zlib", "zstd" };

	private static final int HEADER = 16, MAX_SPLITS = 16, MIN_BUFFER = 128;
	/** The block size written: 256 KiB, a multiple of every type size up to 16 bytes. */
	private static final int WRITE_BLOCK = 1 << 18;

	private BloscFrames() {}

	/**
	 * The bytes a Blosc frame holds, of any size its header states (within the frame's own consistency
	 * checks); where the size is known, use {@link #decompress(byte[], int)}, which refuses a frame
	 * claiming another size before allocating anything.
	 *
	 * @throws IOException where the frame is malformed, comes from a future format, uses a Blosc 2
	 *         extended header, or a stream does not decode to its length
	 */
	public static byte[] decompress(final byte[] src) throws IOException {
		return decompress(src, -1);
	}

	/**
	 * The {@code expectedBytes} bytes a Blosc frame holds (a chunk's size; -1: any). The header is checked
	 * before any allocation: its uncompressed size must equal {@code expectedBytes}, its frame size the
	 * length of {@code src}, and (unless the frame is raw) its block size must be positive and at most
	 * the uncompressed size (c-blosc never writes larger blocks), so that a corrupt or forged header
	 * cannot make the reader allocate more than the chunk.
	 *
	 * @throws IOException where the header's sizes disagree with {@code expectedBytes} or {@code src},
	 *         the frame is malformed, comes from a future format, uses a Blosc 2 extended header, or a
	 *         stream does not decode to its length
	 */
	public static byte[] decompress(final byte[] src, final int expectedBytes) throws IOException {
		if (src.length < HEADER) throw new IOException("Blosc: a frame of " + src.length + " bytes is shorter than its 16-byte header");
		final int version = src[0] & 0xff, flags = src[2] & 0xff, typesize = src[3] & 0xff;
		final int nbytes = int32(src, 4), blocksize = int32(src, 8), cbytes = int32(src, 12);
		if (version < 1 || version > 4) throw new IOException("Blosc: frame format version " + version + " is not read (1 to 4 are)");
		if ((flags & 0x08) != 0) throw new IOException("Blosc: flags 0x" + Integer.toHexString(flags) + " from a future format");
		if ((flags & (BYTE_SHUFFLE | BIT_SHUFFLE)) == (BYTE_SHUFFLE | BIT_SHUFFLE))
			throw new IOException("Blosc: a Blosc 2 extended header (flags 0x" + Integer.toHexString(flags) + ") is not read; write the array with Blosc 1 (numcodecs)");
		if (nbytes < 0 || cbytes < HEADER || cbytes > src.length) throw new IOException("Blosc: sizes " + nbytes + " / " + cbytes + " do not fit a frame of " + src.length + " bytes");
		if (expectedBytes >= 0 && nbytes != expectedBytes)
			throw new IOException("Blosc: the frame's header states " + nbytes + " uncompressed bytes, but the chunk holds " + expectedBytes + " (corrupt chunk, or one of another array)");
		if (expectedBytes >= 0 && cbytes != src.length)
			throw new IOException("Blosc: the frame's header states a frame of " + cbytes + " bytes, but the chunk file has " + src.length + " (truncated or corrupt chunk)");
		if ((flags & MEMCPYED) != 0) {
			if (cbytes != nbytes + HEADER) throw new IOException("Blosc: a raw frame of " + cbytes + " bytes for " + nbytes + " bytes");
			final byte[] out = new byte[nbytes];
			System.arraycopy(src, HEADER, out, 0, nbytes);
			return out;
		}
		if (nbytes == 0) return new byte[0];
		if (blocksize <= 0 || blocksize > nbytes || typesize == 0)
			throw new IOException("Blosc: block size " + blocksize + " (must be 1.." + nbytes + "), type size " + typesize);
		final byte[] out = new byte[nbytes];
		final int codec = flags >>> 5;
		if (codec >= CODECS.length) throw new IOException("Blosc: unknown codec format " + codec);
		final int nblocks = nbytes / blocksize + (nbytes % blocksize > 0 ? 1 : 0);
		if (nblocks > (cbytes - HEADER) / 4) throw new IOException("Blosc: " + nblocks + " block offsets do not fit a frame of " + cbytes + " bytes");
		final byte[] tmp = new byte[Math.min(blocksize, nbytes)];
		try (Streams streams = new Streams(codec)) {
			for (int j = 0; j < nblocks; j++)
				block(src, j, nblocks, flags, typesize, nbytes, blocksize, cbytes, streams, tmp, out);
		}
		return out;
	}

	/** Decodes block {@code j} of a frame into {@code out}. */
	private static void block(final byte[] src, final int j, final int nblocks, final int flags, final int typesize, final int nbytes, final int blocksize, final int cbytes,
		final Streams streams, final byte[] tmp, final byte[] out) throws IOException
	{
		final boolean leftover = j == nblocks - 1 && nbytes % blocksize > 0;
		final int bsize = leftover ? nbytes % blocksize : blocksize, dst = j * blocksize;
		final boolean byteShuffle = (flags & BYTE_SHUFFLE) != 0 && typesize > 1, bitShuffle = (flags & BIT_SHUFFLE) != 0 && bsize >= typesize;
		final byte[] target = byteShuffle || bitShuffle ? tmp : out;
		final int base = target == tmp ? 0 : dst;
		final int nsplits = (flags & DONT_SPLIT) == 0 && typesize <= MAX_SPLITS && bsize / typesize >= MIN_BUFFER && !leftover ? typesize : 1;
		final int neblock = bsize / nsplits;
		if (neblock * nsplits != bsize) throw new IOException("Blosc: block " + j + " of " + bsize + " bytes does not split into " + nsplits + " streams");
		int off = int32(src, HEADER + 4 * j);
		for (int s = 0; s < nsplits; s++) {
			if (off < HEADER || off > cbytes - 4) throw new IOException("Blosc: block " + j + " starts at " + off + ", outside the frame");
			final int cs = int32(src, off);
			off += 4;
			if (cs < 0 || cs > cbytes - off) throw new IOException("Blosc: a stream of " + cs + " bytes at " + off + " runs past the frame");
			if (cs == neblock) System.arraycopy(src, off, target, base + s * neblock, neblock);
			else {
				final int n = streams.decode(src, off, cs, target, base + s * neblock, neblock);
				if (n != neblock) throw new IOException("Blosc: a " + CODECS[streams.codec] + " stream of block " + j + " decoded to " + n + " bytes, not " + neblock);
			}
			off += cs;
		}
		if (byteShuffle) unshuffle(typesize, bsize, tmp, out, dst);
		else if (bitShuffle) bitUnshuffle(typesize, bsize, tmp, out, dst);
	}

	/** Decodes the streams of one codec. */
	private static final class Streams implements AutoCloseable {
		private final int codec;
		private LZ4SafeDecompressor lz4;
		private Inflater inflater;

		Streams(final int codec) { this.codec = codec; }

		@Override
		public void close() {
			if (inflater != null) inflater.end();
		}

		int decode(final byte[] in, final int off, final int len, final byte[] out, final int outOff, final int max) throws IOException {
			switch (codec) {
				case 0: return BloscLzDecoder.decode(in, off, len, out, outOff, max);
				case 1:
					if (lz4 == null) lz4 = LZ4Factory.fastestInstance().safeDecompressor();
					try {
						return lz4.decompress(in, off, len, out, outOff, max);
					}
					catch (final LZ4Exception e) {
						throw new IOException("Blosc: malformed lz4 stream", e);
					}
				case 2: {
					final int n = Snappy.uncompressedLength(in, off, len);
					if (n > max) throw new IOException("Blosc: a snappy stream of " + n + " bytes in a stream of " + max);
					return Snappy.uncompress(in, off, len, out, outOff);
				}
				case 3: {
					if (inflater == null) inflater = new Inflater();
					inflater.reset();
					inflater.setInput(in, off, len);
					try {
						int n = 0;
						while (n < max && !inflater.finished()) {
							final int k = inflater.inflate(out, outOff + n, max - n);
							if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
							n += k;
						}
						if (!inflater.finished()) throw new IOException("Blosc: a zlib stream does not end within " + max + " bytes");
						return n;
					}
					catch (final DataFormatException e) {
						throw new IOException("Blosc: malformed zlib stream", e);
					}
				}
				default: {
					final long n = Zstd.decompressByteArray(out, outOff, max, in, off, len);
					if (Zstd.isError(n)) throw new IOException("Blosc: malformed zstd stream: " + Zstd.getErrorName(n));
					return (int) n;
				}
			}
		}
	}

	/** Undoes the byte shuffle of one block of {@code bsize} bytes: {@code in} from 0 to {@code out} from {@code dst}. */
	static void unshuffle(final int typesize, final int bsize, final byte[] in, final byte[] out, final int dst) {
		final int n = bsize / typesize;
		for (int j = 0; j < typesize; j++) {
			final int row = j * n;
			for (int i = 0, o = dst + j; i < n; i++, o += typesize) out[o] = in[row + i];
		}
		System.arraycopy(in, n * typesize, out, dst + n * typesize, bsize - n * typesize);
	}

	/** Undoes the bit shuffle of one block of {@code bsize} bytes: {@code in} from 0 to {@code out} (zero there) from {@code dst}. */
	static void bitUnshuffle(final int typesize, final int bsize, final byte[] in, final byte[] out, final int dst) {
		final int n = bsize / typesize;
		if (n % 8 != 0) {
			System.arraycopy(in, 0, out, dst, bsize);
			return;
		}
		for (int j = 0; j < typesize; j++)
			for (int b = 0; b < 8; b++) {
				final int row = (j * 8 + b) * (n / 8);
				for (int i = 0, o = dst + j; i < n; i++, o += typesize)
					if ((in[row + (i >>> 3)] >>> (i & 7) & 1) != 0) out[o] |= (byte) (1 << b);
			}
		System.arraycopy(in, n * typesize, out, dst + n * typesize, bsize - n * typesize);
	}

	/**
	 * A Blosc 1 frame of {@code in}: lz4 (lz4-java), byte shuffle of {@code typesize}-byte elements,
	 * blocks of 256 KiB (the last one shorter), one stream per block (split flag set), a stream stored
	 * raw where lz4 does not shrink it; a raw ("memcpyed") frame where the input is under 128 bytes or
	 * the compressed frame would be larger. Python's numcodecs and every c-blosc 1.x read it.
	 */
	public static byte[] compress(final byte[] in, final int typesize) {
		if (typesize < 1 || typesize > 255) throw new IllegalArgumentException("Blosc type size " + typesize + " outside 1..255");
		final int nbytes = in.length, blocksize = Math.max(1, Math.min(nbytes, WRITE_BLOCK));
		final int nblocks = nbytes / blocksize + (nbytes % blocksize > 0 ? 1 : 0);
		final int shuffle = typesize > 1 ? BYTE_SHUFFLE : 0;
		if (nbytes >= MIN_BUFFER) {
			final LZ4Compressor lz4 = LZ4Factory.fastestInstance().fastCompressor();
			final byte[] out = new byte[HEADER + 4 * nblocks + nblocks * (4 + lz4.maxCompressedLength(blocksize))];
			final byte[] tmp = new byte[blocksize];
			int pos = HEADER + 4 * nblocks;
			for (int j = 0; j < nblocks; j++) {
				final int bsize = Math.min(blocksize, nbytes - j * blocksize);
				shuffle(typesize, bsize, in, j * blocksize, tmp);
				putInt32(out, HEADER + 4 * j, pos);
				int cs = lz4.compress(tmp, 0, bsize, out, pos + 4, out.length - pos - 4);
				if (cs >= bsize) {
					System.arraycopy(tmp, 0, out, pos + 4, bsize);
					cs = bsize;
				}
				putInt32(out, pos, cs);
				pos += 4 + cs;
			}
			if (pos <= nbytes + HEADER) {
				header(out, shuffle | DONT_SPLIT | 1 << 5, typesize, nbytes, blocksize, pos);
				return java.util.Arrays.copyOf(out, pos);
			}
		}
		final byte[] out = new byte[HEADER + nbytes];
		header(out, shuffle | DONT_SPLIT | MEMCPYED | 1 << 5, typesize, nbytes, blocksize, out.length);
		System.arraycopy(in, 0, out, HEADER, nbytes);
		return out;
	}

	private static void header(final byte[] out, final int flags, final int typesize, final int nbytes, final int blocksize, final int cbytes) {
		out[0] = 2;
		out[1] = 1;
		out[2] = (byte) flags;
		out[3] = (byte) typesize;
		putInt32(out, 4, nbytes);
		putInt32(out, 8, blocksize);
		putInt32(out, 12, cbytes);
	}

	/** Byte shuffle of the {@code bsize} bytes of {@code in} from {@code src} into {@code out} from 0. */
	static void shuffle(final int typesize, final int bsize, final byte[] in, final int src, final byte[] out) {
		final int n = bsize / typesize;
		for (int j = 0; j < typesize; j++) {
			final int row = j * n;
			for (int i = 0, s = src + j; i < n; i++, s += typesize) out[row + i] = in[s];
		}
		System.arraycopy(in, src + n * typesize, out, n * typesize, bsize - n * typesize);
	}

	static int int32(final byte[] b, final int off) {
		return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
	}

	private static void putInt32(final byte[] b, final int off, final int v) {
		b[off] = (byte) v;
		b[off + 1] = (byte) (v >>> 8);
		b[off + 2] = (byte) (v >>> 16);
		b[off + 3] = (byte) (v >>> 24);
	}
}
