/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import java.awt.Color;
import java.awt.Font;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.LUT;

/**
 * A colour bar drawn on an image as an overlay, as ImageJ's Analyze &gt; Tools &gt; Calibration Bar draws it,
 * but without needing a display (it works headless) and sized to the image: in the upper-right corner, on a
 * semi-transparent dark panel, a vertical ramp of the image's colour table over its display range (top = display
 * maximum, bottom = display minimum) in a thin white frame, labelled with the values of the minimum, the middle and
 * the maximum ({@code %.3g}, calibrated values where the image has a calibration function), and a caption below
 * it. The overlay's items are shown on all slices of a stack, are stored in a TIFF saved by ImageJ and are named
 * {@value #NAME} like ImageJ's own calibration bar (which replaces them when a user draws one). The pixels of the
 * image are not changed.
 */
public final class ColourBarOverlay {

	/** The name of all the overlay items of a colour bar (ImageJ's name for its calibration bar's items). */
	public static final String NAME = "|CB|";

	/** The bar's height as a fraction of the image's height. */
	static final double BAR_HEIGHT = 0.6;

	/** The bar's width as a fraction of the image's width. */
	static final double BAR_WIDTH = 0.04;

	/** The smallest font size of the labels, in pixels. */
	static final int MIN_FONT_SIZE = 9;

	private static final Color PANEL = new Color(0, 0, 0, 170);

	private static final Color INK = Color.white;

	private ColourBarOverlay() {}

	/**
	 * Adds a colour bar with the given caption to the overlay of {@code imp} (creating one if it has none and
	 * replacing an earlier colour bar or calibration bar) for the current colour table and display range of
	 * {@code imp}, and returns the overlay. The overlay is flagged as a calibration bar, so that ImageJ's
	 * Brightness/Contrast dialog refuses to change the display range under it (as for ImageJ's own bar); removing
	 * the overlay lifts that, and a TIFF does not store the flag. An image without a colour table (RGB) gets a grey
	 * ramp.
	 */
	public static Overlay add(final ImagePlus imp, final String caption) {
		final int w = imp.getWidth(), h = imp.getHeight();
		final int fontSize = Math.max(MIN_FONT_SIZE, (int) Math.round(Math.min(w, h) / 36.0));
		final Font font = new Font("SansSerif", Font.PLAIN, fontSize);
		final int inset = Math.max(2, (w + h) / 100), pad = Math.max(2, fontSize / 3);
		final int barHeight = Math.max(8, (int) Math.round(BAR_HEIGHT * h));
		final int barWidth = Math.max(4, (int) Math.round(BAR_WIDTH * w));

		final double min = imp.getDisplayRangeMin(), max = imp.getDisplayRangeMax();
		final double[] fractions = { 0, 0.5, 1 }; // of the display range, bottom to top
		final Calibration cal = imp.getCalibration();
		final TextRoi[] labels = new TextRoi[fractions.length];
		int labelWidth = 0;
		for (int i = 0; i < labels.length; i++) {
			labels[i] = text(label(cal.getCValue(min + fractions[i] * (max - min))), font);
			labelWidth = Math.max(labelWidth, labels[i].getBounds().width);
		}
		final TextRoi captionText = text(caption, font);
		final int labelHeight = labels[0].getBounds().height, captionHeight = captionText.getBounds().height;

		// the panel: the bar with the labels on its right, centred on their values, and the caption below it (on a
		// tiny image that the panel covers, the bar's top rows stay on the image)
		final int panelWidth = 2 * pad + Math.max(captionText.getBounds().width, barWidth + pad + labelWidth);
		final int panelHeight = 3 * pad + captionHeight + labelHeight + barHeight;
		final int x = Math.max(0, w - inset - panelWidth), y = inset;
		final int barX = x + pad, barY = y + pad + labelHeight / 2;

		final Roi panel = new Roi(x, y, panelWidth, panelHeight);
		panel.setFillColor(PANEL);
		final ImageRoi ramp = new ImageRoi(barX, barY, ramp(imp.getProcessor().getLut(), barWidth, barHeight));
		final Roi frame = new Roi(barX, barY, barWidth, barHeight);
		frame.setStrokeColor(INK);
		frame.setStrokeWidth(1);
		captionText.setLocation(x + pad, barY + barHeight + labelHeight / 2 + pad);
		for (int i = 0; i < labels.length; i++) {
			final int row = barY + (int) Math.round((barHeight - 1) * (1 - fractions[i]));
			labels[i].setLocation(barX + barWidth + pad, row - labelHeight / 2);
		}

		final Overlay overlay = imp.getOverlay() != null ? imp.getOverlay() : new Overlay();
		overlay.remove(NAME);
		for (final Roi roi : new Roi[] { panel, ramp, frame, captionText, labels[0], labels[1], labels[2] }) {
			roi.setPosition(0); // all slices
			overlay.add(roi, NAME);
		}
		overlay.setIsCalibrationBar(true);
		imp.setOverlay(overlay);
		return overlay;
	}

	/** The text of a bar's value label: {@code %.3g}. */
	static String label(final double value) {
		return String.format(Locale.ROOT, "%.3g", value);
	}

	/**
	 * A {@code width} x {@code height} ramp of {@code lut} from its last colour (the display maximum) in the top row
	 * to its first (the display minimum) in the bottom row, linear in between; grey if {@code lut} is null.
	 */
	static ColorProcessor ramp(final LUT lut, final int width, final int height) {
		final ColorProcessor ramp = new ColorProcessor(width, height);
		for (int row = 0; row < height; row++) {
			final double level = height == 1 ? 1 : (height - 1 - row) / (double) (height - 1);
			final int rgb = lut != null ? lut.getRGB((int) Math.round(level * (lut.getMapSize() - 1))) & 0xffffff
				: (int) Math.round(level * 255) * 0x010101;
			for (int col = 0; col < width; col++)
				ramp.set(col, row, rgb);
		}
		return ramp;
	}

	private static TextRoi text(final String text, final Font font) {
		final TextRoi roi = new TextRoi(0.0, 0.0, text, font);
		roi.setStrokeColor(INK);
		roi.setAntiAlias(true);
		return roi;
	}
}
