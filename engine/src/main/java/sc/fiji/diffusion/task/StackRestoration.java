/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;
import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.PercentileNormalization;
import sc.fiji.diffusion.noise.PoissonGaussianFit;
import sc.fiji.diffusion.sampler.SamplerListener;

/**
 * Restores every plane of a {@link StackProblem} with one {@link Restoration}, tile by tile where a plane
 * is larger than the tile size: the one path that the command line and the Fiji commands share.
 * <p>
 * Per plane: the intensity normalisation is fitted to the whole plane and the noise sigma (unless given)
 * is estimated on the whole plane, and both are used for every tile, so that tiles agree; tiles are
 * blended by {@link Tiling} (overlap at least the problem's {@link StackProblem#minimumOverlap()}).
 * Memory is bounded by the tile size: the network never sees more than one tile (times the posterior
 * samples). Tile t of plane p uses the seed {@code seed + 1000003 p + t}, so a one-tile, one-plane run is
 * exactly {@link Restoration#restore} with the given seed.
 * <p>
 * Progress goes to a {@link Progress} after every sampler step; a cancel stops within one step (or one
 * tile for the one-step mmse method) with a {@link CancellationException}, and nothing is returned.
 */
public final class StackRestoration {

	/**
	 * Default tile edge (pixels) and minimum overlap. 512 rather than 256: on a 1024x1024 plane (idle
	 * 2-core machine, docs/benchmarks.md) 9 tiles of 368 instead of 25 of 240, so 16 % of the pixels go
	 * through the network twice instead of 37 %: denoising 15.7 -> 12.0 s/MP, deconvolution (pnp) 70.3 ->
	 * 54.4 s/MP, for -0.08 and -0.03 dB PSNR; peak resident memory 0.90 and 1.42 GB (1.12 and 1.99 GB for
	 * a stack of 512x512 planes, one tile each).
	 */
	public static final int DEFAULT_TILE_SIZE = 512, DEFAULT_OVERLAP = 32;

	/** The restored stack. */
	public static final class Result {
		/** [x, y, plane], 32-bit, input units; {@code std} (the posterior std, see {@link Restoration.Result#std}) null unless more than one sample was drawn. */
		public final PlanarImg<FloatType, FloatArray> image, std;
		/** One line per plane: method, samples, noise, residual, tiles, seconds. */
		public final List<String> report;
		public final double seconds;

		Result(final PlanarImg<FloatType, FloatArray> image, final PlanarImg<FloatType, FloatArray> std, final List<String> report, final double seconds) {
			this.image = image;
			this.std = std;
			this.report = Collections.unmodifiableList(report);
			this.seconds = seconds;
		}
	}

	private final Restoration restoration;
	private final int tileSize, overlap;

	/**
	 * @param tileSize tile edge in output pixels (the input's but for super-resolution; 0: never tile)
	 * @param overlap minimum overlap of neighbouring tiles in output pixels (raised to the problem's minimum)
	 */
	public StackRestoration(final Restoration restoration, final int tileSize, final int overlap) {
		if (tileSize != 0 && tileSize < 32) throw new IllegalArgumentException("Tile size must be 0 (no tiling) or at least 32 pixels, got " + tileSize);
		if (overlap < 0) throw new IllegalArgumentException("Tile overlap must be >= 0, got " + overlap);
		this.restoration = restoration;
		this.tileSize = tileSize;
		this.overlap = overlap;
	}

	/**
	 * The x-y tiling of {@code problem}'s planes: tiles of the tile size (half of it for volumes, whose
	 * tiles hold a chunk of slices), overlapping by at least the problem's minimum. Tile size and overlap
	 * count output pixels: super-resolution by f tiles its input in tiles of 1 / f of the tile size,
	 * overlapping by 1 / f of the overlap (rounded up), so that the network never runs on more than the tile
	 * size (a 64x64 image at f = 8 is one 512x512 tile, not 4096x4096).
	 */
	public Tiling tiling(final StackProblem problem) {
		final int f = problem.scale(), given = (overlap + f - 1) / f;
		final int o = Math.max(given, problem.minimumOverlap());
		final int size = f > 1 ? tileSize / f : problem.depth() > 1 ? tileSize / 2 : tileSize;
		if (!problem.tileable() || tileSize == 0 || Math.max(problem.width(), problem.height()) <= size)
			return new Tiling(problem.width(), problem.height(), 0, 0);
		if (2 * o > size) // in the user's (output) pixels
			throw new IllegalArgumentException("Tiles of " + tileSize + " pixels are too small for an overlap of " + (o > given ? o * f : overlap) + " pixels ("
				+ (o > given ? "the PSF's extent" : "the tile overlap") + (f > 1 ? String.format(Locale.ROOT, "; at factor %d, tiles of %d and an overlap of %d "
					+ "input pixels", f, size, o) : "") + "): use tiles of at least " + (problem.depth() > 1 ? 4 : 2) * o * f + " pixels"
				+ (o > given ? "" : ", or a smaller overlap"));
		return new Tiling(problem.width(), problem.height(), size, o);
	}

