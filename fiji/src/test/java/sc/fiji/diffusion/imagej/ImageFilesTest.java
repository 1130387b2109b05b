/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.testdata.SampleData;

class ImageFilesTest {

	@TempDir
	Path dir;

	private static float[][] testPlanes(final int w, final int h, final int n) {
		final float[][] planes = new float[n][w * h];
		for (int i = 0; i < n; i++)
			for (int k = 0; k < w * h; k++)
				planes[i][k] = (float) Math.sin(1 + 31.7 * i + 0.37 * k) * (float) Math.pow(10, k % 7 - 3);
		planes[0][0] = Float.NaN;
		planes[0][1] = -0f;
		planes[0][2] = Float.MAX_VALUE;
		planes[0][3] = -Float.MIN_VALUE;
		return planes;
	}

	private static void assertBitExact(final float[] expected, final Object actual) {
		final float[] a = (float[]) actual;
		assertEquals(expected.length, a.length);
		for (int k = 0; k < a.length; k++)
			assertEquals(Float.floatToIntBits(expected[k]), Float.floatToIntBits(a[k]), "pixel " + k);
	}

	@Test
	void floatStackRoundTripKeepsPixelsAndCalibration() throws IOException {
		final int w = 7, h = 5;
		final float[][] planes = testPlanes(w, h, 3);
		final float[][] copy = Stream.of(planes).map(float[]::clone).toArray(float[][]::new);
		final Calibration cal = new Calibration();
		cal.pixelWidth = 0.123;
		cal.pixelHeight = 0.25;
		cal.pixelDepth = 1.7;
		cal.setUnit("micron");
		final Path out = dir.resolve("sub/result.tif");

		ImageFiles.saveFloatTiff(out, w, h, planes, cal, "result");

		final ImagePlus back = ImageFiles.open(out);
		assertEquals(32, back.getBitDepth());
		assertEquals(w, back.getWidth());
		assertEquals(h, back.getHeight());
		assertEquals(3, back.getNSlices());
		for (int i = 0; i < 3; i++)
			assertBitExact(planes[i], back.getStack().getPixels(i + 1));
		final Calibration c = back.getCalibration();
		assertEquals(0.123, c.pixelWidth, 1e-6 * 0.123);
		assertEquals(0.25, c.pixelHeight, 1e-6 * 0.25);
		assertEquals(1.7, c.pixelDepth, 1e-9);
		assertEquals("micron", c.getUnit());
		for (int i = 0; i < 3; i++)
			assertBitExact(copy[i], planes[i]); // input untouched
		try (Stream<Path> files = Files.list(out.getParent())) {
			assertEquals(1, files.count(), "no temporary file may be left behind");
		}
		final float[][] read = ImageFiles.planes(back);
		for (int i = 0; i < 3; i++)
			assertBitExact(planes[i], read[i]);
	}

	@Test
	void hyperstackDimensionsAreKept() throws IOException {
		final Path out = dir.resolve("hyper.tif");
		ImageFiles.saveFloatTiff(out, 4, 3, 2, 1, 3, testPlanes(4, 3, 6), null, "hyper");
		final ImagePlus back = ImageFiles.open(out);
		assertEquals(2, back.getNChannels());
		assertEquals(1, back.getNSlices());
		assertEquals(3, back.getNFrames());
	}

