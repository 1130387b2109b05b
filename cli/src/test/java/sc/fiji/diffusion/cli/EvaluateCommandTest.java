/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.imagej.ImageFiles;

/** {@code evaluate}: its inputs and its {@code --table} are checked before the model is loaded. */
class EvaluateCommandTest {

	@TempDir Path dir;

	/** Runs {@code evaluate} through {@link Main#run}; returns {exit code, stderr, stdout}. */
	private static Object[] evaluate(final String... args) {
		final PrintStream oldErr = System.err, oldOut = System.out;
		final ByteArrayOutputStream err = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
		System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
		System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
		try {
			final String[] all = new String[args.length + 1];
			all[0] = "evaluate";
			System.arraycopy(args, 0, all, 1, args.length);
			final int code = Main.run(all);
			return new Object[] { code, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8) };
		}
		finally {
			System.setErr(oldErr);
			System.setOut(oldOut);
		}
	}

	/** A small clean image: smooth blobs. */
	private static Path image(final Path folder, final String name) throws Exception {
		final int size = 32;
		final float[] p = new float[size * size];
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++)
				p[y * size + x] = 0.5f + 0.4f * (float) (Math.sin(x / 3.0) * Math.cos(y / 4.0));
		final Path f = folder.resolve(name);
		ImageFiles.saveFloatTiff(f, size, size, new float[][] { p }, null, name);
		return f;
	}

	private static List<String> names(final Path folder) throws Exception {
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	@Test
	void tableOntoAnInputImageIsRefusedBeforeAnyWorkAndTheImageIsKept() throws Exception {
		final Path images = Files.createDirectories(dir.resolve("images"));
		final Path a = image(images, "a.tif");
		final byte[] before = Files.readAllBytes(a);
		final Object[] r = evaluate("--images", images.toString(), "--noise-sigma", "0.1", "--table", a.toString());
		assertEquals(1, r[0], (String) r[1]);
		assertTrue(((String) r[1]).contains("is the input image"), (String) r[1]);
		assertEquals("", r[2], "nothing evaluated");
		assertArrayEquals(before, Files.readAllBytes(a), "the input image is untouched");
	}

	@Test
	void badTablePathsAreRefusedBeforeAnyWork() throws Exception {
		final Path images = Files.createDirectories(dir.resolve("images"));
		image(images, "a.tif");
		Object[] r = evaluate("--images", images.toString(), "--table", images.toString());
		assertEquals(1, r[0], (String) r[1]);
		assertTrue(((String) r[1]).contains("--table " + images + " is an existing folder"), (String) r[1]);
		assertEquals("", r[2]);
		r = evaluate("--images", images.toString(), "--table", dir.resolve("report.png").toString());
		assertEquals(1, r[0], (String) r[1]);
		assertTrue(((String) r[1]).contains("name the file .md"), (String) r[1]);
		assertEquals("", r[2]);
		final Path file = Files.writeString(dir.resolve("file"), "x");
		r = evaluate("--images", images.toString(), "--table", file.resolve("report.md").toString());
		assertEquals(1, r[0], (String) r[1]);
		assertTrue(((String) r[1]).contains("is a file, not a folder"), (String) r[1]);
		assertEquals("", r[2]);
		assertFalse(Files.exists(dir.resolve("report.png")));
	}

	@Test
	void truncatedTiffAmongTheImagesIsRefusedBeforeAnyWork() throws Exception {
		final Path images = Files.createDirectories(dir.resolve("images"));
		image(images, "a.tif");
		final byte[] whole = Files.readAllBytes(image(images, "b.tif"));
		Files.write(images.resolve("b.tif"), Arrays.copyOf(whole, whole.length - 1000));
		assertRefusedBeforeAnyWork(images, "Truncated or inconsistent TIFF file " + images.resolve("b.tif"));
	}

	/** A NaN in the last image is refused before the first is evaluated, naming the file and the pixel. */
	@Test
	void aNonFiniteImageAmongTheImagesIsRefusedBeforeAnyWork() throws Exception {
		final Path images = Files.createDirectories(dir.resolve("images"));
		image(images, "a.tif");
		final float[] p = new float[32 * 32];
		java.util.Arrays.fill(p, 0.5f);
		p[3 * 32 + 7] = Float.NaN;
		ImageFiles.saveFloatTiff(images.resolve("b.tif"), 32, 32, new float[][] { p }, null, "b");
		assertRefusedBeforeAnyWork(images, images.resolve("b.tif") + " holds a non-finite value (NaN) at x = 7, y = 3");
	}

	/** evaluate on {@code images} with a table exits 1 with {@code message}, having evaluated nothing (a.tif first) and written no table. */
	private void assertRefusedBeforeAnyWork(final Path images, final String message) throws Exception {
		final Object[] r = evaluate("--images", images.toString(), "--table", dir.resolve("report.md").toString());
		assertEquals(1, r[0], (String) r[1]);
		assertTrue(((String) r[1]).contains(message), (String) r[1]);
		assertEquals("", r[2], "a.tif was not evaluated first");
		assertFalse(Files.exists(dir.resolve("report.md")));
	}

	@Test
	void tableIsWrittenIntoANewFolderWithNoTemporaryFileLeft() throws Exception {
		final Path images = Files.createDirectories(dir.resolve("images"));
		image(images, "a.tif");
		final Path table = dir.resolve("reports").resolve("prior.md");
		final Object[] r = evaluate("--images", images.toString(), "--crop", "32", "--table", table.toString());
		assertEquals(0, r[0], (String) r[1]);
		final String md = Files.readString(table);
		assertTrue(md.contains("| a.tif |") && md.contains("**mean PSNR** (1 images"), md);
		assertTrue(((String) r[2]).contains("**mean PSNR**"), (String) r[2]);
		assertEquals(List.of("prior.md"), names(table.getParent()));
		assertEquals(List.of("a.tif"), names(images));
	}
}
