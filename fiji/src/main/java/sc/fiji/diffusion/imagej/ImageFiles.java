/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.TiffDecoder;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import sc.fiji.diffusion.io.AtomicFiles;

/**
 * Reads and writes image files with ImageJ 1, headless.
 * <p>
 * Reading: {@link #open(Path)} opens anything {@link IJ#openImage(String)} can open (TIFF, PNG,
 * JPEG, GIF, BMP, DICOM, FITS, PGM, ZIP'd TIFF; inside Fiji also what Bio-Formats opens), and
 * {@link #planes(ImagePlus, boolean)} turns every plane into a fresh {@code float[]}. A TIFF's header is
 * checked before any pixel is read ({@link #checkTiff(Path)}): a file too short for the pixels it declares
 * (truncated or inconsistent) or declaring more pixels than the memory can hold is refused, where
 * ImageJ would fill the missing pixels with zeros or run out of memory.
 * <p>
 * Writing: {@link #saveFloatTiff} writes a 32-bit TIFF (hyper)stack with the spatial calibration,
 * through a temporary file in the target folder that is then moved into place, so a reader never
 * sees a half-written output. {@link OutputPaths#requireWritableFile} and {@link OutputPaths#requireWritableFolder} are the one
 * check of an output path that every door runs before the work starts.
 * <p>
 * Nothing here modifies the images passed in.
 */
public final class ImageFiles {

	/** Rec. 601 luma weights used for colour to grey conversion: {@code 0.299 R + 0.587 G + 0.114 B}. */
	public static final double LUMA_R = 0.299, LUMA_G = 0.587, LUMA_B = 0.114;

	static final String RGB_MESSAGE = "RGB images are not supported: convert to 8-bit, 16-bit or 32-bit first (Image > Type)";
	static final String INDEXED_MESSAGE = "Indexed-colour images (8-bit values that index a colour palette, not intensities) are not supported: "
		+ "convert to grey values first (Image > Type > RGB Color, then Image > Type > 8-bit)";

	private ImageFiles() {}

	/**
	 * Opens an image file after {@link #checkReadable} has checked it.
	 *
	 * @throws IOException if the file is missing, a folder, unreadable, empty, a TIFF that is
	 *         truncated, inconsistent or too large for the memory ({@link #checkTiff}), pixel data that
	 *         do not decode ({@link #checkPixelData}), or ImageJ cannot open it (unsupported format or
	 *         corrupt file); the message names the file
	 */
	public static ImagePlus open(final Path file) throws IOException {
		checkReadable(file);
		checkPixelData(file);
		final ImagePlus imp;
		final boolean dicom = DicomScaling.isDicom(file), fixed = ij.Prefs.fixedDicomScaling;
		IJ.redirectErrorMessages(true); // to the log rather than a dialog, as in batch mode
		if (dicom) ij.Prefs.fixedDicomScaling = true; // no "32-bit" conversion through IJ.run, which needs the menus (not headless)
		try {
			imp = IJ.openImage(file.toAbsolutePath().toString());
		} finally {
			IJ.redirectErrorMessages(false);
			if (dicom) ij.Prefs.fixedDicomScaling = fixed;
		}
		if (imp == null || imp.getWidth() == 0 || imp.getStackSize() == 0)
			throw new IOException("ImageJ could not open " + file + ": unsupported format or corrupt file");
		if (dicom) DicomScaling.calibrate(imp);
		return imp;
	}

	/**
	 * The checks {@link #open} makes before it reads any pixel, without reading the pixels: a command
	 * with many input files runs this on all of them before any work, so that a bad file late in the list
	 * does not end a long run halfway.
	 *
	 * @throws IOException if the file is missing, a folder, unreadable, empty, or a TIFF that is truncated,
	 *         inconsistent or too large for the memory ({@link #checkTiff}); the message names the file
	 */
	public static void checkReadable(final Path file) throws IOException {
		sc.fiji.diffusion.io.InputFiles.requireReadable(file, "Image file");
		if (Files.size(file) == 0)
			throw new IOException("Image file is empty: " + file);
		checkTiff(file);
	}

