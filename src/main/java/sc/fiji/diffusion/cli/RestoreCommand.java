package sc.fiji.diffusion.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import ij.ImagePlus;
import ij.measure.Calibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.Masks;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.Restoration.Method;
import sc.fiji.diffusion.task.Restoration.Task;
import sc.fiji.diffusion.task.RestorationProblem;

@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Restore an image with a diffusion prior: denoise, deconvolve, mri (undersampled k-space), inpaint or sr (super-resolution).",
		"Intensities: the input's 1st and 99.8th percentiles map to the model's -1 and 1 and back; --noise-sigma is in input units "
			+ "(model units: 2 sigma / (p99.8 - p1)). MRI: percentiles of the zero-filled image A^H y.",
		"Output: a 32-bit TIFF with the input's calibration (sr: pixel size / factor); every plane of a stack is restored.",
		"Defaults: denoise -> mmse (one-step posterior mean at the matched noise level, averaged over 8 flips/rotations, no sampling).",
		"deconvolve, mri, inpaint, sr -> fast (DiffPIR, lambda 1, xi 1; 50 steps over T = 1000 truncated at t0 = 400, mri 300, "
			+ "so 21 (mri 16) network evaluations, from the adjoint/zero-filled image noised to t0); mri averages 4 samples.",
		"dps: zeta 1, 200 steps from pure noise. ald: gamma 1, 200 steps from pure noise. sdedit: the start image noised to t0 (denoise: the matched noise level; else 400), "
			+ "then plain DDPM without a data term.",
		"Prints the residual ||A x - y|| / ||y|| (model units) and the time." })
final class RestoreCommand implements Callable<Integer> {

	@Option(names = "--task", required = true, description = "denoise, deconvolve, mri, inpaint or sr.")
	String task;

	@Option(names = "--input", description = "Input image (for mri: a magnitude image, with --simulate).")
	Path input;

	@Option(names = "--output", required = true, description = "Output 32-bit TIFF (never the input).")
	Path output;

	@Option(names = "--model", description = "Prior: bundled name, installed name, bundle .zip or SavedModel folder (default: mri-brain-t1 for mri, fluorescence-2d otherwise).")
	String model;

	@Option(names = "--method", description = "mmse (denoise only), fast (DiffPIR), dps, ald or sdedit (default: per task, see above).")
	String method;

	@Option(names = "--steps", defaultValue = "-1", description = "Steps of the full plan over T, before truncation at t0 (default: 50; dps 200).")
	int steps;

	@Option(names = "--noise-sigma", description = "Measurement noise in input units (k-space units for mri). Default: estimated from the input (robust MAD of a 3x3 high-pass); 0 for mri.")
	Double noiseSigma;

	@Option(names = "--samples", defaultValue = "-1", description = "Posterior samples, run as one batch; the output is their mean (default: 1; mri 4).")
	int samples;

	@Option(names = "--std-output", description = "Also write the per-pixel standard deviation of the samples (needs --samples > 1).")
	Path stdOutput;

	@Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--t0", defaultValue = "-1", description = "Start timestep (fast, sdedit, dps). Default: matched to the noise for denoise; 400 (mri 300); dps T-1.")
	int t0;

	@Option(names = "--gamma", defaultValue = "1", description = "ALD: the data term is weighted by 1 / (sigma^2 + (gamma sigma_t)^2) (default: ${DEFAULT-VALUE}).")
	double gamma;

	@Option(names = "--zeta", defaultValue = "1", description = "DPS step size, divided per image by ||A x0Hat - y|| (default: ${DEFAULT-VALUE}).")
	double zeta;

	@Option(names = "--lambda", defaultValue = "1", description = "DiffPIR data weight: rho_t = lambda sigma^2 / sigmaBar_t^2 (default: ${DEFAULT-VALUE}).")
	double lambda;

	@Option(names = "--xi", defaultValue = "1", description = "DiffPIR share of fresh noise per step, in [0, 1] (default: ${DEFAULT-VALUE}).")
	double xi;

	// deconvolution
	@Option(names = "--psf", description = "deconvolve: PSF image (normalised and centred on its centroid).")
	Path psf;

	@Option(names = "--psf-sigma", description = "deconvolve: Gaussian PSF with this sigma in pixels.")
	Double psfSigma;

	@Option(names = "--na", description = "deconvolve: numerical aperture for a Born-Wolf PSF (with --wavelength and --pixel-size).")
	Double na;

	@Option(names = "--wavelength", description = "deconvolve: emission wavelength in nm (Born-Wolf).")
	Double wavelength;

	@Option(names = "--pixel-size", description = "deconvolve: pixel size in nm (Born-Wolf); default: from the image calibration if in nm or microns.")
	Double pixelSize;

	@Option(names = "--refractive-index", defaultValue = "1.518", description = "deconvolve: immersion refractive index (Born-Wolf, default: ${DEFAULT-VALUE}).")
	double refractiveIndex;

