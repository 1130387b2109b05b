/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.diffusion.classical.PsfConvolution;
import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.data.nifti.NiftiReader;
import sc.fiji.diffusion.data.synth.Degradation;
import sc.fiji.diffusion.data.volume.CanonicalOrientation;
import sc.fiji.diffusion.data.volume.Volume;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.Masks;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.task.RestorationProblem;

/**
 * Builds the {@link BenchCase}s of the {@link QualityBenchmark} from real images that the bundled priors
 * were not trained on. The degradations (all in units of the truth, whose 1st-99.8th percentile range is
 * [0, 1]):
 * <ul>
 * <li>Gaussian noise, sigma {@value #GAUSSIAN_SIGMA};</li>
 * <li>Poisson-Gaussian noise: {@value #PG_PHOTONS} photons at intensity 1, read noise
 * {@value #PG_READ} e- ({@link Degradation#addPoissonGaussianNoise});</li>
 * <li>Gaussian PSF of sigma {@value #BLUR_SIGMA} px (17x17) and Gaussian noise {@value #BLUR_NOISE};</li>
 * <li>widefield Born &amp; Wolf PSF (NA 1.4, 520 nm, n 1.518, 65 nm pixels, 25x25) and Poisson noise of
 * {@value #WF_PHOTONS} photons at intensity 1;</li>
 * <li>MRI: the centred unitary k-space of a slice, Cartesian variable-density masks
 * ({@link Masks#cartesianVariableDensity}, 8 % fully sampled centre, seed = slice index) with R = 4 and 8,
 * no added noise.</li>
 * </ul>
 * Blurred cases use the padded (no wrap-around) model: the measurement is the valid part of the blur of
 * a larger crop, and the truth is its centre of the measurement's size.
 */
public final class BenchCases {

	public static final double GAUSSIAN_SIGMA = 0.1, PG_PHOTONS = 30, PG_READ = 1.5, BLUR_SIGMA = 2, BLUR_NOISE = 0.01, WF_PHOTONS = 100;

	private BenchCases() {}

	/** The Gaussian PSF of the blurred case. */
	public static PointSpreadFunction gaussianPsf() {
		return Psfs.gaussian2D(BLUR_SIGMA, 17);
	}

	/** The widefield PSF: Born &amp; Wolf in focus, NA 1.4, 520 nm, oil (1.518), 65 nm pixels, 25x25. */
	public static PointSpreadFunction widefieldPsf() {
		return Psfs.bornWolf2D(1.4, 520, 1.518, 65, 25);
	}

	/** Foreground: above this fraction of the image's 1st-99.8th percentile range (see {@link #cropCorners}). */
	static final double FOREGROUND = 0.25;

	/**
	 * Top-left corners of {@code count} non-overlapping {@code size x size} crops with the most content: on
	 * a grid of stride {@code size / 4} (keeping {@code margin} from the borders), the crops with the largest
	 * fraction of foreground pixels (above {@value #FOREGROUND} of the image's 1st-99.8th percentile range),
	 * chosen greedily, ties to the first in row order. Mostly-background crops measure little: after
	 * normalising to their own percentiles their "truth" is the camera noise of the real image.
	 */
	static List<int[]> cropCorners(final float[] plane, final int width, final int height, final int size, final int count, final int margin) {
		final PercentileNormalization norm = PercentileNormalization.fit(plane);
		final double threshold = norm.pLow() + FOREGROUND * norm.range();
		final int stride = Math.max(1, size / 4);
		final List<int[]> candidates = new ArrayList<>();
		for (int y0 = margin; y0 + size + margin <= height; y0 += stride)
			for (int x0 = margin; x0 + size + margin <= width; x0 += stride) {
				int fg = 0;
				for (int y = y0; y < y0 + size; y++)
					for (int x = x0; x < x0 + size; x++)
						if (plane[y * width + x] > threshold) fg++;
				candidates.add(new int[] { x0, y0, fg });
			}
		return greedy(candidates, size, count);
	}

	/**
	 * The four microscopy degradations of {@code count} square crops of {@code size} of a fluorescence
	 * image (RGB as luminance, as {@link ImageFiles#planes(ij.ImagePlus, boolean)}).
	 */
	public static List<BenchCase> microscopy(final Path image, final int size, final int count, final long seed) throws IOException {
		final ij.ImagePlus imp = ImageFiles.open(image);
		final float[] plane = ImageFiles.planes(imp, true)[0];
		return microscopy(image.getFileName().toString().replaceFirst("\\.[^.]*$", ""), plane, imp.getWidth(), imp.getHeight(), size, count, seed);
	}

	public static List<BenchCase> microscopy(final String label, final float[] plane, final int width, final int height, final int size,
		final int count, final long seed)
	{
		return microscopy(label, plane, width, height, size, cropCorners(plane, width, height, size, count, margin(size, width, height)), seed);
	}

