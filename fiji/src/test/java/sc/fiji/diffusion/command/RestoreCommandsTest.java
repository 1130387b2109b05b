/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.diffusion.command.CommandTestSupport.ecoli;
import static sc.fiji.diffusion.command.CommandTestSupport.image;
import static sc.fiji.diffusion.command.CommandTestSupport.ok;
import static sc.fiji.diffusion.command.CommandTestSupport.pixels;
import static sc.fiji.diffusion.command.CommandTestSupport.plusNoise;
import static sc.fiji.diffusion.command.CommandTestSupport.refused;
import static sc.fiji.diffusion.command.CommandTestSupport.run;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;
import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.classical.PsfConvolution;
import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.data.Metrics;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.operator.Masks;
import sc.fiji.diffusion.operator.Operators;

/**
 * The restoring Fiji commands, run through the CommandService in a small SciJava context on crops of a
 * real fluorescence image (ecoli.png) with the small demo-cells prior: output type, size, calibration and
 * title, the input left untouched, quality better than the input, stacks and hyperstacks, and clear
 * refusals of bad input.
 */
class RestoreCommandsTest {

	static Context context;
	static final int N = 64;
	@TempDir Path dir;

	@BeforeAll
	static void start() { context = CommandTestSupport.context(); }

	@AfterAll
	static void stop() { context.dispose(); }

	static Map<String, Object> inputs(final ImagePlus imp, final Object... more) {
		final Map<String, Object> m = new HashMap<>();
		m.put("image", imp);
		m.put("model", "demo-cells");
		for (int i = 0; i < more.length; i += 2) m.put((String) more[i], more[i + 1]);
		return m;
	}

	static ImagePlus restore(final Class<? extends Command> command, final ImagePlus imp, final Object... more) throws Exception {
		final CommandModule m = ok(run(context, command, inputs(imp, more)));
		final ImagePlus out = (ImagePlus) m.getOutput("restored");
		assertNotNull(out);
		return out;
	}

	static double psnr(final float[] ref, final float[] x) { return Metrics.psnr(ref, x, 255); }

	static void report(final String line) { System.out.println("[commands] " + line); }

	// ---- the tasks ---------------------------------------------------------------------------------

	@Test
	void denoiseMakesANewCalibratedImageBetterThanTheInputAndLeavesTheInputAlone() throws Exception {
		final float[] clean = ecoli(1000, 600, N, N), noisy = plusNoise(clean, 25, 1);
		final ImagePlus in = image("noisy.tif", noisy, N, N);
		final ImagePlus out = restore(DenoiseCommand.class, in);
		assertArrayEquals(noisy, pixels(in, 1), "the input was modified");
		assertEquals(ImagePlus.GRAY32, out.getType());
		assertEquals(N, out.getWidth());
		assertEquals(N, out.getHeight());
		assertEquals("noisy-denoise-mmse", out.getTitle());
		assertEquals(0.065, out.getCalibration().pixelWidth, 1e-9);
		assertEquals("micron", out.getCalibration().getUnit());
		final double before = psnr(clean, noisy), after = psnr(clean, pixels(out, 1));
		report(String.format(Locale.ROOT, "denoise: noisy %.2f dB -> %.2f dB", before, after));
		assertTrue(after > before + 3, "denoised " + after + " dB vs noisy " + before);
	}

	@Test
	void deconvolveWithAGaussianPsfBeatsTheBlurredInput() throws Exception {
		final float[] clean = ecoli(1000, 600, N, N);
		final float[] blurred = plusNoise(PsfConvolution.mirrored(Psfs.gaussian2D(2), clean, N, N), 2, 3);
		final ImagePlus in = image("blurred", blurred, N, N);
		final ImagePlus out = restore(DeconvolveCommand.class, in, "psf", "gaussian", "psf_sigma", 2.0, "noise_sigma", 2.0);
		assertArrayEquals(blurred, pixels(in, 1));
		assertEquals("blurred-deconvolve-pnp", out.getTitle());
		final double before = psnr(clean, blurred), after = psnr(clean, pixels(out, 1));
		report(String.format(Locale.ROOT, "deconvolve: blurred %.2f dB -> %.2f dB", before, after));
		assertTrue(after > before + 1, "deconvolved " + after + " dB vs blurred " + before);
	}

