/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import ij.io.FileInfo;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The compressed pixel data of a TIFF, decoded strip by strip before ImageJ reads it. ImageJ's
 * {@code ImageReader} logs a strip that does not decode (deflate's "invalid block type", an LZW or
 * PackBits stream cut short) and leaves its pixels zero, so a corrupt file would be restored as a
 * blank image without a word. Here every strip of a page must decode, and the page's strips together to
 * at least the bytes its pixels need, counted as ImageJ's reader counts them. Decoded as ImageJ does:
 * deflate (ImageJ's {@link FileInfo#ZIP}, TIFF compression 8 and 32946), LZW (TIFF 6.0: codes of 9 to 12
 * bits, most significant bit first, widened when the table reaches 511, 1023 and 2047 entries) and
 * PackBits, with or without the horizontal predictor (which keeps the length). Other compressions
 * (JPEG in TIFF) are left to ImageJ. Data that decode to the right length but wrong values cannot be told
 * (every byte sequence is valid PackBits, so damaged PackBits data are found only when they decode short).
 * Also refused: the floating-point predictor (3), which ImageJ's decoder only logs as unsupported, and the
 * horizontal predictor (2) on 32-bit floating-point pixels, which ImageJ undoes by adding floating-point
 * values rather than their bit patterns.
 */
final class TiffStrips {

	private TiffStrips() {}

