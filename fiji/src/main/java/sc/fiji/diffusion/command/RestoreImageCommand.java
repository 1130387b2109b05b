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
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import sc.fiji.diffusion.imagej.ImagePlusImgs;
import sc.fiji.diffusion.imagej.UncertaintyDisplay;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.noise.NoiseModel;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.RestoreRequest;
import sc.fiji.diffusion.task.Settings;
import sc.fiji.diffusion.task.StackProblem;
import sc.fiji.diffusion.task.StackRestoration;

/**
 * A Fiji command that restores the active image with a diffusion prior. Subclasses name the task and
 * build its {@link StackProblem}; everything else is here and thin: the parameters shared by all tasks
 * (their names are the macro keys: {@code model}, {@code method}, {@code steps}, {@code samples},
 * {@code noise_sigma}, {@code noise_type}, {@code photons}, {@code read_noise}, {@code seed},
 * {@code tile_size}, {@code show_std}), the {@link RestoreRequest} they fill (the same as the command
 * line's {@code restore}: unset values mean the library's defaults), a call of
 * {@link StackRestoration}, and the output: a new
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
		description = "default: mmse for denoising, fast (DiffPIR) otherwise. mmse: one-step posterior mean (denoising only); fast: DiffPIR; "
			+ "pnp: plug-and-play HQS with the prior's denoiser (DPIR, 6 network evaluations, deterministic; the deconvolution default); "
			+ "dps: diffusion posterior sampling; ald: annealed Langevin; sdedit: noise and denoise, no data term.")
	String method = "default";

	@Parameter(label = "Steps", min = "-1", persist = false, description = "Steps of the sampler's plan before truncation at t0; -1: the method's default.")
	int steps = -1;

	@Parameter(label = "Posterior samples", min = "-1", persist = false, description = "Samples averaged into the result (one batch); -1: the default (deconvolution 2, MRI 4, else 1; 32 with show_std).")
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

	@Parameter(label = "Tile size", min = "0", persist = false,
		description = "Planes larger than this are restored in overlapping tiles of this size (pixels), blended smoothly; 0: never tile.")
	int tile_size = StackRestoration.DEFAULT_TILE_SIZE;

	@Parameter(label = "Show uncertainty (posterior std)", persist = false, description = "Also output the uncertainty map: the calibrated per-pixel posterior "
		+ "standard deviation in the image's units (about 95 % of the pixels lie within 2 sigma of the truth), with a colour scale; draws 32 samples "
		+ "unless samples is given. Needs a sampling method: deconvolution then runs fast instead of pnp; mmse (denoising) has none.")
	boolean show_std = false;

	@Parameter(type = ItemIO.OUTPUT)
	ImagePlus restored;

	@Parameter(type = ItemIO.OUTPUT, required = false)
	ImagePlus std;

	abstract Restoration.Task task();

	/** The problem for the input, viewed as [x, y, plane]. */
	abstract StackProblem problem(RandomAccessibleInterval<FloatType> stack) throws IOException;

	/** The output's calibration (the input's by default). */
	Calibration outputCalibration() { return image.getCalibration().copy(); }

	@Override
	final void runHere() {
		final Restoration.Task task = task();
		execute("Diffusion " + task.id(), progress -> {
			if (image == null) throw new IllegalArgumentException("No image: open an image first");
			final RestoreRequest request = request();
			final Settings settings = request.settings();
			final StackProblem problem = problem(ImagePlusImgs.wrap(image));
			if (show_std && settings.samplesFor(task) < 2 && problem.depth() == 1)
				throw new IllegalArgumentException("show_std needs 2 or more posterior samples (samples=2 or more) and a sampling method (method=fast, dps, ald or sdedit; not mmse or pnp)");
			log.info("Diffusion " + task.id() + " settings: " + request.describe());
			try (LoadedModel lm = Models.open(request.modelName())) {
				log.info("Diffusion " + task.id() + " of \"" + image.getTitle() + "\" with " + lm.source);
				final StackRestoration.Result r = new StackRestoration(new Restoration(lm), request.tileSize(), request.tileOverlap())
					.restore(problem, settings, progress);
				for (final String line : r.report) log.info("Diffusion " + task.id() + " " + line);
				final boolean perPlane = problem.planes() == image.getStackSize();
				final int c = perPlane ? image.getNChannels() : 1, z = perPlane ? image.getNSlices() : 1, t = perPlane ? image.getNFrames() : 1;
				final String title = baseTitle(image.getTitle()) + "-" + task.id() + "-" + settings.methodFor(task).id();
				restored = ImagePlusImgs.toImagePlus(r.image, c, z, t, title, outputCalibration());
				if (show_std && r.std != null) std = UncertaintyDisplay.style(ImagePlusImgs.toImagePlus(r.std, c, z, t, title, outputCalibration()), title);
				showWhereFijiWouldNot(std);
				showWhereFijiWouldNot(restored);
				log.info(String.format(Locale.ROOT, "Diffusion %s: \"%s\" in %.1f s", task.id(), title, r.seconds));
			}
		});
	}

	/**
	 * The request these parameters fill (the command line's {@code restore} fills the same one): "default",
	 * -1 and empty values are left unset, so that the library's defaults apply.
	 */
	public RestoreRequest request() {
		final RestoreRequest r = new RestoreRequest(task()).model(model).tileSize(tile_size);
		final Settings s = r.settings().steps(steps).samples(samples).seed(seed).noiseSigma(noise_sigma < 0 ? Double.NaN : noise_sigma)
			.uncertainty(show_std);
		if (method != null && !method.trim().isEmpty() && !method.trim().equalsIgnoreCase("default")) s.method(Restoration.Method.parse(method));
		final String type = noise_type == null ? "gaussian" : noise_type.trim().toLowerCase(Locale.ROOT);
		if (type.equals("poisson-gaussian")) {
			if (noise_sigma >= 0) throw new IllegalArgumentException("Give either noise_sigma (gaussian) or photons and read_noise (poisson-gaussian), not both");
			s.noiseModel(NoiseModel.poissonGaussian(photons, read_noise));
		}
		else if (!type.equals("gaussian")) throw new IllegalArgumentException("Unknown noise_type '" + noise_type + "' (expected gaussian or poisson-gaussian)");
		return r;
	}

	/** The title without a file extension. */
	static String baseTitle(final String title) {
		return title == null || title.isEmpty() ? "image" : title.replaceFirst("\\.(tiff?|png|jpe?g|gif|bmp|zip|nii(\\.gz)?)$", "");
	}
}
