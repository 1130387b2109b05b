/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.macro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.task.TaskService;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.classical.PsfConvolution;
import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.data.Metrics;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.Masks;
import sc.fiji.diffusion.operator.Operators;
import sc.fiji.diffusion.testdata.SampleData;
import sc.fiji.diffusion.testdata.MultiCoilPhantom;
import sc.fiji.diffusion.io.BartCfl;
import sc.fiji.diffusion.mri.CoilMaps;
import sc.fiji.diffusion.mri.CoilPlanes;
import sc.fiji.diffusion.mri.MultiCoilReconstruction;

/**
 * Every ImageJ macro in {@code macros/}, run by ImageJ 1's macro interpreter (headless, batch mode) with
 * its {@code run("Diffusion ...")} calls routed to the commands ({@link MacroBridge}), on small crops of a
 * real fluorescence image (ecoli.png) with the small demo-cells prior: the result files (name, 32-bit,
 * size, calibration), better than the input (PSNR), inputs left alone, images closed, and refusals.
 */
class MacrosTest {

	static final int N = 64;
	static final Path MACROS = SampleData.repoRoot().resolve("macros");
	/** The macros this test runs; a new macro needs a test here. */
	static final Set<String> TESTED = new TreeSet<>(Arrays.asList("denoise-folder.ijm", "deconvolve-folder.ijm", "mri-kspace-folder.ijm", "mri-raw-folder.ijm", "train-folder.ijm"));

	static Context context;
	static MacroBridge bridge;
	static ImagePlus ecoli;
	@TempDir Path dir;

	@BeforeAll
	static void start() throws Exception {
		if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
		ecoli = ImageFiles.open(SampleData.ijTestImages().resolve("ecoli.png"));
		context = new Context(CommandService.class, StatusService.class, TaskService.class, LogService.class);
		bridge = new MacroBridge(context);
	}

	@AfterAll
	static void stop() {
		if (bridge != null) bridge.close();
		if (context != null) context.dispose();
	}

	// ---- test data ---------------------------------------------------------------------------------

	/** A {@code w x h} crop of ecoli.png (luminance) at (x0, y0). */
	static float[] crop(final int x0, final int y0, final int w, final int h) {
		final float[] all = ImageFiles.planes(ecoli, true)[0];
		final float[] out = new float[w * h];
		for (int y = 0; y < h; y++) System.arraycopy(all, (y0 + y) * ecoli.getWidth() + x0, out, y * w, w);
		return out;
	}

	static float[] plusNoise(final float[] clean, final double sigma, final long seed) {
		final float[] n = new float[clean.length];
		GaussianNoise.fill(n, seed);
		for (int k = 0; k < n.length; k++) n[k] = clean[k] + (float) sigma * n[k];
		return n;
	}

	static Calibration microns() {
		final Calibration cal = new Calibration();
		cal.pixelWidth = cal.pixelHeight = 0.065;
		cal.setUnit("micron");
		return cal;
	}

	static void tiff(final Path file, final Calibration cal, final float[]... planes) throws IOException {
		ImageFiles.saveFloatTiff(file, N, N, planes, cal, file.getFileName().toString());
	}

