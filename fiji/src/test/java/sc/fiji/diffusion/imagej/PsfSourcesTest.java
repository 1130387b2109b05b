/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.FloatProcessor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.operator.Psfs;

/**
 * PSF files as labs have them, through {@link PsfSources}: a hyperstack or a PSF sampled on another grid
 * is refused naming the file, a PSF a little larger than the image is cropped with a note, and a
 * Born-Wolf PSF refuses a pixel size given in microns and non-square pixels.
 */
class PsfSourcesTest {

	@TempDir
	Path dir;

	@Test
	void aPsfOfSeveralChannelsOrFramesIsRefused() throws Exception {
		final ImagePlus image = image(64, 64, 1, "nm", 100, 100, 1);
		final Path channels = save("c2.tif", stack(15, 4, 2, 2, 1), "pixel", 1, 1);
		final Exception c = assertThrows(IllegalArgumentException.class, () -> PsfSources.openFile(channels, image));
		assertTrue(c.getMessage().contains("The PSF " + channels + " has 2 channels and 1 time frames"), c.getMessage());
		final Path frames = save("t3.tif", stack(15, 3, 1, 1, 3), "pixel", 1, 1);
		final Exception t = assertThrows(IllegalArgumentException.class, () -> PsfSources.openFile(frames, image));
		assertTrue(t.getMessage().contains("has 1 channels and 3 time frames"), t.getMessage());
	}

	@Test
	void aPsfSampledOnAnotherGridIsRefused() throws Exception {
		final ImagePlus plane = image(64, 64, 1, "nm", 100, 100, 1), volume = image(64, 64, 8, "micron", 0.1, 0.1, 0.3);
		final Path fine = save("fine.tif", stack(15, 1, 1, 1, 1), "nm", 50, 50);
		final Exception e = assertThrows(IllegalArgumentException.class, () -> PsfSources.openFile(fine, plane));
		assertTrue(e.getMessage().contains("The PSF " + fine + " is sampled at 50.00 nm in x, the image at 100.0 nm"), e.getMessage());
		PsfSources.openFile(save("same.tif", stack(15, 1, 1, 1, 1), "micron", 0.1, 1), plane); // 0.1 micron is 100 nm
		PsfSources.openFile(save("uncalibrated.tif", stack(15, 1, 1, 1, 1), "pixel", 1, 1), plane); // taken to be on the image's grid
		final Path thin = save("thin.tif", stack(15, 5, 1, 5, 1), "nm", 100, 100);
		final Exception z = assertThrows(IllegalArgumentException.class, () -> PsfSources.openFile(thin, volume));
		assertTrue(z.getMessage().contains("in z, the image at 300.0 nm") && z.getMessage().contains("slice spacing"), z.getMessage());
		PsfSources.openFile(save("deep.tif", stack(15, 5, 1, 5, 1), "nm", 100, 300), volume);
	}

	@Test
	void aPsfLargerThanTheImageIsCroppedWhenLittleOfItIsLost() {
		final List<String> notes = new ArrayList<>();
		final PointSpreadFunction narrow = Psfs.gaussian2D(2, 41);
		final PointSpreadFunction cropped = PsfSources.fromSamples(narrow.values(), narrow.dims(), "narrow.tif", 31, 35, 1, notes::add);
		assertEquals("31x35", cropped.sizeText(), "width x height, each at most the image's");
		assertEquals(1, notes.size());
		assertTrue(notes.get(0).startsWith("cropped to 31x35 pixels to fit the image (41x41 pixels once centred, the image 31x35; it keeps 100.0 % of its sum)"),
			notes.get(0));
		final PointSpreadFunction wide = Psfs.gaussian2D(8, 81);
		final Exception e = assertThrows(IllegalArgumentException.class, () -> PsfSources.fromSamples(wide.values(), wide.dims(), "wide.tif", 31, 31, 1, notes::add));
		assertTrue(e.getMessage().startsWith("The PSF wide.tif is larger than the image (81x81 pixels once centred, the image 31x31) and 1"), e.getMessage());
		final PointSpreadFunction deep = Psfs.gaussian3D(1.5, 4, 15, 31);
		final Exception z = assertThrows(IllegalArgumentException.class, () -> PsfSources.fromSamples(deep.values(), deep.dims(), "deep.tif", 64, 64, 8, notes::add));
		assertTrue(z.getMessage().contains("the image 64x64x8") && z.getMessage().contains("defocused plane"), z.getMessage());
	}

	@Test
	void aBornWolfPsfRefusesMicronsForNanometresAndNonSquarePixels() {
		final Exception microns = assertThrows(IllegalArgumentException.class, () -> PsfSources.bornWolf(1.4, 520, 1.518, 0.1, null, 64, 64));
		assertTrue(microns.getMessage().contains("give the pixel size in nm (0.1 micron is 100 nm)"), microns.getMessage());
		assertEquals(21, PsfSources.bornWolf(1.4, 520, 1.518, 100, null, 64, 64).size(0));
		final Calibration rect = new Calibration();
		rect.setUnit("micron");
		rect.pixelWidth = 0.1;
		rect.pixelHeight = 0.2;
		final Exception aniso = assertThrows(IllegalArgumentException.class, () -> PsfSources.bornWolf(1.4, 520, 1.518, Double.NaN, rect, 64, 64));
		assertTrue(aniso.getMessage().contains("The image's pixels are 100.0 x 200.0 nm, not square"), aniso.getMessage());
	}

	/** A hyperstack of Gaussian spots, {@code size} square, c x z x t planes. */
	private static ImagePlus stack(final int size, final int planes, final int c, final int z, final int t) {
		final ImageStack s = new ImageStack(size, size);
		for (int k = 0; k < planes; k++) s.addSlice(new FloatProcessor(size, size, Psfs.gaussian2D(1.5 + 0.2 * k, size).values()));
		final ImagePlus imp = new ImagePlus("psf", s);
		imp.setDimensions(c, z, t);
		if (c * t > 1) imp.setOpenAsHyperStack(true);
		return imp;
	}

	private Path save(final String name, final ImagePlus imp, final String unit, final double xy, final double depth) {
		final Calibration cal = new Calibration();
		cal.setUnit(unit);
		cal.pixelWidth = cal.pixelHeight = xy;
		cal.pixelDepth = depth;
		imp.setCalibration(cal);
		final Path file = dir.resolve(name);
		if (imp.getStackSize() > 1) new FileSaver(imp).saveAsTiffStack(file.toString());
		else new FileSaver(imp).saveAsTiff(file.toString());
		return file;
	}

	private static ImagePlus image(final int w, final int h, final int slices, final String unit, final double px, final double py, final double pz) {
		final ImageStack s = new ImageStack(w, h);
		for (int k = 0; k < slices; k++) s.addSlice(new FloatProcessor(w, h));
		final ImagePlus imp = new ImagePlus("image", s);
		final Calibration cal = new Calibration();
		cal.setUnit(unit);
		cal.pixelWidth = px;
		cal.pixelHeight = py;
		cal.pixelDepth = pz;
		imp.setCalibration(cal);
		return imp;
	}
}
