/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import sc.fiji.diffusion.baseline.Bart;
import sc.fiji.diffusion.data.Metrics;
import sc.fiji.diffusion.data.nifti.NiftiReader;
import sc.fiji.diffusion.data.volume.CanonicalOrientation;
import sc.fiji.diffusion.data.volume.Volume;
import sc.fiji.diffusion.data.volume.VolumeSlicer;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.mri.CoilPlanes;
import sc.fiji.diffusion.mri.KspaceVolume;
import sc.fiji.diffusion.mri.MultiCoilReconstruction;
import sc.fiji.diffusion.mri.VolumeReconstruction;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.task.Progress;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.Settings;

/**
 * Speed of the default multi-coil reconstruction on a 256x256, 8-coil slice (R = 4): the held-out
 * Colin27 axial slice z = 130 of {@code ch2.nii.gz} (181x217, zero-padded to 256x256), simulated as in
 * {@link MultiCoilCases}. Prints the wall and CPU seconds of {@code runs} reconstructions (the first
 * includes building the graph) and their PSNR against the root sum of squares. A benchmark, not a test:
 * {@code java -cp ... sc.fiji.diffusion.bench.MultiCoilSpeed [--data DIR] [--runs N] [--image-model MODEL]}.
 * <p>
 * With {@code --volume-planes N}: a multi-slice volume of N 128x96 axial slices of nibabel's
 * {@code example4d} (z = 8 ..; simulated as in {@link MultiCoilCases}, 8 coils, one R = 4 mask, the
 * first slice's, for all) reconstructed by {@link VolumeReconstruction} with each plane batch of
 * {@code --batch} (planes per sampler run); prints wall and CPU seconds per plane and the largest
 * difference from the first batch size's volume (the results must not depend on it).
 */
@Command(name = "MultiCoilSpeed", mixinStandardHelpOptions = true, description = "Seconds per 256x256 8-coil slice of the default multi-coil reconstruction.")
public final class MultiCoilSpeed implements Callable<Integer> {

	@Option(names = "--data", description = "Folder of the data (scripts/fetch-data.sh). Default: data.")
	Path data = Paths.get("data");

	@Option(names = "--runs", description = "Timed runs (default: 2).")
	int runs = 2;

	@Option(names = "--image-model", description = "complex or magnitude (default: the library's).")
	String imageModel;

	@Option(names = "--dc-steps", description = "Coil-wise data-consistency steps (default: the library's).")
	Integer dcSteps;

	@Option(names = "--samples", description = "Posterior samples (default: the library's).")
	Integer samples;

	@Option(names = "--map-refinement", description = "Iterations of the coil maps' refinement, 0: none (default: the library's).")
	Integer mapRefinement;

	@Option(names = "--volume-planes", description = "Time a volume of this many 128x96 slices instead (0: the 256x256 slice; default 0).")
	int volumePlanes;

	@Option(names = "--batch", split = ",", description = "With --volume-planes: the planes per sampler run to time (default: 1,2,4,8).")
	int[] batches = { 1, 2, 4, 8 };

	/** CPU time of this process, all threads (wall time is only meaningful on an otherwise idle machine). */
	static long cpuNanos() {
		final java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
		return os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0;
	}

