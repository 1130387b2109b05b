/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import java.util.ArrayList;
import java.util.List;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import net.imglib2.util.Fraction;

/**
 * Zero-copy views of ImageJ 1 images as ImgLib2 images and back.
 * <p>
 * An {@link ImagePlus} of width W, height H and S stack planes (channels fastest, then slices, then
 * frames, as ImageJ orders them) is viewed as a 3D image [x, y, plane] of size W x H x S whose planes are
 * the stack's own pixel arrays: writes through a view change the ImagePlus and nothing is copied.
 * 8-bit and 16-bit images are viewed as float values through a read-only converter that applies the
 * image's density calibration when it has one (for example signed 16-bit), the same values as
 * {@link ImageFiles#planes}. Colour images (RGB, indexed) are rejected with a clear message.
 */
public final class ImagePlusImgs {

	private ImagePlusImgs() {}

	/**
	 * Throws unless {@code imp} is a 32-bit (float) image, as measured k-space must be: its real and
	 * imaginary parts are fractional and as often negative as positive, which an 8- or 16-bit image (even
	 * a signed 16-bit one) has rounded or clipped, so converting it afterwards brings nothing back.
	 *
	 * @param name how the message names the image (a file, a window title)
	 * @throws IllegalArgumentException naming {@code name}, its bit depth and what to do
	 */
	public static void requireFloatKspace(final ImagePlus imp, final String name) {
		if (imp.getType() == ImagePlus.GRAY32) return;
		throw new IllegalArgumentException("The k-space " + name + " is a " + imp.getBitDepth() + "-bit image, which cannot hold the fractional and negative "
			+ "real and imaginary parts of k-space: save them from the complex data as a 2-slice 32-bit (float) stack (converting this image to 32-bit "
			+ "does not bring back the values it lost)");
	}

	/**
	 * A float view [x, y, plane] of every plane of {@code imp} (see the class description).
	 *
	 * @throws IllegalArgumentException for RGB and indexed-colour images ({@link ImageFiles#indexedColour})
	 */
	public static RandomAccessibleInterval<FloatType> wrap(final ImagePlus imp) {
		final int type = imp.getType();
		switch (type) {
			case ImagePlus.GRAY32:
				return wrapFloat(imp);
			case ImagePlus.GRAY8: {
				if (ImageFiles.indexedColour(imp)) throw new IllegalArgumentException(ImageFiles.INDEXED_MESSAGE + " (image \"" + imp.getTitle() + "\")");
				final PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<UnsignedByteType, ByteArray>(arrays(imp, p -> new ByteArray((byte[]) p)), dims(imp), new Fraction());
				img.setLinkedType(new UnsignedByteType(img));
				final float[] table = table(imp);
				return Converters.convert((RandomAccessibleInterval<UnsignedByteType>) img,
					(in, out) -> out.set(table == null ? in.get() : table[in.get()]), new FloatType());
			}
			case ImagePlus.GRAY16: {
				final PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<UnsignedShortType, ShortArray>(arrays(imp, p -> new ShortArray((short[]) p)), dims(imp), new Fraction());
				img.setLinkedType(new UnsignedShortType(img));
				final float[] table = table(imp);
				return Converters.convert((RandomAccessibleInterval<UnsignedShortType>) img,
					(in, out) -> out.set(table == null ? in.get() : table[in.get()]), new FloatType());
			}
			case ImagePlus.COLOR_RGB:
				throw new IllegalArgumentException(ImageFiles.rgbMessage(imp));
			default:
				throw new IllegalArgumentException(ImageFiles.INDEXED_MESSAGE + " (image \"" + imp.getTitle() + "\")");
		}
	}

	/**
	 * The planes of a 32-bit {@code imp} as a {@link PlanarImg} [x, y, plane] over the stack's own float
	 * arrays.
	 *
	 * @throws IllegalArgumentException if the image is not 32-bit
	 */
	public static PlanarImg<FloatType, FloatArray> wrapFloat(final ImagePlus imp) {
		if (imp.getType() != ImagePlus.GRAY32)
			throw new IllegalArgumentException("Expected a 32-bit image, \"" + imp.getTitle() + "\" has " + imp.getBitDepth() + " bits");
		final PlanarImg<FloatType, FloatArray> img = new PlanarImg<FloatType, FloatArray>(arrays(imp, p -> new FloatArray((float[]) p)), dims(imp), new Fraction());
		img.setLinkedType(new FloatType(img));
		return img;
	}


