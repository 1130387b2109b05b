/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import ij.ImagePlus;
import ij.measure.Calibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.imagej.OutputPaths;
import sc.fiji.diffusion.imagej.ImagePlusImgs;
import sc.fiji.diffusion.io.KspaceFiles;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.noise.NoiseModel;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.Restoration.Method;
import sc.fiji.diffusion.task.Restoration.Task;
import sc.fiji.diffusion.task.RestoreRequest;
import sc.fiji.diffusion.task.Settings;
import sc.fiji.diffusion.task.StackProblem;
import sc.fiji.diffusion.task.StackRestoration;
import sc.fiji.diffusion.task.TaskProblems;

@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Restore an image with a diffusion prior: denoise, deconvolve, mri (undersampled k-space), inpaint or sr (super-resolution).",
		"Intensities: the input's 1st and 99.8th percentiles map to the model's -1 and 1 and back; --noise-sigma is in input units "
			+ "(model units: 2 sigma / (p99.8 - p1)). MRI: percentiles of the zero-filled image A^H y.",
		"Output: a 32-bit TIFF with the input's calibration (sr: pixel size / factor); every plane of a stack is restored.",
		"Defaults: denoise -> mmse (one-step posterior mean at the matched noise level, no sampling; SURE then chooses between it and total variation).",
		"deconvolve -> pnp (DPIR's half-quadratic splitting with the prior's denoiser, lambda 0.5, 6 network evaluations; with --std-output the result stays pnp's and the map is its error around 16 samples of fast; denoise likewise keeps mmse's result, its map their spread).",
		"mri, inpaint, sr -> fast (DiffPIR, lambda 1, xi 1; 50 steps over T = 1000 truncated at t0 = 300 for mri, else 400, "
			+ "so 16 (else 21) network evaluations, from the zero-filled/adjoint image noised to t0); mri averages 4 samples (antithetic pairs).",
		"dps: zeta 1, 200 steps from pure noise. ald: gamma 1, 200 steps from pure noise. sdedit: the start image noised to t0 (denoise: the matched noise level; else 400), "
			+ "then plain DDPM without a data term.",
		"Prints the residual ||A x - y|| / ||y|| (model units) and the time." })
public final class RestoreCommand implements Callable<Integer> {

	@Spec CommandSpec spec;

	@Option(names = "--task", required = true, description = "denoise, deconvolve, mri, inpaint or sr.")
	String task;

	@Option(names = "--input", description = "Input image (for mri: a magnitude image, with --simulate).")
	Path input;

	@Option(names = "--output", required = true, description = "Output 32-bit TIFF, named .tif or .tiff (never the input); checked to be writable before the work starts.")
	Path output;

	@Option(names = "--model", description = "Prior: bundled name, installed name, bundle .zip or SavedModel folder (default: mri-brain-t1 for mri, fluorescence-2d otherwise).")
	String model;

	@Option(names = "--method", description = "mmse (denoise only), fast (DiffPIR), pnp (plug-and-play HQS, DPIR: 6 network evaluations, lambda 0.5, deterministic; the deconvolution default), "
		+ "dps, ald or sdedit (default: per task, see above).")
	String method;

	@Option(names = "--steps", defaultValue = "-1", description = "Steps of the full plan over T, before truncation at t0 (default: 50; dps 200).")
	int steps;

	@Option(names = "--noise-sigma", description = "Measurement noise in input units (k-space units for mri). Default: estimated from the input: "
		+ "for denoise and deconvolve a camera (Poisson-Gaussian) model var = a E[y] + b fitted to the image where a is not negligible (printed), "
		+ "else Gaussian (robust MAD of a 3x3 high-pass); 0 for mri.")
	Double noiseSigma;

	@Option(names = "--photons", description = "Poisson-Gaussian (camera) noise: photo-electrons per unit of image intensity (1 / gain); with --read-noise. "
		+ "Denoising then works on the generalised Anscombe transform, other tasks weight the data term by 1 / (y / photons + read^2).")
	Double photons;

	@Option(names = "--read-noise", defaultValue = "0", description = "Poisson-Gaussian: read noise in image units (default: ${DEFAULT-VALUE}).")
	double readNoise;

	@Option(names = "--samples", defaultValue = "-1", description = "Posterior samples, run as one batch; the output is their mean (default: 1; mri 4, raw multi-coil k-space 2, fast deconvolution 2; 16 with --std-output).")
	int samples;

