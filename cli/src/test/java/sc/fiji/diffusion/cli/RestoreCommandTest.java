/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.measure.Calibration;
import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.data.Metrics;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.operator.Convolution2D;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.Masks;
import sc.fiji.diffusion.operator.Operators;
import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.testdata.SampleData;

/**
 * End-to-end runs of {@code restore} on small crops of a real microscopy image (ecoli.png of ij-test,
 * as grey values 0..255) with the bundled demo prior, few steps: each task must beat its naive baseline
 * (the noisy, blurred or zero-filled input, zeros in the holes, nearest upsampling) by PSNR against the
 * clean crop. The demo prior was trained on this very image, so the figures show that the plumbing
 * works, not how well a prior generalises.
 */
class RestoreCommandTest {

	static final int N = 64;
	static float[] ecoli;
	static int ecoliWidth;

	@TempDir Path dir;

	@BeforeAll
	static void load() throws Exception {
		final ImagePlus imp = ImageFiles.open(SampleData.ijTestImages().resolve("ecoli.png"));
		ecoli = ImageFiles.planes(imp, true)[0];
		ecoliWidth = imp.getWidth();
	}

	/** A {@code w x h} crop of ecoli at (x0, y0). */
	static float[] crop(final int x0, final int y0, final int w, final int h) {
		final float[] out = new float[w * h];
		for (int y = 0; y < h; y++) System.arraycopy(ecoli, (y0 + y) * ecoliWidth + x0, out, y * w, w);
		return out;
	}

	/** The clean 64x64 test crop: bacteria and background. */
	static float[] clean() { return crop(X0, Y0, N, N); }

	static final int X0 = 1000, Y0 = 600;

	/** Runs the CLI; restore runs use the small demo-cells prior (fast; trained on ecoli.png) unless they name a model. */
	static Object[] run(final String... given) {
		final boolean restore = given.length > 0 && given[0].equals("restore") && !java.util.Arrays.asList(given).contains("--model");
		final String[] args = restore ? java.util.stream.Stream.concat(java.util.Arrays.stream(given), java.util.stream.Stream.of("--model", "demo-cells")).toArray(String[]::new) : given;
		return CommandLineTest.run(args);
	}

	static String[] args(final Object... a) {
		return Arrays.stream(a).map(String::valueOf).toArray(String[]::new);
	}

	Path save(final String name, final float[] values, final int w, final int h) throws Exception {
		return save(name, new float[][] { values }, w, h, calibration());
	}

	Path save(final String name, final float[][] planes, final int w, final int h, final Calibration cal) throws Exception {
		final Path p = dir.resolve(name);
		ImageFiles.saveFloatTiff(p, w, h, planes, cal, name);
		return p;
	}

	static Calibration calibration() {
		final Calibration cal = new Calibration();
		cal.pixelWidth = cal.pixelHeight = 0.065;
		cal.setUnit("micron");
		return cal;
	}

	static float[] noisy(final float[] clean, final double sigma, final long seed) {
		final float[] n = new float[clean.length];
		GaussianNoise.fill(n, seed);
		for (int k = 0; k < n.length; k++) n[k] = clean[k] + (float) sigma * n[k];
		return n;
	}

	static float[] read(final Path p) throws Exception {
		return ImageFiles.planes(ImageFiles.open(p))[0];
	}

	static double psnr(final float[] ref, final float[] x) { return Metrics.psnr(ref, x, 255); }

	static void ok(final Object[] r) { assertEquals(0, r[0], (String) r[1]); }

	static void fails(final Object[] r, final String message) {
		assertEquals(1, r[0], (String) r[1]);
		assertTrue(((String) r[1]).contains(message), "expected '" + message + "' in: " + r[1]);
	}

	static void report(final String line) {
		System.out.println("[restore] " + line);
	}

	// ---- tasks -------------------------------------------------------------------------------------