	@Test
	void singlePlaneIsWrittenAndExistingFileReplaced() throws IOException {
		final Path out = dir.resolve("one.tif");
		Files.writeString(out, "old content");
		final float[][] plane = { { 1, 2, 3, 4, 5, 6 } };
		ImageFiles.saveFloatTiff(out, 3, 2, plane, new Calibration(), null);
		final ImagePlus back = ImageFiles.open(out);
		assertTrue(Files.isReadable(out));
		if (Files.getFileStore(out).supportsFileAttributeView("posix")) // as any new file, not owner-only
			assertEquals(Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain"))), Files.getPosixFilePermissions(out));
		assertEquals(1, back.getStackSize());
		assertBitExact(plane[0], back.getProcessor().getPixels());
	}

	@Test
	void mismatchedDimensionsAreRejected() {
		final Path out = dir.resolve("bad.tif");
		assertThrows(IllegalArgumentException.class, () -> ImageFiles.saveFloatTiff(out, 3, 3, new float[][] { new float[8] }, null, "x"));
		assertThrows(IllegalArgumentException.class, () -> ImageFiles.saveFloatTiff(out, 2, 2, 2, 2, 1, new float[3][4], null, "x"));
		assertTrue(Files.notExists(out));
	}

	@Test
	void eightAndSixteenBitValues() throws IOException {
		final ImagePlus b = new ImagePlus("b", new ByteProcessor(2, 2, new byte[] { 0, 1, (byte) 200, (byte) 255 }));
		assertArrayEquals(new float[] { 0, 1, 200, 255 }, ImageFiles.planes(b)[0], 0);

		final short[] s = { 0, 1000, (short) 40000, (short) 65535 };
		final ImagePlus u16 = new ImagePlus("s", new ShortProcessor(2, 2, s, null));
		assertArrayEquals(new float[] { 0, 1000, 40000, 65535 }, ImageFiles.planes(u16)[0], 0);

		// through a file: 16-bit stack written by ImageJ
		final ImageStack stack = new ImageStack(2, 2);
		stack.addSlice(new ShortProcessor(2, 2, s.clone(), null));
		stack.addSlice(new ShortProcessor(2, 2, new short[] { 7, 8, 9, 10 }, null));
		final Path f = dir.resolve("u16.tif");
		IJ.saveAsTiff(new ImagePlus("u16", stack), f.toString());
		final float[][] planes = ImageFiles.planes(ImageFiles.open(f));
		assertEquals(2, planes.length);
		assertArrayEquals(new float[] { 0, 1000, 40000, 65535 }, planes[0], 0);
		assertArrayEquals(new float[] { 7, 8, 9, 10 }, planes[1], 0);

		// signed 16-bit: calibrated values (raw - 32768)
		final ImagePlus signed = new ImagePlus("signed", new ShortProcessor(2, 2, new short[] { 0, (short) 32768, (short) 32770, (short) 65535 }, null));
		final Calibration cal = signed.getCalibration();
		cal.setSigned16BitCalibration();
		signed.setCalibration(cal);
		assertArrayEquals(new float[] { -32768, 0, 2, 32767 }, ImageFiles.planes(signed)[0], 0);
	}

	@Test
	void planesAreCopies() {
		final float[] pixels = { 1, 2, 3, 4 };
		final ImagePlus imp = new ImagePlus("f", new FloatProcessor(2, 2, pixels));
		final float[] plane = ImageFiles.planes(imp)[0];
		plane[0] = 99;
		assertEquals(1, pixels[0]);
	}

	@Test
	void rgbIsRejectedUnlessLuminanceIsAsked() {
		final ImagePlus rgb = new ImagePlus("colour", new ColorProcessor(2, 1, new int[] { 0xff0000, 0x102030 }));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.planes(rgb));
		assertTrue(e.getMessage().startsWith("RGB images are not supported: convert to 8-bit, 16-bit or 32-bit first (Image > Type)"), e.getMessage());
		final float[] lum = ImageFiles.planes(rgb, true)[0];
		assertEquals(0.299 * 255, lum[0], 1e-4);
		assertEquals(0.299 * 16 + 0.587 * 32 + 0.114 * 48, lum[1], 1e-4);
	}