	@Option(names = "--antithetic", negatable = true,
		description = "fast, dps, ald with an even number of samples: draw them in antithetic pairs (opposite noise), which makes their mean "
			+ "more accurate at no cost; --no-antithetic: independent samples (default: antithetic).")
	Boolean antithetic;

	@Option(names = "--fallback", negatable = true,
		description = "mmse: let Stein's unbiased risk estimate choose per image between the prior's result and total variation, so that a prior "
			+ "unlike the image cannot make it worse than a classical denoiser; --no-fallback: the prior's result as it is (default: fallback).")
	Boolean fallback;

	@Option(names = "--std-output", description = "Also write the uncertainty map: the per-pixel posterior standard deviation, in the "
		+ "image's units, averaged over 3x3 pixels (inpainting: per pixel, as its spread jumps at the holes' edges); draws 16 samples unless --samples is given (fast: with its posterior-sampling data step). Denoising and deconvolution "
		+ "keep their default's result (mmse, pnp) and take the map from fast's samples (pnp: its root expected squared error around them); a deterministic method set with --method has no map. "
		+ "Not for raw multi-coil k-space. On held-out data 2 sigma covered 90-93 %% of the pixels for mri, 90-92 %% for denoising (but not where), "
		+ "77-91 %% for deconvolution (docs/uncertainty.md).")
	Path stdOutput;

	@Option(names = "--seed", description = "Random seed (default: 0).")
	Long seed;

	@Option(names = "--t0", defaultValue = "-1", description = "Start timestep (fast, sdedit, dps, ald). Default: matched to the noise for denoise; 400 (mri 300); dps and ald T-1.")
	int t0;

	@Option(names = "--gamma", description = "ALD: the data term is weighted by 1 / (sigma^2 + (gamma sigma_t)^2) (default: 1).")
	Double gamma;

	@Option(names = "--zeta", description = "DPS step size, divided per image by ||A x0Hat - y|| (default: 1).")
	Double zeta;

	@Option(names = "--lambda", description = "DiffPIR data weight: rho_t = lambda sigma^2 / sigmaBar_t^2 (default: 3 for deconvolve, else 1).")
	Double lambda;

	@Option(names = "--xi", description = "DiffPIR share of fresh noise per step, in [0, 1] (default: 1; 3D volumes 0).")
	Double xi;

	// deconvolution
	@Option(names = "--psf", description = "deconvolve: PSF image, e.g. of a bead (its offset and noise floor removed, normalised, centred on its centroid, "
		+ "sampled like the image); a stack is a 3D PSF: every z-stack is deconvolved in 3D.")
	Path psf;

	@Option(names = "--psf-sigma", description = "deconvolve: Gaussian PSF with this sigma in pixels.")
	Double psfSigma;

	@Option(names = "--psf-sigma-z", defaultValue = "0", description = "deconvolve: with --psf-sigma, a 3D Gaussian PSF with this sigma in slices (0: 2D) (default: ${DEFAULT-VALUE}).")
	double psfSigmaZ;

	@Option(names = "--na", description = "deconvolve: numerical aperture for a Born-Wolf PSF (with --wavelength and --pixel-size).")
	Double na;

	@Option(names = "--wavelength", description = "deconvolve: emission wavelength in nm (Born-Wolf).")
	Double wavelength;

	@Option(names = "--pixel-size", description = "deconvolve: pixel size in nm (Born-Wolf); default: from the image calibration if in nm or microns.")
	Double pixelSize;

	@Option(names = "--refractive-index", defaultValue = "1.518", description = "deconvolve: immersion refractive index (Born-Wolf, default: ${DEFAULT-VALUE}).")
	double refractiveIndex;

	// MRI
	@Option(names = "--kspace", description = "mri: centred k-space as a 2-slice 32-bit stack (slice 1 real, slice 2 imaginary), "
		+ "or raw multi-coil k-space: BART .cfl [readout, phase, partition, coil] or ISMRMRD .h5, at least " + StackProblem.MINIMUM_SIZE + "x" + StackProblem.MINIMUM_SIZE + " (readout x phase) "
		+ "(mask from the non-zero samples unless --mask; output .tif or .cfl; a BART name's .hdr is spelled in its case: X.CFL, X.HDR).")
	Path kspace;

	@Mixin
	MultiCoilOptions multiCoil = new MultiCoilOptions();

