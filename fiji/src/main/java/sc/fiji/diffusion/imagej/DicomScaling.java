/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.measure.Calibration;
import ij.util.DicomTools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A DICOM file's stored values mapped to its real values, v = RescaleSlope x stored + RescaleIntercept
 * (tags 0028,1053 and 0028,1052), as a straight-line calibration of the image, which
 * {@link ImageFiles#planes} applies. ImageJ's DICOM reader converts an image whose slope is not 1 to
 * 32-bit through {@code IJ.run}, which needs ImageJ's menus and fails without a display; with its "fixed
 * scaling" preference it sets a calibration instead, but only when the intercept is not 0 (a slope with
 * intercept 0, as Philips MR writes, would be lost). So {@link ImageFiles#open} opens DICOM with that
 * preference and this class sets the calibration from the tags in every case. For signed 16-bit data,
 * which ImageJ stores shifted by 32768, the intercept takes the shift, as ImageJ's own reader does.
 */
final class DicomScaling {

	private DicomScaling() {}

	/** Whether {@code file} is a DICOM Part 10 file ("DICM" at byte 128) or named .dcm. */
	static boolean isDicom(final Path file) throws IOException {
		if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".dcm")) return true;
		final byte[] head = new byte[132];
		int n = 0;
		try (InputStream in = Files.newInputStream(file)) {
			for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0;) n += r;
		}
		return n == head.length && new String(head, 128, 4, StandardCharsets.US_ASCII).equals("DICM");
	}

	/** Sets the straight-line calibration of the rescale tags on an 8- or 16-bit DICOM image; others are left as they are. */
	static void calibrate(final ImagePlus imp) {
		if (imp.getType() != ImagePlus.GRAY8 && imp.getType() != ImagePlus.GRAY16) return;
		final double slope = number(DicomTools.getTag(imp, "0028,1053"), 1), intercept = number(DicomTools.getTag(imp, "0028,1052"), 0);
		if (slope == 1 && intercept == 0) return;
		final FileInfo fi = imp.getOriginalFileInfo();
		final boolean signed = fi != null && fi.fileType == FileInfo.GRAY16_SIGNED;
		final Calibration cal = imp.getCalibration();
		cal.setFunction(Calibration.STRAIGHT_LINE, new double[] { signed ? slope * -32768 + intercept : intercept, slope }, "Gray Value");
	}

	private static double number(final String value, final double absent) {
		if (value == null || value.trim().isEmpty()) return absent;
		try {
			final double v = Double.parseDouble(value.trim().split("\\\\")[0]);
			return Double.isFinite(v) ? v : absent;
		}
		catch (final NumberFormatException e) {
			return absent;
		}
	}
}
