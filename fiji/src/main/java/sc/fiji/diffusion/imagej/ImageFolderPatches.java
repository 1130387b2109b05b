/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import ij.ImagePlus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.Dihedral;
import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.train.PatchSource;

/**
 * Training patches drawn from the image files of one folder.
 * <p>
 * Loading ({@link #load}): every regular, non-hidden file of the folder (not its subfolders)
 * whose name ends in .tif, .tiff, .png, .jpg or .jpeg (any case) is opened with
 * {@link ImageFiles}; colour images are converted to luminance. Each plane of a stack or
 * hyperstack becomes a separate training image, normalised on its own with
 * {@link PercentileNormalization} (percentiles 1 and 99.8, so most values lie in {@code [-1, 1]};
 * nothing is clipped). Skipped, each with a message to the log: files ImageJ cannot open or that are
 * truncated or inconsistent ({@link ImageFiles#open}; never read as zeros), planes
 * smaller than the minimum size in either dimension, planes with NaN or infinite values, and
 * constant planes (their percentile range is degenerate, so they carry nothing to learn).
 * <p>
 * Sampling ({@link #next}): for each patch, a plane is chosen with probability proportional to
 * its area {@code width * height} among the planes at least {@code patchSize} wide and high, then
 * a uniformly random top-left corner such that the patch lies inside, then one of the 8
 * {@link Dihedral} symmetries uniformly at random.
 * <p>
 * Immutable after loading, so {@link #next} may be called from several threads with separate
 * generators. Planes are kept as one {@code float[]} each.
 */
public final class ImageFolderPatches implements PatchSource {

	/** File name extensions read, lower case. */
	public static final List<String> EXTENSIONS = List.of("tif", "tiff", "png", "jpg", "jpeg");

	private final Path folder;
	private final List<float[]> planes;
	private final int[] widths, heights;
	private final int fileCount;
	private final String skipped;

	private ImageFolderPatches(final Path folder, final List<float[]> planes, final int[] widths, final int[] heights,
		final int fileCount, final String skipped)
	{
		this.folder = folder;
		this.planes = planes;
		this.widths = widths;
		this.heights = heights;
		this.fileCount = fileCount;
		this.skipped = skipped;
	}

	/**
	 * Loads the training planes of {@code folder} as described in the class documentation.
	 *
	 * @param minSize planes narrower or lower than this are skipped (give the patch size)
	 * @param log receives one line per skipped file or plane and per colour conversion
	 * @throws IllegalArgumentException if {@code folder} is not a folder or no usable plane remains
	 *         (the message names the folder and says why)
	 * @throws IOException if the folder cannot be listed
	 */
	public static ImageFolderPatches load(final Path folder, final int minSize, final Consumer<String> log) throws IOException {
		return load(folder, minSize, log, file -> false);
	}