	static List<String> names(final Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	/** Runs a macro of macros/ and checks that it ran to the end and closed its images. */
	static MacroBridge.Result run(final String macro, final String argument) throws Exception {
		final long t0 = System.nanoTime();
		final MacroBridge.Result r = bridge.run(MACROS.resolve(macro), argument);
		report(String.format(Locale.ROOT, "%s in %.1f s", macro, (System.nanoTime() - t0) / 1e9));
		assertFalse(r.aborted, macro + " stopped: " + r);
		assertEquals(0, r.imagesLeftOpen, macro + " left images open");
		return r;
	}

	/** Opens a result and checks what every result must be: 32-bit, N x N, one plane, calibration kept. */
	static float[] result(final Path file, final Calibration cal) {
		assertTrue(Files.isRegularFile(file), "no result " + file);
		final ImagePlus imp = IJ.openImage(file.toString());
		assertEquals(ImagePlus.GRAY32, imp.getType(), file + " is not 32-bit");
		assertEquals(N, imp.getWidth());
		assertEquals(N, imp.getHeight());
		assertEquals(1, imp.getStackSize());
		if (cal != null) {
			assertEquals(cal.pixelWidth, imp.getCalibration().pixelWidth, 1e-6 * cal.pixelWidth, "calibration of " + file); // TIFF rationals
			assertEquals(cal.getUnit(), imp.getCalibration().getUnit(), "unit of " + file);
		}
		return (float[]) imp.getProcessor().getPixels();
	}

	static double psnr(final float[] ref, final float[] x) { return Metrics.psnr(ref, x, 255); }

	static void report(final String line) { System.out.println("[macros] " + line); }

	// ---- the macros --------------------------------------------------------------------------------

	@Test
	void everyMacroIsTestedAndHasItsHeader() throws IOException {
		final Set<String> found = new TreeSet<>();
		try (Stream<Path> s = Files.list(MACROS)) {
			s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ijm")).forEach(found::add);
		}
		assertEquals(TESTED, found, "every macro in macros/ needs a test in MacrosTest");
		final String index = new String(Files.readAllBytes(MACROS.resolve("README.md")), StandardCharsets.UTF_8);
		for (final String name : found) {
			final String text = new String(Files.readAllBytes(MACROS.resolve(name)), StandardCharsets.UTF_8);
			assertTrue(text.startsWith("// " + name + ": "), name + ": the header starts with what it does");
			assertTrue(text.contains("Plugins > Macros > Run..."), name + ": how to run it in Fiji");
			assertTrue(text.contains("ImageJ --headless -batch macros/" + name + " \""), name + ": how to run it headless");
			assertTrue(text.contains("getArgument()") && text.contains("setBatchMode(true)"), name);
			assertTrue(index.contains(name), "macros/README.md lists " + name);
		}
	}

	@Test
	void denoiseFolderDenoisesEveryImageIntoTheOutputFolder() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("noisy")), out = dir.resolve("de noised"); // a space: [...] in the argument
		final float[][] clean = { crop(1000, 600, N, N), crop(900, 500, N, N) };
		final float[][] noisy = { plusNoise(clean[0], 25, 1), plusNoise(clean[1], 25, 2) };
		tiff(in.resolve("a.tif"), microns(), noisy[0]);
		tiff(in.resolve("b.tiff"), microns(), noisy[1]);
		final ColorProcessor rgb = (ColorProcessor) ecoli.getProcessor().duplicate();
		rgb.setRoi(1000, 600, N, N);
		assertTrue(new FileSaver(new ImagePlus("c", rgb.crop())).saveAsPng(in.resolve("c.png").toString()));
		Files.write(in.resolve("notes.txt"), "not an image".getBytes(StandardCharsets.UTF_8));
		final List<String> inputs = names(in);