	@Test
	void denoiseBeatsTheNoisyInputAndKeepsCalibrationAndSize() throws Exception {
		final float[] clean = clean(), noisy = noisy(clean, 25, 1);
		final Path in = save("noisy.tif", noisy, N, N), out = dir.resolve("denoised.tif");
		final Object[] r = run("restore", "--task", "denoise", "--input", in.toString(), "--output", out.toString());
		ok(r);
		assertTrue(((String) r[1]).contains("(estimated)"), "Gaussian noise is not taken for camera noise: " + r[1]);
		final ImagePlus result = ImageFiles.open(out);
		assertEquals(N, result.getWidth());
		assertEquals(N, result.getHeight());
		assertEquals(ImagePlus.GRAY32, result.getType());
		assertEquals(0.065, result.getCalibration().pixelWidth, 1e-6);
		assertEquals("micron", result.getCalibration().getUnit());
		final float[] x = read(out);
		report(String.format(Locale.ROOT, "denoise sigma 25: noisy %.2f dB, mmse %.2f dB", psnr(clean, noisy), psnr(clean, x)));
		assertTrue(psnr(clean, x) > psnr(clean, noisy) + 3, "denoised " + psnr(clean, x) + " vs noisy " + psnr(clean, noisy));
		assertArrayEquals(noisy, read(in), "input unchanged");
	}

	@Test
	void denoiseWithSamplingMethods() throws Exception {
		final float[] clean = clean(), noisy = noisy(clean, 25, 1);
		final Path in = save("noisy.tif", noisy, N, N);
		for (final String method : List.of("fast", "sdedit")) {
			final Path out = dir.resolve(method + ".tif");
			ok(run(args("restore", "--task", "denoise", "--method", method, "--noise-sigma", 25, "--input", in, "--output", out)));
			final float[] x = read(out);
			report(String.format(Locale.ROOT, "denoise sigma 25 (%s): noisy %.2f dB, restored %.2f dB", method, psnr(clean, noisy), psnr(clean, x)));
			assertTrue(psnr(clean, x) > psnr(clean, noisy) + 3, method + ": " + psnr(clean, x) + " vs " + psnr(clean, noisy));
		}
		// DPS differentiates through the network at every step: a smaller crop and 100 steps keep it short
		final int n = 32;
		final float[] small = crop(X0, Y0, n, n), smallNoisy = noisy(small, 25, 3);
		final Path out = dir.resolve("dps.tif");
		ok(run(args("restore", "--task", "denoise", "--method", "dps", "--steps", 100, "--noise-sigma", 25, "--input", save("small.tif", smallNoisy, n, n),
			"--output", out)));
		final float[] x = read(out);
		report(String.format(Locale.ROOT, "denoise sigma 25 (dps, 100 steps, 32x32): noisy %.2f dB, restored %.2f dB", psnr(small, smallNoisy), psnr(small, x)));
		assertTrue(psnr(small, x) > psnr(small, smallNoisy) + 3, "dps: " + psnr(small, x) + " vs " + psnr(small, smallNoisy));
		// ALD needs no network gradient
		final Path ald = dir.resolve("ald.tif");
		ok(run(args("restore", "--task", "denoise", "--method", "ald", "--steps", 100, "--noise-sigma", 25, "--input", save("small.tif", smallNoisy, n, n),
			"--output", ald)));
		final float[] xa = read(ald);
		report(String.format(Locale.ROOT, "denoise sigma 25 (ald, 100 steps, 32x32): noisy %.2f dB, restored %.2f dB", psnr(small, smallNoisy), psnr(small, xa)));
		assertTrue(psnr(small, xa) > psnr(small, smallNoisy) + 3, "ald: " + psnr(small, xa) + " vs " + psnr(small, smallNoisy));
	}