	public static void main(final String[] args) {
		System.exit(new CommandLine(new MultiCoilSpeed()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		final MultiCoilReconstruction.ImageModel model = imageModel != null ? MultiCoilReconstruction.ImageModel.parse(imageModel) : MultiCoilReconstruction.DEFAULT_IMAGE_MODEL;
		if (volumePlanes > 0) return volume(model);
		final Volume ras = CanonicalOrientation.toRas(NiftiReader.read(data.resolve("mricron/ch2.nii.gz"), 0));
		final float[] plane = VolumeSlicer.plane(ras, VolumeSlicer.Orientation.AXIAL, 130);
		final int n = 256, w = ras.nx(), h = ras.ny();
		final float[] padded = new float[n * n];
		for (int y = 0; y < h; y++) System.arraycopy(plane, y * w, padded, ((n - h) / 2 + y) * n + (n - w) / 2, w);
		final Bart bart = Bart.locate().orElseThrow(() -> new IllegalStateException("BART not found (its coil maps simulate the coils): scripts/fetch-bart.sh"));
		final MultiCoilCase c = MultiCoilCases.simulate("ch2 z=130 (256x256)", "speed", padded, n, n, new int[] { 4 }, bart, 130).get(0);
		System.out.println(String.format(Locale.ROOT, "%d available processors; image model %s", Runtime.getRuntime().availableProcessors(), model));
		try (LoadedModel m = Models.open("mri-brain-t1")) {
			final MultiCoilReconstruction recon = new MultiCoilReconstruction(new Restoration(m));
			if (dcSteps != null) recon.coilWiseSteps(dcSteps);
			if (mapRefinement != null) recon.mapRefinement(mapRefinement);
			for (int i = 0; i < runs; i++) {
				final long t = System.nanoTime(), cpu = cpuNanos();
				final MultiCoilReconstruction.Plane p = recon.reconstruct(c.kspace(), c.mask, null, model, samples == null ? new Settings() : new Settings().samples(samples),
					SamplerListener.NONE);
				final double s = (System.nanoTime() - t) / 1e9, cpuS = (cpuNanos() - cpu) / 1e9;
				System.out.println(String.format(Locale.ROOT, "run %d: %.1f s wall, %.1f s CPU (all threads) for 256x256, 8 coils, R=%.2f: PSNR %.2f dB, SSIM %.3f (%s)", i + 1, s, cpuS, c.mask.acceleration(),
					Metrics.psnr(c.reference, p.magnitude(), 1), Metrics.ssim(c.reference, p.magnitude(), n, n, 1), p.result.description));
			}
		}
		return 0;
	}

	/** The --volume-planes benchmark (see the class description). */
	private int volume(final MultiCoilReconstruction.ImageModel model) throws Exception {
		final Bart bart = Bart.locate().orElseThrow(() -> new IllegalStateException("BART not found (its coil maps simulate the coils): scripts/fetch-bart.sh"));
		final List<MultiCoilCase> cases = new ArrayList<>();
		for (int z = 0; z < volumePlanes; z++)
			cases.add(MultiCoilCases.of(new MultiCoilCases.Slice(data.resolve("nibabel/example4d.nii.gz"), 8 + z, "speed"), new int[] { 4 }, bart).get(0));
		final MultiCoilCase first = cases.get(0);
		final int w = first.width(), h = first.height(), c = first.fullKspace.coils, p = w * h * c;
		final float[] re = new float[volumePlanes * p], im = new float[volumePlanes * p];
		for (int z = 0; z < volumePlanes; z++) { // BART order r + R (p + P (c + C l)): slice l's coil planes one after the other
			final CoilPlanes k = cases.get(z).fullKspace;
			for (int i = 0; i < p; i++)
				if (first.mask.sampled((i % (w * h)) / w, i % w)) {
					re[z * p + i] = k.re[i];
					im[z * p + i] = k.im[i];
				}
		}
		final KspaceVolume volume = new KspaceVolume(w, h, 1, c, volumePlanes, re, im, null);
		System.out.println(String.format(Locale.ROOT, "%d available processors; %d planes of %dx%d, %d coils, R=%.2f, image model %s", Runtime.getRuntime().availableProcessors(),
			volumePlanes, w, h, c, first.mask.acceleration(), model));
		VolumeReconstruction.Result reference = null;
		try (LoadedModel m = Models.open("mri-brain-t1")) {
			for (final int b : batches) {
				final VolumeReconstruction recon = new VolumeReconstruction(new MultiCoilReconstruction(new Restoration(m))).planeBatch(b);
				final long t = System.nanoTime(), cpu = cpuNanos();
				final VolumeReconstruction.Result r = recon.reconstruct(volume, first.mask, null, model, new Settings(), Progress.NONE);
				final double s = (System.nanoTime() - t) / 1e9, cpuS = (cpuNanos() - cpu) / 1e9;
				double diff = 0;
				if (reference == null) reference = r;
				for (int i = 0; i < r.re.length; i++) diff = Math.max(diff, Math.hypot(r.re[i] - reference.re[i], r.im[i] - reference.im[i]));
				System.out.println(String.format(Locale.ROOT, "B=%d (%d per run): %.2f s wall, %.2f s CPU per plane (%.1f / %.1f s for %d planes); max |difference| from B=%d: %.2g",
					b, recon.planesPerRun(volume, new Settings(), model), s / volumePlanes, cpuS / volumePlanes, s, cpuS, volumePlanes, batches[0], diff));
			}
		}
		return 0;
	}
}
