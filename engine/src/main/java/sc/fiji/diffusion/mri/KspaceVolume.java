/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.mri;

import java.util.Locale;

import sc.fiji.diffusion.io.BartCfl;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.task.StackProblem;

/**
 * Multi-coil Cartesian k-space as a scanner file holds it, in BART's layout: complex values of
 * {@code [readout R, phase encode P, partition S, coil C, slice L]}, column-major (readout fastest),
 * centred (DC at index n/2 of each encoded axis), zero where not sampled.
 * <ul>
 * <li>Multi-slice 2D (S = 1): one 2D problem per slice, {@code P x R} (rows: phase encode).</li>
 * <li>3D (S > 1, readout fully sampled): the inverse centred DFT along the readout gives one 2D problem
 * per readout position x, {@code P x S} (rows: phase encode, columns: partition); L must be 1.</li>
 * </ul>
 * The voxel size (mm; 1 where unknown) is readout, phase, partition-or-slice. The images, readout x
 * phase encode, must be at least {@link StackProblem#MINIMUM_SIZE} in both directions, as images to
 * restore must be; a 3D slab may have fewer partitions, as a z-stack may have few slices.
 */
public final class KspaceVolume {

	public final int readout, phase, partitions, coils, slices;
	final float[] re, im;
	private final double[] voxelSize;
	private float[][] hybrid; // 3D: the readout-transformed k-space, computed once

	/**
	 * @param re real parts in BART's order {@code r + R (p + P (s + S (c + C l)))}; not copied: do not modify
	 * @throws IllegalArgumentException for dims that are not positive or do not fit the values, 3D with
	 *         several slices, images (readout x phase) smaller than {@link StackProblem#MINIMUM_SIZE}, NaN or infinite values
	 */
	public KspaceVolume(final int readout, final int phase, final int partitions, final int coils, final int slices, final float[] re, final float[] im,
		final double[] voxelSize)
	{
		if (readout < 1 || phase < 1 || partitions < 1 || coils < 1 || slices < 1)
			throw new IllegalArgumentException(String.format(Locale.ROOT, "k-space dims must be positive, got readout %d, phase %d, partitions %d, coils %d, slices %d",
				readout, phase, partitions, coils, slices));
		final long n = (long) readout * phase * partitions * coils * slices;
		if (re.length != n || im.length != n) throw new IllegalArgumentException("k-space holds " + re.length + " values, dims need " + n);
		if (partitions > 1 && slices > 1) throw new IllegalArgumentException("3D k-space with several slices (partitions " + partitions + ", slices " + slices + ") is not supported");
		StackProblem.requireMinimumSize(readout, phase, "The k-space's images (readout x phase encode) are");
		for (int i = 0; i < re.length; i++)
			if (!Float.isFinite(re[i]) || !Float.isFinite(im[i])) throw new IllegalArgumentException("The k-space contains NaN or infinite values");
		this.readout = readout;
		this.phase = phase;
		this.partitions = partitions;
		this.coils = coils;
		this.slices = slices;
		this.re = re;
		this.im = im;
		this.voxelSize = voxelSize == null ? new double[] { 1, 1, 1 } : voxelSize.clone();
	}

	/** A BART array: dims 0-3 (readout, phase, partition, coil) and 13 (slice); every other dim must be 1. */
	public static KspaceVolume fromBart(final BartCfl.Array a) {
		for (int d = 4; d < a.dims.length; d++)
			if (d != 13 && a.dims[d] != 1)
				throw new IllegalArgumentException("BART k-space dimension " + d + " has size " + a.dims[d]
					+ "; only readout (0), phase (1), partition (2), coil (3) and slice (13) are supported");
		return new KspaceVolume((int) a.dim(0), (int) a.dim(1), (int) a.dim(2), (int) a.dim(3), (int) a.dim(13), a.re, a.im, null);
	}

	public boolean is3D() { return partitions > 1; }

	/** Voxel size in mm (readout, phase, partition or slice); 1 where the file does not say. A fresh array. */
	public double[] voxelSize() { return voxelSize.clone(); }

	/** Number of 2D problems: readout positions (3D) or slices. */
	public int planes() { return is3D() ? readout : slices; }

	/** Rows of each 2D problem: phase encodes. */
	public int planeHeight() { return phase; }

	/** Columns of each 2D problem: readout (2D) or partitions (3D). */
	public int planeWidth() { return is3D() ? partitions : readout; }

	/** The k-space of 2D problem i (see the class description), a new array. */
	public CoilPlanes plane(final int i) {
		if (i < 0 || i >= planes()) throw new IndexOutOfBoundsException("plane " + i + " of " + planes());
		final int h = planeHeight(), w = planeWidth();
		final CoilPlanes out = CoilPlanes.zeros(coils, h, w);
		if (!is3D()) {
			final int size = readout * phase;
			for (int c = 0; c < coils; c++) {
				final int from = (i * coils + c) * size;
				System.arraycopy(re, from, out.re, c * size, size);
				System.arraycopy(im, from, out.im, c * size, size);
			}
			return out;
		}
		final float[][] k = hybrid();
		for (int c = 0; c < coils; c++)
			for (int p = 0; p < phase; p++)
				for (int s = 0; s < partitions; s++) {
					final int from = i + readout * (p + phase * (s + partitions * c));
					out.re[(c * h + p) * w + s] = k[0][from];
					out.im[(c * h + p) * w + s] = k[1][from];
				}
		return out;
	}

	private synchronized float[][] hybrid() {
		if (hybrid == null) {
			final float[] r = re.clone(), m = im.clone();
			final int lines = phase * partitions * coils;
			final int[] starts = new int[lines];
			for (int l = 0; l < lines; l++) starts[l] = l * readout;
			CentredFft.transform1D(r, m, readout, 1, starts, true);
			hybrid = new float[][] { r, m };
		}
		return hybrid;
	}

	/**
	 * The sampling mask of the 2D problems: 1 where any coil (and, for 3D, any readout position; for
	 * multi-slice, any slice) has a non-zero sample.
	 */
	public Mask sampledMask() {
		final int h = planeHeight(), w = planeWidth();
		final float[] m = new float[h * w];
		final int n = re.length;
		for (int j = 0; j < n; j++) {
			if (re[j] == 0 && im[j] == 0) continue;
			final int r = j % readout, p = (j / readout) % phase, s = (j / (readout * phase)) % partitions;
			m[is3D() ? p * w + s : p * w + r] = 1;
		}
		return new Mask(h, w, m);
	}
}
