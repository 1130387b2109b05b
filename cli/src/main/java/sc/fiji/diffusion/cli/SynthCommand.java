/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import ij.measure.Calibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.synth.Degradation;
import sc.fiji.diffusion.data.synth.FluorescenceGenerator;
import sc.fiji.diffusion.data.synth.SyntheticPsf;
import sc.fiji.diffusion.data.synth.SyntheticDataset;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.imagej.Montage;
import sc.fiji.diffusion.io.AtomicFiles;
import sc.fiji.diffusion.model.Cancellation;

@Command(name = "synth", mixinStandardHelpOptions = true,
	description = { "Write synthetic fluorescence microscopy images (nuclei, cell bodies, rod-shaped bacteria, filaments, puncta, "
		+ "uneven background) as 32-bit TIFFs fluo_00000.tif, ... for training a prior, and optionally degraded (blurred and "
		+ "noisy) counterparts with the same names.",
		"Values are relative intensities in [0, 1.5]. Also writes synth.csv (file, seed, scene, PSF) to the output folder, "
		+ "in one step once the images are written (an earlier synth.csv there is removed first).",
		"Ctrl-C stops between images (exit code 130): the images written so far stay, synth.csv lists exactly them, and no "
		+ "montage is written. A killed run leaves its images and no synth.csv." })
final class SynthCommand implements Callable<Integer> {

	/** The table of the images written, beside them in the output folder. */
	static final String CSV = "synth.csv";

	@Option(names = "--count", defaultValue = "16", description = "Number of images (default: ${DEFAULT-VALUE}).")
	int count;

	@Option(names = "--size", defaultValue = "256", description = "Image size, HxW or one number for a square (default: ${DEFAULT-VALUE}).")
	String size;

	@Option(names = "--pixel-size", defaultValue = "0.1", description = "Pixel size in micrometres (default: ${DEFAULT-VALUE}).")
	double pixelSize;

	@Option(names = "--seed", defaultValue = "0", description = "Random seed; image i depends only on the seed and i (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--output", required = true, description = "Folder for the clean images (created if needed).")
	Path output;

	@Option(names = "--blur", defaultValue = "random", description = "Blur of the clean images: none = sharp; random = each image its own mild PSF from none to "
		+ "widefield-like, so that a prior covers both deconvolved-looking and widefield-looking data; widefield = all with "
		+ "the --na/--wavelength/--haze PSF (default: ${DEFAULT-VALUE}).")
	String blur;

	@Option(names = "--na", defaultValue = "1.3", description = "Numerical aperture of the widefield PSF (default: ${DEFAULT-VALUE}).")
	double na;

	@Option(names = "--wavelength", defaultValue = "520", description = "Emission wavelength in nm of the widefield PSF (default: ${DEFAULT-VALUE}).")
	double wavelength;

	@Option(names = "--haze", defaultValue = "0.2", description = "Out-of-focus light fraction of the widefield PSF, in a Gaussian of 1.5 um (default: ${DEFAULT-VALUE}).")
	double haze;

	@Option(names = "--noisy-output", description = "Also write degraded counterparts (same file names) to this folder.")
	Path noisyOutput;

	@Option(names = "--noisy-blur", defaultValue = "none", description = "Extra blur of the degraded images before the noise: none or widefield "
		+ "(deconvolution pairs: --blur none --noisy-blur widefield) (default: ${DEFAULT-VALUE}).")
	String noisyBlur;

	@Option(names = "--photons", defaultValue = "100", description = "Expected photons of a pixel of value 1 (Poisson noise) (default: ${DEFAULT-VALUE}).")
	double photons;

	@Option(names = "--read-noise", defaultValue = "2", description = "Camera read noise in photoelectrons rms (default: ${DEFAULT-VALUE}).")
	double readNoise;

	@Option(names = "--gaussian-sigma", description = "Use additive Gaussian noise of this standard deviation instead of Poisson-Gaussian noise.")
	Double gaussianSigma;

	@Option(names = "--light", defaultValue = "fluorescence", description = "fluorescence, transmitted (brightfield, phase contrast or DIC "
		+ "images of the same kind of scenes) or mixed (each image either) (default: ${DEFAULT-VALUE}).")
	String light;

