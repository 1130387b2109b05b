/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.TiffDecoder;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ImageFiles#open}'s check of compressed pixel data ({@link TiffStrips}, {@link JpegData}): TIFFs
 * that the JDK's own TIFF writer compresses (an encoder independent of ImageJ and of the check) open with
 * exactly their pixels; the same files with their compressed data damaged (LZW, deflate), which ImageJ would
 * read as zeros after a line in the log, are refused naming the file, as are predictors ImageJ decodes wrongly and
 * a JPEG cut short.
 */
class PixelDataCheckTest {

	@TempDir
	Path dir;

	@ParameterizedTest(name = "{0}, {1}-bit")
	@CsvSource({ "LZW, 8", "LZW, 16", "Deflate, 8", "Deflate, 16", "ZLib, 16", "PackBits, 8", "PackBits, 16" })
	void compressedTiffsOpenWithTheirPixelsAndAreRefusedWhenDamaged(final String compression, final int bits) throws Exception {
		final int w = 97, h = 61;
		final BufferedImage image = new BufferedImage(w, h, bits == 8 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY);
		final short[] values = new short[w * h];
		final java.util.Random random = new java.util.Random(7);
		for (int k = 0; k < values.length; k++) // smooth content with noise: compressible, yet many LZW codes
			values[k] = (short) ((bits == 8 ? 100 : 20000) + (bits == 8 ? 60 : 9000) * Math.sin(k % w * 0.11) * Math.cos(k / w * 0.07) + random.nextInt(bits == 8 ? 9 : 500));
		if (bits == 8) {
			final byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
			for (int k = 0; k < data.length; k++) data[k] = (byte) values[k];
		}
		else System.arraycopy(values, 0, ((DataBufferUShort) image.getRaster().getDataBuffer()).getData(), 0, values.length);
		final Path file = dir.resolve(compression + bits + ".tif");
		write(image, compression, file);
		final ImagePlus imp = ImageFiles.open(file);
		final Object pixels = imp.getProcessor().getPixels();
		if (bits == 8) assertArrayEquals(((DataBufferByte) image.getRaster().getDataBuffer()).getData(), (byte[]) pixels);
		else assertArrayEquals(values, (short[]) pixels);

		if (compression.equals("PackBits")) return; // every byte sequence is valid PackBits: damage that keeps the length cannot be told
		final FileInfo page = new TiffDecoder(dir.toString() + "/", file.getFileName().toString()).getTiffInfo()[0];
		final byte[] bytes = Files.readAllBytes(file);
		final int strip = page.stripOffsets.length / 2, at = (int) (page.stripOffsets[strip] & 0xffffffffL), length = page.stripLengths[strip];
		for (int k = at + length / 4; k < at + length - 1; k++) bytes[k] = (byte) (k * 131 + 17);
		final Path damaged = Files.write(dir.resolve("damaged-" + file.getFileName()), bytes);
		final IOException e = assertThrows(IOException.class, () -> ImageFiles.open(damaged));
		assertTrue(e.getMessage().startsWith("Corrupt TIFF file " + damaged + ": the compressed pixels of page 1 of 1 do not decode (strip "), e.getMessage());
	}

	@Test
	void floatingPointPixelsWithAPredictorImageJDecodesWronglyAreRefused() throws Exception {
		final float[] values = new float[16 * 16];
		for (int k = 0; k < values.length; k++) values[k] = 100 + k * 0.25f;
		final byte[] raw = floatBytes(values);
		final Path plain = Files.write(dir.resolve("plain.tif"), handTiff(16, 16, deflate(raw), 1));
		assertArrayEquals(values, (float[]) ImageFiles.open(plain).getProcessor().getPixels(), "no predictor: read as written");
		final Path horizontal = Files.write(dir.resolve("horizontal.tif"), handTiff(16, 16, deflate(differenced(raw, 16)), 2));
		final IOException e2 = assertThrows(IOException.class, () -> ImageFiles.open(horizontal));
		assertTrue(e2.getMessage().contains(horizontal + " holds 32-bit floating-point pixels compressed with the horizontal predictor"), e2.getMessage());
		final Path floating = Files.write(dir.resolve("floating.tif"), handTiff(16, 16, deflate(raw), 3));
		final IOException e3 = assertThrows(IOException.class, () -> ImageFiles.open(floating));
		assertTrue(e3.getMessage().contains(floating + " is compressed with the floating-point predictor (3)"), e3.getMessage());
	}

