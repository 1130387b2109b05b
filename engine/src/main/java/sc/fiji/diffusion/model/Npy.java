/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} (format 1.0) for little-endian float32 C-order arrays, so bundle weights open with
 * {@code numpy.load}. Reading accepts exactly that dtype and order and checks the data length.
 */
public final class Npy {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	private static final Pattern HEADER = Pattern.compile(
		"\\{\\s*'descr'\\s*:\\s*'([^']*)'\\s*,\\s*'fortran_order'\\s*:\\s*(True|False)\\s*,\\s*'shape'\\s*:\\s*\\(([0-9,\\s]*)\\)\\s*,?\\s*\\}\\s*");

	private Npy() {}

	public static byte[] write(final Weights.Tensor t) {
		final StringBuilder shape = new StringBuilder();
		for (final long d : t.shape) shape.append(d).append(", ");
		final String dims = t.shape.length == 1 ? t.shape[0] + "," : shape.length() == 0 ? "" : shape.substring(0, shape.length() - 2);
		String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
		final int unpadded = MAGIC.length + 2 + 2 + header.length() + 1;
		header = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
		final ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + 4 * t.values.length).order(ByteOrder.LITTLE_ENDIAN);
		buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
		buf.asFloatBuffer().put(t.values);
		return buf.array();
	}

	public static Weights.Tensor read(final byte[] bytes, final String name) throws ModelFormatException {
		if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC))
			throw new ModelFormatException(name + " is not a .npy array");
		final ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		final int major = bytes[6];
		final int headerLength, offset;
		if (major == 1) { headerLength = buf.getShort(8) & 0xffff; offset = 10; }
		else if (major == 2 || major == 3) { headerLength = buf.getInt(8); offset = 12; }
		else throw new ModelFormatException(name + ": unsupported .npy version " + major);
		if (headerLength < 0 || offset + headerLength > bytes.length) throw new ModelFormatException(name + ": truncated .npy header");
		final String header = new String(bytes, offset, headerLength, StandardCharsets.US_ASCII);
		final Matcher m = HEADER.matcher(header);
		if (!m.matches()) throw new ModelFormatException(name + ": unreadable .npy header " + header.trim());
		if (!"<f4".equals(m.group(1)) || !"False".equals(m.group(2)))
			throw new ModelFormatException(name + ": expected little-endian float32 in C order ('<f4'), found '" + m.group(1) + "', fortran_order=" + m.group(2));
		final long[] shape;
		long count = 1;
		try {
			shape = Arrays.stream(m.group(3).split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
			for (final long d : shape) count = Math.multiplyExact(count, d);
			Math.multiplyExact(count, 4L);
		} catch (final ArithmeticException | NumberFormatException e) {
			throw new ModelFormatException(name + ": absurd .npy shape (" + m.group(3).trim() + ")");
		}
		final int data = offset + headerLength;
		if ((long) bytes.length - data != 4 * count)
			throw new ModelFormatException(name + ": holds " + (bytes.length - data) + " data bytes, shape " + Arrays.toString(shape) + " needs " + 4 * count + " (truncated?)");
		final float[] values = new float[(int) count];
		buf.position(data);
		buf.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
		return new Weights.Tensor(shape, values);
	}
}