	@Test
	void indexedColourGoesThroughTheLut() {
		// a scrambled colour LUT (not a grey or pseudo-colour ramp), so ImageJ types it COLOR_256
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 0; i < 256; i++) {
			r[i] = (byte) (i * 97);
			g[i] = (byte) (i * 31 + 50);
			b[i] = (byte) (255 - i * 57);
		}
		r[1] = (byte) 255; g[1] = 0; b[1] = 0; // index 1: red
		r[2] = 0; g[2] = (byte) 255; b[2] = 0; // index 2: green
		final ByteProcessor ip = new ByteProcessor(3, 1, new byte[] { 1, 2, 3 }, new IndexColorModel(8, 256, r, g, b));
		final ImagePlus imp = new ImagePlus("indexed", ip);
		imp.setTypeToColor256();
		assertEquals(ImagePlus.COLOR_256, imp.getType());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.planes(imp));
		assertTrue(e.getMessage().contains("Indexed-colour"), e.getMessage());
		final double lum3 = 0.299 * (3 * 97 & 0xff) + 0.587 * (3 * 31 + 50 & 0xff) + 0.114 * (255 - 3 * 57 & 0xff);
		assertArrayEquals(new float[] { (float) (0.299 * 255), (float) (0.587 * 255), (float) lum3 }, ImageFiles.planes(imp, true)[0], 1e-4f);
	}

	/** A grey PNG with an alpha channel, which ImageJ opens as RGB, is refused saying it is grey; a colour PNG as RGB. */
	@Test
	void greyStoredAsRgbIsNamedSo() throws Exception {
		final Path formats = SampleData.ijTestImages().resolve("format");
		final IllegalArgumentException grey = assertThrows(IllegalArgumentException.class, () -> ImageFiles.planes(ImageFiles.open(formats.resolve("greya16.png"))));
		assertTrue(grey.getMessage().startsWith("RGB images are not supported, and this one is grey stored as RGB"), grey.getMessage());
		final IllegalArgumentException colour = assertThrows(IllegalArgumentException.class, () -> ImageFiles.planes(ImageFiles.open(formats.resolve("rgb24.png"))));
		assertTrue(colour.getMessage().startsWith("RGB images are not supported: convert"), colour.getMessage());
	}

	/**
	 * A palette file as ImageJ opens it, 8-bit grey with a scrambled colour LUT (a GIF and a TIFF saved
	 * from one): its values are palette indices, refused by both readers; the same values with a
	 * pseudo-colour ramp (Fire-like) LUT are grey values and kept.
	 */
	@Test
	void paletteFilesAreRefusedAndRampLutsKept() throws Exception {
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 0; i < 256; i++) {
			r[i] = (byte) (i * 97);
			g[i] = (byte) (i * 31 + 50);
			b[i] = (byte) (255 - i * 57);
		}
		final byte[] values = new byte[64 * 64];
		for (int k = 0; k < values.length; k++) values[k] = (byte) (k % 64 + k / 64);
		final ImagePlus palette = new ImagePlus("palette", new ByteProcessor(64, 64, values.clone(), new IndexColorModel(8, 256, r, g, b)));
		final Path gif = dir.resolve("palette.gif"), tif = dir.resolve("palette.tif");
		assertTrue(new ij.io.FileSaver(palette).saveAsGif(gif.toString()));
		assertTrue(new ij.io.FileSaver(palette).saveAsTiff(tif.toString()));
		for (final Path file : new Path[] { gif, tif }) {
			final ImagePlus opened = ImageFiles.open(file);
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.planes(opened), file.toString());
			assertTrue(e.getMessage().startsWith("Indexed-colour images"), e.getMessage());
			assertThrows(IllegalArgumentException.class, () -> ImagePlusImgs.wrap(opened), file.toString());
		}
		for (int i = 0; i < 256; i++) { // a Fire-like ramp: black, red, yellow, white
			r[i] = (byte) Math.min(255, 3 * i);
			g[i] = (byte) Math.max(0, Math.min(255, 3 * i - 255));
			b[i] = (byte) Math.max(0, 3 * i - 510);
		}
		final ImagePlus ramp = new ImagePlus("fire", new ByteProcessor(64, 64, values.clone(), new IndexColorModel(8, 256, r, g, b)));
		final Path rampFile = dir.resolve("fire.tif");
		assertTrue(new ij.io.FileSaver(ramp).saveAsTiff(rampFile.toString()));
		final float[] kept = ImageFiles.planes(ImageFiles.open(rampFile))[0];
		for (int k = 0; k < values.length; k++) assertEquals(values[k] & 0xff, kept[k], 0f);
	}

	/**
	 * A little-endian, uncompressed 32-bit float TIFF, one page (IFD) per {@code {width, height, samples}}, the
	 * pixels of page k equal to k + 1: what other software writes and ImageJ does not open whole.
	 */
	static byte[] floatTiff(final int[]... pages) {
		final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		final java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		head.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8 + 4 * pages[0][0] * pages[0][1] * pages[0][2]); // the first page's pixels, then its IFD
		out.writeBytes(head.array());
		for (int k = 0; k < pages.length; k++) {
			final int w = pages[k][0], h = pages[k][1], spp = pages[k][2], bytes = 4 * w * h * spp, data = out.size();
			final java.nio.ByteBuffer px = java.nio.ByteBuffer.allocate(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
			for (int i = 0; i < w * h * spp; i++) px.putFloat(k + 1);
			out.writeBytes(px.array());
			// no PlanarConfiguration tag (chunky by default), with which ImageJ refuses 2 samples itself
			final int[][] tags = { { 256, 4, w }, { 257, 4, h }, { 258, 3, 32 }, { 259, 3, 1 }, { 262, 3, 1 }, { 273, 4, data }, { 277, 3, spp },
				{ 278, 4, h }, { 279, 4, bytes }, { 339, 3, 3 } };
			final int ifd = out.size();
			final java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(2 + 12 * tags.length + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
			b.putShort((short) tags.length);
			for (final int[] t : tags) {
				b.putShort((short) t[0]).putShort((short) t[1]).putInt(1);
				if (t[1] == 3) b.putShort((short) t[2]).putShort((short) 0);
				else b.putInt(t[2]);
			}
			b.putInt(k + 1 < pages.length ? ifd + b.capacity() + 4 * pages[k + 1][0] * pages[k + 1][1] * pages[k + 1][2] : 0);
			out.writeBytes(b.array());
		}
		return out.toByteArray();
	}

	/** Pages ImageJ would drop or scramble are refused, naming the file and what to do; a plain multi-page float TIFF opens. */
	@Test
	void tiffPagesImageJWouldDropOrScrambleAreRefused() throws IOException {
		final Path same = Files.write(dir.resolve("pages.tif"), floatTiff(new int[] { 20, 16, 1 }, new int[] { 20, 16, 1 }));
		final ImagePlus imp = ImageFiles.open(same);
		assertEquals(2, imp.getStackSize());
		assertEquals(2f, imp.getStack().getProcessor(2).getf(0));

		final Path mixed = Files.write(dir.resolve("mixed.tif"), floatTiff(new int[] { 20, 16, 1 }, new int[] { 8, 8, 1 }));
		IOException e = assertThrows(IOException.class, () -> ImageFiles.open(mixed));
		assertTrue(e.getMessage().contains("mixed.tif") && e.getMessage().contains("page 2 of 2 is 8x8") && e.getMessage().contains("20x16"), e.getMessage());

		final Path interleaved = Files.write(dir.resolve("interleaved.tif"), floatTiff(new int[] { 20, 16, 2 }));
		e = assertThrows(IOException.class, () -> ImageFiles.open(interleaved));
		assertTrue(e.getMessage().contains("interleaved.tif") && e.getMessage().contains("2 samples per pixel"), e.getMessage());
	}

	@Test
	void openingProblemsNameTheFile() throws IOException {
		final Path missing = dir.resolve("missing.tif");
		IOException e = assertThrows(IOException.class, () -> ImageFiles.open(missing));
		assertTrue(e.getMessage().contains("not found") && e.getMessage().contains(missing.toString()), e.getMessage());

		e = assertThrows(IOException.class, () -> ImageFiles.open(dir));
		assertTrue(e.getMessage().contains("folder"), e.getMessage());

		final Path empty = Files.createFile(dir.resolve("empty.tif"));
		e = assertThrows(IOException.class, () -> ImageFiles.open(empty));
		assertTrue(e.getMessage().contains("empty"), e.getMessage());

		final Path garbage = Files.write(dir.resolve("garbage.tif"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
		e = assertThrows(IOException.class, () -> ImageFiles.open(garbage));
		assertTrue(e.getMessage().contains("unsupported format") && e.getMessage().contains(garbage.toString()), e.getMessage());
	}

	@Test
	void realSampleImages() throws Exception {
		final Path img = SampleData.ijTestImages();

		final ImagePlus ecoli = ImageFiles.open(img.resolve("ecoli.png"));
		assertEquals(1600, ecoli.getWidth());
		assertEquals(1200, ecoli.getHeight());
		assertEquals(ImagePlus.COLOR_RGB, ecoli.getType());
		assertThrows(IllegalArgumentException.class, () -> ImageFiles.planes(ecoli));
		final float[][] lum = ImageFiles.planes(ecoli, true);
		assertEquals(1, lum.length);
		assertEquals(1600 * 1200, lum[0].length);
		float max = 0;
		for (final float v : lum[0]) {
			assertTrue(v >= 0 && v <= 255.0001f);
			max = Math.max(max, v);
		}
		assertTrue(max > 50, "E. coli image should have bright cells, max luminance " + max);

		final ImagePlus cells = ImageFiles.open(img.resolve("cells.jpg"));
		assertEquals(2048, cells.getWidth());
		assertEquals(1536, cells.getHeight());

		final ImagePlus grey16 = ImageFiles.open(img.resolve("grey16.png"));
		assertEquals(16, grey16.getBitDepth());
		assertEquals(454, grey16.getWidth());
		assertEquals(340, grey16.getHeight());
		float max16 = 0;
		for (final float v : ImageFiles.planes(grey16)[0]) max16 = Math.max(max16, v);
		assertTrue(max16 > 255, "a 16-bit image should use more than 8 bits, max " + max16);
	}

	@Test
	void requireNotSame() throws IOException {
		final Path in = Files.createFile(dir.resolve("in.tif"));
		assertThrows(IllegalArgumentException.class, () -> OutputPaths.requireNotSame(in, in));
		assertThrows(IllegalArgumentException.class, () -> OutputPaths.requireNotSame(in, dir.resolve("x/../in.tif")));
		final Path link = Files.createSymbolicLink(dir.resolve("link.tif"), in);
		assertThrows(IllegalArgumentException.class, () -> OutputPaths.requireNotSame(in, link));
		assertDoesNotThrow(() -> OutputPaths.requireNotSame(in, dir.resolve("out.tif")));
	}
}