	/**
	 * Every plane of {@code imp} as floats, {@code [plane][x + width * y]}: a 32-bit image's own pixel
	 * arrays (no copy; to be read only), else new arrays converted as {@link #wrap} does.
	 *
	 * @throws IllegalArgumentException for RGB and indexed-colour images
	 */
	public static float[][] floatPlanes(final ImagePlus imp) {
		final RandomAccessibleInterval<FloatType> view = wrap(imp);
		final float[][] planes = new float[imp.getStackSize()][];
		for (int i = 0; i < planes.length; i++) {
			if (imp.getType() == ImagePlus.GRAY32) planes[i] = (float[]) imp.getStack().getPixels(i + 1);
			else {
				planes[i] = new float[imp.getWidth() * imp.getHeight()];
				final Cursor<FloatType> c = Views.flatIterable(Views.hyperSlice(view, 2, i)).cursor();
				for (int k = 0; c.hasNext(); k++) planes[i][k] = c.next().get();
			}
		}
		return planes;
	}

	/**
	 * A 32-bit ImagePlus over the planes of {@code img} [x, y, plane] (no copy), as a hyperstack of
	 * {@code channels x slices x frames} planes when that product is the number of planes.
	 */
	public static ImagePlus toImagePlus(final PlanarImg<FloatType, FloatArray> img, final int channels, final int slices, final int frames,
		final String title, final Calibration calibration)
	{
		final float[][] planes = new float[img.numSlices()][];
		for (int i = 0; i < planes.length; i++) planes[i] = img.getPlane(i).getCurrentStorageArray();
		return toImagePlus(planes, (int) img.dimension(0), (int) img.dimension(1), channels, slices, frames, title, calibration);
	}

	/**
	 * A 32-bit ImagePlus over {@code planes} ({@code [plane][x + width * y]}, no copy), as a hyperstack of
	 * {@code channels x slices x frames} planes when that product is the number of planes.
	 */
	public static ImagePlus toImagePlus(final float[][] planes, final int w, final int h, final int channels, final int slices, final int frames,
		final String title, final Calibration calibration)
	{
		final int n = planes.length;
		if ((long) channels * slices * frames != n)
			throw new IllegalArgumentException("channels x slices x frames = " + channels + " x " + slices + " x " + frames + " but the image has " + n + " planes");
		final ImageStack stack = new ImageStack(w, h);
		for (int i = 0; i < n; i++) stack.addSlice(null, planes[i]);
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(channels, slices, frames);
		if (n > 1) imp.setOpenAsHyperStack(channels > 1 || (slices > 1 && frames > 1));
		if (calibration != null) imp.setCalibration(calibration.copy());
		final FloatProcessor first = (FloatProcessor) imp.getProcessor();
		first.resetMinAndMax();
		imp.setDisplayRange(first.getMin(), first.getMax());
		return imp;
	}

	/**
	 * {@code result} with what it keeps of the metadata of {@code input}, the image it was restored from,
	 * beyond the calibration and dimensions that {@link #toImagePlus} sets: the slice labels (when both
	 * have as many planes) and the {@code Info} property (acquisition notes, OME or microscope metadata);
	 * with {@code display}, also a composite input's display mode and channel LUTs (each channel's display
	 * range fitted to the result's values), as a {@link CompositeImage}. The input is not modified.
	 */
	public static ImagePlus withMetadataOf(final ImagePlus result, final ImagePlus input, final boolean display) {
		final ImageStack in = input.getStack(), out = result.getStack();
		if (in.getSize() == out.getSize())
			for (int i = 1; i <= in.getSize(); i++) out.setSliceLabel(in.getSliceLabel(i), i);
		final Object info = input.getProperty("Info");
		if (info != null) result.setProperty("Info", info);
		if (!display || !input.isComposite() || input.getNChannels() != result.getNChannels()) return result;
		final CompositeImage from = (CompositeImage) input;
		final CompositeImage to = new CompositeImage(result, from.getMode());
		to.setProperty("Info", result.getProperty("Info"));
		for (int c = 1; c <= from.getNChannels(); c++) to.setChannelLut(from.getChannelLut(c), c);
		to.resetDisplayRanges();
		return to;
	}

	private interface ArrayWrapper<A> {
		A wrap(Object pixels);
	}

	private static <A> List<A> arrays(final ImagePlus imp, final ArrayWrapper<A> wrapper) {
		final ImageStack stack = imp.getStack();
		final List<A> list = new ArrayList<>(stack.getSize());
		for (int i = 1; i <= stack.getSize(); i++) list.add(wrapper.wrap(stack.getPixels(i)));
		return list;
	}

	private static long[] dims(final ImagePlus imp) {
		return new long[] { imp.getWidth(), imp.getHeight(), imp.getStackSize() };
	}

	/** The density calibration's value table of an 8/16-bit image, or null for raw values. */
	private static float[] table(final ImagePlus imp) {
		final Calibration cal = imp.getCalibration();
		return cal.calibrated() ? cal.getCTable() : null;
	}
}
