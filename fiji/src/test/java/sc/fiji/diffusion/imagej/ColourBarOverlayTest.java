/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.io.FileSaver;
import ij.plugin.LutLoader;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.LUT;

/** The colour bar that {@link UncertaintyDisplay#style} draws on an uncertainty map, headless. */
class ColourBarOverlayTest {

	private static final LUT FIRE = new LUT(LutLoader.getLut("fire"), 0, 1);

	@Test
	void styleDrawsTheFireRampLabelledWithZeroTheMiddleAndTheTopOfTheDisplayRange() {
		final ImagePlus std = map(200, 120, 1, 1);
		final float[][] before = pixels(std);
		UncertaintyDisplay.style(std, "noisy-denoise", "denoise");
		final double top = std.getDisplayRangeMax();
		assertTrue(top > 0);
		final Overlay overlay = std.getOverlay();
		assertNotNull(overlay, "no colour bar");
		assertEquals(overlay.size(), names(overlay, ColourBarOverlay.NAME), "all items named as ImageJ's calibration bar's");
		assertBar(overlay, top, std.getWidth(), std.getHeight());
		assertArrayEquals(before, pixels(std), "the pixels are unchanged");
		assertTrue(((String) std.getProperty("Info")).contains("Colour bar:"));
	}

	@Test
	void oneOverlayShowsTheBarOnAllSlicesOfAStack() {
		final ImagePlus std = map(64, 48, 5, 2);
		final float[][] before = pixels(std);
		UncertaintyDisplay.style(std, "stack", "deconvolve");
		final Overlay overlay = std.getOverlay();
		assertBar(overlay, std.getDisplayRangeMax(), 64, 48);
		for (final Roi roi : overlay) assertEquals(0, roi.getPosition(), "shown on all slices");
		assertArrayEquals(before, pixels(std));
	}

	@Test
	void aTinyImageGetsABarOfAFewPixelsAndReadableLabels() {
		final ImagePlus std = map(16, 16, 1, 3);
		final float[][] before = pixels(std);
		UncertaintyDisplay.style(std, "tiny", "mri");
		final Overlay overlay = std.getOverlay();
		assertBar(overlay, std.getDisplayRangeMax(), 16, 16);
		final ImageRoi ramp = only(overlay, ImageRoi.class).get(0);
		assertTrue(ramp.getProcessor().getWidth() >= 4 && ramp.getProcessor().getHeight() >= 8);
		for (final TextRoi text : only(overlay, TextRoi.class))
			assertTrue(text.getCurrentFont().getSize() >= ColourBarOverlay.MIN_FONT_SIZE);
		assertArrayEquals(before, pixels(std));
	}

	@Test
	void theBarIsSizedToTheImageInItsUpperRightCorner() {
		final ImagePlus std = UncertaintyDisplay.style(map(600, 400, 1, 4), "big", "denoise");
		final Rectangle bar = only(std.getOverlay(), ImageRoi.class).get(0).getBounds();
		assertEquals(Math.round(0.6 * 400), bar.height);
		assertEquals(Math.round(0.04 * 600), bar.width);
		assertTrue(bar.x > 600 / 2 && bar.y < 400 / 4, "upper right: " + bar);
		final Roi panel = only(std.getOverlay(), Roi.class).stream().filter(r -> r.getFillColor() != null).findFirst().get();
		assertTrue(panel.getFillColor().getAlpha() > 0 && panel.getFillColor().getAlpha() < 255, "semi-transparent background");
		assertTrue(panel.getBounds().contains(bar) && panel.getBounds().x + panel.getBounds().width <= 600, "inside the image");
	}

	@Test
	void stylingAgainReplacesTheBarAndKeepsOtherOverlayItems() {
		final ImagePlus std = map(80, 60, 1, 5);
		final Overlay mine = new Overlay(new Roi(1, 1, 5, 5));
		std.setOverlay(mine);
		UncertaintyDisplay.style(std, "again", "denoise");
		final int once = std.getOverlay().size();
		UncertaintyDisplay.style(std, "again", "denoise");
		assertEquals(once, std.getOverlay().size());
		assertEquals(1, once - names(std.getOverlay(), ColourBarOverlay.NAME), "the user's item stays");
	}

	@Test
	void anRgbImageGetsAGreyRampWithoutExceptions() {
		final ImagePlus rgb = new ImagePlus("rgb", new ColorProcessor(32, 32));
		ColourBarOverlay.add(rgb, "caption");
		final ImageRoi ramp = only(rgb.getOverlay(), ImageRoi.class).get(0);
		assertEquals(0xffffff, ramp.getProcessor().get(0, 0) & 0xffffff);
		assertEquals(0, ramp.getProcessor().get(0, ramp.getProcessor().getHeight() - 1) & 0xffffff);
	}