	@Test
	void reconstructMriFromSimulatedUndersamplingBeatsZeroFilling() throws Exception {
		final float[] clean = ecoli(1000, 600, N, N);
		final ImagePlus in = image("magnitude", clean, N, N);
		final ImagePlus out = restore(MriCommand.class, in, "input", "simulate", "mask_type", "cartesian", "acceleration", 4.0, "mask_variant", 3L);
		assertArrayEquals(clean, pixels(in, 1));
		final sc.fiji.diffusion.operator.Mask mask = Masks.cartesianVariableDensity(N, N, 4, 0.08, 3);
		final float[] zeroFilled = Operators.run(Operators.mri(mask, N, N), Operators.run(Operators.mri(mask, N, N),
			new Batch(1, N, N, 1, clean.clone()), false), true).data();
		final double before = psnr(clean, zeroFilled), after = psnr(clean, pixels(out, 1));
		report(String.format(Locale.ROOT, "mri R=4: zero-filled %.2f dB -> %.2f dB", before, after));
		assertTrue(after > before + 1, "reconstruction " + after + " dB vs zero-filled " + before);
	}

	/** show_std: the calibrated posterior std opens beside the result, titled and coloured as what it is. */
	@Test
	void showStdGivesAPosteriorStdImageWithAColourScale() throws Exception {
		final float[] clean = ecoli(1000, 600, N, N);
		final ImagePlus in = image("magnitude", clean, N, N);
		final CommandModule m = ok(run(context, MriCommand.class, inputs(in, "input", "simulate", "mask_type", "cartesian", "acceleration", 4.0,
			"mask_variant", 3L, "show_std", true, "samples", 4)));
		final ImagePlus out = (ImagePlus) m.getOutput("restored"), std = (ImagePlus) m.getOutput("std");
		assertNotNull(std, "no std image");
		assertEquals("magnitude-mri-fast", out.getTitle());
		assertEquals("magnitude-mri-fast-posterior-std", std.getTitle());
		assertEquals("posterior std", std.getCalibration().getValueUnit());
		assertTrue(!std.getProcessor().isDefaultLut(), "a colour scale (Fire), not grey");
		assertEquals(0, std.getDisplayRangeMin());
		assertTrue(std.getDisplayRangeMax() > 0);
		assertTrue(((String) std.getProperty("Info")).contains("posterior standard deviation"));
		assertTrue(((String) std.getProperty("Info")).contains("held-out MRI slices"), "the info says what MRI maps were worth on held-out data");
		assertNotNull(std.getOverlay(), "a colour bar drawn on the map");
		assertFalse(((String) std.getProperty("Info")).contains("Not calibrated"));
		final float[] s = pixels(std, 1);
		double mean = 0;
		for (final float v : s) {
			assertTrue(v >= 0 && Float.isFinite(v));
			mean += v / s.length;
		}
		assertTrue(mean > 0, "mean std " + mean);
	}

	/**
	 * show_std on denoising: the result stays the default's (mmse), the map comes from the sampler's spread;
	 * forcing mmse with show_std is refused with the reason, as on the command line.
	 */
	@Test
	void denoisingWithTheMapSamplesAndSaysItIsUncalibrated() throws Exception {
		final float[] clean = ecoli(1000, 600, N, N);
		final ImagePlus in = image("noisy", plusNoise(clean, 20, 4), N, N);
		final CommandModule m = ok(run(context, DenoiseCommand.class, inputs(in, "show_std", true, "samples", 4)));
		final ImagePlus std = (ImagePlus) m.getOutput("std");
		assertNotNull(std, "no std image");
		assertEquals("noisy-denoise-mmse-posterior-std", std.getTitle());
		final ImagePlus without = (ImagePlus) ok(run(context, DenoiseCommand.class, inputs(in))).getOutput("restored");
		assertArrayEquals(pixels(without, 1), pixels((ImagePlus) m.getOutput("restored"), 1), "the same result with and without the map");
		refused(run(context, DenoiseCommand.class, inputs(in, "show_std", true, "method", "mmse")), "2 or more posterior samples");
	}

	/**
	 * show_std on deconvolution with every default (samples left at -1): the result stays pnp's, the same
	 * image as without the map, and the calibrated map from fast's 16 samples opens beside it.
	 */
	@Test
	void deconvolutionWithTheMapKeepsPnpsResult() throws Exception {
		final float[] clean = ecoli(1000, 600, N, N);
		final ImagePlus in = image("blurred", plusNoise(PsfConvolution.mirrored(Psfs.gaussian2D(2), clean, N, N), 2, 3), N, N);
		final CommandModule m = ok(run(context, DeconvolveCommand.class, inputs(in, "psf", "gaussian", "psf_sigma", 2.0, "show_std", true)));
		final ImagePlus out = (ImagePlus) m.getOutput("restored"), std = (ImagePlus) m.getOutput("std");
		assertNotNull(std, "no std image");
		assertEquals("blurred-deconvolve-pnp", out.getTitle());
		assertEquals("blurred-deconvolve-pnp-posterior-std", std.getTitle());
		assertFalse(((String) std.getProperty("Info")).contains("Not calibrated"));
		final ImagePlus without = (ImagePlus) ok(run(context, DeconvolveCommand.class, inputs(in, "psf", "gaussian", "psf_sigma", 2.0))).getOutput("restored");
		assertArrayEquals(pixels(without, 1), pixels(out, 1), "the same result with and without the map");
		for (final float v : pixels(std, 1)) assertTrue(v > 0 && Float.isFinite(v), "std " + v);
	}