	@Test
	void everyPlaneOfAStackIsRestored() throws Exception {
		final int n = 32;
		final float[] a = crop(X0, Y0, n, n), b = crop(X0 + n, Y0, n, n);
		final float[] na = noisy(a, 20, 1), nb = noisy(b, 20, 2);
		final Path in = save("stack.tif", new float[][] { na, nb }, n, n, calibration()), out = dir.resolve("stack-out.tif");
		ok(run(args("restore", "--task", "denoise", "--input", in, "--output", out)));
		final ImagePlus result = ImageFiles.open(out);
		assertEquals(2, result.getStackSize());
		final float[][] planes = ImageFiles.planes(result);
		assertTrue(psnr(a, planes[0]) > psnr(a, na) + 3 && psnr(b, planes[1]) > psnr(b, nb) + 3, "both planes denoised");
	}

	/**
	 * A z-stack thinner than the network's padding (fluorescence-2d pads to multiples of 8: the side views of
	 * 2 or 3 slices need 6 or 5 reflected rows) deconvolves in 3D.
	 */
	@Test
	void thinZStacksDeconvolveIn3D() throws Exception {
		final int n = 32;
		for (final int slices : new int[] { 2, 3 }) {
			final float[][] planes = new float[slices][];
			for (int z = 0; z < slices; z++) planes[z] = noisy(crop(X0 + 8 * z, Y0, n, n), 2, z);
			final Path in = save("thin" + slices + ".tif", planes, n, n, calibration()), out = dir.resolve("thin" + slices + "-out.tif");
			ok(run(args("restore", "--task", "deconvolve", "--model", "fluorescence-2d", "--psf-sigma", 1, "--psf-sigma-z", 0.5, "--input", in, "--output", out)));
			final float[][] restored = ImageFiles.planes(ImageFiles.open(out));
			assertEquals(slices, restored.length);
			for (final float[] plane : restored)
				for (final float v : plane) assertTrue(Float.isFinite(v), slices + " slices: " + v);
		}
	}

	@Test
	void deconvolveBeatsTheBlurredInput() throws Exception {
		final double sigma = 2;
		final Convolution2D op = Operators.deconvolution2D(Psfs.gaussian2D(sigma), N, N);
		final int p = op.padding()[0];
		final float[] big = crop(X0 - p, Y0 - p, N + 2 * p, N + 2 * p);
		final float[] blurred = noisy(Operators.run(op, big, 1, false), 2, 2);
		final float[] clean = clean();
		final Path in = save("blurred.tif", blurred, N, N), out = dir.resolve("deconvolved.tif");
		final Object[] r = run(args("restore", "--task", "deconvolve", "--psf-sigma", sigma, "--input", in, "--output", out));
		ok(r);
		// the settings it ran with: the library's defaults (the prior given), the same line the Fiji command logs (DefaultsParityTest)
		assertTrue(((String) r[1]).contains("restore settings: task=deconvolve model=demo-cells method=pnp steps=6 t0=sigma-0.384 samples=1 lambda=0.5 "
			+ "antithetic=false noise=estimated seed=0 tile_size=512 tile_overlap=32\n"), (String) r[1]);
		assertTrue(((String) r[1]).contains("restore psf: Gaussian, sigma 2.0 px; 17x17 pixels\n"), (String) r[1]);
		final float[] x = read(out);
		report(String.format(Locale.ROOT, "deconvolve Gaussian sigma 2 px, noise 2: blurred %.2f dB, default %.2f dB", psnr(clean, blurred), psnr(clean, x)));
		assertTrue(psnr(clean, x) > psnr(clean, blurred) + 1, "deconvolved " + psnr(clean, x) + " vs blurred " + psnr(clean, blurred));
	}

	@Test
	void mriBeatsZeroFilling() throws Exception {
		final float[] clean = clean();
		final Path in = save("image.tif", clean, N, N), out = dir.resolve("mri.tif");
		final Object[] r = run(args("restore", "--task", "mri", "--simulate", "--acceleration", 4, "--input", in, "--output", out));
		ok(r);
		final Mask mask = Masks.cartesianVariableDensity(N, N, 4, 0.08, 0);
		final float[] zeroFilled = Operators.run(Operators.mri(mask, N, N), Operators.run(Operators.mri(mask, N, N), clean, 1, false), 1, true);
		final float[] x = read(out);
		report(String.format(Locale.ROOT, "mri cartesian R=4: zero-filled %.2f dB, fast (4 samples) %.2f dB", psnr(clean, zeroFilled), psnr(clean, x)));
		assertTrue(psnr(clean, x) > psnr(clean, zeroFilled) + 1, "mri " + psnr(clean, x) + " vs zero-filled " + psnr(clean, zeroFilled));
	}

