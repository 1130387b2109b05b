/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import ij.IJ;
import ij.ImagePlus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.spark.SparkVolumeRestoration;
import sc.fiji.diffusion.spark.VolumeRequest;
import sc.fiji.diffusion.task.Restoration;

/**
 * {@code restore-volume}: fills a {@link VolumeRequest} from the options and runs
 * {@link SparkVolumeRestoration} on the master given, the one spark-submit set, or {@code local[*]}.
 */
@Command(name = "restore-volume", mixinStandardHelpOptions = true,
	description = "Restore a chunked volume (OME-Zarr v2/v3 or a plain Zarr array) block by block on Apache Spark; the output keeps the input's layout "
		+ "and voxel size. A re-run with the same options restores only the blocks not written yet.")
public final class RestoreVolumeCommand implements Callable<Integer> {

	@Option(names = "--input", required = true, description = "Input volume: an OME-Zarr image or a plain Zarr array (3D: z, y, x).")
	Path input;

	@Option(names = "--output", required = true, description = "Output folder; if it exists, it must come from the same request (the run continues it).")
	Path output;

	@Option(names = "--task", required = true, description = "denoise or deconvolve.")
	String task;

	@Option(names = "--model", description = "Model bundle: a .zip, an installed or bundled name (default: the task's).")
	String model;

	@Option(names = "--method", description = "mmse, fast, pnp, dps, ald or sdedit (default: the task's: mmse for denoise, pnp for deconvolve).")
	String method;

	@Option(names = "--steps", defaultValue = "-1", description = "Sampler steps or pnp iterations, 1 to the model's schedule length (default: the method's; refused with mmse, which has none).")
	int steps;

	@Option(names = { "--noise-sigma", "--noise" }, description = "Noise sigma in input units (default: estimated once for the whole volume).")
	Double noise;

	@Option(names = "--psf", description = "deconvolve: PSF image (TIFF; a stack is a 3D PSF: each block is deconvolved in 3D).")
	Path psf;

	@Option(names = "--psf-sigma", description = "deconvolve: Gaussian PSF with this sigma in pixels (2D, plane by plane).")
	Double psfSigma;

	@Option(names = "--block", defaultValue = "256,256,32", split = ",", description = "Block (= output chunk) size x,y,z (default: ${DEFAULT-VALUE}).")
	int[] block;

	@Option(names = "--halo", description = "Halo in x and y, pixels (default: the network's receptive field, 145 for the bundled priors, or the PSF's size if larger).")
	Integer halo;

	@Option(names = "--seed", defaultValue = "0", description = "Base seed; each block derives its own from its coordinates (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--master", description = "Spark master (default: the one spark-submit sets, else local[*]).")
	String master;

	@Option(names = "--fail-first-attempt-of-block", hidden = true, defaultValue = "-1", description = "Fault drill: the first attempt of this block's task fails.")
	long failBlock;

	@Override
	public Integer call() throws Exception {
		final Restoration.Task t = Restoration.Task.parse(task);
		final VolumeRequest request = new VolumeRequest(t, zyx(block, "--block")).model(model).method(method).steps(steps).seed(seed)
			.noiseSigma(noise == null ? Double.NaN : noise).failFirstAttemptOf(failBlock);
		if (t == Restoration.Task.DECONVOLVE) request.psf(psf());
		else if (psf != null || psfSigma != null) throw new IllegalArgumentException("--psf and --psf-sigma are for deconvolve");
		final PointSpreadFunction p = request.psf();
		if (halo != null) request.halo(new int[] { p != null && p.rank() == 3 ? p.size(0) : 0, halo, halo });
		final SparkConf conf = new SparkConf().setAppName("diffusion restore-volume " + input.getFileName());
		if (master != null) conf.setMaster(master);
		else if (!conf.contains("spark.master")) conf.setMaster("local[*]");
		if (!conf.contains("spark.ui.showConsoleProgress")) conf.set("spark.ui.showConsoleProgress", "false");
		try (JavaSparkContext spark = new JavaSparkContext(conf)) {
			spark.setLogLevel("WARN");
			SparkVolumeRestoration.run(spark, input, output, request, System.out);
		}
		return 0;
	}

	private PointSpreadFunction psf() throws java.io.IOException {
		if ((psf == null) == (psfSigma == null)) throw new IllegalArgumentException("deconvolve needs exactly one PSF: --psf FILE or --psf-sigma S");
		if (psfSigma != null) return Psfs.gaussian2D(psfSigma);
		final ImagePlus imp = IJ.openImage(psf.toString());
		if (imp == null) throw new java.io.IOException("Cannot open the PSF " + psf);
		final int w = imp.getWidth(), h = imp.getHeight(), d = imp.getStackSize();
		final float[] v = new float[w * h * d];
		for (int z = 0; z < d; z++)
			System.arraycopy((float[]) imp.getStack().getProcessor(z + 1).convertToFloatProcessor().getPixels(), 0, v, z * w * h, w * h);
		return d == 1 ? Psfs.fromImage(v, h, w) : Psfs.fromImage(v, d, h, w);
	}

	/** x,y,z as given on the command line to (z, y, x). */
	static int[] zyx(final int[] xyz, final String option) {
		if (xyz.length != 3) throw new IllegalArgumentException(option + " takes x,y,z (three sizes), got " + xyz.length + " value(s)");
		return new int[] { xyz[2], xyz[1], xyz[0] };
	}
}