	@Test
	void aJpegCutShortIsRefusedAndAWholeOneOpens() throws Exception {
		final BufferedImage image = new BufferedImage(120, 90, BufferedImage.TYPE_BYTE_GRAY);
		final byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
		for (int k = 0; k < data.length; k++) data[k] = (byte) (128 + 100 * Math.sin(k * 0.05));
		final Path whole = dir.resolve("whole.jpg");
		assertTrue(ImageIO.write(image, "jpeg", whole.toFile()));
		ImageFiles.open(whole);
		final byte[] bytes = Files.readAllBytes(whole);
		final Path cut = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
		final IOException e = assertThrows(IOException.class, () -> ImageFiles.open(cut));
		assertTrue(e.getMessage().startsWith("Corrupt or truncated JPEG file " + cut), e.getMessage());
	}

	private static void write(final BufferedImage image, final String compression, final Path file) throws IOException {
		final ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
		final ImageWriteParam param = writer.getDefaultWriteParam();
		param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
		param.setCompressionType(compression);
		param.setTilingMode(ImageWriteParam.MODE_DISABLED);
		try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
			writer.setOutput(out);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		finally {
			writer.dispose();
		}
	}

	private static byte[] floatBytes(final float[] values) {
		final ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
		for (final float v : values) b.putFloat(v);
		return b.array();
	}

	/** libtiff's horizontal differencing of 32-bit samples: each sample's bit pattern minus its left neighbour's. */
	private static byte[] differenced(final byte[] raw, final int width) {
		final ByteBuffer in = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN), out = ByteBuffer.allocate(raw.length).order(ByteOrder.LITTLE_ENDIAN);
		for (int k = 0; k < raw.length / 4; k++) out.putInt(in.getInt(4 * k) - (k % width == 0 ? 0 : in.getInt(4 * (k - 1))));
		return out.array();
	}

	private static byte[] deflate(final byte[] raw) {
		final Deflater d = new Deflater();
		d.setInput(raw);
		d.finish();
		final byte[] buffer = new byte[raw.length + 1024];
		final int n = d.deflate(buffer);
		d.end();
		return Arrays.copyOf(buffer, n);
	}

	/** A little-endian TIFF of one deflate strip of 32-bit floating-point samples, with the given predictor tag. */
	private static byte[] handTiff(final int w, final int h, final byte[] strip, final int predictor) {
		final int[][] entries = { { 256, w }, { 257, h }, { 258, 32 }, { 259, 8 }, { 262, 1 }, { 273, 0 }, { 277, 1 }, { 278, h }, { 279, strip.length },
			{ 317, predictor }, { 339, 3 } };
		final int dataAt = 8 + 2 + 12 * entries.length + 4;
		final ByteBuffer b = ByteBuffer.allocate(dataAt + strip.length).order(ByteOrder.LITTLE_ENDIAN);
		b.put(new byte[] { 'I', 'I', 42, 0 }).putInt(8).putShort((short) entries.length);
		for (final int[] e : entries) {
			final boolean isLong = e[0] == 273 || e[0] == 279;
			b.putShort((short) e[0]).putShort((short) (isLong ? 4 : 3)).putInt(1);
			if (isLong) b.putInt(e[0] == 273 ? dataAt : e[1]);
			else b.putShort((short) e[1]).putShort((short) 0);
		}
		b.putInt(0).put(strip);
		return b.array();
	}
}