	@Test
	void inpaintFillsTheSelectionAndTheNanPixels() throws Exception {
		final float[] clean = ecoli(1000, 600, N, N);
		final ImagePlus selected = image("holes", clean, N, N);
		selected.setRoi(new Roi(20, 20, 12, 12));
		final float[] a = pixels(restore(InpaintCommand.class, selected, "missing", "selection"), 1);
		final float[] withNan = clean.clone();
		for (int y = 20; y < 32; y++)
			for (int x = 20; x < 32; x++) withNan[y * N + x] = Float.NaN;
		final ImagePlus nan = image("nan", withNan, N, N);
		final float[] b = pixels(restore(InpaintCommand.class, nan, "missing", "nan"), 1);
		assertArrayEquals(withNan, pixels(nan, 1));
		double mean = 0, errA = 0, errB = 0, errMean = 0;
		for (int k = 0; k < clean.length; k++) mean += clean[k] / clean.length;
		for (int y = 20; y < 32; y++)
			for (int x = 20; x < 32; x++) {
				final int k = y * N + x;
				assertTrue(Float.isFinite(a[k]) && Float.isFinite(b[k]));
				errA += (a[k] - clean[k]) * (a[k] - clean[k]);
				errB += (b[k] - clean[k]) * (b[k] - clean[k]);
				errMean += (mean - clean[k]) * (mean - clean[k]);
			}
		report(String.format(Locale.ROOT, "inpaint 12x12 hole: rms %.1f (selection), %.1f (nan) vs %.1f (image mean)", Math.sqrt(errA / 144), Math.sqrt(errB / 144),
			Math.sqrt(errMean / 144)));
		assertTrue(errA < errMean && errB < errMean);
	}

	// ---- stacks ------------------------------------------------------------------------------------

	@Test
	void aHyperstackIsRestoredPlaneByPlaneAndKeepsItsDimensions() throws Exception {
		final ImageStack stack = new ImageStack(N, N);
		final float[][] clean = new float[4][];
		for (int i = 0; i < 4; i++) {
			clean[i] = ecoli(900 + 40 * i, 600, N, N);
			final float[] noisy = plusNoise(clean[i], 20, i);
			final short[] s = new short[N * N];
			for (int k = 0; k < s.length; k++) s[k] = (short) Math.max(0, Math.min(65535, Math.round(noisy[k] * 10)));
			stack.addSlice(new ShortProcessor(N, N, s, null));
		}
		final ImagePlus in = new ImagePlus("hyper", stack);
		in.setDimensions(2, 2, 1);
		in.setOpenAsHyperStack(true);
		final short[] before = ((short[]) in.getStack().getPixels(3)).clone();
		final ImagePlus out = restore(DenoiseCommand.class, in);
		assertArrayEquals(before, (short[]) in.getStack().getPixels(3));
		assertEquals(ImagePlus.GRAY32, out.getType());
		assertEquals(2, out.getNChannels());
		assertEquals(2, out.getNSlices());
		assertEquals(1, out.getNFrames());
		for (int i = 0; i < 4; i++) {
			final float[] noisy = ImageFiles.planes(new ImagePlus("", in.getStack().getProcessor(i + 1)))[0], x = pixels(out, i + 1);
			final float[] ref = clean[i].clone();
			for (int k = 0; k < ref.length; k++) ref[k] *= 10;
			assertTrue(Metrics.psnr(ref, x, 2550) > Metrics.psnr(ref, noisy, 2550) + 3, "plane " + (i + 1));
		}
	}