	@Test
	void inpaintFillsHolesAndReportsUncertainty() throws Exception {
		final float[] clean = clean();
		final float[] m = new float[N * N];
		Arrays.fill(m, 1);
		for (int y = 20; y < 36; y++)
			for (int x = 24; x < 40; x++) m[y * N + x] = 0;
		final float[] random = new float[N * N];
		GaussianNoise.fill(random, 5);
		for (int k = 0; k < m.length; k++)
			if (random[k] > 0.5) m[k] = 0; // and about 30 % of the pixels at random
		final float[] input = clean.clone();
		for (int k = 0; k < m.length; k++)
			if (m[k] == 0) input[k] = 0;
		final Path in = save("holes.tif", input, N, N), maskFile = save("mask.tif", m, N, N);
		final Path out = dir.resolve("inpainted.tif"), std = dir.resolve("std.tif");
		final Object[] r = run(args("restore", "--task", "inpaint", "--inpaint-mask", maskFile, "--samples", 3, "--std-output", std, "--input", in, "--output", out));
		ok(r);
		assertTrue(((String) r[1]).contains("uncertainty map of fast is not calibrated"), "no factor was fitted for inpainting: the user is told\n" + r[1]);
		final float[] x = read(out), s = read(std);
		double errFilled = 0, errZero = 0, stdHoles = 0, stdSeen = 0;
		int holes = 0;
		for (int k = 0; k < m.length; k++) {
			if (m[k] == 0) {
				errFilled += (x[k] - clean[k]) * (x[k] - clean[k]);
				errZero += clean[k] * clean[k];
				stdHoles += s[k];
				holes++;
			}
			else stdSeen += s[k];
		}
		stdHoles /= holes;
		stdSeen /= m.length - holes;
		report(String.format(Locale.ROOT, "inpaint (%d holes): RMS error zeros %.1f, fast %.1f; mean std holes %.2f, observed %.2f", holes,
			Math.sqrt(errZero / holes), Math.sqrt(errFilled / holes), stdHoles, stdSeen));
		assertTrue(errFilled < 0.25 * errZero, "filled " + errFilled + " vs zeros " + errZero);
		assertTrue(stdHoles > 0 && stdHoles > 3 * stdSeen, "std holes " + stdHoles + ", observed " + stdSeen);
		assertEquals(calibration().pixelWidth, ImageFiles.open(std).getCalibration().pixelWidth, 1e-6);
	}

	@Test
	void samplesAreAntitheticPairsUnlessAskedOtherwise() throws Exception {
		// the effect itself is tested in RestorationTest.anAntitheticPairAveragesAwayTheNoise; here the option reaches it
		final float[] clean = clean();
		final Path in = save("sr-input.tif", clean, N, N);
		final Path pairs = dir.resolve("pairs.tif"), independent = dir.resolve("independent.tif");
		final Object[] r = run(args("restore", "--task", "sr", "--factor", 2, "--samples", 2, "--input", in, "--output", pairs));
		ok(r);
		assertTrue(r[1].toString().contains("antithetic pairs"), r[1].toString());
		final Object[] i = run(args("restore", "--task", "sr", "--factor", 2, "--samples", 2, "--no-antithetic", "--input", in, "--output", independent));
		ok(i);
		assertFalse(i[1].toString().contains("antithetic pairs"), i[1].toString());
		assertTrue(i[1].toString().contains("antithetic=false"), i[1].toString());
	}

