/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.command;

import java.io.IOException;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;

import ij.ImagePlus;
import ij.measure.Calibration;
import sc.fiji.diffusion.imagej.ImagePlusImgs;
import sc.fiji.diffusion.imagej.UncertaintyDisplay;
import sc.fiji.diffusion.isolation.EngineDoor;
import sc.fiji.diffusion.isolation.RestoreCall;
import sc.fiji.diffusion.isolation.RestoreResult;
import sc.fiji.diffusion.task.StackRestoration;

/**
 * A Fiji command that restores the active image with a diffusion prior. Subclasses name the task and
 * add what it needs ({@link #fill}: a PSF, a mask); everything else is here and thin: the parameters shared by all tasks
 * (their names are the macro keys: {@code model}, {@code method}, {@code steps}, {@code samples},
 * {@code noise_sigma}, {@code noise_type}, {@code photons}, {@code read_noise}, {@code seed},
 * {@code tile_size}, {@code show_std}), the {@link RestoreCall} they fill (the engine makes of it the same
 * request as the command line's {@code restore}: unset values mean the library's defaults), the image as
 * float planes, one call through the {@link EngineDoor}, and the output: a new
 * 32-bit image titled {@code <input>-<task>-<method>} with the input's dimensions and calibration, plus a
 * calibrated posterior-std image ({@link UncertaintyDisplay}) when {@code show_std}. The input is only read.
 * Parameters are not remembered between runs, so a recorded macro line means the same thing every time.
 */
abstract class RestoreImageCommand extends DiffusionCommand {

	@Parameter(label = "Image", description = "The image to restore (8, 16 or 32-bit; single image, stack or hyperstack).")
	ImagePlus image;

	@Parameter(label = "Model", required = false, persist = false,
		description = "A bundled or installed model name, or the path of a bundle .zip or SavedModel folder; empty: the default prior for the task.")
	String model = "";

	@Parameter(label = "Method", choices = { "default", "mmse", "fast", "pnp", "dps", "ald", "sdedit" }, persist = false,
		description = "default: mmse for denoising, pnp for deconvolution (with show_std both keep their result and take the map from 16 samples of fast), fast (DiffPIR) for MRI and inpainting. mmse: one-step posterior mean (denoising only); fast: DiffPIR; "
			+ "pnp: plug-and-play HQS with the prior's denoiser (DPIR, 6 network evaluations, deterministic; the deconvolution default); "
			+ "dps: diffusion posterior sampling; ald: annealed Langevin; sdedit: noise and denoise, no data term.")
	String method = "default";

	@Parameter(label = "Steps", min = "-1", persist = false, description = "Steps of the sampler's plan before truncation at t0; -1: the method's default.")
	int steps = -1;

	@Parameter(label = "Posterior samples", min = "-1", persist = false, description = "Samples averaged into the result (one batch); -1: the default (MRI 4, fast deconvolution 2, else 1; 16 with show_std).")
	int samples = -1;

	@Parameter(label = "Noise sigma", persist = false, description = "Measurement noise in the image's units; negative: estimate it from the image (MRI: 0).")
	double noise_sigma = -1;

	@Parameter(label = "Noise type", choices = { "gaussian", "poisson-gaussian" }, persist = false,
		description = "gaussian: noise_sigma; poisson-gaussian (cameras): photons per unit intensity (1 / gain) and read_noise (image units). "
			+ "(Macro key noise_type: a key ending in _model would be read as model by ImageJ.)")
	String noise_type = "gaussian";

	@Parameter(label = "Photons per unit intensity", min = "0", persist = false, description = "Poisson-Gaussian: photo-electrons per grey value (1 / camera gain).")
	double photons = 1;

	@Parameter(label = "Read noise", min = "0", persist = false, description = "Poisson-Gaussian: read noise in image units.")
	double read_noise = 0;

	@Parameter(label = "Random seed", persist = false)
	long seed = 0;