	/**
	 * Checks the compressed strips of every page.
	 *
	 * @param pageBytes the bytes of one page's pixels, or 0 where unknown (the page is not checked)
	 * @throws IOException naming the file, the page, the strip and what is wrong
	 */
	static void check(final Path file, final FileInfo[] pages, final java.util.function.ToLongFunction<FileInfo> pageBytes) throws IOException {
		try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
			if (floatingPointPredictor(in))
				throw new IOException("TIFF file " + file + " is compressed with the floating-point predictor (3), which ImageJ cannot decode (it would read "
					+ "scrambled values): save it without a predictor or with the horizontal one (2) for integer pixels");
			for (int p = 0; p < pages.length; p++) {
				final FileInfo fi = pages[p];
				if (fi.fileType == FileInfo.GRAY32_FLOAT && (fi.compression == FileInfo.LZW_WITH_DIFFERENCING || fi.compression == FileInfo.ZIP_WITH_DIFFERENCING))
					throw new IOException("TIFF file " + file + " holds 32-bit floating-point pixels compressed with the horizontal predictor (2), which ImageJ "
						+ "decodes as differences of floating-point values instead of their bit patterns (it would read scrambled values, mostly NaN): "
						+ "save it without a predictor");
				if (!decodable(fi.compression) || fi.stripOffsets == null || fi.stripLengths == null || Math.max(1, fi.nImages) > 1) continue;
				final long needed = pageBytes.applyAsLong(fi);
				if (needed <= 0) continue;
				final int strips = Math.min(fi.stripOffsets.length, fi.stripLengths.length);
				long decoded = 0;
				for (int k = 0; k < strips && decoded < needed; k++) {
					final byte[] strip = new byte[Math.max(0, fi.stripLengths[k])];
					in.seek(fi.stripOffsets[k] & 0xffffffffL);
					in.readFully(strip);
					try {
						decoded += decodedLength(fi.compression, strip, needed - decoded);
					}
					catch (final IOException e) {
						throw corrupt(file, p, pages.length, k, strips, e.getMessage());
					}
				}
				if (decoded < needed)
					throw corrupt(file, p, pages.length, strips - 1, strips, String.format(Locale.ROOT, "its strips decode to %d of the %d bytes of its %dx%d pixels",
						decoded, needed, fi.width, fi.height));
			}
		}
	}

	/** TIFF tag Predictor. */
	private static final int PREDICTOR = 317;

	/**
	 * Whether an image file directory of the (classic) TIFF in {@code in} has the floating-point predictor
	 * (3), which ImageJ's {@code TiffDecoder} only logs as unsupported.
	 */
	private static boolean floatingPointPredictor(final RandomAccessFile in) throws IOException {
		if (in.length() < 8) return false;
		in.seek(0);
		final boolean intel = in.read() == 'I';
		in.seek(4);
		long ifd = unsigned(in, 4, intel);
		final java.util.Set<Long> seen = new java.util.HashSet<>();
		while (ifd > 0 && ifd + 2 <= in.length() && seen.add(ifd) && seen.size() <= 1_000_000) {
			in.seek(ifd);
			final int entries = (int) unsigned(in, 2, intel);
			if (ifd + 2 + 12L * entries + 4 > in.length()) return false; // ImageJ's decoder reports a broken directory
			for (int e = 0; e < entries; e++) {
				in.seek(ifd + 2 + 12L * e);
				final int tag = (int) unsigned(in, 2, intel), type = (int) unsigned(in, 2, intel);
				in.skipBytes(4);
				if (tag == PREDICTOR && (type == 3 ? unsigned(in, 2, intel) : unsigned(in, 4, intel)) == 3) return true;
			}
			in.seek(ifd + 2 + 12L * entries);
			ifd = unsigned(in, 4, intel);
		}
		return false;
	}

	private static long unsigned(final RandomAccessFile in, final int bytes, final boolean intel) throws IOException {
		long v = 0;
		for (int k = 0; k < bytes; k++) {
			final long b = in.read();
			if (b < 0) throw new java.io.EOFException();
			v = intel ? v | (b << (8 * k)) : (v << 8) | b;
		}
		return v;
	}

	private static boolean decodable(final int compression) {
		return compression == FileInfo.ZIP || compression == FileInfo.ZIP_WITH_DIFFERENCING || compression == FileInfo.LZW
			|| compression == FileInfo.LZW_WITH_DIFFERENCING || compression == FileInfo.PACK_BITS;
	}

	private static IOException corrupt(final Path file, final int page, final int pages, final int strip, final int strips, final String what) {
		return new IOException(String.format(Locale.ROOT, "Corrupt TIFF file %s: the compressed pixels of page %d of %d do not decode (strip %d of %d: %s); "
			+ "ImageJ would read the missing pixels as zeros", file, page + 1, pages, strip + 1, strips, what));
	}

	/**
	 * The number of bytes {@code strip} decodes to, decoding at most {@code limit}.
	 *
	 * @throws IOException if the data are not valid for the compression
	 */
	static long decodedLength(final int compression, final byte[] strip, final long limit) throws IOException {
		switch (compression) {
			case FileInfo.ZIP: case FileInfo.ZIP_WITH_DIFFERENCING: return inflatedLength(strip, limit);
			case FileInfo.LZW: case FileInfo.LZW_WITH_DIFFERENCING: return lzwLength(strip, limit);
			case FileInfo.PACK_BITS: return packBitsLength(strip, limit);
			default: throw new IllegalArgumentException("Compression " + compression + " is not decoded here");
		}
	}

	private static long inflatedLength(final byte[] strip, final long limit) throws IOException {
		final Inflater inflater = new Inflater();
		try {
			inflater.setInput(strip);
			final byte[] buffer = new byte[1 << 16];
			long n = 0;
			while (!inflater.finished() && n < limit) {
				final int r = inflater.inflate(buffer);
				if (r == 0 && (inflater.needsInput() || inflater.needsDictionary())) throw new IOException("the deflate stream ends early");
				n += r;
			}
			return n;
		}
		catch (final DataFormatException e) {
			throw new IOException("invalid deflate data: " + e.getMessage(), e);
		}
		finally {
			inflater.end();
		}
	}

	private static final int CLEAR = 256, END = 257;

	private static long lzwLength(final byte[] strip, final long limit) throws IOException {
		final int[] length = new int[4096];
		for (int c = 0; c < 256; c++) length[c] = 1;
		int next = 258, bits = 9, old = -1;
		long n = 0, bitPos = 0;
		final long totalBits = 8L * strip.length;
		while (n < limit) {
			if (bitPos + bits > totalBits) {
				if (n == 0 || old < 0) throw new IOException("the LZW stream ends before its first code");
				return n; // no end code: ImageJ stops at the end of the data too
			}
			int code = 0;
			for (int b = 0; b < bits; b++, bitPos++)
				code = (code << 1) | ((strip[(int) (bitPos >>> 3)] >>> (7 - (int) (bitPos & 7))) & 1);
			if (code == END) return n;
			if (code == CLEAR) {
				next = 258;
				bits = 9;
				old = -1;
				continue;
			}
			if (old < 0) {
				if (code > 255) throw new IOException(String.format(Locale.ROOT, "LZW code %d after a clear code, where a literal (0-255) must come", code));
				n += 1;
				old = code;
				continue;
			}
			if (code > next)
				throw new IOException(String.format(Locale.ROOT, "LZW code %d where only codes up to %d are defined", code, next));
			final int out = code < next ? length[code] : length[old] + 1;
			n += out;
			if (next < length.length) length[next++] = length[old] + 1;
			old = code;
			if (next == 511) bits = 10;
			else if (next == 1023) bits = 11;
			else if (next == 2047) bits = 12;
		}
		return n;
	}

	private static long packBitsLength(final byte[] strip, final long limit) throws IOException {
		long n = 0;
		int i = 0;
		while (n < limit && i < strip.length) {
			final byte h = strip[i++];
			if (h >= 0) {
				if (i + h + 1 > strip.length) throw new IOException("a PackBits literal run of " + (h + 1) + " bytes goes past the end of the strip");
				n += h + 1;
				i += h + 1;
			}
			else if (h != -128) {
				if (i >= strip.length) throw new IOException("a PackBits repeat run has no byte to repeat");
				n += 1 - h;
				i++;
			}
		}
		return n;
	}
}
