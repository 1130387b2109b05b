package sc.fiji.diffusion.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sc.fiji.diffusion.imagej.FolderTraining;
import sc.fiji.diffusion.train.TrainingListener;

@Command(name = "train", mixinStandardHelpOptions = true,
	description = { "Train a diffusion prior on random patches from a folder of images (TIFF, PNG, JPEG; 8/16/32-bit; stacks: every plane).",
		"Writes the model bundle OUTPUT, a checkpoint folder OUTPUT.checkpoint (continue with --resume), the loss log OUTPUT.loss.csv and its plot OUTPUT.loss.png." })
final class TrainCommand implements Callable<Integer> {

	@Spec CommandSpec spec;

	@Option(names = "--data", required = true, description = "Folder of training images.")
	Path data;

	@Option(names = "--output", required = true, description = "Model bundle to write (.zip).")
	Path output;

	@Option(names = "--patch", defaultValue = "64", description = "Patch size in pixels (default: ${DEFAULT-VALUE}).")
	int patch;

	@Option(names = "--steps", defaultValue = "10000", description = "Total optimiser steps, counting resumed ones; 0 only loads the data (and writes --preview) (default: ${DEFAULT-VALUE}).")
	long steps;

	@Option(names = "--batch", defaultValue = "8", description = "Patches per step (default: ${DEFAULT-VALUE}).")
	int batch;

	@Option(names = "--channels", defaultValue = "32", description = "Base width of the UNet (feature channels at full resolution) (default: ${DEFAULT-VALUE}).")
	int channels;

	@Option(names = "--levels", defaultValue = "3", description = "Resolution levels of the UNet (default: ${DEFAULT-VALUE}).")
	int levels;

	@Option(names = "--res-blocks", defaultValue = "2", description = "Residual blocks per level (default: ${DEFAULT-VALUE}).")
	int resBlocks;

	@Option(names = "--no-attention", description = "Leave out self-attention at the lowest resolution.")
	boolean noAttention;

	@Option(names = "--schedule", defaultValue = "linear", description = "Noise schedule: linear or cosine (default: ${DEFAULT-VALUE}).")
	String schedule;

	@Option(names = "--timesteps", defaultValue = "1000", description = "Number of diffusion timesteps T (default: ${DEFAULT-VALUE}).")
	int timesteps;

	@Option(names = "--lr", defaultValue = "2e-4", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
	float learningRate;

	@Option(names = "--ema", defaultValue = "0.999", description = "EMA decay of the shipped weights (default: ${DEFAULT-VALUE}).")
	double ema;

	@Option(names = "--seed", defaultValue = "1", description = "Random seed for initial weights and patches (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--checkpoint-every", defaultValue = "500", description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
	long checkpointEvery;

	@Option(names = "--log-every", defaultValue = "50", description = "Steps between progress lines (default: ${DEFAULT-VALUE}).")
	long logEvery;

	@Option(names = "--augment", defaultValue = "none", description = "Extra augmentations besides flips and rotations: any of scale,gamma,bias (default: ${DEFAULT-VALUE}).")
	String augment;

	@Option(names = "--preview", description = "Write 16 training patches (as the network sees them, augmented) side by side to this PNG before training.")
	Path preview;

	@Option(names = "--init", description = "Start from the weights of this model bundle (fine-tune it on --data); its architecture and schedule replace --channels, --levels, --res-blocks, --no-attention, --schedule and --timesteps.")
	Path init;

	@Option(names = "--resume", description = "Continue from OUTPUT.checkpoint.")
	boolean resume;

	@Option(names = "--name", description = "Model name recorded in config.json (default: output file name).")
	String name;

	@Option(names = "--description", defaultValue = "", description = "Free-text description recorded in config.json.")
	String description;

	@Option(names = "--data-source", defaultValue = "", description = "Where the training data came from (package and version, generator command), recorded in config.json.")
	String dataSource;

	@Option(names = "--modality", defaultValue = "unspecified", description = "Intended modality, e.g. fluorescence or mri-t1 (default: ${DEFAULT-VALUE}).")
	String modality;

	@Option(names = "--pixel-size", defaultValue = "0", description = "Intended pixel size (0: unspecified).")
	double pixelSize;

	@Option(names = "--pixel-unit", defaultValue = "", description = "Unit of --pixel-size, e.g. micron or mm.")
	String pixelUnit;

	@Override
	public Integer call() throws Exception {
		final FolderTraining.Request r = new FolderTraining.Request();
		r.data = data;
		r.output = output;
		r.init = init;
		r.resume = resume;
		r.patch = patch;
		r.batch = batch;
		r.channels = channels;
		r.levels = levels;
		r.resBlocks = resBlocks;
		r.attention = !noAttention;
		r.schedule = schedule;
		r.timesteps = timesteps;
		r.augment = augment;
		r.learningRate = learningRate;
		r.ema = ema;
		r.seed = seed;
		r.steps = steps;
		r.checkpointEvery = checkpointEvery;
		r.logEvery = logEvery;
		r.name = name;
		r.description = description;
		r.dataSource = dataSource;
		r.modality = modality;
		r.pixelSize = pixelSize;
		r.pixelUnit = pixelUnit;
		r.preview = preview;
		r.command = "java -jar diffusion-fiji.jar train " + quoted(spec.commandLine().getParseResult().originalArgs());
		FolderTraining.run(r, new TrainingListener() {
			@Override
			public void message(final String text) { System.err.println(text); }
		});
		return 0;
	}

	/** The arguments after "train", single-quoted where they contain spaces or quotes, as a shell would need them. */
	static String quoted(final java.util.List<String> args) {
		final int start = args.indexOf("train") + 1;
		final StringBuilder sb = new StringBuilder();
		for (final String a : args.subList(start, args.size())) {
			if (sb.length() > 0) sb.append(' ');
			sb.append(a.matches("[A-Za-z0-9_./:=,+@%-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
		}
		return sb.toString();
	}
}
