/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import sc.fiji.diffusion.baseline.Bart;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.data.nifti.NiftiReader;
import sc.fiji.diffusion.data.volume.CanonicalOrientation;
import sc.fiji.diffusion.data.volume.Volume;
import sc.fiji.diffusion.io.BartCfl;
import sc.fiji.diffusion.mri.CentredFft;
import sc.fiji.diffusion.mri.CoilPlanes;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.Masks;
import sc.fiji.diffusion.data.volume.VolumeSlicer;

/**
 * Multi-coil k-space simulated from real brain slices that the MRI prior was not trained on:
 * <ol>
 * <li>an axial slice m of a NIfTI volume, normalised so that its 1st and 99.8th percentiles are 0 and 1
 * (negative values clipped);</li>
 * <li>a smooth random phase: {@code phi = pi (a0 + a1 u + a2 v + a3 u v + a4 u^2 + a5 v^2)}, u, v in
 * [-1, 1] over the image, {@code a_i ~ U(-0.5, 0.5)} ({@link #PHASE}) from the case's seed;</li>
 * <li>8 birdcage-like coil sensitivities from BART ({@code bart phantom -S 8 -x N}, N the larger image
 * side, centre-cropped), scaled so that {@code max sqrt(sum_c |S_c|^2) = 1};</li>
 * <li>k-space {@code k_c = F(S_c m e^{i phi}) + n}, F the centred unitary DFT, n complex Gaussian with
 * sigma {@link #NOISE} per real and imaginary part (in units of the normalised slice);</li>
 * <li>the reference: the root sum of squares of the fully sampled (noisy) coil images; everything is
 * then scaled so that the reference's 99.8th percentile is 1;</li>
 * <li>Cartesian variable-density masks ({@link Masks#cartesianVariableDensity}, 8 % fully sampled centre
 * lines) at R = 4 and 8, phase-encode lines along the rows, readout along the columns.</li>
 * </ol>
 */
public final class MultiCoilCases {

	/** k-space noise sigma, per real and imaginary part, in units of the normalised slice. */
	public static final double NOISE = 0.002;

	public static final int COILS = 8;

	/** Amplitude of the random phase's coefficients (see the class description); a system property for studies. */
	static final double PHASE = Double.parseDouble(System.getProperty("multicoil.phase", "0.5"));

	private MultiCoilCases() {}

	/** A slice spec: volume file, axial slice index, which set it belongs to. */
	public static final class Slice {
		final Path nifti;
		final int z;
		final String set;

		public Slice(final Path nifti, final int z, final String set) {
			this.nifti = nifti;
			this.z = z;
			this.set = set;
		}
	}

	/**
	 * The held-out protocol's slices: the report set is the single-coil MRI benchmark's slices
	 * (example4d z = 6, 10, 14, 18; test_piesno z = 3, 6, 8, 11), the choose set (on which settings may be
	 * tuned) other slices of the same volumes (example4d z = 8, 16; test_piesno z = 5, 10).
	 */
	public static List<Slice> heldOut(final Path data) {
		final Path epi = data.resolve("nibabel/example4d.nii.gz"), piesno = data.resolve("dipy/test_piesno.nii.gz");
		final List<Slice> out = new ArrayList<>();
		for (final int z : new int[] { 8, 16 }) out.add(new Slice(epi, z, "choose"));
		for (final int z : new int[] { 5, 10 }) out.add(new Slice(piesno, z, "choose"));
		for (final int z : new int[] { 6, 10, 14, 18 }) out.add(new Slice(epi, z, "report"));
		for (final int z : new int[] { 3, 6, 8, 11 }) out.add(new Slice(piesno, z, "report"));
		return out;
	}

	/** The cases of one slice at the given accelerations. */
	public static List<MultiCoilCase> of(final Slice s, final int[] accelerations, final Bart bart) throws IOException {
		final Volume ras = CanonicalOrientation.toRas(NiftiReader.read(s.nifti, 0));
		final int w = ras.nx(), h = ras.ny();
		final float[] raw = VolumeSlicer.plane(ras, VolumeSlicer.Orientation.AXIAL, s.z);
		final String label = s.nifti.getFileName().toString().replaceFirst("\\.nii(\\.gz)?$", "") + " z=" + s.z;
		return simulate(label, s.set, raw, w, h, accelerations, bart, s.z);
	}