	@Test
	void tiledAndUntiledResultsAgreeWithoutVisibleSeams() throws Exception {
		final int n = 128;
		final float[] clean = ecoli(950, 550, n, n), noisy = plusNoise(clean, 25, 5);
		final ImagePlus in = image("big", noisy, n, n);
		final float[] whole = pixels(restore(DenoiseCommand.class, in, "tile_size", 0), 1);
		final float[] tiled = pixels(restore(DenoiseCommand.class, in, "tile_size", 64), 1);
		// tiles of 64 with overlap 32 start at 0, 32, 64: seams would sit in the blended bands
		double diff = 0, range = 0;
		float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
		for (int k = 0; k < clean.length; k++) {
			diff += (whole[k] - tiled[k]) * (whole[k] - tiled[k]);
			lo = Math.min(lo, whole[k]);
			hi = Math.max(hi, whole[k]);
		}
		range = hi - lo;
		final double rms = Math.sqrt(diff / clean.length) / range;
		final double psnrWhole = psnr(clean, whole), psnrTiled = psnr(clean, tiled);
		report(String.format(Locale.ROOT, "tiling 128x128 in 9 tiles of 64: rms difference %.4f of the range; PSNR %.2f (whole) vs %.2f (tiled) dB", rms,
			psnrWhole, psnrTiled));
		assertTrue(rms < 0.01, "tiled differs from untiled by " + rms + " of the range");
		assertTrue(psnrTiled > psnrWhole - 0.3, "tiling costs " + (psnrWhole - psnrTiled) + " dB");
	}

	// ---- bad input ---------------------------------------------------------------------------------

	@Test
	void badInputIsRefusedWithAClearMessageAndNoOutput() throws Exception {
		final ImagePlus rgb = new ImagePlus("rgb", new ColorProcessor(N, N));
		CommandModule m = run(context, DenoiseCommand.class, inputs(rgb));
		refused(m, "RGB images are not supported");
		assertNull(m.getOutput("restored"));

		final float[] withNan = ecoli(1000, 600, N, N);
		withNan[5] = Float.NaN;
		refused(run(context, DenoiseCommand.class, inputs(image("nan", withNan, N, N))), "NaN");

		final Path bigPsf = dir.resolve("psf.tif");
		ImageFiles.saveFloatTiff(bigPsf, 4 * N + 1, 4 * N + 1, new float[][] { sc.fiji.diffusion.operator.Psfs.gaussian2D(N / 2.0, 4 * N + 1).values() }, null, "psf");
		refused(run(context, DeconvolveCommand.class, inputs(image("small", ecoli(1000, 600, N, N), N, N), "psf", "file", "psf_file", bigPsf.toFile())),
			"larger than the image");

		final ij.ImageStack twoChannels = new ij.ImageStack(15, 15);
		for (int c = 0; c < 2; c++) twoChannels.addSlice(new ij.process.FloatProcessor(15, 15, sc.fiji.diffusion.operator.Psfs.gaussian2D(1.5 + c, 15).values()));
		final ImagePlus channelPsf = new ImagePlus("psf", twoChannels);
		channelPsf.setDimensions(2, 1, 1);
		channelPsf.setOpenAsHyperStack(true);
		final Path channelPsfFile = dir.resolve("psf-c2.tif");
		new ij.io.FileSaver(channelPsf).saveAsTiffStack(channelPsfFile.toString());
		refused(run(context, DeconvolveCommand.class, inputs(image("small", ecoli(1000, 600, N, N), N, N), "psf", "file", "psf_file", channelPsfFile.toFile())),
			"has 2 channels and 1 time frames");

		final Path mask = dir.resolve("mask.tif");
		final float[] ones = new float[32 * 32];
		java.util.Arrays.fill(ones, 1);
		ImageFiles.saveFloatTiff(mask, 32, 32, new float[][] { ones }, null, "mask");
		refused(run(context, MriCommand.class, inputs(image("k", ecoli(1000, 600, N, N), N, N), "input", "simulate", "mask_file", mask.toFile())),
			"does not match");
		refused(run(context, MriCommand.class, inputs(image("k", ecoli(1000, 600, N, N), N, N), "input", "kspace", "mask_file", mask.toFile())),
			"2-slice k-space stack");
		final ij.ImageStack k16 = new ij.ImageStack(32, 32); // unsigned 16-bit: no negative real or imaginary parts
		k16.addSlice(new ij.process.ShortProcessor(32, 32));
		k16.addSlice(new ij.process.ShortProcessor(32, 32));
		refused(run(context, MriCommand.class, inputs(new ImagePlus("k16", k16), "input", "kspace", "mask_file", mask.toFile())),
			"The k-space \"k16\" is a 16-bit image");
		refused(run(context, InpaintCommand.class, inputs(image("no roi", ecoli(1000, 600, N, N), N, N), "missing", "selection")), "no area selection");
		refused(run(context, DenoiseCommand.class, inputs(image("x", ecoli(1000, 600, N, N), N, N), "steps", 5)), "steps (5) do nothing for mmse");
		refused(run(context, DenoiseCommand.class, inputs(image("x", ecoli(1000, 600, N, N), N, N), "model", dir.resolve("missing.zip").toString())),
			"No model");
	}
}