	@Option(names = "--mask", description = "mri: k-space sampling mask (1 where sampled), the size of the k-space; for raw k-space a TIFF or a BART .cfl "
		+ "of dims [readout, phase] (3D k-space: [partition, phase]).")
	Path mask;

	@Option(names = "--simulate", description = "mri: undersample the k-space of --input (a magnitude image) retrospectively.")
	boolean simulate;

	@Option(names = "--mask-type", defaultValue = "cartesian", description = "mri --simulate: cartesian (variable density), equispaced or poisson (default: ${DEFAULT-VALUE}).")
	String maskType;

	@Option(names = "--acceleration", defaultValue = "4", description = "mri --simulate: acceleration R (default: ${DEFAULT-VALUE}).")
	double acceleration;

	@Option(names = "--mask-seed", defaultValue = "0", description = "mri --simulate: seed of the random mask (default: ${DEFAULT-VALUE}).")
	long maskSeed;

	// inpainting, super-resolution
	@Option(names = "--inpaint-mask", description = "inpaint: mask image of two values, 0 where the pixel is missing and 1 (or 255) where it is observed.")
	Path inpaintMask;

	@Option(names = "--factor", defaultValue = "2", description = "sr: upsampling factor, 2 to " + StackProblem.MAX_SR_FACTOR + " (default: ${DEFAULT-VALUE}).")
	int factor;

	@Option(names = "--tile-size",
		description = "Restore planes larger than this in overlapping tiles of this size, blended smoothly (0: never tile; mri is never tiled; sr counts output pixels) (default: "
			+ StackRestoration.DEFAULT_TILE_SIZE + ").")
	Integer tileSize;

	@Option(names = "--tile-overlap",
		description = "Minimum overlap of tiles in pixels; deconvolution uses at least the PSF's size (default: " + StackRestoration.DEFAULT_OVERLAP + ").")
	Integer tileOverlap;

	/**
	 * The request these options fill: only what was given is set, everything else is the library's
	 * default (the Fiji commands fill the same request).
	 */
	public RestoreRequest request() {
		final RestoreRequest r = new RestoreRequest(Task.parse(task)).model(model);
		if (tileSize != null) r.tileSize(tileSize);
		if (tileOverlap != null) r.tileOverlap(tileOverlap);
		if (noiseSigma != null && !Double.isFinite(noiseSigma)) throw new IllegalArgumentException("--noise-sigma must be a number, got " + noiseSigma + " (leave it out to estimate it)");
		final Settings settings = r.settings().steps(steps).samples(samples).t0(t0).noiseSigma(noiseSigma == null ? Double.NaN : noiseSigma);
		if (method != null) settings.method(Method.parse(method));
		if (antithetic != null) settings.antithetic(antithetic);
		if (fallback != null) settings.fallback(fallback);
		if (seed != null) settings.seed(seed);
		if (zeta != null) settings.zeta(zeta);
		if (gamma != null) settings.gamma(gamma);
		if (lambda != null) settings.lambda(lambda);
		if (xi != null) settings.xi(xi);
		if (stdOutput != null) settings.uncertainty(true);
		if (photons != null) {
			if (noiseSigma != null) throw new IllegalArgumentException("Give either --noise-sigma (Gaussian) or --photons and --read-noise (Poisson-Gaussian)");
			settings.noiseModel(NoiseModel.poissonGaussian(photons, readNoise));
		}
		return r;
	}

	/** Every file the run reads, keyed as the refusal of an output that would replace it names it. */
	private Map<String, Path> filesRead(final Path source) {
		final Map<String, Path> read = new LinkedHashMap<>();
		read.put("the --kspace file", kspace);
		read.put("the input image file", source);
		read.put("the --psf file", psf);
		read.put("the --mask file", mask);
		read.put("the --inpaint-mask file", inpaintMask);
		read.put("the --coil-maps file", multiCoil.coilMaps);
		return read;
	}

