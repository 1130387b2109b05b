package sc.fiji.diffusion.command;

import java.util.function.Supplier;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.ImageStack;
import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.sampler.StepRule;
import sc.fiji.diffusion.task.Generation;

/**
 * Plugins &gt; Diffusion &gt; Generate Samples: draws unconditional samples from a prior, to see what it
 * has learned; a new 32-bit stack in the model's normalised units (about -1 to 1). Macro:
 * {@code run("Diffusion Generate Samples", "model=fluorescence-2d count=4 width=128 height=128 steps=50 sampler=ddim seed=0");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>Diffusion>Diffusion Generate Samples", headless = true,
	description = "Draw unconditional samples from a diffusion prior (x0Hat clipped to [-1, 1] at every step, as Ho et al. 2020; "
		+ "from t = 700 at the training patches' brightness where the bundle records it, else from pure noise)")
public final class GenerateCommand extends DiffusionCommand {

	@Parameter(label = "Model", persist = false, description = "A bundled or installed model name, or the path of a bundle .zip or SavedModel folder.")
	String model = "fluorescence-2d";

	@Parameter(label = "Number of samples", min = "1", persist = false)
	int count = 4;

	@Parameter(label = "Width", min = "8", persist = false)
	int width = 128;

	@Parameter(label = "Height", min = "8", persist = false)
	int height = 128;

	@Parameter(label = "Steps", min = "1", persist = false, description = "Sampler steps, respaced over the model's T.")
	int steps = 50;

	@Parameter(label = "Sampler", choices = { "ddim", "ddpm" }, persist = false, description = "ddim: deterministic (eta 0); ddpm: ancestral.")
	String sampler = "ddim";

	@Parameter(label = "Random seed", persist = false)
	long seed = 0;

	@Parameter(type = ItemIO.OUTPUT)
	ImagePlus samples;

	@Override
	final void runHere() {
		execute("Diffusion generate", progress -> {
			if (count < 1 || width < 8 || height < 8) throw new IllegalArgumentException("count must be >= 1 and width, height >= 8");
			try (LoadedModel m = Models.open(model.trim())) {
				final Batch x = new Generation(m, StepRule.parse(sampler), steps).generate(count, height, width, Math.min(count, 4), seed, new SamplerListener() {
					@Override
					public void stepDone(final int k, final int n, final int t, final int tNext, final Supplier<Batch> current) {
						progress.update(k / (double) n, "step " + k + "/" + n);
					}

					@Override
					public boolean isCancelled() { return progress.isCancelled(); }
				});
				final ImageStack stack = new ImageStack(width, height);
				for (int i = 0; i < count; i++) stack.addSlice("sample " + (i + 1), x.image(i).data());
				samples = new ImagePlus(m.config.name + "-samples", stack);
				samples.resetDisplayRange();
				log.info("Diffusion generate: " + count + " samples of " + width + "x" + height + " from " + m.source);
			}
		});
	}
}