	@Parameter(label = "Tile size", min = "-1", persist = false,
		description = "Planes larger than this are restored in overlapping tiles of this size (pixels), blended smoothly; 0: never tile; -1: the default (" + StackRestoration.DEFAULT_TILE_SIZE + ").")
	int tile_size = -1;

	@Parameter(label = "Show uncertainty (posterior std)", persist = false, description = "Also output the uncertainty map: the calibrated per-pixel posterior "
		+ "standard deviation in the image's units (about 95 % of the pixels lie within 2 sigma of the truth), with a colour scale; draws 16 samples "
		+ "unless samples is given. With the default method, denoising and deconvolution keep their result (mmse, pnp) and take the map from "
		+ "samples of fast; mmse or pnp chosen as the method have none.")
	boolean show_std = false;

	// the map is declared first: outputs are shown in this order (MacroOutputs), and in batch mode the last one
	// shown is the macro's last activated image, which its next command takes as its input (MacroImageInput)
	@Parameter(type = ItemIO.OUTPUT, required = false)
	ImagePlus std;

	@Parameter(type = ItemIO.OUTPUT)
	ImagePlus restored;

	/** The task's id: {@code denoise}, {@code deconvolve}, {@code inpaint} or {@code mri}. */
	abstract String task();

	/** Adds what the task needs besides the image and settings (a PSF, a mask) to {@code call}, read from this command's inputs. */
	void fill(final RestoreCall call) throws IOException {}

	/** The output's calibration (the input's by default). */
	Calibration outputCalibration() { return image.getCalibration().copy(); }

	@Override
	final void runThrough(final EngineDoor engine) {
		final String label = "Diffusion " + task();
		execute(label, progress -> {
			if (image == null) throw new IllegalArgumentException("No image: open an image first");
			final RestoreCall call = wired(request(), progress, label + " ");
			call.title = image.getTitle();
			call.planes = ImagePlusImgs.floatPlanes(image);
			call.width = image.getWidth();
			call.height = image.getHeight();
			call.channels = image.getNChannels();
			call.slices = image.getNSlices();
			call.frames = image.getNFrames();
			fill(call);
			final RestoreResult r = engine.restore(call);
			final boolean perPlane = r.image.length == image.getStackSize();
			final int c = perPlane ? image.getNChannels() : 1, z = perPlane ? image.getNSlices() : 1, t = perPlane ? image.getNFrames() : 1;
			final String title = baseTitle(image.getTitle()) + "-" + task() + "-" + r.method;
			restored = ImagePlusImgs.withMetadataOf(ImagePlusImgs.toImagePlus(r.image, r.width, r.height, c, z, t, title, outputCalibration()), image, true);
			if (show_std && r.std != null)
				std = UncertaintyDisplay.style(ImagePlusImgs.withMetadataOf(ImagePlusImgs.toImagePlus(r.std, r.width, r.height, c, z, t, title, outputCalibration()), image, false),
					title, task(), r.method, r.stdCalibrated);
			log.info(String.format(Locale.ROOT, "%s: \"%s\" in %.1f s", label, title, r.seconds));
		});
	}

	/**
	 * The request these parameters fill, without the image (the command line's {@code restore} fills the
	 * same engine request from it: {@code door.DoorRequests#restore}): "default", -1 and empty values are
	 * left unset, so that the engine's defaults apply.
	 */
	public RestoreCall request() {
		final RestoreCall c = new RestoreCall();
		c.task = task();
		c.model = model;
		c.method = method;
		c.steps = steps;
		c.samples = samples;
		c.noiseSigma = noise_sigma < 0 ? Double.NaN : noise_sigma;
		c.noiseType = noise_type;
		c.photons = photons;
		c.readNoise = read_noise;
		c.seed = seed;
		c.tileSize = tile_size;
		c.uncertainty = show_std;
		return c;
	}

	/** The title without a file extension. */
	static String baseTitle(final String title) {
		return title == null || title.isEmpty() ? "image" : title.replaceFirst("\\.(tiff?|png|jpe?g|gif|bmp|zip|nii(\\.gz)?)$", "");
	}
}