	/**
	 * The held-out protocol's cases ({@link HeldOutBenchmark}): the image's luminance binned 2x2 (the mean of
	 * 4 pixels halves the real image's own camera noise, which would otherwise be part of the "truth"), and
	 * {@code count} crops chosen by structure ({@link #structureCorners}), so that images of dark objects on a
	 * grey field (phase contrast) give crops of objects rather than of background.
	 */
	public static List<BenchCase> microscopyBinned(final Path image, final int size, final int count, final long seed) throws IOException {
		final ij.ImagePlus imp = ImageFiles.open(image);
		final float[] full = ImageFiles.planes(imp, true)[0];
		final int w = imp.getWidth() / 2, h = imp.getHeight() / 2;
		final float[] plane = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final int p = 2 * y * imp.getWidth() + 2 * x;
				plane[y * w + x] = 0.25f * (full[p] + full[p + 1] + full[p + imp.getWidth()] + full[p + imp.getWidth() + 1]);
			}
		final String label = image.getFileName().toString().replaceFirst("\\.[^.]*$", "") + " (binned 2x2)";
		return microscopy(label, plane, w, h, size, structureCorners(plane, w, h, size, count, margin(size, w, h)), seed);
	}

	/** The {@code count} best-scoring candidates {x0, y0, score} whose crops of {@code size} do not overlap, best first. */
	private static List<int[]> greedy(final List<int[]> candidates, final int size, final int count) {
		candidates.sort((a, b) -> Integer.compare(b[2], a[2]));
		final List<int[]> chosen = new ArrayList<>();
		for (final int[] c : candidates) {
			if (chosen.size() == count) break;
			boolean free = true;
			for (final int[] o : chosen)
				if (Math.abs(o[0] - c[0]) < size && Math.abs(o[1] - c[1]) < size) free = false;
			if (free) chosen.add(c);
		}
		return chosen;
	}

	private static int margin(final int size, final int width, final int height) {
		final int margin = Math.max(gaussianPsf().size(0), widefieldPsf().size(0)) / 2;
		if (size + 2 * margin > Math.min(width, height))
			throw new IllegalArgumentException("Crops of " + size + " (plus a margin of " + margin + ") do not fit the " + width + "x" + height + " image");
		return margin;
	}

	/**
	 * Top-left corners of {@code count} non-overlapping crops with the most structure: on a grid of stride
	 * {@code size / 4}, the crops with the largest mean gradient magnitude of the 3x3-smoothed image (edges of
	 * objects, bright or dark, rather than noise), chosen greedily.
	 */
	static List<int[]> structureCorners(final float[] plane, final int width, final int height, final int size, final int count, final int margin) {
		final float[] g = new float[plane.length];
		for (int y = 2; y < height - 2; y++)
			for (int x = 2; x < width - 2; x++) {
				double gx = 0, gy = 0;
				for (int d = -1; d <= 1; d++) {
					gx += plane[(y + d) * width + x + 2] - plane[(y + d) * width + x - 2];
					gy += plane[(y + 2) * width + x + d] - plane[(y - 2) * width + x + d];
				}
				g[y * width + x] = (float) Math.hypot(gx, gy);
			}
		final int stride = Math.max(1, size / 4);
		final List<int[]> candidates = new ArrayList<>();
		for (int y0 = margin; y0 + size + margin <= height; y0 += stride)
			for (int x0 = margin; x0 + size + margin <= width; x0 += stride) {
				double sum = 0;
				for (int y = y0; y < y0 + size; y++)
					for (int x = x0; x < x0 + size; x++) sum += g[y * width + x];
				candidates.add(new int[] { x0, y0, (int) Math.min(Integer.MAX_VALUE, Math.round(sum)) });
			}
		return greedy(candidates, size, count);
	}

	private static List<BenchCase> microscopy(final String label, final float[] plane, final int width, final int height, final int size,
		final List<int[]> corners, final long seed)
	{
		final PointSpreadFunction gauss = gaussianPsf(), wide = widefieldPsf();
		final List<BenchCase> out = new ArrayList<>();
		for (int i = 0; i < corners.size(); i++) {
			final int x0 = corners.get(i)[0], y0 = corners.get(i)[1], cx = x0 + size / 2, cy = y0 + size / 2;
			final float[] raw = crop(plane, width, x0, y0, size, size);
			final PercentileNormalization norm = PercentileNormalization.fit(raw);
			final float[] truth = unit(raw, norm);
			final String name = String.format(Locale.ROOT, "%s (%d,%d)", label, cx, cy);
			final long s = seed + 1000L * i;

			final float[] g = Degradation.addGaussianNoise(truth, GAUSSIAN_SIGMA, s);
			out.add(new BenchCase(BenchCase.Kind.GAUSSIAN_NOISE, name, size, size, truth, RestorationProblem.denoising(g, size, size), g,
				GAUSSIAN_SIGMA, GAUSSIAN_SIGMA, null, null, null, null));

			final float[] pg = Degradation.addPoissonGaussianNoise(truth, PG_PHOTONS, PG_READ, s + 1);
			out.add(new BenchCase(BenchCase.Kind.POISSON_GAUSSIAN_NOISE, name, size, size, truth, RestorationProblem.denoising(pg, size, size), pg,
				Double.NaN, poissonRms(truth, PG_PHOTONS, PG_READ), null, null, null, null));

			out.add(blurred(BenchCase.Kind.GAUSSIAN_BLUR, name, plane, width, norm, x0, y0, size, truth, gauss, s + 2, false));
			out.add(blurred(BenchCase.Kind.WIDEFIELD_BLUR, name, plane, width, norm, x0, y0, size, truth, wide, s + 3, true));
		}
		return out;
	}

	private static BenchCase blurred(final BenchCase.Kind kind, final String name, final float[] plane, final int width,
		final PercentileNormalization norm, final int x0, final int y0, final int size, final float[] truth, final PointSpreadFunction psf,
		final long seed, final boolean poisson)
	{
		final int p = psf.size(0) / 2;
		final float[] big = unit(crop(plane, width, x0 - p, y0 - p, size + 2 * p, size + 2 * p), norm);
		final float[] blurred = PsfConvolution.padded(psf, size, size).apply(big);
		final float[] y = poisson ? Degradation.addPoissonGaussianNoise(blurred, WF_PHOTONS, 0, seed)
			: Degradation.addGaussianNoise(blurred, BLUR_NOISE, seed);
		return new BenchCase(kind, name, size, size, truth, RestorationProblem.deconvolution(y, size, size, psf), y,
			poisson ? Double.NaN : BLUR_NOISE, poisson ? poissonRms(blurred, WF_PHOTONS, 0) : BLUR_NOISE, psf, null, null, null);
	}

	/**
	 * MRI cases of {@code count} axial slices (evenly spaced over the middle 70 % of the slices, upright as
	 * {@code slices} cuts them) of volume 0 of a NIfTI file, each at R = 4 and 8.
	 */
	public static List<BenchCase> mri(final Path nifti, final int count) throws IOException {
		final Volume ras = CanonicalOrientation.toRas(NiftiReader.read(nifti, 0));
		final String label = nifti.getFileName().toString().replaceFirst("\\.nii(\\.gz)?$", "");
		final int w = ras.nx(), h = ras.ny(), nz = ras.nz();
		final List<BenchCase> out = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			final int z = (int) Math.round(nz * (0.15 + 0.7 * (i + 0.5) / count));
			final float[] raw = sc.fiji.diffusion.data.volume.VolumeSlicer.plane(ras, sc.fiji.diffusion.data.volume.VolumeSlicer.Orientation.AXIAL, z);
			final float[] truth = unit(raw, PercentileNormalization.fit(raw));
			for (final BenchCase.Kind kind : new BenchCase.Kind[] { BenchCase.Kind.MRI_R4, BenchCase.Kind.MRI_R8 }) {
				final Mask mask = Masks.cartesianVariableDensity(h, w, kind == BenchCase.Kind.MRI_R4 ? 4 : 8, 0.08, z);
				final RestorationProblem problem = RestorationProblem.simulatedMri(truth, w, h, mask, 0, z);
				final Batch k = problem.measurement();
				final float[] re = new float[w * h], im = new float[w * h];
				for (int q = 0; q < re.length; q++) {
					re[q] = k.data()[2 * q];
					im[q] = k.data()[2 * q + 1];
				}
				out.add(new BenchCase(kind, label + " z=" + z, w, h, truth, problem, null, 0, 0, null, re, im, mask));
			}
		}
		return out;
	}

	/** sqrt(mean(max(x, 0) / photons + (read / photons)^2)): the rms sigma of Poisson-Gaussian noise on x. */
	static double poissonRms(final float[] x, final double photons, final double read) {
		double v = 0;
		for (final float a : x) v += Math.max(0, a) / photons + (read / photons) * (read / photons);
		return Math.sqrt(v / x.length);
	}

	/** {@code (v - p1) / (p99.8 - p1)}, clipped below at 0. */
	static float[] unit(final float[] raw, final PercentileNormalization norm) {
		final float[] u = new float[raw.length];
		for (int k = 0; k < u.length; k++) u[k] = (float) Math.max(0, (raw[k] - norm.pLow()) / norm.range());
		return u;
	}

	static float[] crop(final float[] plane, final int width, final int x0, final int y0, final int w, final int h) {
		final float[] out = new float[w * h];
		for (int y = 0; y < h; y++) System.arraycopy(plane, (y0 + y) * width + x0, out, y * w, w);
		return out;
	}

}
