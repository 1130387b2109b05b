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
 * Either file name may be given, or the base name without an extension. The two names differ only in
 * their extension, which keeps the case of the one given letter by letter: {@code a.cfl} and {@code a.hdr},
 * {@code A.CFL} and {@code A.HDR} ({@code a.Cfl} and {@code a.Hdr}); a base name without an extension
 * stands for BART's lower-case {@code .cfl} and {@code .hdr} ({@link #data}, {@link #header}).
 * <p>
 * Writing makes the pair as one: both files are written to temporary siblings, then moved into place one
 * after the other; a failure before the moves leaves neither file, and should the header's move fail, the
 * data file just moved is removed again (see {@link #write}). Reading checks the header and the data size
 * before allocating.
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

	/** Whether {@code file} is named like either file of a BART array: {@code .cfl} or {@code .hdr} in any case. */
	public static boolean isBartName(final Path file) {
		return extension(file) != null;
	}

	/** The data file of the array named {@code file} ({@code a.hdr} or {@code a}: {@code a.cfl}; {@code A.HDR}: {@code A.CFL}). */
	public static Path data(final Path file) {
		return sibling(file, "cfl");
	}

	/** The header of the array named {@code file} ({@code a.cfl} or {@code a}: {@code a.hdr}; {@code A.CFL}: {@code A.HDR}). */
	public static Path header(final Path file) {
		return sibling(file, "hdr");
	}

	/** The extension of a BART name as spelled ({@code "CFL"}, {@code "hdr"}, ...), or null. */
	private static String extension(final Path file) {
		final Path name = file.getFileName();
		if (name == null) return null;
		final String n = name.toString();
		if (n.length() < 5 || n.charAt(n.length() - 4) != '.') return null;
		final String ext = n.substring(n.length() - 3);
		return ext.equalsIgnoreCase("cfl") || ext.equalsIgnoreCase("hdr") ? ext : null;
	}

	/** {@code file} with the extension {@code ext} (lower case) in place of its own, spelled in the case of its own letter by letter. */
	private static Path sibling(final Path file, final String ext) {
		final String given = extension(file), n = file.getFileName().toString();
		if (given == null) return file.resolveSibling(n + "." + ext);
		final StringBuilder b = new StringBuilder(n.substring(0, n.length() - 3));
		for (int i = 0; i < 3; i++) b.append(Character.isUpperCase(given.charAt(i)) ? Character.toUpperCase(ext.charAt(i)) : ext.charAt(i));
		return file.resolveSibling(b.toString());
	}

	/**
	 * Writes the array named {@code file} as its {@link #data} and {@link #header} files, as a pair: both
	 * are written in full to temporary files beside them, then the data file and the header are moved into
	 * place, each in one step. If writing fails, neither name is touched and no temporary file is left; if
	 * the header cannot be moved into place, the data file just moved there is removed again (with it any
	 * earlier data file of that name, which it had replaced), so that no data file is left without its
	 * header. Only a kill between the two moves, a moment, can leave the new data file beside an older
	 * header or none.
	 *
	 * @throws IOException if either file cannot be written (then no data file of this array is left without its
	 *         header; an earlier header of that name, whose data file was replaced, may remain alone)
	 */
	public static void write(final Path file, final Array a) throws IOException {
		final Path cfl = data(file), hdr = header(file);
		final StringBuilder b = new StringBuilder("# Dimensions\n");
		for (int i = 0; i < MAX_DIMS; i++) b.append(i < a.dims.length ? a.dims[i] : 1).append(i < MAX_DIMS - 1 ? " " : "\n");
		final ByteBuffer buf = ByteBuffer.allocate(8 * a.re.length).order(ByteOrder.LITTLE_ENDIAN);
		for (int k = 0; k < a.re.length; k++) buf.putFloat(a.re[k]).putFloat(a.im[k]);
		final Path cflTmp = AtomicFiles.temporary(cfl), hdrTmp = AtomicFiles.temporary(hdr);
		try {
			Files.write(cflTmp, buf.array(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
			Files.write(hdrTmp, b.toString().getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
			AtomicFiles.commit(cflTmp, cfl);
			try {
				AtomicFiles.commit(hdrTmp, hdr);
			}
			catch (final IOException e) {
				try {
					Files.deleteIfExists(cfl);
				}
				catch (final IOException s) {
					e.addSuppressed(s);
				}
				throw e;
			}
		}
		finally {
			Files.deleteIfExists(cflTmp);
			Files.deleteIfExists(hdrTmp);
		}
	}


	/** Reads the array named {@code file} (its {@link #header} and {@link #data} files); trailing dimensions of size 1 are dropped. */
	public static Array read(final Path file) throws IOException {
		final Path hdr = header(file), cfl = data(file);
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
}
