/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * BART's array files: {@code name.hdr} (text: a comment line {@code # Dimensions} and the sizes of up to
 * 16 dimensions, space separated) and {@code name.cfl} (complex float32, little endian, interleaved real
 * and imaginary, <b>column-major</b>: dimension 0 varies fastest).
 * <p>
 * A row-major {@code height x width} image of this project (column index fastest) is therefore the BART
 * array of dims {@code [width, height]}: BART's dimension 0 (READ_DIM, x) is our column, dimension 1
 * (PHS1_DIM, y) our row, with no transposition of the data. Multi-coil k-space is
 * {@code [readout, phase encode, partition, coil, ...]} (BART's dims 0 to 3; dim 13 holds slices).
 * <p>
 * Either file name may be given with or without its extension. Writing is atomic per file (a
 * temporary sibling renamed into place); reading checks the header and the data size before allocating.
 */
public final class BartCfl {

	/** BART's maximum number of dimensions. */
	public static final int MAX_DIMS = 16;

	/** A complex array with its BART dimensions. */
	public static final class Array {
		public final long[] dims;
		/** Real and imaginary parts, in BART's order (dimension 0 fastest). */
		public final float[] re, im;

		public Array(final long[] dims, final float[] re, final float[] im) {
			final long n = count(dims);
			if (re.length != n || im.length != n) throw new IllegalArgumentException("dims hold " + n + " values, got " + re.length + " and " + im.length);
			this.dims = dims.clone();
			this.re = re;
			this.im = im;
		}

		/** The size of dimension d (1 beyond the stored ones). */
		public long dim(final int d) { return d < dims.length ? dims[d] : 1; }
	}

	private BartCfl() {}

	private static long count(final long[] dims) {
		if (dims.length < 1 || dims.length > MAX_DIMS) throw new IllegalArgumentException("A BART array has 1 to 16 dimensions, got " + dims.length);
		long n = 1;
		for (final long d : dims) {
			if (d < 1) throw new IllegalArgumentException("BART dimensions must be >= 1, got " + d);
			n = Math.multiplyExact(n, d);
		}
		if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("A BART array of " + n + " values is too large for one Java array");
		return n;
	}

	/** {@code a.cfl}, {@code a.hdr} or {@code a}: the base path {@code a}. */
	public static Path base(final Path file) {
		final String name = file.getFileName().toString();
		if (name.endsWith(".cfl") || name.endsWith(".hdr")) return file.resolveSibling(name.substring(0, name.length() - 4));
		return file;
	}

	/** Writes {@code base.hdr} and {@code base.cfl}, each atomically. */
	public static void write(final Path file, final Array a) throws IOException {
		final Path base = base(file);
		final StringBuilder b = new StringBuilder("# Dimensions\n");
		for (int i = 0; i < MAX_DIMS; i++) b.append(i < a.dims.length ? a.dims[i] : 1).append(i < MAX_DIMS - 1 ? " " : "\n");
		final ByteBuffer buf = ByteBuffer.allocate(8 * a.re.length).order(ByteOrder.LITTLE_ENDIAN);
		for (int k = 0; k < a.re.length; k++) buf.putFloat(a.re[k]).putFloat(a.im[k]);
		AtomicFiles.write(sibling(base, ".cfl"), buf.array());
		AtomicFiles.write(sibling(base, ".hdr"), b.toString().getBytes(StandardCharsets.US_ASCII));
	}


	/** Reads {@code base.hdr} and {@code base.cfl}; trailing dimensions of size 1 are dropped. */
	public static Array read(final Path file) throws IOException {
		final Path base = base(file), hdr = sibling(base, ".hdr"), cfl = sibling(base, ".cfl");
		if (!Files.isRegularFile(hdr)) throw new IOException("No BART header " + hdr + " (a .cfl file needs its .hdr next to it)");
		final List<String> lines = Files.readAllLines(hdr, StandardCharsets.US_ASCII);
		String dimLine = null;
		for (int i = 0; i < lines.size(); i++)
			if (lines.get(i).trim().equals("# Dimensions") && i + 1 < lines.size()) dimLine = lines.get(i + 1).trim();
		if (dimLine == null) throw new IOException(hdr + " has no '# Dimensions' line");
		final List<Long> dims = new ArrayList<>();
		for (final String t : dimLine.split("\\s+")) {
			try {
				dims.add(Long.parseLong(t));
			}
			catch (final NumberFormatException e) {
				throw new IOException(hdr + ": dimension '" + t + "' is not a whole number");
			}
		}
		while (dims.size() > 1 && dims.get(dims.size() - 1) == 1) dims.remove(dims.size() - 1);
		final long[] d = new long[dims.size()];
		for (int i = 0; i < d.length; i++) d[i] = dims.get(i);
		final long n;
		try {
			n = count(d);
		}
		catch (final IllegalArgumentException | ArithmeticException e) {
			throw new IOException(hdr + ": " + e.getMessage());
		}
		if (!Files.isRegularFile(cfl)) throw new IOException("No BART data file " + cfl);
		final long size = Files.size(cfl);
		if (size != 8 * n) throw new IOException(cfl + " has " + size + " bytes, its header's dims " + dims + " need " + 8 * n);
		final float[] re = new float[(int) n], im = new float[(int) n];
		try (FileChannel ch = FileChannel.open(cfl, StandardOpenOption.READ)) {
			final ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
			int k = 0;
			while (k < n) {
				buf.clear();
				buf.limit((int) Math.min(buf.capacity(), 8 * (n - k)));
				while (buf.hasRemaining())
					if (ch.read(buf) < 0) throw new IOException(cfl + " ended early");
				buf.flip();
				while (buf.remaining() >= 8) {
					re[k] = buf.getFloat();
					im[k++] = buf.getFloat();
				}
			}
		}
		return new Array(d, re, im);
	}

	private static Path sibling(final Path base, final String ext) {
		return base.resolveSibling(base.getFileName() + ext);
	}
}