		final MacroBridge.Result r = run("denoise-folder.ijm", "input=" + in + " output=[" + out + "] model=demo-cells");
		assertTrue(r.output.contains("denoise-folder: 1/3 a.tif") && r.output.contains("denoise-folder: 3/3 c.png"), r.output);
		assertEquals(inputs, names(in), "the input folder changed");
		assertEquals(Arrays.asList("a-denoise.tif", "b-denoise.tif", "c-denoise.tif"), names(out));
		for (int i = 0; i < 2; i++) {
			final float[] x = result(out.resolve((i == 0 ? "a" : "b") + "-denoise.tif"), microns());
			final double before = psnr(clean[i], noisy[i]), after = psnr(clean[i], x);
			report(String.format(Locale.ROOT, "denoise-folder: %.2f dB -> %.2f dB", before, after));
			assertTrue(after > before + 3, "denoised " + after + " dB vs noisy " + before);
		}
		result(out.resolve("c-denoise.tif"), null); // the RGB image, converted to 32-bit grey
	}

	@Test
	void deconvolveFolderWithAGaussianSigmaAndWithAPsfFile() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("blurred"));
		final float[][] clean = { crop(1000, 600, N, N), crop(940, 520, N, N), crop(880, 560, N, N) };
		final float[][] blurred = new float[3][];
		for (int i = 0; i < 3; i++) {
			blurred[i] = plusNoise(PsfConvolution.mirrored(Psfs.gaussian2D(2), clean[i], N, N), 2, 3 + i);
			tiff(in.resolve("cell" + i + ".tif"), microns(), blurred[i]);
		}
		final Path gaussian = dir.resolve("gaussian"), file = dir.resolve("file");
		run("deconvolve-folder.ijm", "input=" + in + " output=" + gaussian + " psf_sigma=2 noise_sigma=2 model=demo-cells");
		// a Gaussian PSF image (sigma 2), in the input folder: the macro must not deconvolve it
		final int p = 17;
		final float[] psf = new float[p * p];
		for (int y = 0; y < p; y++)
			for (int x = 0; x < p; x++) psf[y * p + x] = (float) Math.exp(-((x - 8) * (x - 8) + (y - 8) * (y - 8)) / 8.0);
		ImageFiles.saveFloatTiff(in.resolve("psf.tif"), p, p, new float[][] { psf }, null, "psf");

		final MacroBridge.Result r = run("deconvolve-folder.ijm", "input=" + in + " output=" + file + " psf_file=" + in.resolve("psf.tif") + " noise_sigma=2 model=demo-cells");
		assertTrue(r.output.contains("deconvolve-folder: 3/3 cell2.tif") && !r.output.contains("psf.tif\n"), r.output);
		assertEquals(Arrays.asList("cell0-deconvolve.tif", "cell1-deconvolve.tif", "cell2-deconvolve.tif"), names(gaussian));
		assertEquals(names(gaussian), names(file));
		for (final Path outFolder : new Path[] { gaussian, file })
			for (int i = 0; i < 3; i++) {
				final float[] x = result(outFolder.resolve("cell" + i + "-deconvolve.tif"), microns());
				final double before = psnr(clean[i], blurred[i]), after = psnr(clean[i], x);
				report(String.format(Locale.ROOT, "deconvolve-folder (%s): %.2f dB -> %.2f dB", outFolder.getFileName(), before, after));
				assertTrue(after > before + 1, "deconvolved " + after + " dB vs blurred " + before);
			}
	}

	@Test
	void mriFolderReconstructsKspaceStacksWithAMaskFileAndSimulatesUndersampling() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("kspace"));
		final Mask mask = Masks.cartesianVariableDensity(N, N, 4, 0.08, 3);
		final Calibration mm = new Calibration();
		mm.pixelWidth = mm.pixelHeight = 0.5;
		mm.setUnit("mm");
		final float[][] clean = { crop(1000, 600, N, N), crop(960, 560, N, N), crop(900, 520, N, N) };
		final float[][] zeroFilled = new float[3][];
		for (int i = 0; i < 3; i++) {
			final Batch k = Operators.run(Operators.mri(mask, N, N), new Batch(1, N, N, 1, clean[i].clone()), false);
			final float[] re = new float[N * N], im = new float[N * N];
			for (int j = 0; j < N * N; j++) {
				re[j] = k.data()[2 * j];
				im[j] = k.data()[2 * j + 1];
			}
			tiff(in.resolve("scan" + i + ".tif"), mm, re, im);
			zeroFilled[i] = Operators.run(Operators.mri(mask, N, N), k, true).data();
		}
		tiff(in.resolve("mask.tif"), null, mask.values()); // in the input folder: skipped
		tiff(in.resolve("magnitude.tif"), mm, clean[0]); // not a k-space stack: skipped with a message
		final Path out = dir.resolve("recon");
		MacroBridge.Result r = run("mri-kspace-folder.ijm", "input=" + in + " output=" + out + " mask_file=" + in.resolve("mask.tif") + " model=demo-cells");
		assertTrue(r.output.contains("skipped magnitude.tif") && r.output.contains("3 image(s) reconstructed"), r.output);
		assertEquals(Arrays.asList("scan0-mri.tif", "scan1-mri.tif", "scan2-mri.tif"), names(out));
		for (int i = 0; i < 3; i++) {
			final float[] x = result(out.resolve("scan" + i + "-mri.tif"), mm);
			final double before = psnr(clean[i], zeroFilled[i]), after = psnr(clean[i], x);
			report(String.format(Locale.ROOT, "mri-kspace-folder (k-space + mask file): zero-filled %.2f dB -> %.2f dB", before, after));
			assertTrue(after > before + 1, "reconstruction " + after + " dB vs zero-filled " + before);
		}

		// simulate: magnitude images undersampled with the same (simulated) mask
		final Path mag = Files.createDirectories(dir.resolve("magnitude")), sim = dir.resolve("simulated");
		tiff(mag.resolve("slice.tif"), mm, clean[1]);
		r = run("mri-kspace-folder.ijm", "input=" + mag + " output=" + sim + " mode=simulate mask_type=cartesian acceleration=4 mask_seed=3 model=demo-cells");
		assertTrue(r.calls.get(0).endsWith("mask_variant=3"), "the macro's old mask_seed argument reaches the command: " + r.calls);
		final float[] x = result(sim.resolve("slice-mri.tif"), mm);
		final double before = psnr(clean[1], zeroFilled[1]), after = psnr(clean[1], x);
		report(String.format(Locale.ROOT, "mri-kspace-folder (simulate R=4): zero-filled %.2f dB -> %.2f dB", before, after));
		assertTrue(after > before + 1, "reconstruction " + after + " dB vs zero-filled " + before);
	}

	@Test
	void trainFolderWritesABundleAndInstallsIt() throws Exception {
		final String previous = System.getProperty(Models.DIR_PROPERTY);
		System.setProperty(Models.DIR_PROPERTY, dir.resolve("installed").toString());
		try {
			final Path in = Files.createDirectories(dir.resolve("training")), out = dir.resolve("models");
			for (int i = 0; i < 3; i++) ImageFiles.saveFloatTiff(in.resolve("t" + i + ".tif"), 96, 96, new float[][] { crop(850 + 100 * i, 550, 96, 96) }, null, "t");
			final MacroBridge.Result r = run("train-folder.ijm",
				"input=" + in + " output=" + out + " name=lab-prior steps=3 patch_size=32 batch_size=2 width=8 levels=2 augment=none");
			assertTrue(Files.isRegularFile(out.resolve("lab-prior.zip")), r.output);
			assertTrue(Models.installedNames().contains("lab-prior"), "installed: " + Models.installedNames());
			assertTrue(r.output.contains("installed as 'lab-prior'"), r.output);
			assertEquals(Arrays.asList("t0.tif", "t1.tif", "t2.tif"), names(in), "the training folder changed");
			assertTrue(r.output.contains("on 3 image(s)"), r.output);
		}
		finally {
			if (previous == null) System.clearProperty(Models.DIR_PROPERTY);
			else System.setProperty(Models.DIR_PROPERTY, previous);
		}
	}

	@Test
	void theMacrosRefuseAnOutputFolderEqualToTheInputAndUnknownArguments() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in"));
		tiff(in.resolve("a.tif"), microns(), crop(1000, 600, N, N));
		for (final String macro : TESTED) {
			MacroBridge.Result r = bridge.run(MACROS.resolve(macro), "input=" + in + " output=" + in + "/");
			assertTrue(r.aborted && r.output.contains("must differ from the input folder"), macro + ": " + r);
			r = bridge.run(MACROS.resolve(macro), "input=" + in + " output=" + dir.resolve("out") + " stepz=3");
			assertTrue(r.aborted && r.output.contains("Unknown argument 'stepz'"), macro + ": " + r);
		}
		assertEquals(Collections.singletonList("a.tif"), names(in));
		assertFalse(Files.exists(dir.resolve("out")));
	}

	// ---- Fiji with its window ------------------------------------------------------------------------

	/**
	 * In Fiji's GUI the input harvester opens a dialog for every input a line leaves unresolved: every
	 * macro's run() lines resolve them all, and ask for what the same task asks for on the command line.
	 */
	@Test
	void inFijisGuiNoMacroOpensADialogAndEachAsksWhatTheCommandLineAsks() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("gui-in"));
		tiff(in.resolve("a.tif"), microns(), plusNoise(crop(1000, 600, N, N), 10, 7));
		final List<String> calls = new ArrayList<>();
		final String previous = System.getProperty(Models.DIR_PROPERTY);
		System.setProperty(Models.DIR_PROPERTY, dir.resolve("installed").toString());
		bridge.mode(MacroBridge.Mode.GUI);
		try {
			calls.addAll(run("denoise-folder.ijm", "input=" + in + " output=" + dir.resolve("o1") + " model=demo-cells").calls);
			calls.addAll(run("deconvolve-folder.ijm", "input=" + in + " output=" + dir.resolve("o2") + " psf_sigma=2 model=demo-cells").calls);
			calls.addAll(run("mri-kspace-folder.ijm", "input=" + in + " output=" + dir.resolve("o3") + " mode=simulate model=demo-cells").calls);
			calls.addAll(run("train-folder.ijm", "input=" + in + " output=" + dir.resolve("o4") + " name=gui-prior steps=2 patch_size=32 batch_size=2 width=8 levels=2")
				.calls);
		}
		finally {
			bridge.mode(MacroBridge.Mode.HEADLESS);
			if (previous == null) System.clearProperty(Models.DIR_PROPERTY);
			else System.setProperty(Models.DIR_PROPERTY, previous);
		}
		assertEquals(5, calls.size(), calls.toString()); // train-folder also runs the Model Manager
		final String[][] cli = {
			{ "restore", "--task", "denoise", "--model", "demo-cells", "--input", "a.tif", "--output", "o.tif" },
			{ "restore", "--task", "deconvolve", "--psf-sigma", "2", "--model", "demo-cells", "--input", "a.tif", "--output", "o.tif" },
			{ "restore", "--task", "mri", "--simulate", "--model", "demo-cells", "--input", "a.tif", "--output", "o.tif" },
			{ "train", "--data", in.toString(), "--output", "o.zip", "--steps", "2", "--patch", "32", "--batch", "2", "--channels", "8", "--levels", "2" } };
		final ImagePlus active = new ImagePlus("active", new ij.process.FloatProcessor(N, N));
		ij.macro.Interpreter.batchMode = true;
		active.show();
		try {
			for (int i = 0; i < cli.length; i++) {
				final String call = calls.get(i);
				final int colon = call.indexOf(": ");
				assertEquals(DefaultsParityTest.cli(cli[i]), DefaultsParityTest.fiji(bridge, call.substring(0, colon), call.substring(colon + 2)), call);
			}
		}
		finally {
			active.close();
			ij.macro.Interpreter.batchMode = false;
		}
	}

	/**
	 * With Fiji's window, a batch-mode macro restores the image it opened, not an image window the user has
	 * open on the screen (which ImageJ gives the command's thread as its current image), and the result
	 * becomes the macro's current image, though Fiji shows it on another thread; with the map, the next
	 * command of the macro takes the result, not the map, as its input.
	 */
	@Test
	void inFijisGuiABatchMacroRestoresItsOwnImageAndGetsTheResult() throws Exception {
		final ImagePlus onScreen = new ImagePlus("on-screen", new ij.process.FloatProcessor(N, N));
		bridge.mode(MacroBridge.Mode.GUI).frontWindow(onScreen);
		try {
			final MacroBridge.Result r = bridge.runText("setBatchMode(true);\nnewImage(\"x\", \"32-bit ramp\", 48, 48, 1);\nid = getImageID();\n"
				+ "run(\"Diffusion Denoise\", \"" + ALL_DENOISE_KEYS + " show_std=true\");\nprint(\"after 1: \" + getTitle() + \", new: \" + (getImageID() != id) + \", open: \" + nImages);\n"
				+ "run(\"Diffusion Denoise\", \"" + ALL_DENOISE_KEYS + " show_std=false\");\nprint(\"after 2: \" + getTitle() + \", open: \" + nImages);\n", "");
			assertFalse(r.aborted, r.toString());
			assertTrue(r.output.contains("after 1: x-denoise-mmse, new: 1, open: 3"), r.output);
			assertTrue(r.output.contains("after 2: x-denoise-mmse-denoise-mmse, open: 4"), r.output);
			assertEquals(4, r.imagesLeftOpen);
			// an image the line names is restored, not the macro's current one
			final MacroBridge.Result named = bridge.runText("setBatchMode(true);\nnewImage(\"a\", \"32-bit ramp\", 48, 48, 1);\nnewImage(\"b\", \"32-bit ramp\", 48, 48, 1);\n"
				+ "run(\"Diffusion Denoise\", \"image=a " + ALL_DENOISE_KEYS + " show_std=false\");\nprint(\"named: \" + getTitle());\n", "");
			assertFalse(named.aborted, named.toString());
			assertTrue(named.output.contains("named: a-denoise-mmse"), named.output);
		}
		finally {
			bridge.mode(MacroBridge.Mode.HEADLESS).frontWindow(null);
		}
	}

	/** A script's {@code IJ.run} (as a macro's run() calls it) restores its current image and gets the result as its current image. */
	@Test
	void aScriptsIJRunGetsTheResultAsItsCurrentImage() throws Exception {
		final ImagePlus[] current = new ImagePlus[1];
		final Throwable[] failed = new Throwable[1];
		final Thread script = new Thread(() -> {
			try {
				ij.macro.Interpreter.batchMode = true;
				ij.IJ.createImage("s", "32-bit ramp", 48, 48, 1).show();
				ij.IJ.run("Diffusion Denoise", ALL_DENOISE_KEYS + " show_std=false");
				current[0] = ij.WindowManager.getCurrentImage();
			}
			catch (final Throwable e) {
				failed[0] = e;
			}
		}, "script");
		script.start();
		script.join();
		try {
			assertEquals(null, failed[0]);
			assertEquals("s-denoise-mmse", current[0] == null ? null : current[0].getTitle());
		}
		finally {
			for (final int id : ij.WindowManager.getIDList() == null ? new int[0] : ij.WindowManager.getIDList()) ij.WindowManager.getImage(id).close();
			ij.macro.Interpreter.batchMode = false;
		}
	}

	/** Every key of Diffusion Denoise but the image, with the small demo prior. */
	static final String ALL_DENOISE_KEYS = "model=demo-cells method=default steps=-1 samples=-1 noise_sigma=-1 noise_type=gaussian photons=1 read_noise=0 seed=0 tile_size=-1";

	/**
	 * A line as Fiji's recorder writes it when a file field was left empty (no key for it: the recorder
	 * skips null values) replays, headless and in the GUI, without a file chooser; headless, scijava's
	 * FilePreprocessor would otherwise cancel the command without a word.
	 */
	@Test
	void aRecordedLineWithoutItsEmptyFileKeyReplaysWithoutAFileChooser() throws Exception {
		final String line = "run(\"Diffusion Deconvolve\", \"model=demo-cells method=default steps=-1 samples=-1 noise_sigma=-1 noise_type=gaussian photons=1 "
			+ "read_noise=0 seed=0 tile_size=-1 show_std=false psf=gaussian psf_sigma=2 psf_sigma_z=0 na=1.4 wavelength=520 refractive_index=1.518 pixel_size=0\");";
		for (final MacroBridge.Mode mode : MacroBridge.Mode.values()) {
			bridge.mode(mode);
			try {
				final MacroBridge.Result r = bridge.runText("setBatchMode(true);\nnewImage(\"x\", \"32-bit ramp\", 48, 48, 1);\n" + line
					+ "\nprint(\"active: \" + getTitle());\n", "");
				assertFalse(r.aborted, mode + ": " + r);
				assertTrue(r.output.contains("active: x-deconvolve-pnp"), mode + ": " + r.output);
			}
			finally {
				bridge.mode(MacroBridge.Mode.HEADLESS);
			}
		}
	}

	/** A refused command stops the macro in Fiji's GUI too (imagej-legacy itself would let it carry on). */
	@Test
	void aRefusedCommandStopsTheMacroWithFijisWindowToo() throws Exception {
		bridge.mode(MacroBridge.Mode.GUI);
		try {
			final MacroBridge.Result r = bridge.runText("setBatchMode(true);\nnewImage(\"rgb\", \"RGB black\", 32, 32, 1);\nrun(\"Diffusion Denoise\", \""
				+ ALL_DENOISE_KEYS + " show_std=false\");\nprint(\"not reached\");\n", "");
			assertTrue(r.aborted && r.error.contains("RGB images are not supported"), r.toString());
			assertFalse(r.output.contains("not reached"), r.output);
		}
		finally {
			bridge.mode(MacroBridge.Mode.HEADLESS);
		}
	}

	// ---- the bridge --------------------------------------------------------------------------------

	/**
	 * mri-raw-folder.ijm over BART .cfl files of a 4-coil phantom (R = 3; one with 2 slices): one stack per
	 * file, better than the zero-filled SENSE image against the fully sampled root sum of squares.
	 */
	@Test
	void mriRawFolder() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("raw"));
		final int c = MultiCoilPhantom.COILS;
		final Mask mask = Masks.cartesianVariableDensity(N, N, 3, 0.16, 2);
		final CoilPlanes[] full = new CoilPlanes[2];
		for (int i = 0; i < 2; i++) {
			full[i] = MultiCoilPhantom.kspace(MultiCoilPhantom.image(N, 3 * i), MultiCoilPhantom.maps(N));
			final CoilPlanes k = MultiCoilPhantom.undersample(full[i], mask);
			BartCfl.write(in.resolve("scan" + i + ".cfl"), new BartCfl.Array(new long[] { N, N, 1, c }, k.re, k.im));
		}
		final Path out = dir.resolve("raw-out");
		final MacroBridge.Result r = run("mri-raw-folder.ijm", "input=" + in + " output=" + out + " steps=20 samples=2");
		assertTrue(r.output.contains("2 file(s) reconstructed"), r.output);
		assertEquals(Arrays.asList("scan0-mri.tif", "scan1-mri.tif"), names(out));
		for (int i = 0; i < 2; i++) {
			final float[] ref = MultiCoilPhantom.rss(full[i]);
			final CoilPlanes k = MultiCoilPhantom.undersample(full[i], mask);
			final float[][] zf = MultiCoilReconstruction.zeroFilled(k, mask, CoilMaps.estimate(k, mask));
			final float[] zfMag = new float[N * N];
			for (int j = 0; j < zfMag.length; j++) zfMag[j] = (float) Math.hypot(zf[0][j], zf[1][j]);
			double max = 0;
			for (final float v : ref) max = Math.max(max, v);
			final float[] x = result(out.resolve("scan" + i + "-mri.tif"), null);
			final double before = Metrics.psnr(ref, zfMag, max), after = Metrics.psnr(ref, x, max);
			report(String.format(Locale.ROOT, "mri-raw-folder (4 coils, R=3): zero-filled %.2f dB -> %.2f dB", before, after));
			assertTrue(after > before + 1, "reconstruction " + after + " dB vs zero-filled " + before);
		}
	}

	@Test
	void aRefusedCommandAbortsTheMacroWithItsMessage() throws Exception {
		final MacroBridge.Result r = bridge.runText("newImage(\"rgb\", \"RGB black\", 32, 32, 1);\nrun(\"Diffusion Denoise\", \"model=demo-cells\");\nprint(\"not reached\");\n", "");
		assertTrue(r.aborted, r.toString());
		assertTrue(r.error.contains("RGB images are not supported"), r.toString());
		assertFalse(r.output.contains("not reached"), r.output);
	}

	/** An unknown output of Reconstruct Raw MRI is refused before the k-space is read, not after the reconstruction. */
	@Test
	void anUnknownRawMriOutputIsRefusedFirst() throws Exception {
		final MacroBridge.Result r = bridge.runText("run(\"Diffusion Reconstruct Raw MRI\", \"kspace_file=[" + dir.resolve("none.cfl")
			+ "] coil_maps=[] mask_file=[] prior_on=magnitude output=bogus model=[] steps=-1 samples=-1 seed=0\");\nprint(\"not reached\");\n", "");
		assertTrue(r.aborted && r.error.contains("Unknown MRI output 'bogus'"), r.toString());
	}

	@Test
	void theBridgeReadsOptionsAsImageJDoesAndRefusesWhatFijiWouldGetWrong() throws Exception {
		assertTrue(bridge.labels().containsAll(Arrays.asList("Diffusion Denoise", "Diffusion Deconvolve", "Diffusion Reconstruct MRI", "Diffusion Inpaint",
			"Diffusion Generate Samples", "Diffusion Train Model", "Diffusion Model Manager", "Diffusion Reconstruct Raw MRI")), bridge.labels().toString());
		final List<String[]> cases = new ArrayList<>();

		cases.add(new String[] { "run(\"Diffusion Denoise\", \"model=demo-cells stepz=3\");", "unknown key(s) [stepz]" });
		cases.add(new String[] { "run(\"Diffusion Denoise\", \"Model=demo-cells\");", "unknown key(s) [Model]" });
		cases.add(new String[] { "run(\"Diffusion Denoise\", \"model=demo-cells steps=many\");", "'steps=many' is not a int value" });
		// the old key mask_seed (ImageJ's Macro.getValue read it as seed) is now mask_variant
		cases.add(new String[] { "run(\"Diffusion Reconstruct MRI\", \"model=demo-cells input=simulate mask_seed=3\");", "unknown key(s) [mask_seed]" });
		cases.add(new String[] { "run(\"Diffusion Denoise\", \"model=[\" + getDirectory(\"temp\") + \"no such model.zip]\");", "No model" });
		for (final String[] c : cases) {
			final MacroBridge.Result r = bridge.runText("newImage(\"x\", \"32-bit ramp\", 32, 32, 1);\n" + c[0] + "\nprint(\"not reached\");\n", "");
			assertTrue(r.aborted && r.error != null && r.error.contains(c[1]), c[0] + " -> " + r);
			assertFalse(r.output.contains("not reached"), r.output);
		}
		// headless, a bare key is ignored, as ImageJ's Macro.getValue ignores it (show_std stays false)
		final MacroBridge.Result bare = bridge.runText("newImage(\"x\", \"32-bit ramp\", 32, 32, 1);\nrun(\"Diffusion Denoise\", \"model=demo-cells show_std\");\n"
			+ "print(\"images: \" + nImages);\n", "");
		assertFalse(bare.aborted, bare.toString());
		assertTrue(bare.output.contains("images: 2"), bare.output);
		// headless (the bridge's default), the command shows its output itself, since no UI does: it becomes the
		// active (batch-mode) image; the input stays open
		final MacroBridge.Result ok = bridge.runText("newImage(\"x\", \"32-bit ramp\", 32, 32, 1);\nid = getImageID();\n"
			+ "run(\"Diffusion Denoise\", \"model=demo-cells\");\nprint(\"active: \" + getTitle() + \", new: \" + (getImageID() != id) + \", open: \" + nImages);\n", "");
		assertFalse(ok.aborted, ok.toString());
		assertTrue(ok.output.contains("active: x-denoise-mmse, new: 1, open: 2"), ok.output);
		assertEquals(2, ok.imagesLeftOpen);
	}
}
