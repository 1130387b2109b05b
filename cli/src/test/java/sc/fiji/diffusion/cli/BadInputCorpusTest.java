/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import ij.measure.Calibration;
import sc.fiji.diffusion.imagej.ImageFiles;

/**
 * The bad-input corpus: generated files and arguments that once crashed, ran out of memory or silently
 * produced wrong data (truncated and huge-header TIFFs, NaN images, mismatched masks and PSFs, hostile
 * model bundles, bad output paths, odd extensions, bad numbers). Every case runs the command line in
 * process and must fail fast and cleanly: exit code 1, one message naming the problem, no file created or
 * changed anywhere in the corpus folder (inputs unchanged, no output), and no restoration, generation or
 * training step started (no progress line).
 */
class BadInputCorpusTest {

	/** Everything the cases read; snapshotted around each case. */
	static Path dir;
	/** The cases, built once. */
	private static List<Arguments> cases;

	@AfterAll
	static void cleanUp() throws IOException {
		if (dir == null) return;
		makeWritable(dir);
		try (Stream<Path> walk = Files.walk(dir)) {
			walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}

	static Stream<Arguments> corpus() throws Exception {
		if (cases == null) cases = build();
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void refusedFastAndCleanly(final String name, final String[] args, final String[] expected) throws Exception {
		if (name.equals("output in a read-only folder"))
			Assumptions.assumeFalse(Files.isWritable(dir.resolve("readonly")), "permissions do not stop this user (root)");
		final Map<String, String> before = snapshot(dir);
		final long start = System.nanoTime();
		final Object[] result = CommandLineTest.run(args);
		final double seconds = (System.nanoTime() - start) / 1e9;
		final String err = (String) result[1];
		assertEquals(1, result[0], name + ": exit code; stderr:\n" + err);
		final String error = err.lines().filter(l -> l.startsWith("Error: ")).findFirst().orElse(null);
		assertNotNull(error, name + ": no 'Error:' line in\n" + err);
		System.out.println(String.format(java.util.Locale.ROOT, "bad input: %s -> %s (%.2f s)", name, error, seconds));
		for (final String e : expected)
			assertTrue(error.contains(e), name + ": message '" + error + "' should contain '" + e + "'");
		assertFalse(err.lines().anyMatch(l -> l.matches("(restore|generate): .*") || l.matches("step \\d+.*") || l.contains("ETA")),
			name + ": work started before the refusal:\n" + err);
		assertEquals(before, snapshot(dir), name + ": files were created or changed");
		assertTrue(seconds < 30, name + ": took " + seconds + " s");
	}

	// ---- the corpus --------------------------------------------------------------------------------

	private static List<Arguments> build() throws Exception {
		dir = Files.createTempDirectory("bad-input-corpus-");
		final List<Arguments> c = new ArrayList<>();

		final Path good = tiff("good.tif", 32, 32, false);
		final Path out = dir.resolve("out").resolve("result.tif"); // parent missing: created only by a real write
		final String o = out.toString(), in = good.toString();

		// image files
		final Path full = tiff("full64.tif", 64, 64, false);
		final byte[] bytes = Files.readAllBytes(full);
		final Path truncated = Files.write(dir.resolve("truncated.tif"), Arrays.copyOf(bytes, bytes.length / 2));
		Files.delete(full);
		c.add(of("truncated TIFF", restore("denoise", truncated, o), "Truncated", "truncated.tif"));
		final Path trainData = Files.createDirectories(dir.resolve("train-truncated"));
		Files.copy(truncated, trainData.resolve("truncated.tif"));
		c.add(of("truncated TIFF as training data", args("train", "--data", trainData, "--output", dir.resolve("out").resolve("m.zip"), "--patch", "16",
			"--steps", "2", "--channels", "8", "--levels", "2"), "truncated.tif", "No usable training image"));
		final Path huge = hugeHeaderTiff("huge.tif", 100000, 1);
		assertTrue(Files.size(huge) <= 150);
		c.add(of("huge-header TIFF", restore("denoise", huge, o), "huge.tif", "100000x100000", "only " + Files.size(huge) + " bytes"));
		c.add(of("huge-header compressed TIFF", restore("denoise", hugeHeaderTiff("huge-deflate.tif", 40000, 8), o), "huge-deflate.tif", "40000x40000", "memory"));
		final byte[] garbage = new byte[600];
		for (int k = 0; k < garbage.length; k++) garbage[k] = (byte) (k * 131 + 17);
		c.add(of("deflate TIFF whose data do not decode", restore("denoise", tiffOfOneStrip("corrupt-deflate.tif", 48, 8, garbage), o), "corrupt-deflate.tif",
			"do not decode", "invalid deflate data"));
		c.add(of("NaN image", restore("denoise", tiff("nan.tif", 32, 32, true), o), "NaN"));
		c.add(of("1x1 image", restore("deconvolve", tiff("1x1.tif", 1, 1, false), o, "--psf-sigma", "1"), "1x1", "too small"));
		c.add(of("1x200 image", restore("deconvolve", tiff("1x200.tif", 1, 200, false), o, "--psf-sigma", "1"), "1x200", "too small"));

		// sizes that do not match
		c.add(of("an image as the inpaint mask", restore("inpaint", good, o, "--inpaint-mask", tiff("notamask.tif", 32, 32, false)), "notamask.tif",
			"more than two values", "rather than its mask"));
		c.add(of("mask smaller than the image", restore("inpaint", good, o, "--inpaint-mask", tiff("mask16.tif", 16, 16, false)), "mask16.tif", "does not match"));
		final Path widePsf = dir.resolve("psf65.tif");
		ImageFiles.saveFloatTiff(widePsf, 65, 65, new float[][] { sc.fiji.diffusion.operator.Psfs.gaussian2D(16, 65).values() }, new Calibration(), "psf");
		c.add(of("PSF larger than the image", restore("deconvolve", good, o, "--psf", widePsf), "psf65.tif", "larger than the image", "of its sum lies outside"));
		c.add(of("PSF file that is no bead", restore("deconvolve", good, o, "--psf", tiff("psf48.tif", 48, 48, false)), "psf48.tif",
			"no values above its background and noise"));
		c.add(of("k-space mask of another size", args("restore", "--task", "mri", "--model", "demo-cells", "--kspace", stack("kspace.tif", 32, 32, 2), "--mask",
			tiff("kmask.tif", 24, 32, false), "--output", o), "kmask.tif", "does not match"));

		// hostile model bundles
		final Map<String, byte[]> demo = demoBundle();
		final String config = new String(demo.get("config.json"), StandardCharsets.UTF_8);
		c.add(of("zip bomb weight entry", restoreWith(bundle("bomb.zip", demo, Map.of("weights/in.w.npy", new byte[64 << 20]))), "bomb.zip", "in.w.npy", "zip bomb"));
		c.add(of("unexpected weight entry", restoreWith(bundle("extra.zip", demo, Map.of("weights/huge.npy", new byte[1 << 20]))), "extra.zip", "huge", "does not use"));
		c.add(of("absurd baseWidth 2^30", restoreWith(bundle("width.zip", withConfig(demo, config.replace("\"baseWidth\": 16", "\"baseWidth\": 1073741824")), Map.of())),
			"width.zip", "1073741824", "absurd"));
		c.add(of("architecture larger than the memory", restoreWith(bundle("wide.zip", withConfig(demo, config.replace("\"baseWidth\": 16", "\"baseWidth\": 8192")),
			Map.of())), "wide.zip", "parameters", "memory"));
		c.add(of("groups 0", restoreWith(bundle("groups.zip", withConfig(demo, config.replace("\"groups\": 8", "\"groups\": 0")), Map.of())), "groups.zip", "norm groups"));
		c.add(of("null normalization.type", restoreWith(bundle("norm.zip", withConfig(demo, config.replace("\"type\": \"percentile\"", "\"type\": null")), Map.of())),
			"norm.zip", "normalization.type"));
		c.add(of("null schedule.kind", restoreWith(bundle("kind.zip", withConfig(demo, config.replace("\"kind\": \"linear\"", "\"kind\": null")), Map.of())),
			"kind.zip", "schedule.kind"));
		c.add(of("NaN weights", restoreWith(bundle("nan-weights.zip", demo, Map.of("weights/in.b.npy", nanNpy(demo.get("weights/in.b.npy"))))),
			"nan-weights.zip", "corrupt", "in.b"));

		// output paths
		final Path readOnly = Files.createDirectories(dir.resolve("readonly"));
		assertTrue(readOnly.toFile().setWritable(false, false)); // cleanUp() makes it writable again
		c.add(of("output in a read-only folder", restore("denoise", good, readOnly.resolve("r.tif").toString()), "readonly", "cannot be written"));
		c.add(of("output in /proc", restore("denoise", good, "/proc/diffusion-result.tif"), "/proc", "cannot be written"));
		final Path existing = Files.createDirectories(dir.resolve("existing-folder"));
		c.add(of("output is an existing folder", restore("denoise", good, existing.toString()), "existing-folder", "existing folder"));
		c.add(of("output under a regular file", restore("denoise", good, good.resolve("r.tif").toString()), "good.tif", "is a file, not a folder"));
		c.add(of("output same as input", restore("denoise", good, in), "is the input image file"));
		// no output may replace any file the run reads (a PSF, a mask, a k-space, both files of a BART array)
		final Path psf = tiff("psf5.tif", 5, 5, false), inpaintMask = tiff("imask32.tif", 32, 32, false), kmask = tiff("kmask32.tif", 32, 32, false);
		c.add(of("output is the PSF", restore("deconvolve", good, psf.toString(), "--psf", psf), "psf5.tif", "is the --psf file"));
		c.add(of("std output is the inpaint mask", restore("inpaint", good, o, "--inpaint-mask", inpaintMask, "--samples", "2", "--std-output", inpaintMask),
			"imask32.tif", "is the --inpaint-mask file"));
		c.add(of("output is the k-space mask", args("restore", "--task", "mri", "--model", "demo-cells", "--kspace", stack("kspace32.tif", 32, 32, 2), "--mask", kmask,
			"--output", kmask), "kmask32.tif", "is the --mask file"));
		final Path scan = dir.resolve("scan.cfl");
		sc.fiji.diffusion.io.BartCfl.write(scan, new sc.fiji.diffusion.io.BartCfl.Array(new long[] { 16, 16, 1, 2 }, new float[512], new float[512]));
		c.add(of("BART output is the raw k-space", args("restore", "--task", "mri", "--model", "mri-brain-t1", "--kspace", scan, "--output", dir.resolve("scan.hdr")),
			"scan.hdr", "is the --kspace file"));
		// an option of another task is refused, not ignored
		c.add(of("PSF for denoise", restore("denoise", good, o, "--psf-sigma", "2"), "--psf-sigma is an option of --task deconvolve, not of denoise"));
		c.add(of("inpaint mask for sr", restore("sr", good, o, "--inpaint-mask", inpaintMask), "--inpaint-mask is an option of --task inpaint"));
		// a setting the method does not use is refused, not ignored
		c.add(of("steps for mmse", restore("denoise", good, o, "--steps", "2"), "steps (2) do nothing for mmse"));
		c.add(of("t0 for pnp", restore("deconvolve", good, o, "--psf-sigma", "1", "--t0", "100"), "t0 (100) does nothing for pnp"));
		// an option that acts only with another is refused without it, not ignored
		c.add(of("read noise without photons", restore("denoise", good, o, "--read-noise", "5"), "--read-noise belongs to camera", "--photons"));
		c.add(of("psf-sigma-z with a Born-Wolf PSF", restore("deconvolve", good, o, "--na", "1.4", "--wavelength", "520", "--psf-sigma-z", "2"),
			"--psf-sigma-z belongs to a 3D Gaussian PSF"));
		c.add(of("pixel size with a Gaussian PSF", restore("deconvolve", good, o, "--psf-sigma", "2", "--pixel-size", "65"), "--pixel-size belongs to a Born-Wolf PSF"));
		c.add(of("acceleration without --simulate", args("restore", "--task", "mri", "--model", "mri-brain-t1", "--kspace", scan, "--output", o, "--acceleration", "8"),
			"--acceleration belongs to simulated undersampling"));
		c.add(of("mask type with a mask", restore("mri", good, o, "--simulate", "--mask", good, "--mask-type", "poisson"), "--mask-type shapes the simulated",
			"--mask replaces"));
		c.add(of("complex output of a simulated single-coil reconstruction", restore("mri", good, o, "--simulate", "--mri-output", "complex"),
			"are for raw multi-coil k-space", "gives a real image"));
		c.add(of("a bogus --mri-output with a BART output", args("restore", "--task", "mri", "--model", "mri-brain-t1", "--kspace", scan, "--output",
			dir.resolve("out").resolve("r.cfl"), "--mri-output", "bogus"), "--mri-output bogus is for a TIFF output"));
		c.add(of("--mri-output magnitude with a BART output", args("restore", "--task", "mri", "--model", "mri-brain-t1", "--kspace", scan, "--output",
			dir.resolve("out").resolve("r.cfl"), "--mri-output", "magnitude"), "--mri-output magnitude is for a TIFF output"));
		c.add(of("std output with raw k-space", args("restore", "--task", "mri", "--model", "mri-brain-t1", "--kspace", scan, "--output", o, "--std-output",
			dir.resolve("out").resolve("s.tif")), "--std-output is not available for raw multi-coil k-space"));
		c.add(of("std output same as output", restore("deconvolve", good, o, "--psf-sigma", "1", "--samples", "2", "--std-output", o),
			"--std-output must differ from --output"));
		c.add(of("train output under a regular file", args("train", "--data", dir.resolve("train-truncated"), "--output", good.resolve("m.zip"), "--steps", "1"),
			"good.tif", "is a file, not a folder"));
		c.add(of("generate output is a file", args("generate", "--model", "demo-cells", "--output", good, "--count", "1", "--size", "16x16"), "good.tif", "not a folder"));

		// odd extensions
		c.add(of("PNG output", restore("denoise", good, dir.resolve("out").resolve("x.png").toString()), "x.png", "PNG", ".tif or .tiff"));
		c.add(of("JPEG output", restore("denoise", good, dir.resolve("out").resolve("x.jpg").toString()), "x.jpg", "JPG", ".tif or .tiff"));
		c.add(of("the root folder as output", restore("denoise", good, "/"), "--output /", "existing folder"));

		// bad numbers
		c.add(of("train steps -5", args("train", "--data", dir.resolve("train-truncated"), "--output", dir.resolve("out").resolve("s.zip"), "--steps", "-5"), "steps", "-5"));
		c.add(of("sr factor 100000", restore("sr", good, o, "--factor", "100000"), "factor 100000"));
		c.add(of("equispaced acceleration 1000", args("restore", "--task", "mri", "--model", "demo-cells", "--simulate", "--input", good, "--mask-type", "equispaced",
			"--acceleration", "1000", "--output", o), "acceleration 1000"));
		c.add(of("steps -5 (only -1 means the default)", restore("denoise", good, o, "--method", "fast", "--steps", "-5"), "number of steps", "-5"));
		c.add(of("noise sigma NaN", restore("denoise", good, o, "--noise-sigma", "NaN"), "--noise-sigma must be a number"));
		c.add(of("psf sigma z -1", restore("deconvolve", good, o, "--psf-sigma", "1", "--psf-sigma-z", "-1"), "--psf-sigma-z must be 0"));
		c.add(of("pixel size -1", restore("deconvolve", good, o, "--na", "1.4", "--wavelength", "520", "--pixel-size", "-1"), "--pixel-size must be positive"));
		c.add(of("tiles smaller than twice the overlap", restore("denoise", tiff("tiled64.tif", 64, 64, false), o, "--tile-size", "32", "--tile-overlap", "20"), "the tile overlap",
			"or a smaller overlap"));
		c.add(of("BART output of a TIFF k-space", args("restore", "--task", "mri", "--model", "demo-cells", "--kspace", stack("kspace32b.tif", 32, 32, 2), "--mask",
			kmask, "--output", dir.resolve("out").resolve("k.cfl")), "k.cfl", "raw multi-coil k-space"));
		c.add(of("psf sigma 1e9", restore("deconvolve", good, o, "--psf-sigma", "1e9"), "PSF sigma", "larger than the image"));
		return c;
	}

	private static Arguments of(final String name, final String[] args, final String... expected) {
		return Arguments.of(name, args, expected);
	}

	private static String[] args(final Object... a) {
		return Arrays.stream(a).map(String::valueOf).toArray(String[]::new);
	}

	/** restore with the small bundled demo prior. */
	private static String[] restore(final String task, final Path input, final String output, final Object... more) {
		final List<Object> a = new ArrayList<>(List.of("restore", "--task", task, "--model", "demo-cells", "--input", input, "--output", output));
		a.addAll(Arrays.asList(more));
		return args(a.toArray());
	}

	/** denoise of the good image with the given bundle. */
	private static String[] restoreWith(final Path bundle) {
		return args("restore", "--task", "denoise", "--model", bundle, "--input", dir.resolve("good.tif"), "--output", dir.resolve("out").resolve("b.tif"));
	}

	/** A 32-bit TIFF of smooth values (or all NaN). */
	private static Path tiff(final String name, final int w, final int h, final boolean nan) throws IOException {
		final float[] v = new float[w * h];
		for (int i = 0; i < v.length; i++) v[i] = nan ? Float.NaN : (float) (100 + 50 * Math.sin(i % w * 0.3) * Math.cos(i / w * 0.2));
		final Path p = dir.resolve(name);
		ImageFiles.saveFloatTiff(p, w, h, new float[][] { v }, new Calibration(), name);
		return p;
	}

	private static Path stack(final String name, final int w, final int h, final int planes) throws IOException {
		final float[][] v = new float[planes][w * h];
		for (final float[] p : v) for (int i = 0; i < p.length; i++) p[i] = (float) Math.sin(i);
		final Path p = dir.resolve(name);
		ImageFiles.saveFloatTiff(p, w, h, v, new Calibration(), name);
		return p;
	}

	/**
	 * A TIFF of at most 150 bytes whose header declares one {@code size x size} 8-bit plane, uncompressed
	 * ({@code compression} 1) or deflated (8) in one 8-byte strip.
	 */
	private static Path hugeHeaderTiff(final String name, final int size, final int compression) throws IOException {
		return tiffOfOneStrip(name, size, compression, new byte[8]);
	}

	/** A TIFF whose header declares one {@code size x size} 8-bit plane of the given compression in one strip of {@code strip}. */
	private static Path tiffOfOneStrip(final String name, final int size, final int compression, final byte[] strip) throws IOException {
		final int[][] tags = { { 256, 4, size }, { 257, 4, size }, { 258, 3, 8 }, { 259, 3, compression }, { 262, 3, 1 }, { 273, 4, 0 },
			{ 277, 3, 1 }, { 278, 4, size }, { 279, 4, strip.length } };
		final int ifdSize = 2 + 12 * tags.length + 4, dataOffset = 8 + ifdSize;
		final ByteBuffer b = ByteBuffer.allocate(dataOffset + strip.length).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) tags.length);
		for (final int[] t : tags) {
			b.putShort((short) t[0]).putShort((short) t[1]).putInt(1);
			final int value = t[0] == 273 ? dataOffset : t[2];
			if (t[1] == 3) b.putShort((short) value).putShort((short) 0);
			else b.putInt(value);
		}
		b.putInt(0).put(strip);
		return Files.write(dir.resolve(name), b.array());
	}