	/**
	 * The chunks of slices of a volume (a tiling of the z axis, as x of a one-row plane): at most
	 * {@link #Z_CHUNK} slices, or twice the PSF's depth, overlapping by the PSF's depth; one chunk for 2D
	 * problems and for volumes that fit.
	 */
	public Tiling chunks(final StackProblem problem) {
		final int depth = problem.depth(), oz = problem.minimumOverlapZ(), size = Math.max(Z_CHUNK, 2 * oz);
		return tileSize == 0 || depth <= size ? new Tiling(depth, 1, 0, 0) : new Tiling(depth, 1, size, oz);
	}

	/**
	 * The seed of plane (or volume) {@code p} of a stack, {@code seed + 1000003 p}: far enough apart that the
	 * step seeds of one plane ({@code seed_p + k + 1}, {@link sc.fiji.diffusion.sampler.Sampler}) never meet
	 * another's.
	 */
	public static long planeSeed(final long seed, final int p) {
		return seed + 1000003L * p;
	}

	/** Slices per chunk of a volume. */
	public static final int Z_CHUNK = 16;

	/**
	 * Restores all planes.
	 *
	 * @throws IllegalArgumentException for bad input or settings (the message says what to change)
	 * @throws CancellationException if {@code progress} cancels
	 */
	public Result restore(final StackProblem problem, final Settings settings, final Progress progress) {
		final long start = System.nanoTime();
		final Tiling tiling = tiling(problem), chunks = chunks(problem);
		problem.requireTiles(tiling);
		final int volumes = problem.volumes(), depth = problem.depth(), tiles = tiling.tiles().size(), f = problem.scale();
		final int units = volumes * chunks.tiles().size() * tiles;
		final int outW = problem.width() * f, outH = problem.height() * f, tileSlice = tiling.tiles().get(0).width * f * tiling.tiles().get(0).height * f;
		final PlanarImg<FloatType, FloatArray> image = PlanarImgs.floats(outW, outH, problem.planes());
		PlanarImg<FloatType, FloatArray> std = null;
		final List<String> report = new ArrayList<>();
		int unit = 0;
		for (int v = 0; v < volumes; v++) {
			final long volumeStart = System.nanoTime();
			final Settings s = settings.copy();
			boolean estimated = false;
			String fitted = null;
			if (Double.isNaN(settings.noiseSigma()) && settings.poissonGaussian() == null) {
				final PoissonGaussianFit fit = cameraNoise(problem, v);
				if (fit != null) {
					s.noiseModel(fit.noiseModel());
					fitted = String.format(Locale.ROOT, "fitted to the image: %s, a = %.3g +- %.2g", fit, fit.a, fit.slopeStandardError());
				}
				else {
					final double sigma = problem.estimateNoiseSigma(v);
					if (!Double.isNaN(sigma)) {
						s.noiseSigma(sigma);
						estimated = true;
					}
				}
			}
			if (tiling.isTiled() || chunks.isTiled()) s.normalization(PercentileNormalization.fit(problem.normalisationValues(v)));
			String planeChoice = "";
			if (tiling.isTiled() && depth == 1 && problem.task() == Restoration.Task.DENOISE && s.fallback && s.methodFor(Restoration.Task.DENOISE) == Restoration.Method.MMSE
				&& s.poissonGaussian() == null) { // one SURE choice for all the tiles, on the plane's centred window
				final int w = Math.min(SureChoice.WINDOW, problem.width()), h = Math.min(SureChoice.WINDOW, problem.height());
				final Tiling.Tile window = new Tiling.Tile((problem.width() - w) / 2, (problem.height() - h) / 2, w, h, 0);
				final SureChoice.Choice c = restoration.sureChoice(problem.problem(v, 0, 1, window), s);
				s.sureChoice = c.lambda;
				planeChoice = String.format(Locale.ROOT, " (SURE %.4g on the plane's centred %dx%d window: %s)", c.risk, w, h, c.table);
			}
			final Tiling.Blender[] blend = new Tiling.Blender[depth], blendStd = new Tiling.Blender[depth];
			for (int z = 0; z < depth; z++) blend[z] = tiling.blender(f);
			Restoration.Result first = null;
			double residual = 0;
			for (final Tiling.Tile chunk : chunks.tiles()) {
				final float[] wz = chunks.weightsAlongX(chunk);
				for (final Tiling.Tile tile : tiling.tiles()) {
					final String where = (volumes > 1 ? String.format(Locale.ROOT, "%s %d/%d, ", depth > 1 ? "volume" : "plane", v + 1, volumes) : "")
						+ (chunks.isTiled() ? String.format(Locale.ROOT, "slices %d-%d, ", chunk.x + 1, chunk.x + chunk.width) : "")
						+ (tiles > 1 ? String.format(Locale.ROOT, "tile %d/%d, ", tile.index + 1, tiles) : "");
					if (progress.isCancelled()) throw new CancellationException(where.isEmpty() ? "Cancelled" : "Cancelled at " + where.replaceFirst(", $", ""));
					progress.update(unit / (double) units, where + "starting");
					s.seed(planeSeed(settings.seed(), v) + 7919L * chunk.index + tile.index);
					final Restoration.Result r = restoration.restore(problem.problem(v, chunk.x, chunk.width, tile), s, listener(progress, unit, units, where));
					for (int k = 0; k < chunk.width; k++) {
						blend[chunk.x + k].add(tile, r.image, k * tileSlice, wz[k]);
						if (r.std != null) {
							if (blendStd[chunk.x + k] == null) blendStd[chunk.x + k] = tiling.blender(f);
							blendStd[chunk.x + k].add(tile, r.std, k * tileSlice, wz[k]);
						}
					}
					residual = Math.max(residual, r.residual);
					if (first == null) first = r;
					unit++;
				}
			}
			for (int z = 0; z < depth; z++) {
				blend[z].resultInto(image.getPlane(problem.plane(v, z)).getCurrentStorageArray());
				if (blendStd[z] != null) {
					if (std == null) std = PlanarImgs.floats(outW, outH, problem.planes());
					blendStd[z].resultInto(std.getPlane(problem.plane(v, z)).getCurrentStorageArray());
				}
			}
			final String source = settings.poissonGaussian() != null ? "given: " + settings.poissonGaussian() : fitted != null ? fitted : estimated ? "estimated"
				: problem.task() == Restoration.Task.MRI && Double.isNaN(settings.noiseSigma()) ? "MRI default" : "given";
			// camera noise has no one sigma (the variance follows the signal): then the model is the noise
			final String noise = Double.isNaN(first.noiseSigma) ? "camera noise (" + source + ")"
				: String.format(Locale.ROOT, "noise sigma %.4g (%s)", first.noiseSigma, source);
			report.add(String.format(Locale.ROOT, "%s%s%s, %d sample(s); %s; residual ||Ax - y|| / ||y|| = %.4g%s; %s%s; %.1f s",
				volumes > 1 ? String.format(Locale.ROOT, "%s %d/%d: ", depth > 1 ? "volume" : "plane", v + 1, volumes) : "", first.description, planeChoice,
				first.samples,
				noise,
				residual, tiles > 1 || chunks.isTiled() ? " (largest over tiles)" : "", tiling, chunks.isTiled() ? ", " + chunks.tiles().size() + " chunks of slices" : "",
				(System.nanoTime() - volumeStart) / 1e9));
		}
		progress.update(1, "done");
		return new Result(image, std, report, (System.nanoTime() - start) / 1e9);
	}