	/** Simulates the multi-coil k-space of a magnitude image (see the class description). */
	public static List<MultiCoilCase> simulate(final String label, final String set, final float[] raw, final int w, final int h, final int[] accelerations,
		final Bart bart, final long seed) throws IOException
	{
		final PercentileNormalization norm = PercentileNormalization.fit(raw);
		final float[] m = new float[raw.length];
		for (int i = 0; i < m.length; i++) m[i] = (float) Math.max(0, (raw[i] - norm.pLow()) / norm.range());
		final CoilPlanes maps = maps(bart, h, w);
		final SplittableRandom r = new SplittableRandom(seed);
		final double[] a = new double[6];
		for (int i = 0; i < 6; i++) a[i] = 2 * PHASE * (r.nextDouble() - 0.5);
		final CoilPlanes k = CoilPlanes.zeros(COILS, h, w), phased = CoilPlanes.zeros(COILS, h, w);
		final int p = h * w;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final double u = 2.0 * x / (w - 1) - 1, v = 2.0 * y / (h - 1) - 1;
				final double phi = Math.PI * (a[0] + a[1] * u + a[2] * v + a[3] * u * v + a[4] * u * u + a[5] * v * v);
				final double mr = m[y * w + x] * Math.cos(phi), mi = m[y * w + x] * Math.sin(phi);
				for (int c = 0; c < COILS; c++) {
					final int j = c * p + y * w + x;
					k.re[j] = (float) (maps.re[j] * mr - maps.im[j] * mi);
					k.im[j] = (float) (maps.re[j] * mi + maps.im[j] * mr);
					phased.re[j] = (float) (maps.re[j] * Math.cos(phi) - maps.im[j] * Math.sin(phi));
					phased.im[j] = (float) (maps.re[j] * Math.sin(phi) + maps.im[j] * Math.cos(phi));
				}
			}
		CentredFft.transform2D(k, false);
		final float[] noise = new float[2 * k.re.length];
		GaussianNoise.fill(noise, seed * 7919 + 13);
		for (int j = 0; j < k.re.length; j++) {
			k.re[j] += (float) NOISE * noise[2 * j];
			k.im[j] += (float) NOISE * noise[2 * j + 1];
		}
		final CoilPlanes images = k.copy();
		CentredFft.transform2D(images, true);
		final float[] rss = images.rootSumOfSquares();
		final double scale = 1 / PercentileNormalization.fit(rss).pHigh();
		for (int j = 0; j < k.re.length; j++) {
			k.re[j] *= (float) scale;
			k.im[j] *= (float) scale;
		}
		for (int i = 0; i < rss.length; i++) rss[i] *= (float) scale;
		final List<MultiCoilCase> out = new ArrayList<>();
		for (final int acc : accelerations) {
			final Mask mask = Masks.cartesianVariableDensity(h, w, acc, 0.08, seed + 1000L * acc);
			final MultiCoilCase c = new MultiCoilCase(label, set, acc, rss, k, mask, sc.fiji.diffusion.mri.CoilMaps.normalised(phased));
			c.trueSensitivities = sc.fiji.diffusion.mri.CoilMaps.normalised(maps);
			out.add(c);
		}
		return out;
	}

	/** BART's 8 coil sensitivities at {@code max(h, w)}, centre-cropped to {@code h x w}, max RSS 1. */
	private static final java.util.Map<Integer, BartCfl.Array> PHANTOM_MAPS = new java.util.HashMap<>();

	static CoilPlanes maps(final Bart bart, final int h, final int w) throws IOException {
		final int n = Math.max(h, w);
		BartCfl.Array cached;
		synchronized (PHANTOM_MAPS) {
			cached = PHANTOM_MAPS.get(n);
		}
		if (cached != null) return crop(cached, n, h, w);
		final Path dir = Files.createTempDirectory("bart-maps");
		try {
			bart.run(dir, "phantom", "-S", Integer.toString(COILS), "-x", Integer.toString(n), "s");
			final BartCfl.Array s = BartCfl.read(dir.resolve("s"));
			synchronized (PHANTOM_MAPS) {
				PHANTOM_MAPS.put(n, s);
			}
			return crop(s, n, h, w);
		}
		finally {
			try (java.util.stream.Stream<Path> st = Files.walk(dir)) {
				st.sorted(java.util.Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
			}
		}
	}

	/** The centre {@code h x w} of BART's {@code n x n} maps, scaled to max RSS 1. */
	private static CoilPlanes crop(final BartCfl.Array s, final int n, final int h, final int w) {
		final CoilPlanes full = new CoilPlanes(COILS, n, n, s.re, s.im);
		final CoilPlanes out = CoilPlanes.zeros(COILS, h, w);
		final int y0 = (n - h) / 2, x0 = (n - w) / 2;
		for (int c = 0; c < COILS; c++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					out.re[(c * h + y) * w + x] = full.re[(c * n + y + y0) * n + x + x0];
					out.im[(c * h + y) * w + x] = full.im[(c * n + y + y0) * n + x + x0];
				}
		double max = 0;
		for (final float v : out.rootSumOfSquares()) max = Math.max(max, v);
		for (int j = 0; j < out.re.length; j++) {
			out.re[j] /= (float) max;
			out.im[j] /= (float) max;
		}
		return out;
	}
}
