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

	/** The k-space of {@code file}: a BART array (either of its names, see {@link BartCfl}) or an ISMRMRD file. */
	public static KspaceVolume read(final Path file) throws IOException {
		if (!Files.isRegularFile(isCfl(file) ? BartCfl.data(file) : file))
			throw new IOException("No k-space file " + (isCfl(file) ? BartCfl.data(file) : file));
		if (isCfl(file)) {
			try {
				return KspaceVolume.fromBart(BartCfl.read(file));
			}
			catch (final IllegalArgumentException e) {
				throw new IOException(file + ": " + e.getMessage(), e);
			}
		}
		if (!isRaw(file)) throw new IOException(file + ": k-space files are .cfl (BART) or .h5 (ISMRMRD)");
		return IsmrmrdReader.read(file);
	}

	/**
	 * Coil maps for the 2D problems of {@code k} from a BART array of dims {@code [readout, phase,
	 * partition, coil]} (e.g. {@code bart ecalib -m1} output; slices in dim 13), in image space.
	 */
	public static java.util.function.IntFunction<CoilPlanes> maps(final Path file, final KspaceVolume k) throws IOException {
		final BartCfl.Array a = BartCfl.read(file);
		for (int d = 4; d < a.dims.length; d++)
			if (d != 13 && a.dims[d] != 1) throw new IOException(file + ": coil maps with " + a.dims[d] + " entries in dimension " + d
				+ " (several ESPIRiT maps?); give one set of maps (bart ecalib -m1)");
		if (a.dim(0) != k.readout || a.dim(1) != k.phase || a.dim(2) != k.partitions || a.dim(3) != k.coils || a.dim(13) != k.slices)
			throw new IOException(String.format(Locale.ROOT, "%s: coil maps of %dx%dx%d with %d coils and %d slices do not fit the k-space (%dx%dx%d, %d coils, %d slices)",
				file, a.dim(0), a.dim(1), a.dim(2), a.dim(3), a.dim(13), k.readout, k.phase, k.partitions, k.coils, k.slices));
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

	/** A mask from a BART array's real part ({@link Masks#fromImage}: two values, 1 where above 0.5) of the 2D problems' size {@code height x width}. */
	public static Mask mask(final Path file, final int height, final int width) throws IOException {
		final BartCfl.Array a = BartCfl.read(file);
		if (a.re.length != (long) height * width)
			throw new IOException(file + ": a mask of " + a.re.length + " values for k-space planes of " + width + "x" + height);
		return Masks.fromImage(a.re, height, width, file.toString());
	}
}