	/**
	 * The camera-noise model var(y) = a E[y] + b fitted to plane {@code v} ({@link PoissonGaussianFit}, Foi
	 * et al. 2008), for the tasks whose measurement is the image itself (denoising, 2D deconvolution); null
	 * for the others, and where the image has too few smooth pixels for a fit (the Gaussian estimate is used
	 * then). A fit that finds the signal-dependent part negligible, or not significant
	 * ({@link PoissonGaussianFit#signalDependent}), counts as Gaussian noise, which the robust
	 * high-pass estimate ({@link NoiseEstimation#estimateNoiseSigma}) measures as before.
	 */
	static PoissonGaussianFit cameraNoise(final StackProblem problem, final int v) {
		return problem.depth() != 1 ? null : NoiseEstimation.cameraNoise(problem.task(), problem.normalisationValues(v), problem.width(), problem.height());
	}

	/** Maps a tile's sampler steps to the whole run's fraction. */
	private static SamplerListener listener(final Progress progress, final int unit, final int units, final String where) {
		return new SamplerListener() {
			@Override
			public void stepDone(final int k, final int n, final int t, final int tNext, final Supplier<Batch> current) {
				progress.update((unit + k / (double) n) / units, String.format(Locale.ROOT, "%sstep %d/%d", where, k, n));
			}

			@Override
			public boolean isCancelled() { return progress.isCancelled(); }
		};
	}
}
