/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.zarr;

import java.io.IOException;

/**
 * The decoder of BloscLZ, Blosc's own LZ77 codec (format version 1; a port of {@code blosclz_decompress}
 * in c-blosc's {@code blosc/blosclz.c}, the same in c-blosc 1.21 and 1.21.6+). A stream is a sequence
 * of tokens; the first control byte's low 5 bits, and every later control byte below 32, start a
 * literal run of {@code ctrl + 1} bytes; a control byte of 32 or more starts a match of length
 * {@code (ctrl >> 5) + 2} (length 7 + 2 continues with bytes added until one is not 255) at distance
 * {@code ((ctrl & 31) << 8) + next + 1}, or, where that low part is 31 and the next byte is 255, a
 * 16-bit big-endian far distance plus 8191 + 1. Matches copy forwards byte by byte (they may overlap
 * their own output, as runs do).
 */
final class BloscLzDecoder {

	private static final int MAX_DISTANCE = 8191;

	private BloscLzDecoder() {}

	/**
	 * Decodes {@code length} bytes of {@code in} from {@code inOff} into {@code out} from {@code outOff};
	 * returns the number of bytes written, at most {@code maxOut}.
	 *
	 * @throws IOException where the stream is malformed: it reads past its end, writes past
	 *         {@code maxOut} or refers to bytes before the output's start
	 */
	static int decode(final byte[] in, final int inOff, final int length, final byte[] out, final int outOff, final int maxOut) throws IOException {
		if (length == 0) return 0;
		int ip = inOff, op = outOff;
		final int ipLimit = inOff + length, opLimit = outOff + maxOut;
		int ctrl = in[ip++] & 31;
		while (true) {
			if (ctrl >= 32) {
				int len = (ctrl >>> 5) - 1;
				int ofs = (ctrl & 31) << 8;
				if (len == 6) {
					int code;
					do {
						if (ip + 1 >= ipLimit) throw malformed("match length past the stream's end");
						code = in[ip++] & 0xff;
						len += code;
					}
					while (code == 255);
				}
				else if (ip + 1 >= ipLimit) throw malformed("match past the stream's end");
				final int code = in[ip++] & 0xff;
				len += 3;
				// ref is the byte the copy starts from: op - distance
				int ref = op - ofs - code - 1;
				if (code == 255 && ofs == 31 << 8) {
					if (ip + 1 >= ipLimit) throw malformed("far distance past the stream's end");
					ofs = (in[ip++] & 0xff) << 8;
					ofs += in[ip++] & 0xff;
					ref = op - ofs - MAX_DISTANCE - 1;
				}
				if (op + len > opLimit) throw malformed("match past the block's end");
				if (ref < outOff) throw malformed("match before the block's start");
				// c-blosc reads the next control byte before copying and stops at the stream's end (a stream ends with literals)
				final boolean end = ip >= ipLimit;
				for (int i = 0; i < len; i++) out[op++] = out[ref++];
				if (end) break;
				ctrl = in[ip++] & 0xff;
			}
			else {
				final int run = ctrl + 1;
				if (op + run > opLimit) throw malformed("literals past the block's end");
				if (ip + run > ipLimit) throw malformed("literals past the stream's end");
				System.arraycopy(in, ip, out, op, run);
				op += run;
				ip += run;
				if (ip >= ipLimit) break;
				ctrl = in[ip++] & 0xff;
			}
		}
		return op - outOff;
	}

	private static IOException malformed(final String what) {
		return new IOException("Malformed BloscLZ stream: " + what);
	}
}