	@Test
	void superResolutionDoublesTheSizeAndBeatsNearestUpsampling() throws Exception {
		final float[] clean = clean();
		final int n = N / 2;
		final float[] low = new float[n * n];
		for (int y = 0; y < N; y++)
			for (int x = 0; x < N; x++) low[(y / 2) * n + x / 2] += clean[y * N + x] / 4;
		final Calibration offset = calibration();
		offset.xOrigin = 10;
		offset.yOrigin = 20;
		final Path in = save("low.tif", new float[][] { low }, n, n, offset), out = dir.resolve("sr.tif");
		ok(run(args("restore", "--task", "sr", "--factor", 2, "--input", in, "--output", out)));
		final ImagePlus result = ImageFiles.open(out);
		assertEquals(N, result.getWidth());
		assertEquals(N, result.getHeight());
		assertEquals(0.065 / 2, result.getCalibration().pixelWidth, 1e-6, "pixel size halved");
		assertEquals(20, result.getCalibration().xOrigin, 1e-9, "the origin, in pixels, doubled: the same physical point (as Image > Scale)");
		assertEquals(40, result.getCalibration().yOrigin, 1e-9);
		final float[] x = read(out), nearest = new float[N * N];
		for (int y = 0; y < N; y++)
			for (int c = 0; c < N; c++) nearest[y * N + c] = low[(y / 2) * n + c / 2];
		report(String.format(Locale.ROOT, "sr x2: nearest %.2f dB, fast %.2f dB", psnr(clean, nearest), psnr(clean, x)));
		assertTrue(psnr(clean, x) > psnr(clean, nearest), "sr " + psnr(clean, x) + " vs nearest " + psnr(clean, nearest));
		// an uncalibrated image stays uncalibrated, as with ImageJ's Image > Scale (not "0.5 pixel" pixels)
		final Path uncalibrated = save("low-uncalibrated.tif", new float[][] { low }, n, n, new Calibration()), out2 = dir.resolve("sr2.tif");
		ok(run(args("restore", "--task", "sr", "--factor", 2, "--steps", 3, "--samples", 2, "--input", uncalibrated, "--output", out2)));
		final ImagePlus plain = ImageFiles.open(out2);
		assertEquals(N, plain.getWidth());
		assertFalse(plain.getCalibration().scaled(), plain.getCalibration().toString());
	}

	@Test
	void kspaceFileGivesTheSameResultAsSimulating() throws Exception {
		final int n = 32;
		final float[] clean = crop(X0, Y0, n, n);
		final Mask mask = Masks.cartesianVariableDensity(n, n, 3, 0.1, 4);
		final float[] k = Operators.run(Operators.mri(mask, n, n), clean, 1, false);
		final float[] re = new float[n * n], im = new float[n * n];
		for (int p = 0; p < re.length; p++) {
			re[p] = k[2 * p];
			im[p] = k[2 * p + 1];
		}
		final Path kspace = save("kspace.tif", new float[][] { re, im }, n, n, new Calibration()), maskFile = save("kmask.tif", mask.values(), n, n);
		final Path fromK = dir.resolve("from-k.tif"), simulated = dir.resolve("simulated.tif");
		ok(run(args("restore", "--task", "mri", "--kspace", kspace, "--mask", maskFile, "--samples", 2, "--steps", 20, "--output", fromK)));
		ok(run(args("restore", "--task", "mri", "--simulate", "--input", save("clean.tif", clean, n, n), "--mask", maskFile, "--samples", 2, "--steps", 20,
			"--output", simulated)));
		assertArrayEquals(read(simulated), read(fromK), 1e-3f);
	}

	// ---- errors ------------------------------------------------------------------------------------

