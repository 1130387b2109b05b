/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import sc.fiji.diffusion.io.AtomicFiles;

/**
 * One {@link CalibrationBenchmark} case's run, stored so that an interrupted benchmark resumes and its tables can
 * be rebuilt (or other maps studied) without sampling again. Big-endian ({@link DataOutputStream}): the magic
 * {@code CAL1}, width and height (int), PSNR and seconds of the default and of the run with the map (4 doubles),
 * the sample count (int), then width x height floats each of the result with the map, its raw posterior std, the
 * clean image and the measured image (zeros for MRI). Written atomically; a file of another case size or magic
 * is ignored (the case runs again).
 */
final class CalibrationCache {

	private static final int MAGIC = 0x43414c31;

	private CalibrationCache() {}

	/**
	 * The file of a case: half, degradation, case name, the options that change the samples, and how the map is
	 * averaged ({@link sc.fiji.diffusion.task.PosteriorSpread#SMOOTHING_RADIUS}: maps cached before the average
	 * are not read as today's).
	 */
	static String fileName(final String half, final BenchCase c, final int samples, final long seed) {
		final String name = String.format(Locale.ROOT, "%s-%s-%s-k%d-s%d-box%d.cal", half, c.kind.name().toLowerCase(Locale.ROOT), c.name, samples, seed,
			sc.fiji.diffusion.task.PosteriorSpread.SMOOTHING_RADIUS);
		return name.replaceAll("[^A-Za-z0-9._-]+", "_");
	}

	/** Stores x's run. */
	static void write(final Path file, final CalibrationBenchmark.Run x) {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeInt(MAGIC);
			out.writeInt(x.c.width);
			out.writeInt(x.c.height);
			out.writeDouble(x.psnrDefault);
			out.writeDouble(x.secondsDefault);
			out.writeDouble(x.psnrMap);
			out.writeDouble(x.secondsMap);
			out.writeInt(x.samples);
			for (final float[] v : new float[][] { x.result, x.std, x.c.truth, x.c.measured == null ? new float[x.result.length] : x.c.measured })
				for (final float f : v) out.writeFloat(f);
			out.flush();
			AtomicFiles.write(file, bytes.toByteArray());
		}
		catch (final IOException e) {
			throw new UncheckedIOException("Cannot store " + file + ": " + e.getMessage(), e);
		}
	}

	/** Fills x's run from the file; false (x unchanged) if there is none or it belongs to another case size. */
	static boolean read(final Path file, final CalibrationBenchmark.Run x) {
		if (!Files.isRegularFile(file)) return false;
		try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
			if (in.readInt() != MAGIC || in.readInt() != x.c.width || in.readInt() != x.c.height) return false;
			final double psnrDefault = in.readDouble(), secondsDefault = in.readDouble(), psnrMap = in.readDouble(), secondsMap = in.readDouble();
			final int samples = in.readInt();
			final int n = x.c.width * x.c.height;
			final float[] result = new float[n], std = new float[n];
			for (int k = 0; k < n; k++) result[k] = in.readFloat();
			for (int k = 0; k < n; k++) std[k] = in.readFloat();
			x.psnrDefault = psnrDefault;
			x.secondsDefault = secondsDefault;
			x.psnrMap = psnrMap;
			x.secondsMap = secondsMap;
			x.samples = samples;
			x.result = result;
			x.std = std;
			return true;
		}
		catch (final IOException e) {
			throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
		}
	}
}