	@Option(names = "--montage", description = "Also write the clean images side by side as an 8-bit PNG to look at.")
	Path montage;

	@Override
	public Integer call() throws Exception {
		if (count < 1) throw new IllegalArgumentException("--count must be at least 1, got " + count);
		final int[] hw = GenerateCommand.parseSize(size);
		final int h = hw[0], w = hw[1];
		final FluorescenceGenerator generator = new FluorescenceGenerator(w, h, pixelSize);
		final SyntheticPsf widefield = SyntheticPsf.widefield(na, wavelength, pixelSize, haze, SyntheticPsf.DEFAULT_HAZE_SIGMA_UM);
		final SyntheticDataset.Light kind = SyntheticDataset.Light.parse(light);
		final SyntheticDataset data = new SyntheticDataset(generator, SyntheticDataset.Blur.parse(blur), widefield, seed, kind);
		final Degradation degradation = noisyOutput == null ? null : degradation(widefield);
		if (montage != null && (long) count * w * h > Integer.MAX_VALUE)
			throw new IllegalArgumentException("Too many pixels for one montage: lower --count or --size");

		final Calibration cal = new Calibration();
		cal.pixelWidth = pixelSize;
		cal.pixelHeight = pixelSize;
		cal.setUnit("micron");
		final float[] all = montage == null ? null : new float[count * w * h];
		final long start = System.nanoTime();
		Files.createDirectories(output);
		// the images an earlier synth.csv describes are about to be replaced: no table may list them meanwhile
		Files.deleteIfExists(output.resolve(CSV));
		final StringBuilder csv = new StringBuilder("file,seed,light,scene,psf" + (degradation == null ? "" : ",degradation") + "\n");
		int written = 0; // images (and degraded counterparts) written and listed in csv
		while (written < count && !Cancellation.currentThreadCancelled()) { // Ctrl-C: stop between images (CancelOnShutdown)
			final int i = written;
			final String name = String.format(Locale.ROOT, kind == SyntheticDataset.Light.FLUORESCENCE ? "fluo_%05d.tif" : "synth_%05d.tif", i);
			final SyntheticDataset.Sample s = data.sample(i);
			ImageFiles.saveFloatTiff(output.resolve(name), w, h, new float[][] { s.image }, cal, name);
			if (degradation != null)
				ImageFiles.saveFloatTiff(noisyOutput.resolve(name), w, h, new float[][] { data.degrade(s, degradation) }, cal, name);
			if (all != null) System.arraycopy(s.image, 0, all, i * w * h, w * h);
			csv.append(name + "," + s.seed + "," + s.light + "," + quote(s.scene) + "," + quote(s.psf) + (degradation == null ? "" : "," + quote(degradation)) + "\n");
			written++;
		}
		AtomicFiles.write(output.resolve(CSV), csv.toString());
		if (written < count) {
			System.err.println(String.format(Locale.ROOT, "Cancelled after %d of %d images: they and %s listing them are in %s%s; no montage was written",
				written, count, CSV, output, noisyOutput == null ? "" : " (degraded ones in " + noisyOutput + ")"));
			return Main.CANCELLED;
		}
		if (all != null) Montage.savePng(new Batch(count, h, w, 1, all), montage);
		System.err.println(String.format(Locale.ROOT, "Wrote %d images of %dx%d (%.3f um pixels) to %s%s in %.1f s", count, h, w, pixelSize,
			output, noisyOutput == null ? "" : " and " + noisyOutput, (System.nanoTime() - start) / 1e9));
		return 0;
	}

	/** A CSV field in double quotes (the descriptions contain commas). */
	private static String quote(final Object o) {
		return '"' + String.valueOf(o).replace("\"", "\"\"") + '"';
	}

	private Degradation degradation(final SyntheticPsf widefield) {
		final SyntheticDataset.Blur blur = SyntheticDataset.Blur.parse(noisyBlur);
		if (blur == SyntheticDataset.Blur.RANDOM)
			throw new IllegalArgumentException("--noisy-blur must be none or widefield, got '" + noisyBlur + "'");
		final SyntheticPsf psf = blur.psf(widefield, null, 0);
		return gaussianSigma != null ? Degradation.gaussian(psf, gaussianSigma) : Degradation.poissonGaussian(psf, photons, readNoise);
	}
}