	@Test
	void badInputsGiveClearErrors() throws Exception {
		final int n = 32;
		final float[] image = crop(X0, Y0, n, n);
		final Path in = save("in.tif", image, n, n), out = dir.resolve("out.tif");
		// a PSF larger than the image
		final Path psf = save("psf.tif", Psfs.gaussian2D(10, 81).values(), 81, 81); // a quarter of it within the image
		fails(run(args("restore", "--task", "deconvolve", "--psf", psf, "--input", in, "--output", out)), "larger than the image");
		// a 3D PSF on a single plane
		final float[] psfPlane = Psfs.gaussian2D(1, 9).values();
		final Path psf3D = save("psf3d.tif", new float[][] { psfPlane, psfPlane, psfPlane }, 9, 9, new Calibration());
		fails(run(args("restore", "--task", "deconvolve", "--psf", psf3D, "--input", in, "--output", out)),
			"A 3D PSF needs a z-stack; " + in + " has one slice per channel and frame");
		// missing masks
		fails(run(args("restore", "--task", "inpaint", "--input", in, "--output", out)), "Missing --inpaint-mask");
		// mask sizes
		final Path smallMask = save("small-mask.tif", Mask.full(16, 16).values(), 16, 16);
		fails(run(args("restore", "--task", "inpaint", "--inpaint-mask", smallMask, "--input", in, "--output", out)), "does not match");
		final Path kspace = save("k.tif", new float[][] { image, image }, n, n, new Calibration());
		fails(run(args("restore", "--task", "mri", "--kspace", kspace, "--mask", smallMask, "--output", out)), "does not match");
		fails(run(args("restore", "--task", "mri", "--kspace", kspace, "--output", out)), "mri with --kspace needs --mask (1 where sampled)");
		// k-space with one slice
		fails(run(args("restore", "--task", "mri", "--kspace", in, "--mask", save("mask.tif", Mask.full(n, n).values(), n, n), "--output", out)),
			"2-slice stack");
		// 16-bit k-space: unsigned integers cannot hold the negative real and imaginary parts
		final ij.ImageStack s16 = new ij.ImageStack(n, n);
		for (int z = 0; z < 2; z++) {
			final short[] v = new short[n * n];
			for (int p = 0; p < v.length; p++) v[p] = (short) (p % 251);
			s16.addSlice(new ij.process.ShortProcessor(n, n, v, null));
		}
		final Path k16 = dir.resolve("k16.tif");
		assertTrue(new ij.io.FileSaver(new ImagePlus("k16", s16)).saveAsTiffStack(k16.toString()));
		fails(run(args("restore", "--task", "mri", "--kspace", k16, "--mask", save("mask16.tif", Mask.full(n, n).values(), n, n), "--output", out)),
			"The k-space " + k16 + " is a 16-bit image, which cannot hold the fractional and negative real and imaginary parts of k-space: save them "
				+ "from the complex data as a 2-slice 32-bit (float) stack");
		assertFalse(java.nio.file.Files.exists(out));
		// NaN in the input
		final float[] nan = image.clone();
		nan[5] = Float.NaN;
		fails(run(args("restore", "--task", "denoise", "--input", save("nan.tif", nan, n, n), "--output", out)), "non-finite");
		// the output must not replace the input
		fails(run(args("restore", "--task", "denoise", "--input", in, "--output", in)), "is the input image file");
		assertArrayEquals(image, read(in));
		// RGB, std without samples, mmse with another task, unknown names
		fails(run(args("restore", "--task", "denoise", "--input", SampleData.ijTestImages().resolve("ecoli.png"), "--output", out)), "RGB");
		fails(run(args("restore", "--task", "denoise", "--method", "mmse", "--input", in, "--output", out, "--std-output", dir.resolve("s.tif"))),
			"2 or more posterior samples");
		fails(run(args("restore", "--task", "sr", "--method", "mmse", "--input", in, "--output", out)), "one-step denoiser");
		fails(run(args("restore", "--task", "dehaze", "--input", in, "--output", out)), "Unknown task");
		fails(run(args("restore", "--task", "deconvolve", "--input", in, "--output", out)), "exactly one PSF");
		fails(run(args("restore", "--task", "mri", "--input", in, "--output", out)), "--simulate");
		assertFalse(java.nio.file.Files.exists(out), "no output after errors");
	}
}
