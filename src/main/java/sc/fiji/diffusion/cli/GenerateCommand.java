package sc.fiji.diffusion.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import ij.measure.Calibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.imagej.Montage;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.sampler.StepRule;
import sc.fiji.diffusion.task.Generation;

@Command(name = "generate", mixinStandardHelpOptions = true,
	description = { "Draw unconditional samples from a diffusion prior and write them as 32-bit TIFFs (sample_0000.tif, ...).",
		"Values are in the model's normalised range (about -1 to 1)." })
final class GenerateCommand implements Callable<Integer> {

	@Option(names = "--model", defaultValue = "demo-cells", description = "Bundled model name, installed model name, bundle .zip or SavedModel folder (default: ${DEFAULT-VALUE}).")
	String model;

	@Option(names = "--count", defaultValue = "4", description = "Number of samples (default: ${DEFAULT-VALUE}).")
	int count;

	@Option(names = "--size", defaultValue = "64x64", description = "Sample size HxW in pixels (default: ${DEFAULT-VALUE}).")
	String size;

	@Option(names = "--steps", defaultValue = "50", description = "Sampler steps, respaced over the model's T; a start at t0 runs about steps x t0 / T of them (default: ${DEFAULT-VALUE}).")
	int steps;

	@Option(names = "--t0", defaultValue = "-1", description = "Start timestep: T-1 starts from pure noise; less starts from noise at the brightness of the "
		+ "training patches (a truncated start; needs a bundle that records them). Default: 700 for such bundles, else T-1.")
	int t0;

	@Option(names = "--sampler", defaultValue = "ddim", description = "ddpm (ancestral) or ddim (deterministic, eta 0) (default: ${DEFAULT-VALUE}).")
	String sampler;

	@Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--clip", defaultValue = "1", description = "Clip the clean-image estimate x0Hat to [-L, L] at every step, as Ho et al. 2020 "
		+ "(the normalisation maps the 1st-99.8th percentiles to [-1, 1]); 0: no clip (default: ${DEFAULT-VALUE}).")
	double clip;

	@Option(names = "--batch", defaultValue = "4", description = "Samples computed together in one network batch (default: ${DEFAULT-VALUE}).")
	int batch;

	@Option(names = "--output", required = true, description = "Output folder (created if needed).")
	Path output;

	@Option(names = "--montage", description = "Also write all samples side by side as an 8-bit PNG to look at.")
	Path montage;

	@Override
	public Integer call() throws Exception {
		final int[] hw = parseSize(size);
		final StepRule rule = StepRule.parse(sampler);
		if (!(clip >= 0)) throw new IllegalArgumentException("--clip must be >= 0 (0: no clip), got " + clip);
		try (LoadedModel m = Models.open(model)) {
			final Generation generation = new Generation(m, rule, steps, clip > 0 ? clip : Double.POSITIVE_INFINITY).start(t0);
			System.err.println("Model " + m.source + " (" + m.config.name + "), " + rule.name() + ", " + steps + " steps " + generation.describeStart() + ", "
				+ count + " samples of " + hw[0] + "x" + hw[1] + (clip > 0 ? ", x0Hat clipped to +-" + clip : ""));
			final long start = System.nanoTime();
			final Batch samples = generation.generate(count, hw[0], hw[1], batch, seed, new ConsoleProgress(System.err, "generate"));
			for (int i = 0; i < count; i++) {
				final Path file = output.resolve(String.format(Locale.ROOT, "sample_%04d.tif", i));
				ImageFiles.saveFloatTiff(file, hw[1], hw[0], new float[][] { samples.image(i).data() }, new Calibration(), file.getFileName().toString());
			}
			if (montage != null) Montage.savePng(samples, montage);
			System.err.println(String.format(Locale.ROOT, "Wrote %d samples to %s in %.1f s", count, output, (System.nanoTime() - start) / 1e9));
		}
		return 0;
	}

	/** Parses "HxW" (or a single number for a square). */
	static int[] parseSize(final String s) {
		final String[] parts = s.toLowerCase(Locale.ROOT).split("x");
		try {
			final int h = Integer.parseInt(parts[0].trim());
			final int w = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : h;
			if (parts.length > 2 || h < 1 || w < 1) throw new NumberFormatException();
			return new int[] { h, w };
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("--size must be HxW with positive integers, e.g. 64x64; got '" + s + "'");
		}
	}
}