	// MRI
	@Option(names = "--kspace", description = "mri: centred k-space as a 2-slice 32-bit stack (slice 1 real, slice 2 imaginary).")
	Path kspace;

	@Option(names = "--mask", description = "mri: k-space sampling mask (1 where sampled), the size of the k-space.")
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
	@Option(names = "--inpaint-mask", description = "inpaint: mask image, 1 (or > 0.5) where the pixel is observed.")
	Path inpaintMask;

	@Option(names = "--factor", defaultValue = "2", description = "sr: upsampling factor (default: ${DEFAULT-VALUE}).")
	int factor;

	@Override
	public Integer call() throws Exception {
		final Task t = Task.parse(task);
		final Method mt = method == null ? Restoration.defaultMethod(t) : Method.parse(method);
		final Restoration.Settings settings = new Restoration.Settings().method(mt).steps(steps).samples(samples).seed(seed).t0(t0).zeta(zeta).gamma(gamma)
			.lambda(lambda).xi(xi).noiseSigma(noiseSigma == null ? Double.NaN : noiseSigma);
		if (stdOutput != null && (samples >= 0 ? samples : Restoration.defaultSamples(t, mt)) < 2)
			throw new IllegalArgumentException("--std-output needs --samples 2 or more");

		final Path source = t == Task.MRI && !simulate ? kspace : input;
		if (t == Task.MRI) {
			if (simulate == (kspace != null)) throw new IllegalArgumentException("mri needs either --kspace k.tif --mask m.tif, or --simulate with --input");
			if (!simulate && input != null) throw new IllegalArgumentException("mri with --kspace takes no --input (use --simulate to undersample an image)");
		}
		if (source == null) throw new IllegalArgumentException("Missing --input");
		ImageFiles.requireNotSame(source, output);
		if (stdOutput != null) {
			ImageFiles.requireNotSame(source, stdOutput);
			ImageFiles.requireNotSame(output, stdOutput);
		}

		final ImagePlus imp = ImageFiles.open(source);
		final float[][] planes = ImageFiles.planes(imp);
		final int w = imp.getWidth(), h = imp.getHeight();
		final PointSpreadFunction p = t == Task.DECONVOLVE ? psf(imp.getCalibration(), w, h) : null;
		final Mask m = t == Task.MRI ? mriMask(w, h) : t == Task.INPAINT ? maskFile(inpaintMask, "--inpaint-mask", w, h, "input image") : null;
		if (t == Task.MRI && !simulate && planes.length != 2)
			throw new IllegalArgumentException("The k-space " + source + " must be a 2-slice stack (real, imaginary), got " + planes.length + " slice(s)");
		final int count = t == Task.MRI && !simulate ? 1 : planes.length;

		try (LoadedModel lm = Models.open(model != null ? model : Restoration.defaultModel(t))) {
			final Restoration restoration = new Restoration(lm);
			float[][] out = null, std = null;
			int ow = w, oh = h;
			for (int i = 0; i < count; i++) {
				final RestorationProblem problem = problem(t, planes, i, w, h, p, m);
				final String label = count > 1 ? String.format(Locale.ROOT, "restore plane %d/%d", i + 1, count) : "restore";
				final Restoration.Result r = restoration.restore(problem, settings, new ConsoleProgress(System.err, label));
				if (r.noiseEstimated && t != Task.MRI)
					System.err.println(String.format(Locale.ROOT, "%s: estimated noise sigma %.4g (input units) = %.4g (model units)", label, r.noiseSigma,
						r.noiseSigmaModel));
				System.err.println(String.format(Locale.ROOT, "%s: %s, %d sample(s); residual ||Ax - y|| / ||y|| = %.4g (model units); %.1f s", label,
					r.description, r.samples, r.residual, r.seconds));
				if (out == null) {
					out = new float[count][];
					std = new float[count][];
					ow = r.width;
					oh = r.height;
				}
				out[i] = r.image;
				std[i] = r.std;
			}
			final Calibration cal = imp.getCalibration().copy();
			if (t == Task.SR) {
				cal.pixelWidth /= factor;
				cal.pixelHeight /= factor;
			}
			final int c = count == planes.length ? imp.getNChannels() : 1, z = count == planes.length ? imp.getNSlices() : 1,
				f = count == planes.length ? imp.getNFrames() : 1;
			final String title = source.getFileName().toString().replaceFirst("\\.[^.]*$", "") + "-" + t.id();
			ImageFiles.saveFloatTiff(output, ow, oh, c, z, f, out, cal, title);
			if (stdOutput != null) ImageFiles.saveFloatTiff(stdOutput, ow, oh, c, z, f, std, cal, title + "-std");
			System.err.println("Wrote " + output + (stdOutput != null ? " and " + stdOutput : ""));
		}
		return 0;
	}

