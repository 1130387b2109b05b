/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import sc.fiji.diffusion.mri.CoilMaps;
import sc.fiji.diffusion.mri.CoilPlanes;
import sc.fiji.diffusion.mri.KspaceVolume;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.Masks;

/**
 * Raw multi-coil k-space files by name: BART {@code .cfl}/{@code .hdr} ({@link BartCfl}, dims
 * {@code [readout, phase, partition, coil]}, slices in dim 13) and ISMRMRD {@code .h5}/{@code .hdf5}
 * ({@link IsmrmrdReader}); coil maps and masks as BART arrays.
 */
public final class KspaceFiles {

	private KspaceFiles() {}

	/** Whether {@code file} is named like a raw k-space file this class reads. */
	public static boolean isRaw(final Path file) {
		final String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		return n.endsWith(".cfl") || n.endsWith(".hdr") || n.endsWith(".h5") || n.endsWith(".hdf5");
	}

	/** Whether {@code file} names a BART array ({@link BartCfl#isBartName}: {@code .cfl} or {@code .hdr}, any case). */
	public static boolean isCfl(final Path file) {
		return BartCfl.isBartName(file);
	}

	/**
	 * The k-space of {@code file}: a BART array (either of its names, see {@link BartCfl}) or an ISMRMRD file.
	 *
	 * @throws IOException naming the file: missing, unreadable, or a k-space that {@link KspaceVolume} refuses
	 */
	public static KspaceVolume read(final Path file) throws IOException {
		return read(file, note -> {});
	}