	/** The entries of the bundled demo-cells model. */
	private static Map<String, byte[]> demoBundle() throws IOException {
		final Path tmp = dir.resolve("demo-source.zip");
		try (InputStream s = BadInputCorpusTest.class.getResourceAsStream("/sc/fiji/diffusion/models/demo-cells.zip")) {
			Files.copy(s, tmp);
		}
		final Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
		try (ZipFile z = new ZipFile(tmp.toFile())) {
			for (final ZipEntry e : java.util.Collections.list(z.entries()))
				try (InputStream s = z.getInputStream(e)) {
					entries.put(e.getName(), s.readAllBytes());
				}
		}
		Files.delete(tmp);
		return entries;
	}

	private static Map<String, byte[]> withConfig(final Map<String, byte[]> entries, final String config) {
		final Map<String, byte[]> out = new java.util.LinkedHashMap<>(entries);
		out.put("config.json", config.getBytes(StandardCharsets.UTF_8));
		return out;
	}

	/** A bundle of {@code entries} with {@code replaced} put in their place (or added). */
	private static Path bundle(final String name, final Map<String, byte[]> entries, final Map<String, byte[]> replaced) throws IOException {
		final Map<String, byte[]> all = new java.util.LinkedHashMap<>(entries);
		all.putAll(replaced);
		final Path zip = dir.resolve(name);
		try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
			z.setLevel(Deflater.BEST_SPEED);
			for (final Map.Entry<String, byte[]> e : all.entrySet()) {
				z.putNextEntry(new ZipEntry(e.getKey()));
				z.write(e.getValue());
				z.closeEntry();
			}
		}
		return zip;
	}

	/** The .npy with its first value set to NaN. */
	private static byte[] nanNpy(final byte[] npy) {
		final byte[] out = npy.clone();
		final int headerLength = (out[8] & 0xff) | (out[9] & 0xff) << 8;
		ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putFloat(10 + headerLength, Float.NaN);
		return out;
	}

	// ---- checks --------------------------------------------------------------------------------------

	/** Every path under {@code root} with a digest of its content (folders: "dir"). */
	private static Map<String, String> snapshot(final Path root) throws Exception {
		final Map<String, String> m = new TreeMap<>();
		try (Stream<Path> walk = Files.walk(root)) {
			for (final Path p : (Iterable<Path>) walk::iterator) {
				if (Files.isDirectory(p)) m.put(root.relativize(p).toString(), "dir");
				else m.put(root.relativize(p).toString(), digest(p));
			}
		}
		return m;
	}

	private static final Map<String, MessageDigest> DIGESTS = new HashMap<>();

	private static String digest(final Path p) throws Exception {
		final MessageDigest md = DIGESTS.computeIfAbsent("sha", k -> {
			try {
				return MessageDigest.getInstance("SHA-256");
			} catch (final Exception e) {
				throw new IllegalStateException(e);
			}
		});
		md.reset();
		return java.util.Base64.getEncoder().encodeToString(md.digest(Files.readAllBytes(p)));
	}

	private static void makeWritable(final Path root) throws IOException {
		try (Stream<Path> walk = Files.walk(root)) {
			walk.forEach(p -> p.toFile().setWritable(true));
		}
	}
}
