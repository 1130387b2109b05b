/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sc.fiji.diffusion.data.Metrics;
import sc.fiji.diffusion.data.synth.Degradation;
import sc.fiji.diffusion.data.synth.FluorescenceGenerator;
import sc.fiji.diffusion.data.synth.SyntheticPsf;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.operator.Psfs;
import sc.fiji.diffusion.task.Progress;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.Settings;
import sc.fiji.diffusion.task.StackProblem;
import sc.fiji.diffusion.task.StackRestoration;

/**
 * A benchmark of large inputs (not a test): denoises (Gaussian noise of 10 % of the range) or deconvolves
 * (Gaussian PSF sigma 2 px, noise 1 % of the range: the quality benchmark's degradation) a synthetic fluorescence image
 * or stack of the given size with the library's defaults (or {@code --method}), tile by tile, and prints
 * the time, the seconds per megapixel, the peak Java heap (sampled every 50 ms), the peak
 * resident memory of the process (VmHWM: Java plus TensorFlow's native memory) and the PSNR against the
 * clean image. Run it with the heap limit to check, e.g. {@code java -Xmx4g -jar diffusion-fiji.jar
 * bench-large --size 4096x4096}.
 */
@Command(name = "bench-large", mixinStandardHelpOptions = true,
	description = "Denoise or deconvolve a large synthetic image or stack tile by tile with the defaults; print time, seconds per megapixel, peak heap, peak resident memory and PSNR.")
final class BenchLargeCommand implements Callable<Integer> {

	@Option(names = "--size", defaultValue = "4096x4096", description = "WIDTHxHEIGHT[xPLANES] (default: ${DEFAULT-VALUE}).")
	String size;

	@Option(names = "--model", defaultValue = "fluorescence-2d", description = "Prior (default: ${DEFAULT-VALUE}).")
	String model;

	@Option(names = "--task", defaultValue = "denoise", description = "denoise or deconvolve (default: ${DEFAULT-VALUE}).")
	String task;

	@Option(names = "--method", defaultValue = "default", description = "Restoration method (default: the task's default).")
	String method;

	@Option(names = "--tile-size", defaultValue = "" + StackRestoration.DEFAULT_TILE_SIZE, description = "Tile size (default: ${DEFAULT-VALUE}).")
	int tileSize;

	/** The deconvolution case's Gaussian PSF, in pixels. */
	static final double PSF_SIGMA = 2;

	@Override
	public Integer call() throws Exception {
		final String[] p = size.toLowerCase(Locale.ROOT).split("x");
		final int w = Integer.parseInt(p[0]), h = Integer.parseInt(p[1]), n = p.length > 2 ? Integer.parseInt(p[2]) : 1;
		final PlanarImg<FloatType, FloatArray> noisy = PlanarImgs.floats(w, h, n);
		final float[][] clean = new float[Math.min(n, 2)][];
		final float[] ranges = new float[clean.length]; // of the whole scenes: a small crop may be nearly empty
		final Restoration.Task parsed = Restoration.Task.parse(task);
		if (parsed != Restoration.Task.DENOISE && parsed != Restoration.Task.DECONVOLVE)
			throw new IllegalArgumentException("--task must be denoise or deconvolve, got " + task);
		final boolean deconvolve = parsed == Restoration.Task.DECONVOLVE;
		// a 512x512 synthetic scene, tiled with mirroring over the plane, degraded
		final FluorescenceGenerator generator = new FluorescenceGenerator(512, 512, 0.1);

		for (int i = 0; i < n; i++) {
			final float[] scene = generator.generate(1000 + i % 8);
			final float[] plane = noisy.getPlane(i).getCurrentStorageArray();
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) plane[y * w + x] = scene[mirror(y, 512) * 512 + mirror(x, 512)];
			if (i < clean.length) {
				clean[i] = plane.clone();
				ranges[i] = range(scene);
			}
			final double sigma = (deconvolve ? 0.01 : 0.1) * range(scene); // of the scene's range
			final Degradation degradation = Degradation.gaussian(deconvolve ? SyntheticPsf.gaussian(PSF_SIGMA) : null, sigma);
			System.arraycopy(degradation.apply(plane, w, h, 7 + i), 0, plane, 0, plane.length);
		}
		final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		final AtomicLong peakHeap = new AtomicLong();
		final Thread sampler = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
				try {
					Thread.sleep(50);
				}
				catch (final InterruptedException e) {
					return;
				}
			}
		});
		sampler.setDaemon(true);
		sampler.start();
		try (LoadedModel m = Models.open(model)) {
			final StackRestoration sr = new StackRestoration(new Restoration(m), tileSize, StackRestoration.DEFAULT_OVERLAP);
			final StackProblem problem = deconvolve ? StackProblem.deconvolution(noisy, Psfs.gaussian2D(PSF_SIGMA)) : StackProblem.denoising(noisy);
			final Settings settings = new Settings();
			if (!method.equals("default")) settings.method(Restoration.Method.parse(method));
			System.out.println(String.format(Locale.ROOT, "bench-large: %s %dx%dx%d, %s, model %s, %s, max heap %.1f GB, %d cores", task, w, h, n,
				settings.describe(problem.task()), m.source,
				sr.tiling(problem), Runtime.getRuntime().maxMemory() / 1e9, Runtime.getRuntime().availableProcessors()));
			final long start = System.nanoTime();
			final Progress progress = new ConsoleProgress(System.out, "bench-large");
			final StackRestoration.Result r = sr.restore(problem, settings, progress);
			final double seconds = (System.nanoTime() - start) / 1e9;
			sampler.interrupt();
			double psnrNoisy = 0, psnrOut = 0;
			for (int i = 0; i < clean.length; i++) {
				final float range = ranges[i];
				psnrNoisy += Metrics.psnr(clean[i], noisy.getPlane(i).getCurrentStorageArray(), range) / clean.length;
				psnrOut += Metrics.psnr(clean[i], r.image.getPlane(i).getCurrentStorageArray(), range) / clean.length;
			}
			System.out.println(String.format(Locale.ROOT, "bench-large: %.1f s (%.2f s per megapixel), peak heap %.2f GB, peak resident %.2f GB, PSNR %.2f -> %.2f dB",
				seconds, seconds / (w * (double) h * n / 1e6), peakHeap.get() / 1e9, residentPeakGb(), psnrNoisy, psnrOut));
		}
		return 0;
	}

	private static int mirror(final int i, final int n) {
		final int period = 2 * n;
		final int k = i % period;
		return k < n ? k : period - 1 - k;
	}

	private static float range(final float[] v) {
		float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
		for (final float x : v) {
			lo = Math.min(lo, x);
			hi = Math.max(hi, x);
		}
		return hi - lo;
	}

	/** VmHWM of /proc/self/status in GB, NaN where there is none. */
	private static double residentPeakGb() {
		try {
			for (final String line : Files.readAllLines(Paths.get("/proc/self/status")))
				if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1e6;
		}
		catch (final Exception e) {
			// not Linux
		}
		return Double.NaN;
	}
}