	private RestorationProblem problem(final Task t, final float[][] planes, final int i, final int w, final int h, final PointSpreadFunction p,
		final Mask m)
	{
		switch (t) {
			case DENOISE: return RestorationProblem.denoising(planes[i], w, h);
			case DECONVOLVE: return RestorationProblem.deconvolution(planes[i], w, h, p);
			case INPAINT: return RestorationProblem.inpainting(planes[i], w, h, m);
			case SR: return RestorationProblem.superResolution(planes[i], w, h, factor);
			case MRI:
				return simulate ? RestorationProblem.simulatedMri(planes[i], w, h, m, noiseSigma == null ? 0 : noiseSigma, seed ^ 0x6d7269L)
					: RestorationProblem.mri(planes[0], planes[1], w, h, m);
			default: throw new IllegalStateException(t.toString());
		}
	}

	private PointSpreadFunction psf(final Calibration cal, final int w, final int h) throws Exception {
		final int given = (psf != null ? 1 : 0) + (psfSigma != null ? 1 : 0) + (na != null || wavelength != null ? 1 : 0);
		if (given != 1) throw new IllegalArgumentException("deconvolve needs exactly one PSF: --psf file, --psf-sigma S, or --na, --wavelength (and --pixel-size)");
		final PointSpreadFunction result;
		if (psf != null) {
			final ImagePlus pi = ImageFiles.open(psf);
			if (pi.getStackSize() != 1) throw new IllegalArgumentException("The PSF " + psf + " has " + pi.getStackSize() + " planes; 2D deconvolution needs a 2D PSF");
			result = Psfs.fromImage(ImageFiles.planes(pi)[0], pi.getHeight(), pi.getWidth());
			if (result.size(0) > h || result.size(1) > w)
				throw new IllegalArgumentException("The PSF " + psf + " (" + result.size(1) + "x" + result.size(0) + " pixels once centred) is larger than the image ("
					+ w + "x" + h + "); crop it");
		}
		else if (psfSigma != null) {
			result = Psfs.gaussian2D(psfSigma);
			if (result.size(0) > Math.min(w, h)) return Psfs.crop(result, oddAtMost(h), oddAtMost(w));
		}
		else {
			if (na == null || wavelength == null) throw new IllegalArgumentException("A Born-Wolf PSF needs both --na and --wavelength (nm)");
			final double px = pixelSize != null ? pixelSize : pixelSizeNm(cal);
			// about 4 Airy radii (0.61 lambda / NA), odd, at most the image
			final int radius = (int) Math.ceil(4 * 0.61 * wavelength / na / px);
			final int size = Math.min(2 * radius + 1, oddAtMost(Math.min(w, h)));
			result = Psfs.bornWolf2D(na, wavelength, refractiveIndex, px, size);
		}
		return result;
	}

	private static int oddAtMost(final int n) { return n % 2 == 1 ? n : n - 1; }

	private static double pixelSizeNm(final Calibration cal) {
		final String unit = cal.getUnit() == null ? "" : cal.getUnit().trim().toLowerCase(Locale.ROOT);
		final double scale = unit.equals("nm") ? 1 : unit.equals("um") || unit.equals("µm") || unit.equals("micron") || unit.equals("microns") ? 1000 : 0;
		if (scale == 0 || !(cal.pixelWidth > 0)) throw new IllegalArgumentException("A Born-Wolf PSF needs --pixel-size (nm): the image is not calibrated in nm or microns");
		return cal.pixelWidth * scale;
	}

	private Mask mriMask(final int w, final int h) throws Exception {
		if (mask != null) return maskFile(mask, "--mask", w, h, simulate ? "input image" : "k-space");
		if (!simulate) throw new IllegalArgumentException("mri with --kspace needs --mask (1 where sampled)");
		switch (maskType.trim().toLowerCase(Locale.ROOT)) {
			case "cartesian": return Masks.cartesianVariableDensity(h, w, acceleration, 0.08, maskSeed);
			case "equispaced":
				if (acceleration != Math.rint(acceleration)) throw new IllegalArgumentException("An equispaced mask needs an integer --acceleration, got " + acceleration);
				return Masks.equispaced(h, w, (int) acceleration, Math.max(1, (int) Math.round(0.08 * h)));
			case "poisson": return Masks.poissonDisc2D(h, w, acceleration, maskSeed);
			default: throw new IllegalArgumentException("Unknown --mask-type '" + maskType + "' (expected cartesian, equispaced or poisson)");
		}
	}

	private static Mask maskFile(final Path file, final String option, final int w, final int h, final String what) throws Exception {
		if (file == null) throw new IllegalArgumentException("Missing " + option);
		final ImagePlus mi = ImageFiles.open(file);
		if (mi.getStackSize() != 1) throw new IllegalArgumentException("The mask " + file + " must be a single plane, got " + mi.getStackSize());
		if (mi.getWidth() != w || mi.getHeight() != h)
			throw new IllegalArgumentException("The mask " + file + " (" + mi.getWidth() + "x" + mi.getHeight() + ") does not match the " + what + " (" + w + "x" + h + ")");
		return Masks.fromImage(ImageFiles.planes(mi)[0], h, w);
	}
}