	@Override
	public Integer call() throws Exception {
		final RestoreRequest request = request();
		final Task t = request.task();
		if (spec != null) {
			TaskOptions.requireOwnedBy(spec.commandLine().getParseResult(), t);
			TaskOptions.requireCompanions(spec.commandLine().getParseResult());
		}
		final Settings settings = request.settings();
		settings.requireEffective(t);
		if (t == Task.MRI && kspace != null && !simulate && input == null && KspaceFiles.isRaw(kspace)) {
			if (stdOutput != null)
				throw new IllegalArgumentException("--std-output is not available for raw multi-coil k-space (" + kspace.getFileName() + "): the uncertainty map "
					+ "is made for single-coil k-space (a 2-slice TIFF with --mask) and for --simulate");
			if (spec != null && spec.commandLine().getParseResult().hasMatchedOption("--mri-output") && output != null && KspaceFiles.isCfl(output)
				&& !multiCoil.output.equals("complex"))
				throw new IllegalArgumentException("--mri-output " + multiCoil.output + " is for a TIFF output: the BART .cfl output holds the complex images");
			RawKspaceRestore.run(request, kspace, mask, multiCoil, output, filesRead(null));
			return 0;
		}
		if (multiCoil.coilMaps != null || multiCoil.imageModel != null || !multiCoil.output.equals("magnitude"))
			throw new IllegalArgumentException("--coil-maps, --image-model and --mri-output are for raw multi-coil k-space (--kspace FILE.cfl or FILE.h5); "
				+ (t == Task.MRI ? "this " + (simulate ? "simulated single-coil" : "single-coil 2-slice") + " reconstruction gives a real image (the k-space of a "
					+ "real image; a 1-coil BART array takes a phase)" : "leave them out"));
		final Path source = t == Task.MRI && !simulate ? kspace : input;
		if (t == Task.MRI) {
			if (simulate == (kspace != null)) throw new IllegalArgumentException("mri needs either --kspace k.tif --mask m.tif, or --simulate with --input");
			if (!simulate && input != null) throw new IllegalArgumentException("mri with --kspace takes no --input (use --simulate to undersample an image)");
		}
		if (source == null) throw new IllegalArgumentException("Missing --input");
		OutputPaths.requireNotRead(output, filesRead(source));
		OutputPaths.requireWritableFile(output, "--output");
		OutputPaths.requireTiffName(output, "--output");
		if (stdOutput != null) {
			if (stdOutput.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize()))
				throw new IllegalArgumentException("--std-output must differ from --output (both are " + output + ")");
			OutputPaths.requireNotRead(stdOutput, filesRead(source));
			OutputPaths.requireWritableFile(stdOutput, "--std-output");
			OutputPaths.requireTiffName(stdOutput, "--std-output");
		}

		final ImagePlus imp = ImageFiles.open(source);
		final StackProblem problem = TaskProblems.of(t, ImagePlusImgs.wrap(imp), new RestoreInputs(this, imp, source, settings.seed()));
		System.err.println("restore settings: " + request.describe());
		try (LoadedModel lm = Models.open(request.modelName())) {
			final StackRestoration restoration = new StackRestoration(new Restoration(lm), request.tileSize(), request.tileOverlap());
			final StackRestoration.Result r = restoration.restore(problem, settings, new ConsoleProgress(System.err, "restore"));
			for (final String line : r.report) System.err.println("restore " + line);
			final Calibration cal = imp.getCalibration().copy();
			if (t == Task.SR && cal.scaled()) { // as ImageJ's Image > Scale (Scaler.resize): an uncalibrated image stays uncalibrated
				cal.pixelWidth /= factor;
				cal.pixelHeight /= factor;
				cal.xOrigin *= factor; // the origin is in pixels: the same physical point
				cal.yOrigin *= factor;
			}
			final boolean perPlane = problem.planes() == imp.getStackSize();
			final int c = perPlane ? imp.getNChannels() : 1, z = perPlane ? imp.getNSlices() : 1, f = perPlane ? imp.getNFrames() : 1;
			final String title = source.getFileName().toString().replaceFirst("\\.[^.]*$", "") + "-" + t.id();
			ImageFiles.save(ImagePlusImgs.withMetadataOf(ImagePlusImgs.toImagePlus(r.image, c, z, f, title, cal), imp, true), output);
			if (stdOutput != null) {
				ImageFiles.save(ImagePlusImgs.withMetadataOf(ImagePlusImgs.toImagePlus(r.std, c, z, f, title + "-posterior-std", cal), imp, false), stdOutput);
				if (!settings.stdCalibratedFor(t)) System.err.println("restore: the uncertainty map of " + settings.mapMethodFor(t).id() + " is not calibrated on held-out "
					+ "data (the raw spread of its samples): read it as a lower bound of the error");
			}
			System.err.println(String.format(Locale.ROOT, "Wrote %s%s (%.1f s)", output, stdOutput != null ? " and " + stdOutput : "", r.seconds));
		}
		return 0;
	}
}
