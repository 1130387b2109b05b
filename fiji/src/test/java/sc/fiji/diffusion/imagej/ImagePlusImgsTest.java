/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;

/** Views share the ImagePlus's pixel arrays, in ImageJ's plane order, with ImageFiles' values. */
class ImagePlusImgsTest {

	@Test
	void aFloatStackIsViewedWithoutCopyingAndWritesGoThrough() {
		final ImageStack stack = new ImageStack(5, 4);
		for (int i = 0; i < 6; i++) {
			final float[] p = new float[20];
			for (int k = 0; k < 20; k++) p[k] = 100 * i + k;
			stack.addSlice(new FloatProcessor(5, 4, p));
		}
		final ImagePlus imp = new ImagePlus("s", stack);
		imp.setDimensions(2, 3, 1);
		final PlanarImg<FloatType, FloatArray> img = ImagePlusImgs.wrapFloat(imp);
		assertEquals(5, img.dimension(0));
		assertEquals(4, img.dimension(1));
		assertEquals(6, img.dimension(2));
		for (int i = 0; i < 6; i++) assertSame(stack.getPixels(i + 1), img.getPlane(i).getCurrentStorageArray());
		final RandomAccess<FloatType> ra = img.randomAccess();
		ra.setPosition(new long[] { 3, 2, 4 });
		assertEquals(400 + 2 * 5 + 3, ra.get().get());
		ra.get().set(-7);
		assertEquals(-7, ((float[]) stack.getPixels(5))[13]);

		final Calibration cal = new Calibration();
		cal.pixelWidth = 0.2;
		final ImagePlus back = ImagePlusImgs.toImagePlus(img, 2, 3, 1, "back", cal);
		assertSame(img.getPlane(2).getCurrentStorageArray(), back.getStack().getPixels(3));
		assertEquals(2, back.getNChannels());
		assertEquals(3, back.getNSlices());
		assertEquals(0.2, back.getCalibration().pixelWidth);
	}

	@Test
	void integerImagesAreViewedAsTheValuesImageFilesReads() {
		final ShortProcessor sp = new ShortProcessor(3, 2, new short[] { 0, 1, (short) 40000, 5, (short) 65535, 7 }, null);
		final ImagePlus signed = new ImagePlus("s16", sp);
		signed.getCalibration().setSigned16BitCalibration();
		final ImagePlus bytes = new ImagePlus("u8", new ByteProcessor(3, 2, new byte[] { 0, 1, (byte) 200, 3, (byte) 255, 5 }));
		for (final ImagePlus imp : new ImagePlus[] { signed, bytes }) {
			final RandomAccessibleInterval<FloatType> view = ImagePlusImgs.wrap(imp);
			final float[] expected = ImageFiles.planes(imp)[0];
			final RandomAccess<FloatType> ra = view.randomAccess();
			for (int k = 0; k < 6; k++) {
				ra.setPosition(new long[] { k % 3, k / 3, 0 });
				assertEquals(expected[k], ra.get().get(), imp.getTitle() + " pixel " + k);
			}
		}
		assertEquals(-32768f, ImageFiles.planes(signed)[0][0]);
	}

	@Test
	void colourImagesAreRefusedWithWhatToDo() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImagePlusImgs.wrap(new ImagePlus("c", new ColorProcessor(4, 4))));
		assertTrue(e.getMessage().contains("Image > Type"), e.getMessage());
	}

	/**
	 * A restored image keeps its input's slice labels, Info and composite display (mode, channel LUTs), in
	 * memory and through the TIFF it is written to; the map ({@code display} false) keeps the labels and Info only.
	 */
	@Test
	void theResultKeepsTheInputsLabelsInfoAndChannelColours(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) throws Exception {
		final ImageStack stack = new ImageStack(16, 16);
		for (int k = 0; k < 4; k++) stack.addSlice("plane " + k, new FloatProcessor(16, 16, new float[256]));
		final ImagePlus plain = new ImagePlus("in", stack);
		plain.setDimensions(2, 1, 2);
		final ij.CompositeImage input = new ij.CompositeImage(plain, ij.CompositeImage.COMPOSITE);
		input.setChannelLut(ij.process.LUT.createLutFromColor(java.awt.Color.green), 1);
		input.setChannelLut(ij.process.LUT.createLutFromColor(java.awt.Color.magenta), 2);
		input.setProperty("Info", "Acquisition: exposure=100ms");
		final float[][] planes = new float[4][256];
		for (int k = 0; k < 4; k++) java.util.Arrays.fill(planes[k], k + 1);
		final ImagePlus result = ImagePlusImgs.withMetadataOf(ImagePlusImgs.toImagePlus(planes, 16, 16, 2, 1, 2, "out", null), input, true);
		final java.nio.file.Path file = dir.resolve("out.tif");
		ImageFiles.save(result, file);
		for (final ImagePlus r : new ImagePlus[] { result, ImageFiles.open(file) }) {
			assertEquals("plane 2", r.getStack().getSliceLabel(3));
			assertEquals("Acquisition: exposure=100ms", r.getProperty("Info"));
			assertTrue(r.isComposite(), "composite");
			assertEquals(ij.CompositeImage.COMPOSITE, ((ij.CompositeImage) r).getMode());
			assertEquals(java.awt.Color.magenta.getRGB(), ((ij.CompositeImage) r).getChannelLut(2).getRGB(255), "channel 2 stays magenta");
		}
		final ImagePlus map = ImagePlusImgs.withMetadataOf(ImagePlusImgs.toImagePlus(planes, 16, 16, 2, 1, 2, "map", null), input, false);
		assertEquals("plane 3", map.getStack().getSliceLabel(4));
		assertTrue(!map.isComposite(), "the map keeps its own display");
		assertEquals(4, input.getStackSize(), "the input is not modified");
	}
}