	/**
	 * {@link #load(Path, int, Consumer)} leaving out the files for which {@code excluded} is true (a
	 * training run's own outputs), without a message.
	 */
	public static ImageFolderPatches load(final Path folder, final int minSize, final Consumer<String> log,
		final java.util.function.Predicate<Path> excluded) throws IOException
	{
		if (minSize < 1)
			throw new IllegalArgumentException("Minimum plane size must be positive, got " + minSize);
		if (!Files.isDirectory(folder))
			throw new IllegalArgumentException("Training image folder not found or not a folder: " + folder);
		final List<Path> files;
		try (Stream<Path> list = Files.list(folder)) {
			files = list.filter(ImageFolderPatches::isImageFile).filter(excluded.negate()).sorted().collect(Collectors.toList());
		}
		if (files.isEmpty())
			throw new IllegalArgumentException("No training images in " + folder + ": it holds no ." + String.join(", .", EXTENSIONS) + " file");

		final List<float[]> planes = new ArrayList<>();
		final List<int[]> sizes = new ArrayList<>();
		final List<String> badNames = new ArrayList<>();
		int used = 0, badFiles = 0, small = 0, constant = 0, nonFinite = 0;
		for (final Path file : files) {
			final ImagePlus imp;
			final float[][] raw;
			try {
				imp = ImageFiles.open(file);
				raw = ImageFiles.planes(imp, true);
			} catch (final IOException | IllegalArgumentException e) {
				log.accept("Skipping " + file.getFileName() + ": " + e.getMessage());
				if (badFiles++ < 3) badNames.add(file.getFileName().toString());
				continue;
			}
			if (imp.getType() == ImagePlus.COLOR_RGB || imp.getType() == ImagePlus.COLOR_256)
				log.accept(file.getFileName() + ": colour image converted to luminance (0.299 R + 0.587 G + 0.114 B)");
			final int w = imp.getWidth(), h = imp.getHeight();
			boolean any = false;
			for (int i = 0; i < raw.length; i++) {
				final String where = "plane " + (i + 1) + "/" + raw.length + " of " + file.getFileName();
				if (w < minSize || h < minSize) {
					log.accept("Skipping " + where + ": " + w + "x" + h + " is smaller than the " + minSize + "x" + minSize + " patch size");
					small++;
					continue;
				}
				final PercentileNormalization norm;
				try {
					norm = PercentileNormalization.fit(raw[i]);
				} catch (final IllegalArgumentException e) {
					log.accept("Skipping " + where + ": " + e.getMessage());
					nonFinite++;
					continue;
				}
				if (norm.isDegenerate()) {
					log.accept("Skipping " + where + ": the plane is constant (" + norm.pLow() + ")");
					constant++;
					continue;
				}
				planes.add(norm.forward(raw[i]));
				raw[i] = null;
				sizes.add(new int[] { w, h });
				any = true;
			}
			if (any) used++;
		}

		final List<String> reasons = new ArrayList<>();
		if (badFiles > 0)
			reasons.add(badFiles + " unreadable file" + (badFiles > 1 ? "s" : "") + ": " + String.join(", ", badNames) + (badFiles > badNames.size() ? ", ..." : ""));
		if (small > 0) reasons.add(small + " plane" + (small > 1 ? "s" : "") + " smaller than " + minSize + "x" + minSize);
		if (constant > 0) reasons.add(constant + " constant plane" + (constant > 1 ? "s" : ""));
		if (nonFinite > 0) reasons.add(nonFinite + " plane" + (nonFinite > 1 ? "s" : "") + " with NaN or infinite values");
		final String skipped = String.join(", ", reasons);
		if (planes.isEmpty())
			throw new IllegalArgumentException("No usable training image in " + folder + ": all " + files.size() + " image file" + (files.size() > 1 ? "s were" : " was") + " skipped (" + skipped + ")");

		final int[] widths = new int[sizes.size()], heights = new int[sizes.size()];
		for (int i = 0; i < widths.length; i++) {
			widths[i] = sizes.get(i)[0];
			heights[i] = sizes.get(i)[1];
		}
		return new ImageFolderPatches(folder, planes, widths, heights, used, skipped);
	}

	static boolean isImageFile(final Path p) {
		final String name = p.getFileName().toString();
		if (name.startsWith(".") || !Files.isRegularFile(p)) return false;
		final int dot = name.lastIndexOf('.');
		return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	@Override
	public Batch next(final int batchSize, final int patchSize, final SplittableRandom rng) {
		if (batchSize < 1 || patchSize < 1)
			throw new IllegalArgumentException("Batch size and patch size must be positive, got " + batchSize + " and " + patchSize);
		// cumulative areas of the planes the patch fits in
		final int[] eligible = new int[planes.size()];
		final long[] cumulative = new long[planes.size()];
		int count = 0;
		long total = 0;
		for (int i = 0; i < planes.size(); i++) {
			if (widths[i] < patchSize || heights[i] < patchSize) continue;
			total += (long) widths[i] * heights[i];
			eligible[count] = i;
			cumulative[count++] = total;
		}
		if (count == 0)
			throw new IllegalArgumentException("No training plane in " + folder + " is at least " + patchSize + "x" + patchSize + " pixels");

		final int patchArea = patchSize * patchSize;
		final float[] data = new float[Math.multiplyExact(batchSize, patchArea)];
		for (int b = 0; b < batchSize; b++) {
			final int i = eligible[pick(cumulative, count, rng.nextLong(total))];
			final int w = widths[i], h = heights[i];
			final int x0 = rng.nextInt(w - patchSize + 1), y0 = rng.nextInt(h - patchSize + 1);
			Dihedral.copyPatch(planes.get(i), w, h, x0, y0, patchSize, rng.nextInt(Dihedral.ORDER), data, b * patchArea);
		}
		return new Batch(batchSize, patchSize, patchSize, 1, data);
	}

	/** The first index {@code k < count} with {@code r < cumulative[k]}. */
	private static int pick(final long[] cumulative, final int count, final long r) {
		int lo = 0, hi = count - 1;
		while (lo < hi) {
			final int mid = (lo + hi) >>> 1;
			if (r < cumulative[mid]) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	}

	/** Number of training planes kept. */
	public int planeCount() { return planes.size(); }

	/** Number of files that gave at least one training plane. */
	public int fileCount() { return fileCount; }

	/** The folder read. */
	public Path folder() { return folder; }

	/** For example {@code "12 planes from 3 files in /data/train (skipped: 1 unreadable file)"}. */
	@Override
	public String description() {
		return planes.size() + " plane" + (planes.size() > 1 ? "s" : "") + " from " + fileCount + " file" + (fileCount > 1 ? "s" : "")
			+ " in " + folder + (skipped.isEmpty() ? "" : " (skipped: " + skipped + ")");
	}

	@Override
	public String toString() {
		return "ImageFolderPatches[" + description() + "]";
	}
}
