/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.zarr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.FloatProcessor;

/**
 * Converts a TIFF stack to a chunked volume and back, voxel size included (ImageJ's calibration
 * pixelDepth, pixelHeight, pixelWidth and unit &lt;-&gt; OME-Zarr's scale and the axes' unit). A stack
 * is read as one volume of its planes (a hyperstack's channels and frames would be mixed in: give one
 * channel and frame). Both are written atomically (the Zarr folder and the TIFF into a temporary
 * sibling, then moved into place in one step): a failed or killed conversion leaves no partial output.
 * The input is only read.
 */
public final class TiffVolumes {

	private TiffVolumes() {}

	/**
	 * Writes the TIFF stack {@code tiff} as a float32 volume in {@code out} (OME-Zarr unless {@code plain}),
	 * chunks (z, y, x), all or nothing: the volume is written into a uniquely named temporary folder beside
	 * {@code out} ({@code .NAME.converting-*}, so on the same file system) and moved onto {@code out} in
	 * one step at the end; on failure the temporary folder is removed and {@code out} is untouched. A
	 * temporary folder left by a killed run does not block a re-run (and may be deleted).
	 *
	 * @return the volume, opened at {@code out}
	 * @throws IllegalArgumentException where {@code out} exists and is not an empty folder, or the TIFF is RGB
	 */
	public static ChunkedVolume toZarr(final Path tiff, final Path out, final int format, final boolean plain, final int[] chunks, final ZarrCompressor compressor)
		throws IOException
	{
		final Path target = out.toAbsolutePath().normalize();
		if (Files.exists(target) && !emptyFolder(target)) throw new IllegalArgumentException(out + " exists and is not empty");
		final ImagePlus imp = IJ.openImage(tiff.toString());
		if (imp == null) throw new IOException("Cannot open " + tiff + " as an image");
		if (imp.getBitDepth() == 24) throw new IllegalArgumentException(tiff + " is an RGB image: convert it to one channel first");
		Files.createDirectories(target.getParent());
		final Path staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".converting-");
		try {
			final Path tmp = staging.resolve(target.getFileName()); // the same name: OME metadata names the image after its folder
			write(imp, tmp, format, plain, chunks, compressor);
			Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE); // onto an empty folder (rename(2)), never a full one
		}
		catch (final Throwable t) {
			try {
				deleteTree(staging);
			}
			catch (final IOException e) {
				t.addSuppressed(e);
			}
			throw t;
		}
		deleteTree(staging);
		return ChunkedVolume.open(target);
	}

	private static void write(final ImagePlus imp, final Path out, final int format, final boolean plain, final int[] chunks, final ZarrCompressor compressor)
		throws IOException
	{
		final int w = imp.getWidth(), h = imp.getHeight(), d = imp.getStackSize();
		final Calibration cal = imp.getCalibration();
		final String unit = cal.getUnit() == null || cal.getUnit().equals("pixel") ? "" : "micron".equals(cal.getUnit()) || "µm".equals(cal.getUnit()) ? "micrometer" : cal.getUnit();
		final ChunkedVolume v = ChunkedVolume.create(out, format, !plain, new long[] { d, h, w }, chunks, new double[] { cal.pixelDepth, cal.pixelHeight, cal.pixelWidth },
			unit, compressor);
		final ZarrArray a = v.array;
		final float[][] planes = new float[d][];
		for (int z = 0; z < d; z++) planes[z] = (float[]) imp.getStack().getProcessor(z + 1).convertToFloatProcessor().getPixels();
		for (long cz = 0; cz < a.chunkCount(0); cz++)
			for (long cy = 0; cy < a.chunkCount(1); cy++)
				for (long cx = 0; cx < a.chunkCount(2); cx++) {
					final float[] chunk = new float[a.chunkSize()];
					for (int z = 0; z < chunks[0]; z++) {
						final long gz = cz * chunks[0] + z;
						if (gz >= d) break;
						for (int y = 0; y < chunks[1]; y++) {
							final long gy = cy * chunks[1] + y;
							if (gy >= h) break;
							final int n = (int) Math.min(chunks[2], w - cx * chunks[2]);
							System.arraycopy(planes[(int) gz], (int) (gy * w + cx * chunks[2]), chunk, (z * chunks[1] + y) * chunks[2], n);
						}
					}
					a.writeChunk(chunk, cz, cy, cx);
				}
	}

	private static boolean emptyFolder(final Path dir) throws IOException {
		if (!Files.isDirectory(dir)) return false;
		try (java.util.stream.Stream<Path> s = Files.list(dir)) {
			return !s.findAny().isPresent();
		}
	}

	/** Deletes {@code dir} and everything in it, if it exists. */
	private static void deleteTree(final Path dir) throws IOException {
		if (!Files.exists(dir)) return;
		try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
			for (final Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
		}
	}

	/** Writes the volume in {@code in} (plain or OME-Zarr) as a 32-bit TIFF stack with its voxel size. */
	public static void toTiff(final Path in, final Path tiff) throws IOException {
		final ChunkedVolume v = ChunkedVolume.open(in);
		final long[] shape = v.array.shape();
		if (shape[1] * shape[2] > Integer.MAX_VALUE || shape[0] > Integer.MAX_VALUE) throw new IllegalArgumentException(in + " is too large for a TIFF stack");
		final int d = (int) shape[0], h = (int) shape[1], w = (int) shape[2];
		final ImageStack stack = new ImageStack(w, h);
		for (int z = 0; z < d; z++) stack.addSlice(new FloatProcessor(w, h, v.array.read(new long[] { z, 0, 0 }, new int[] { 1, h, w })));
		final ImagePlus imp = new ImagePlus(tiff.getFileName().toString(), stack);
		final Calibration cal = imp.getCalibration();
		final double[] s = v.voxelSize();
		cal.pixelDepth = s[0];
		cal.pixelHeight = s[1];
		cal.pixelWidth = s[2];
		cal.setUnit(v.unit.isEmpty() ? "pixel" : v.unit.equals("micrometer") ? "micron" : v.unit);
		final Path abs = tiff.toAbsolutePath();
		if (abs.getParent() != null) Files.createDirectories(abs.getParent());
		final Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp.tif");
		try {
			if (!(d > 1 ? new FileSaver(imp).saveAsTiffStack(tmp.toString()) : new FileSaver(imp).saveAsTiff(tmp.toString())))
				throw new IOException("Cannot write " + tiff);
			Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}
}