	/**
	 * Decodes the compressed pixel data that ImageJ would read as zeros (or grey) where they are corrupt,
	 * reporting what its readers only log: the compressed strips of a TIFF ({@link TiffStrips}) and a JPEG
	 * ({@link JpegData}). Other files are left to ImageJ.
	 *
	 * @throws IOException naming the file and what is wrong
	 */
	public static void checkPixelData(final Path file) throws IOException {
		final FileInfo[] pages = tiffPages(file);
		if (pages != null) TiffStrips.check(file, pages, fi -> (long) storedBytes(fi, (long) fi.width * fi.height));
		else JpegData.check(file);
	}

	/** The pages of a TIFF as ImageJ decodes its header, or null for a file without a TIFF signature. */
	private static FileInfo[] tiffPages(final Path file) throws IOException {
		final byte[] magic = new byte[4];
		int n = 0;
		try (InputStream in = Files.newInputStream(file)) {
			for (int r; n < 4 && (r = in.read(magic, n, 4 - n)) > 0;) n += r;
		}
		final boolean tiff = n == 4 && ((magic[0] == 'I' && magic[1] == 'I' && magic[2] == 42 && magic[3] == 0)
			|| (magic[0] == 'M' && magic[1] == 'M' && magic[2] == 0 && magic[3] == 42));
		if (!tiff) return null;
		final FileInfo[] infos;
		try {
			final Path abs = file.toAbsolutePath();
			infos = new TiffDecoder(abs.getParent().toString() + java.io.File.separator, abs.getFileName().toString()).getTiffInfo();
		} catch (final IOException | RuntimeException e) {
			throw new IOException("Not a readable TIFF file: " + file + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
		}
		if (infos == null || infos.length == 0)
			throw new IOException("Not a readable TIFF file: " + file + " (no image in it)");
		return infos;
	}

	/**
	 * Checks the header of a TIFF file against the file's size and the memory before any pixel is read;
	 * files that do not start with a TIFF signature ({@code II*\0} or {@code MM\0*}) are left alone.
	 * Refused, with the file's name and what is wrong:
	 * <ul>
	 * <li>a header ImageJ cannot decode, or a plane size that is not positive;</li>
	 * <li>uncompressed pixel data (every plane at {@code offset + k (size + gap)}) or any strip
	 * ({@code stripOffset + stripLength}) that ends beyond the end of the file: truncated or inconsistent;</li>
	 * <li>planes of more than 2^31 - 1 pixels (more than ImageJ holds);</li>
	 * <li>pages (image file directories) of different sizes or pixel types, of which ImageJ would open only
	 * the first; and grey pixels with more than one sample each (interleaved channels), which ImageJ would read
	 * as one scrambled plane;</li>
	 * <li>declared pixels that need more memory than is free ({@link Runtime#maxMemory()} less the memory
	 * in use), counting the image as ImageJ holds it plus one {@code float} copy of it.</li>
	 * </ul>
	 *
	 * @throws IOException naming the file and the problem
	 */
	public static void checkTiff(final Path file) throws IOException {
		final FileInfo[] infos = tiffPages(file);
		if (infos == null) return;
		final long fileSize = Files.size(file);
		for (int k = 0; k < infos.length; k++) {
			final FileInfo fi = infos[k], first = infos[0];
			if (fi.width != first.width || fi.height != first.height || fi.fileType != first.fileType)
				throw new IOException(String.format(Locale.ROOT, "TIFF file %s holds pages of different sizes or types (page 1 is %dx%d %s, page %d of %d is %dx%d %s), "
					+ "of which ImageJ would open only the first: save each image as its own file", file, first.width, first.height, typeName(first), k + 1,
					infos.length, fi.width, fi.height, typeName(fi)));
			if (fi.samplesPerPixel > 1 && isGrey(fi))
				throw new IOException("TIFF file " + file + " has " + fi.samplesPerPixel + " samples per pixel (interleaved channels), which ImageJ would read as one "
					+ "scrambled plane: save the channels as separate planes (a stack)");
		}
		double bytesHeld = 0;
		long pixels = 0;
		for (final FileInfo fi : infos) {
			if (fi.width < 1 || fi.height < 1)
				throw new IOException("Corrupt TIFF file " + file + ": it declares an image of " + fi.width + "x" + fi.height + " pixels");
			final long planePixels = (long) fi.width * fi.height;
			final int planes = Math.max(1, fi.nImages);
			final double stored = storedBytes(fi, planePixels);
			if (fi.compression <= FileInfo.COMPRESSION_NONE && stored > 0) {
				final double end = fi.getOffset() + planes * stored + (planes - 1) * (double) Math.max(0, fi.getGap());
				if (end > fileSize)
					throw new IOException(String.format(Locale.ROOT, "Truncated or inconsistent TIFF file %s: its header declares %dx%d pixels x %d plane%s (%s) at offset %d, "
						+ "which need %.0f bytes, but the file has only %d bytes", file, fi.width, fi.height, planes, planes > 1 ? "s" : "", typeName(fi),
						fi.getOffset(), end, fileSize));
			}
			if (fi.stripOffsets != null && fi.stripLengths != null)
				for (int k = 0; k < Math.min(fi.stripOffsets.length, fi.stripLengths.length); k++) {
					final long end = (fi.stripOffsets[k] & 0xffffffffL) + (fi.stripLengths[k] & 0xffffffffL);
					if (end > fileSize)
						throw new IOException("Truncated or inconsistent TIFF file " + file + ": strip " + (k + 1) + " of " + fi.stripOffsets.length + " ends at byte " + end
							+ ", but the file has only " + fileSize + " bytes");
				}
			if (planePixels > Integer.MAX_VALUE)
				throw new IOException("TIFF file " + file + " declares planes of " + fi.width + "x" + fi.height + " pixels, more than ImageJ can hold in one plane (2^31 - 1 pixels)");
			bytesHeld += (double) planes * planePixels * Math.max(1, heldBytesPerPixel(fi));
			pixels += planes * planePixels;
		}
		final Runtime rt = Runtime.getRuntime();
		final double free = rt.maxMemory() - (double) (rt.totalMemory() - rt.freeMemory());
		final double needed = bytesHeld + 4.0 * pixels;
		if (needed > free)
			throw new IOException(String.format(Locale.ROOT, "TIFF file %s declares %dx%d pixels x %d plane%s: reading it needs about %s of memory, more than the %s free "
				+ "(raise the maximum memory, e.g. java -Xmx, or Edit > Options > Memory in Fiji; or crop the image)", file, infos[0].width, infos[0].height,
				pixels / ((long) infos[0].width * infos[0].height), pixels > (long) infos[0].width * infos[0].height ? "s" : "", gib(needed), gib(free)));
	}

	/** Bytes of one uncompressed plane in the file, or 0 where the layout is not simple enough to tell. */
	private static double storedBytes(final FileInfo fi, final long planePixels) {
		switch (fi.fileType) {
			case FileInfo.BITMAP: return (double) ((fi.width + 7) / 8) * fi.height;
			case FileInfo.GRAY12_UNSIGNED: return Math.ceil(planePixels * 1.5);
			case FileInfo.GRAY8: case FileInfo.COLOR8: case FileInfo.GRAY16_SIGNED: case FileInfo.GRAY16_UNSIGNED: case FileInfo.GRAY32_INT:
			case FileInfo.GRAY32_UNSIGNED: case FileInfo.GRAY32_FLOAT: case FileInfo.GRAY64_FLOAT: case FileInfo.RGB: case FileInfo.BGR:
			case FileInfo.ARGB: case FileInfo.ABGR: case FileInfo.BARG: case FileInfo.RGB_PLANAR: case FileInfo.RGB48: case FileInfo.RGB48_PLANAR:
			case FileInfo.CMYK:
				return (double) planePixels * fi.getBytesPerPixel();
			default: return 0;
		}
	}

	/** Whether ImageJ reads this file type as grey values, one sample per pixel. */
	private static boolean isGrey(final FileInfo fi) {
		switch (fi.fileType) {
			case FileInfo.GRAY8: case FileInfo.GRAY16_SIGNED: case FileInfo.GRAY16_UNSIGNED: case FileInfo.GRAY12_UNSIGNED: case FileInfo.GRAY10_UNSIGNED:
			case FileInfo.GRAY24_UNSIGNED: case FileInfo.GRAY32_INT: case FileInfo.GRAY32_UNSIGNED: case FileInfo.GRAY32_FLOAT: case FileInfo.GRAY64_FLOAT:
			case FileInfo.BITMAP:
				return true;
			default: return false;
		}
	}

	/** Bytes per pixel of the plane ImageJ makes from this file type. */
	private static int heldBytesPerPixel(final FileInfo fi) {
		switch (fi.fileType) {
			case FileInfo.GRAY8: case FileInfo.COLOR8: case FileInfo.BITMAP: return 1;
			case FileInfo.GRAY16_SIGNED: case FileInfo.GRAY16_UNSIGNED: case FileInfo.GRAY12_UNSIGNED: case FileInfo.GRAY10_UNSIGNED: return 2;
			case FileInfo.RGB48: case FileInfo.RGB48_PLANAR: return 6;
			default: return 4;
		}
	}

	private static String typeName(final FileInfo fi) {
		final int bytes = fi.fileType == FileInfo.BITMAP ? 0 : fi.getBytesPerPixel();
		return bytes == 0 ? "1-bit" : (8 * bytes) + "-bit";
	}

	private static String gib(final double bytes) {
		return bytes >= (1L << 30) ? String.format(Locale.ROOT, "%.1f GiB", bytes / (1L << 30)) : String.format(Locale.ROOT, "%.0f MiB", bytes / (1L << 20));
	}

	/** {@link #planes(ImagePlus, boolean)} without colour conversion: colour images are rejected. */
	public static float[][] planes(final ImagePlus imp) {
		return planes(imp, false);
	}

	/**
	 * Every plane of {@code imp} (in stack order: channel fastest, then slice, then frame), each as
	 * a new {@code width * height} float array in row-major order.
	 * <ul>
	 * <li>8-bit and 16-bit: the raw (unsigned) values, or the calibrated values when the image has
	 * a density calibration function (for example signed 16-bit images).</li>
	 * <li>32-bit: a copy of the values.</li>
	 * <li>RGB ({@link ImagePlus#COLOR_RGB}): if {@code rgbToLuminance},
	 * {@code 0.299 R + 0.587 G + 0.114 B} (not rounded); otherwise rejected.</li>
	 * <li>Indexed colour ({@link #indexedColour}: {@link ImagePlus#COLOR_256}, or 8-bit with a palette
	 * that is not a pseudo-colour ramp): if {@code rgbToLuminance}, the same luminance of each index's
	 * LUT colour; otherwise rejected. (8-bit grey images shown with a ramp LUT, Fire or Green, keep their
	 * raw values.)</li>
	 * </ul>
	 *
	 * @throws IllegalArgumentException for colour images when {@code rgbToLuminance} is false
	 */
	public static float[][] planes(final ImagePlus imp, final boolean rgbToLuminance) {
		final int type = imp.getType();
		if (!rgbToLuminance && type == ImagePlus.COLOR_RGB)
			throw new IllegalArgumentException(rgbMessage(imp));
		final boolean indexed = indexedColour(imp);
		if (!rgbToLuminance && indexed)
			throw new IllegalArgumentException(INDEXED_MESSAGE + " (image \"" + imp.getTitle() + "\")");
		final ImageStack stack = imp.getStack();
		final int size = imp.getWidth() * imp.getHeight();
		final float[] table = valueTable(imp);
		final float[][] planes = new float[stack.getSize()][];
		for (int i = 0; i < planes.length; i++) {
			final Object pixels = stack.getPixels(i + 1);
			if (indexed)
				planes[i] = indexedLuminance((byte[]) pixels, stack.getProcessor(i + 1), size);
			else
				planes[i] = toFloat(pixels, table, size);
		}
		return planes;
	}

	/**
	 * The refusal of an RGB image; one whose three channels are equal everywhere is grey stored as RGB, as
	 * ImageJ opens a grey PNG with an alpha channel, and the message says so.
	 */
	static String rgbMessage(final ImagePlus imp) {
		final ImageStack stack = imp.getStack();
		boolean grey = true;
		for (int i = 1; i <= stack.getSize() && grey; i++)
			for (final int c : (int[]) stack.getPixels(i))
				if (((c >> 16) & 0xff) != ((c >> 8) & 0xff) || ((c >> 8) & 0xff) != (c & 0xff)) {
					grey = false;
					break;
				}
		return (grey ? "RGB images are not supported, and this one is grey stored as RGB (as ImageJ opens a grey PNG with an alpha channel): save it as "
			+ "8-bit grey without the alpha channel, or convert it (Image > Type > 8-bit)" : RGB_MESSAGE) + " (image \"" + imp.getTitle() + "\")";
	}

	/**
	 * Whether the 8-bit values of {@code imp} index a colour palette rather than measure intensities:
	 * ImageJ's 8-bit colour type, or 8-bit grey with a colour LUT that is not a pseudo-colour ramp
	 * ({@link ImageProcessor#isPseudoColorLut()}), as ImageJ opens a GIF or a palette TIFF. Grey images
	 * shown with a ramp LUT (Fire, Green...) are not.
	 */
	static boolean indexedColour(final ImagePlus imp) {
		if (imp.getType() == ImagePlus.COLOR_256) return true;
		if (imp.getType() != ImagePlus.GRAY8) return false;
		final ImageProcessor ip = imp.getProcessor();
		return ip.isColorLut() && !ip.isPseudoColorLut();
	}

	/** Lookup table from raw 8/16-bit values to floats: the calibration table, or null for raw values. */
	private static float[] valueTable(final ImagePlus imp) {
		final int type = imp.getType();
		if (type != ImagePlus.GRAY8 && type != ImagePlus.GRAY16) return null;
		final Calibration cal = imp.getCalibration();
		return cal.calibrated() ? cal.getCTable() : null;
	}

	private static float[] toFloat(final Object pixels, final float[] table, final int size) {
		final float[] out = new float[size];
		if (pixels instanceof byte[]) {
			final byte[] p = (byte[]) pixels;
			for (int k = 0; k < size; k++)
				out[k] = table == null ? (p[k] & 0xff) : table[p[k] & 0xff];
		} else if (pixels instanceof short[]) {
			final short[] p = (short[]) pixels;
			for (int k = 0; k < size; k++)
				out[k] = table == null ? (p[k] & 0xffff) : table[p[k] & 0xffff];
		} else if (pixels instanceof float[]) {
			System.arraycopy(pixels, 0, out, 0, size);
		} else if (pixels instanceof int[]) {
			final int[] p = (int[]) pixels;
			for (int k = 0; k < size; k++)
				out[k] = luminance(p[k]);
		} else {
			throw new IllegalArgumentException("Unsupported pixel array type: " + (pixels == null ? "null" : pixels.getClass().getSimpleName()));
		}
		return out;
	}

	private static float[] indexedLuminance(final byte[] pixels, final ImageProcessor ip, final int size) {
		final IndexColorModel cm = (IndexColorModel) ip.getColorModel();
		final float[] lut = new float[256];
		for (int v = 0; v < Math.min(256, cm.getMapSize()); v++)
			lut[v] = luminance(cm.getRGB(v));
		final float[] out = new float[size];
		for (int k = 0; k < size; k++)
			out[k] = lut[pixels[k] & 0xff];
		return out;
	}

	/** {@code 0.299 R + 0.587 G + 0.114 B} of a packed {@code 0xRRGGBB} colour. */
	static float luminance(final int rgb) {
		return (float) (LUMA_R * ((rgb >> 16) & 0xff) + LUMA_G * ((rgb >> 8) & 0xff) + LUMA_B * (rgb & 0xff));
	}

	/**
	 * {@link #saveFloatTiff(Path, int, int, int, int, int, float[][], Calibration, String)} with
	 * the planes as slices (z) of one channel and one frame.
	 */
	public static void saveFloatTiff(final Path out, final int width, final int height, final float[][] planes,
		final Calibration cal, final String title) throws IOException
	{
		saveFloatTiff(out, width, height, 1, planes.length, 1, planes, cal, title);
	}

	/**
	 * Writes {@code planes} as a 32-bit TIFF readable by ImageJ: one image for one plane, otherwise
	 * a hyperstack of {@code channels x slices x frames} planes in ImageJ's stack order (channel
	 * fastest). The spatial and temporal calibration of {@code cal} (pixel width, height and depth,
	 * units, origin, frame interval) is kept; a density calibration function is dropped since the
	 * values are written as they are. {@code cal} may be null (uncalibrated).
	 * <p>
	 * The file is written to a temporary file in the same folder and then moved onto {@code out}
	 * (atomically where the file system allows), replacing any existing file; missing parent
	 * folders are created. Callers must give a new path, not the input's: see
	 * {@link OutputPaths#requireNotSame(Path, Path)}. The planes are not modified.
	 *
	 * @throws IllegalArgumentException if the dimensions do not match the planes
	 * @throws IOException if writing fails; the message names the file
	 */
	public static void saveFloatTiff(final Path out, final int width, final int height, final int channels,
		final int slices, final int frames, final float[][] planes, final Calibration cal, final String title)
		throws IOException
	{
		if (width < 1 || height < 1)
			throw new IllegalArgumentException("Image size must be positive, got " + width + "x" + height);
		if (channels < 1 || slices < 1 || frames < 1 || (long) channels * slices * frames != planes.length)
			throw new IllegalArgumentException("channels x slices x frames = " + channels + "x" + slices + "x" + frames + " does not match " + planes.length + " planes");
		final ImageStack stack = new ImageStack(width, height);
		for (int i = 0; i < planes.length; i++) {
			if (planes[i] == null || planes[i].length != width * height)
				throw new IllegalArgumentException("Plane " + i + " has " + (planes[i] == null ? "no" : planes[i].length) + " pixels, expected " + width + "x" + height + " = " + (width * height));
			stack.addSlice(null, new FloatProcessor(width, height, planes[i]));
		}
		final ImagePlus imp = new ImagePlus(title == null ? out.getFileName().toString() : title, stack);
		imp.setDimensions(channels, slices, frames);
		imp.setOpenAsHyperStack(channels > 1 || frames > 1);
		if (cal != null) imp.setCalibration(cal.copy());
		save(imp, out);
	}

	/**
	 * Writes a 32-bit image or (hyper)stack as a TIFF, through a temporary file moved into place as
	 * described for {@link #saveFloatTiff(Path, int, int, int, int, int, float[][], Calibration, String)};
	 * a density calibration function is dropped (the values are written as they are); the slice labels, the
	 * {@code Info} property and a composite image's mode and channel LUTs are written with it. {@code imp}
	 * is not modified.
	 *
	 * @throws IllegalArgumentException if the image is not 32-bit or {@code out} is not named .tif or .tiff
	 * @throws IOException if writing fails; the message names the file
	 */
	public static void save(final ImagePlus image, final Path out) throws IOException {
		if (image.getType() != ImagePlus.GRAY32)
			throw new IllegalArgumentException("Only 32-bit images are written, \"" + image.getTitle() + "\" has " + image.getBitDepth() + " bits");
		OutputPaths.requireTiffName(out, "Output");
		final ImagePlus plain = new ImagePlus(image.getTitle(), image.getStack());
		plain.setDimensions(image.getNChannels(), image.getNSlices(), image.getNFrames());
		plain.setOpenAsHyperStack(image.getNChannels() > 1 || image.getNFrames() > 1);
		final Calibration c = image.getCalibration().copy();
		c.disableDensityCalibration();
		plain.setCalibration(c);
		final ImagePlus imp = ImagePlusImgs.withMetadataOf(plain, image, true);
		final int planeCount = imp.getStackSize();

		final Path target = out.toAbsolutePath();
		final Path dir = target.getParent();
		if (dir == null)
			throw new IOException("Output has no parent folder: " + out);
		Files.createDirectories(dir);
		final Path tmp = AtomicFiles.temporary(target);
		try {
			final FileSaver saver = new FileSaver(imp);
			final boolean ok;
			IJ.redirectErrorMessages(true);
			try {
				ok = planeCount > 1 ? saver.saveAsTiffStack(tmp.toString()) : saver.saveAsTiff(tmp.toString());
			} finally {
				IJ.redirectErrorMessages(false);
			}
			if (!ok)
				throw new IOException("ImageJ could not write the TIFF file " + out);
			AtomicFiles.commit(tmp, target);
		} finally {
			Files.deleteIfExists(tmp);
		}
	}
}
