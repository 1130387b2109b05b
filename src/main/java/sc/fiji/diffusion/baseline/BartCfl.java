/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.baseline;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * BART's array files: {@code name.hdr} (text: a comment line {@code # Dimensions} and the sizes of up to
 * 16 dimensions, space separated) and {@code name.cfl} (complex float32, little endian, interleaved real
 * and imaginary, <b>column-major</b>: dimension 0 varies fastest).
 * <p>
 * A row-major {@code height x width} image of this project (column index fastest) is therefore the BART
 * array of dims {@code [width, height]}: BART's dimension 0 (READ_DIM, x) is our column, dimension 1
 * (PHS1_DIM, y) our row, with no transposition of the data.
 */
public final class BartCfl {

	/** A complex array with its BART dimensions. */
	public static final class Array {
		public final long[] dims;
		/** Real and imaginary parts, in BART's order (dimension 0 fastest). */
		public final float[] re, im;

		public Array(final long[] dims, final float[] re, final float[] im) {
			long n = 1;
			for (final long d : dims) n *= d;
			if (re.length != n || im.length != n) throw new IllegalArgumentException("dims hold " + n + " values, got " + re.length + " and " + im.length);
			this.dims = dims.clone();
			this.re = re;
			this.im = im;
		}
	}

	private BartCfl() {}

	/** Writes {@code base.hdr} and {@code base.cfl}. */
	public static void write(final Path base, final Array a) throws IOException {
		try (BufferedWriter w = Files.newBufferedWriter(sibling(base, ".hdr"), StandardCharsets.US_ASCII)) {
			w.write("# Dimensions\n");
			final StringBuilder b = new StringBuilder();
			for (int i = 0; i < 16; i++) b.append(i < a.dims.length ? a.dims[i] : 1).append(i < 15 ? " " : "\n");
			w.write(b.toString());
		}
		final ByteBuffer buf = ByteBuffer.allocate(8 * a.re.length).order(ByteOrder.LITTLE_ENDIAN);
		for (int k = 0; k < a.re.length; k++) buf.putFloat(a.re[k]).putFloat(a.im[k]);
		Files.write(sibling(base, ".cfl"), buf.array());
	}

	/** Reads {@code base.hdr} and {@code base.cfl}; trailing dimensions of size 1 are dropped. */
	public static Array read(final Path base) throws IOException {
		final List<String> lines = Files.readAllLines(sibling(base, ".hdr"), StandardCharsets.US_ASCII);
		String dimLine = null;
		for (int i = 0; i < lines.size(); i++)
			if (lines.get(i).trim().equals("# Dimensions") && i + 1 < lines.size()) dimLine = lines.get(i + 1).trim();
		if (dimLine == null) throw new IOException(sibling(base, ".hdr") + " has no '# Dimensions' line");
		final List<Long> dims = new ArrayList<>();
		for (final String t : dimLine.split("\\s+")) dims.add(Long.parseLong(t));
		while (dims.size() > 1 && dims.get(dims.size() - 1) == 1) dims.remove(dims.size() - 1);
		long n = 1;
		for (final long d : dims) n *= d;
		final byte[] bytes = Files.readAllBytes(sibling(base, ".cfl"));
		if (bytes.length != 8 * n) throw new IOException(sibling(base, ".cfl") + " has " + bytes.length + " bytes, dims " + dims + " need " + 8 * n);
		final ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		final float[] re = new float[(int) n], im = new float[(int) n];
		for (int k = 0; k < n; k++) {
			re[k] = buf.getFloat();
			im[k] = buf.getFloat();
		}
		final long[] d = new long[dims.size()];
		for (int i = 0; i < d.length; i++) d[i] = dims.get(i);
		return new Array(d, re, im);
	}

	private static Path sibling(final Path base, final String ext) {
		return base.resolveSibling(base.getFileName() + ext);
	}
}