	/**
	 * {@link #read(Path)}, telling {@code notes} what was left out of an ISMRMRD file ({@link IsmrmrdReader#read(Path, java.util.function.Consumer)}).
	 *
	 * @throws IOException as {@link #read(Path)}
	 */
	public static KspaceVolume read(final Path file, final java.util.function.Consumer<String> notes) throws IOException {
		if (!Files.isRegularFile(isCfl(file) ? BartCfl.data(file) : file))
			throw new IOException("No k-space file " + (isCfl(file) ? BartCfl.data(file) : file));
		if (!isRaw(file)) throw new IOException(file + ": k-space files are .cfl (BART) or .h5 (ISMRMRD)");
		try {
			return isCfl(file) ? KspaceVolume.fromBart(BartCfl.read(file)) : IsmrmrdReader.read(file, notes);
		}
		catch (final IllegalArgumentException e) { // the k-space itself refused (its dims, size, values): named by its file
			throw new IOException(file + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Coil maps for the 2D problems of {@code k} from a BART array of dims {@code [readout, phase,
	 * partition, coil]} (e.g. {@code bart ecalib -m1} output; slices in dim 13), in image space. The maps
	 * are normalised when used, so their scale does not matter, but they must hold a sensitivity: maps
	 * that are non-zero (above {@link CoilMaps#SUPPORT} of their largest root sum of squares over the coils)
	 * on fewer than {@link #MIN_MAP_SUPPORT} of the pixels would give an image that is zero nearly
	 * everywhere, and are refused.
	 *
	 * @throws IOException naming {@code file}: maps that do not fit {@code k}, several sets of maps, NaN or
	 *         infinite values, maps zero (nearly) everywhere
	 */
	public static java.util.function.IntFunction<CoilPlanes> maps(final Path file, final KspaceVolume k) throws IOException {
		final BartCfl.Array a = BartCfl.read(file);
		for (int d = 4; d < a.dims.length; d++)
			if (d != 13 && a.dims[d] != 1) throw new IOException(file + ": coil maps with " + a.dims[d] + " entries in dimension " + d
				+ " (several ESPIRiT maps?); give one set of maps (bart ecalib -m1)");
		if (a.dim(0) != k.readout || a.dim(1) != k.phase || a.dim(2) != k.partitions || a.dim(3) != k.coils || a.dim(13) != k.slices)
			throw new IOException(String.format(Locale.ROOT, "%s: coil maps of %dx%dx%d with %d coils and %d slices do not fit the k-space (%dx%dx%d, %d coils, %d slices)",
				file, a.dim(0), a.dim(1), a.dim(2), a.dim(3), a.dim(13), k.readout, k.phase, k.partitions, k.coils, k.slices));
		for (int i = 0; i < a.re.length; i++)
			if (!Float.isFinite(a.re[i]) || !Float.isFinite(a.im[i]))
				throw new IOException(file + ": the coil maps contain NaN or infinite values (at value " + i + ")");
		requireSensitivity(file, a, k.coils);
		final KspaceVolume asVolume = new KspaceVolume(k.readout, k.phase, k.partitions, k.coils, k.slices, a.re, a.im, null);
		final int h = k.planeHeight(), w = k.planeWidth(), R = k.readout, P = k.phase, S = k.partitions;
		return i -> {
			if (!k.is3D()) return asVolume.plane(i); // no transform: maps are images
			final CoilPlanes out = CoilPlanes.zeros(k.coils, h, w);
			for (int c = 0; c < k.coils; c++)
				for (int p = 0; p < P; p++)
					for (int s = 0; s < S; s++) {
						final int from = i + R * (p + P * (s + S * c));
						out.re[(c * h + p) * w + s] = a.re[from];
						out.im[(c * h + p) * w + s] = a.im[from];
					}
			return out;
		};
	}

	/** The least share of the pixels on which coil maps must be non-zero ({@link #maps}). */
	public static final double MIN_MAP_SUPPORT = 0.01;

	/** Refuses maps {@code a} of {@code coils} coils (coil the second slowest index, after the slice) that are zero (nearly) everywhere. */
	private static void requireSensitivity(final Path file, final BartCfl.Array a, final int coils) throws IOException {
		final int n = a.re.length / coils, perCoil = (int) (a.dim(0) * a.dim(1) * a.dim(2));
		final double[] sumSq = new double[n]; // per pixel: slice l, position j -> l * perCoil + j
		for (int i = 0; i < a.re.length; i++) {
			final int j = i % perCoil, l = i / (perCoil * coils);
			sumSq[l * perCoil + j] += (double) a.re[i] * a.re[i] + (double) a.im[i] * a.im[i];
		}
		double max = 0;
		for (final double v : sumSq) max = Math.max(max, v);
		final double cut = CoilMaps.SUPPORT * CoilMaps.SUPPORT * max; // on squares
		int support = 0;
		if (max > 0) for (final double v : sumSq) if (v > cut) support++;
		if (support < MIN_MAP_SUPPORT * n)
			throw new IOException(String.format(Locale.ROOT, "%s: the coil maps are zero%s on %s of the pixels (non-zero on %d of %d): they would give an image "
				+ "that is zero there; give the maps of this scan (e.g. bart ecalib -m1), or none, to have them estimated from the calibration region",
				file, max > 0 ? " (below " + CoilMaps.SUPPORT + " of their largest value)" : "", max > 0 ? "nearly all" : "all", support, n));
	}

	/**
	 * A mask from a BART array's real part ({@link Masks#fromImage}: two values, 1 where above 0.5) for the
	 * 2D problems of {@code height x width}: its dims must be {@code [width, height]} (BART's x, then y: the
	 * problems' columns, then rows, as {@link KspaceVolume#planeWidth} and {@link KspaceVolume#planeHeight}
	 * name them), with every further dimension 1.
	 *
	 * @throws IOException naming {@code file} and the dims it needs, for other dims
	 */
	public static Mask mask(final Path file, final int height, final int width) throws IOException {
		final BartCfl.Array a = BartCfl.read(file);
		if (a.dims.length > 2 || a.dim(0) != width || a.dim(1) != height)
			throw new IOException(String.format(Locale.ROOT, "%s: a mask of dims %s for k-space planes of %dx%d: give dims [%d, %d] "
				+ "(columns, then rows: readout and phase encode for 2D k-space, partition and phase encode for 3D)",
				file, java.util.Arrays.toString(a.dims), width, height, width, height));
		return Masks.fromImage(a.re, height, width, file.toString());
	}
}