	@Test
	void theBarSurvivesATiffRoundTrip(@TempDir final Path dir) {
		for (final int slices : new int[] { 1, 3 }) {
			final ImagePlus std = UncertaintyDisplay.style(map(96, 72, slices, 6), "saved", "denoise");
			final String file = dir.resolve("std" + slices + ".tif").toString();
			assertTrue(slices == 1 ? new FileSaver(std).saveAsTiff(file) : new FileSaver(std).saveAsTiffStack(file));
			final ImagePlus back = IJ.openImage(file);
			assertNotNull(back.getOverlay(), "the overlay is stored in the TIFF");
			assertEquals(std.getOverlay().size(), back.getOverlay().size());
			assertBar(back.getOverlay(), std.getDisplayRangeMax(), 96, 72);
			assertArrayEquals(pixels(std), pixels(back), "the saved pixels are the map's");
		}
	}

	/** The overlay holds the ramp (top: Fire at {@code top}, bottom: Fire at 0), its frame, the caption and 3 labels. */
	private static void assertBar(final Overlay overlay, final double top, final int w, final int h) {
		final List<ImageRoi> ramps = only(overlay, ImageRoi.class);
		assertEquals(1, ramps.size());
		final ImageRoi ramp = ramps.get(0);
		final int rh = ramp.getProcessor().getHeight();
		assertInstanceOf(ColorProcessor.class, ramp.getProcessor());
		assertEquals(FIRE.getRGB(255) & 0xffffff, ramp.getProcessor().get(0, 0) & 0xffffff, "top = Fire at the display max");
		assertEquals(FIRE.getRGB(0) & 0xffffff, ramp.getProcessor().get(0, rh - 1) & 0xffffff, "bottom = Fire at 0");
		assertTrue(ramp.getBounds().intersects(new Rectangle(0, 0, w, h)), "on the image");
		assertTrue(only(overlay, Roi.class).stream().anyMatch(r -> r.getStrokeColor() != null && r.getType() == Roi.RECTANGLE
			&& !(r instanceof ImageRoi) && !(r instanceof TextRoi) && r.getBounds().equals(ramp.getBounds())), "a frame around the ramp");

		final List<TextRoi> labels = new ArrayList<>();
		boolean caption = false;
		for (final TextRoi text : only(overlay, TextRoi.class)) {
			if (text.getText().trim().equals(UncertaintyDisplay.BAR_CAPTION)) caption = true;
			else labels.add(text);
		}
		assertTrue(caption, "the caption");
		assertEquals(3, labels.size(), "three value labels");
		labels.sort(Comparator.comparingDouble((final TextRoi t) -> t.getFloatBounds().getCenterY()).reversed()); // bottom first
		final Rectangle bar = ramp.getBounds();
		final double[] values = { 0, top / 2, top }, rows = { bar.y + bar.height - 1, bar.y + (bar.height - 1) / 2.0, bar.y };
		for (int i = 0; i < 3; i++) {
			final String s = labels.get(i).getText().trim();
			assertEquals(ColourBarOverlay.label(values[i]), s, "%.3g of the value");
			assertEquals(values[i], Double.parseDouble(s), values[i] * 5e-3, "label " + i);
			assertEquals(rows[i], labels.get(i).getFloatBounds().getCenterY(), 2, "label " + s + " beside its value on the ramp");
		}
	}

	private static <T extends Roi> List<T> only(final Overlay overlay, final Class<T> type) {
		final List<T> found = new ArrayList<>();
		for (final Roi roi : overlay) if (type.isInstance(roi)) found.add(type.cast(roi));
		return found;
	}

	private static int names(final Overlay overlay, final String name) {
		int n = 0;
		for (final Roi roi : overlay) if (name.equals(roi.getName())) n++;
		return n;
	}

	/** A non-negative float map of {@code slices} planes, a ramp plus noise. */
	private static ImagePlus map(final int w, final int h, final int slices, final long seed) {
		final Random random = new Random(seed);
		final ImageStack stack = new ImageStack(w, h);
		for (int s = 0; s < slices; s++) {
			final float[] px = new float[w * h];
			for (int k = 0; k < px.length; k++) px[k] = (float) (0.01 * (k % w) + 0.05 * random.nextDouble() + 0.1 * s);
			stack.addSlice(new FloatProcessor(w, h, px));
		}
		return new ImagePlus("std", stack);
	}

	private static float[][] pixels(final ImagePlus imp) {
		final float[][] all = new float[imp.getStackSize()][];
		for (int s = 0; s < all.length; s++) all[s] = ((float[]) imp.getStack().getPixels(s + 1)).clone();
		return all;
	}
}
