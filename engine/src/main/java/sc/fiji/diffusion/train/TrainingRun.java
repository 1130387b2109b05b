/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

import com.google.gson.Gson;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.io.AtomicFiles;
import sc.fiji.diffusion.model.ModelBundle;
import sc.fiji.diffusion.model.ModelConfig;
import sc.fiji.diffusion.model.UNetConfig;
import sc.fiji.diffusion.model.VariableParameters;
import sc.fiji.diffusion.model.Weights;
import sc.fiji.diffusion.schedule.NoiseSchedule;

/**
 * Trains a model from a {@link PatchSource} and writes a {@link ModelBundle} of its EMA weights.
 * <p>
 * Files, next to the output {@code model.zip}:
 * <ul>
 * <li>{@code model.zip.checkpoint/}: TensorFlow checkpoint of every variable (weights, EMA, Adam
 * moments) plus {@code state.json} (steps done, wall time, architecture); written every
 * {@code checkpointEvery} steps, at the end and on cancel. With {@code resume}, training continues from
 * it and must use the same architecture, noise schedule and timesteps.</li>
 * <li>{@code model.zip.loss.csv}: step, loss, EMA of the loss, elapsed seconds (on resume, cut back to the checkpoint's step, then appended).</li>
 * <li>{@code model.zip}: rewritten at every checkpoint, so a long run always leaves a usable model; its
 * config records the training patches' {@link TrainingStatistics}, measured when the run starts (a
 * resume to the steps already done only rewrites the bundle, with them).</li>
 * </ul>
 * Batches are drawn from {@code seed + step}, so a resumed run sees the same patches it would have seen.
 */
public final class TrainingRun {

	/** What {@code state.json} holds. */
	static final class State {
		long stepsDone;
		double wallSeconds;
		ModelConfig.Architecture architecture;
		/** The noise schedule trained for; null in checkpoints written before it was recorded. */
		ModelConfig.Schedule schedule;
		/** The TensorFlow checkpoint files' prefix in the folder; null (older checkpoints): "ckpt". */
		String prefix;
		/** The smoothed loss at {@code stepsDone}; null: none (no step yet, or an older checkpoint). */
		Double lossEma;
	}

	private final ModelConfig config;
	private final TrainingOptions options;
	private final PatchSource data;
	private final Path output;
	private final TrainingListener listener;
	private Weights start;
	private String startOrigin;
	private ModelConfig.Training previous;

	/**
	 * @param config architecture, schedule, name and intended use of the model to train; its training
	 *          provenance (data, command, steps, time, loss) is filled in by the run
	 */
	public TrainingRun(final ModelConfig config, final TrainingOptions options, final PatchSource data, final Path output,
		final TrainingListener listener)
	{
		this.config = config;
		this.options = options.validate();
		this.data = data;
		this.output = output;
		this.listener = listener;
	}

	/**
	 * Starts from these weights instead of a fresh initialisation (fine-tuning a trained prior on new
	 * data, or continuing a shipped model's training without its checkpoint). They must fit the
	 * architecture of the config; the optimiser state starts afresh. {@code origin} (e.g. "started from
	 * x.zip (...)") is recorded in the provenance before the new data, and the bundle's training record
	 * lists {@code previous} (the training of the bundle the weights come from; null: unknown) and this run
	 * as stages ({@link ModelConfig.Training#after}).
	 */
	public TrainingRun startFrom(final Weights weights, final String origin, final ModelConfig.Training previous) {
		this.start = weights;
		this.startOrigin = origin;
		this.previous = previous;
		return this;
	}

	public Path checkpointDir() { return output.resolveSibling(output.getFileName() + ".checkpoint"); }

	public Path lossLog() { return output.resolveSibling(output.getFileName() + ".loss.csv"); }

	/**
	 * Trains until {@code options.steps} steps are done in total (counting resumed ones) or the listener
	 * cancels. Returns the number of steps done.
	 */
	public long run(final boolean resume) throws IOException {
		final UNetConfig unet = config.unet();
		final NoiseSchedule schedule = config.noiseSchedule();
		final Gson gson = new Gson();
		State state = new State();
		state.architecture = config.architecture;
		state.schedule = config.schedule;
		final Path ckpt = checkpointDir();
		if (resume) {
			final Path stateFile = ckpt.resolve("state.json");
			if (!Files.isRegularFile(stateFile))
				throw new IOException("Cannot resume: no checkpoint at " + ckpt + " (train without --resume first)");
			state = readState(stateFile, gson);
			final ModelConfig probe = ModelConfig.of(unet, schedule);
			if (!gson.toJson(probe.architecture).equals(gson.toJson(state.architecture)))
				throw new IllegalArgumentException("Cannot resume: the checkpoint in " + ckpt + " has architecture " +
					gson.toJson(state.architecture) + ", this run asks for " + gson.toJson(probe.architecture));
			if (state.schedule != null && !(state.schedule.kind.equals(probe.schedule.kind) && state.schedule.timesteps == probe.schedule.timesteps))
				throw new IllegalArgumentException("Cannot resume: the checkpoint in " + ckpt + " was trained with the " + state.schedule.kind + " schedule, "
					+ state.schedule.timesteps + " timesteps; this run asks for " + probe.schedule.kind + ", " + probe.schedule.timesteps
					+ " timesteps: resume with the checkpoint's schedule and timesteps, or train a new output");
			state.schedule = probe.schedule;
		}
		else if (Files.exists(ckpt.resolve("state.json")))
			throw new IOException("A checkpoint already exists at " + ckpt + ": use --resume to continue it, or delete it to start over");
		Files.createDirectories(ckpt);
		final Weights initial = start != null ? start : VariableParameters.initialWeights(unet, options.seed);
		listener.message(String.format(Locale.ROOT, "Training %s (%,d parameters) on %s", unet, initial.parameterCount(), data.description()));
		config.statistics = TrainingStatistics.measure(data, options.patch, TrainingStatistics.PATCHES, options.seed);
		listener.message(String.format(Locale.ROOT, "Training patches: mean %.3f, per-patch mean spread %.3f (%d patches)",
			config.statistics.mean, config.statistics.patchMeanStd, config.statistics.patches));
		// on resume, the loss log is cut back to the checkpoint's step (a killed run may have logged more, and half a line)
		final double loggedEma = resume ? cutLossLog(state.stepsDone) : Double.NaN;
		try (TrainingGraph graph = new TrainingGraph(unet, schedule, initial, options.learningRate);
			BufferedWriter log = Files.newBufferedWriter(lossLog(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				resume ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING))
		{
			if (resume) {
				try {
					graph.restore(ckpt.resolve(state.prefix == null ? "ckpt" : state.prefix).toString());
				}
				catch (final RuntimeException e) {
					throw new IllegalArgumentException(damaged(ckpt, "its TensorFlow checkpoint cannot be restored: " + e.getMessage()), e);
				}
				listener.message("Resumed from step " + state.stepsDone + " (" + ckpt + ")");
			}
			else log.write("step,loss,loss_ema,elapsed_s\n");
			final long start = System.nanoTime();
			final long firstStep = state.stepsDone;
			double lossEma = !resume ? Double.NaN : state.lossEma != null ? state.lossEma : loggedEma;
			long step = firstStep;
			while (step < options.steps && !listener.isCancelled()) {
				final Batch batch = data.next(options.batch, options.patch, new SplittableRandom(options.seed * 1_000_003L + step));
				final double loss = graph.step(batch, options.seed, step, options.emaDecay);
				if (!Double.isFinite(loss)) throw new IllegalStateException("Training diverged at step " + step + " (loss " + loss + "): lower the learning rate");
				lossEma = Double.isNaN(lossEma) ? loss : 0.98 * lossEma + 0.02 * loss;
				step++;
				final double elapsed = state.wallSeconds + (System.nanoTime() - start) / 1e9;
				log.write(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.1f%n", step, loss, lossEma, elapsed));
				listener.stepDone(step, options.steps, loss);
				if (step % options.logEvery == 0 || step == options.steps) {
					final double rate = (step - firstStep) / ((System.nanoTime() - start) / 1e9);
					listener.message(String.format(Locale.ROOT, "step %d/%d loss %.4f (smoothed %.4f), %.2f steps/s, ETA %s",
						step, options.steps, loss, lossEma, rate, duration((options.steps - step) / rate)));
				}
				if (step % options.checkpointEvery == 0 && step < options.steps) {
					log.flush();
					checkpoint(graph, state, step, elapsed, lossEma, gson);
				}
			}
			log.flush();
			checkpoint(graph, state, step, state.wallSeconds + (System.nanoTime() - start) / 1e9, lossEma, gson);
			if (step < options.steps) listener.message("Cancelled at step " + step + "; checkpoint and model written, continue with --resume");
			return step - firstStep;
		}
	}

	private void checkpoint(final TrainingGraph graph, final State state, final long step, final double elapsed,
		final double lossEma, final Gson gson) throws IOException
	{
		final Path ckpt = checkpointDir();
		// new files under a new prefix, then state.json (atomically) names them: a kill leaves the previous complete checkpoint
		final String prefix = "ckpt-" + step + "-" + Long.toHexString(System.nanoTime());
		graph.save(ckpt.resolve(prefix).toString());
		final State s = new State();
		s.stepsDone = step;
		s.wallSeconds = elapsed;
		s.architecture = state.architecture;
		s.schedule = state.schedule;
		s.prefix = prefix;
		s.lossEma = Double.isFinite(lossEma) ? lossEma : null;
		AtomicFiles.write(ckpt.resolve("state.json"), gson.toJson(s));
		deleteOtherCheckpoints(ckpt, prefix);
		config.training.data = (startOrigin == null ? "" : startOrigin + ", then ") + data.description();
		config.training.steps = step;
		config.training.batch = options.batch;
		config.training.patch = options.patch;
		config.training.learningRate = options.learningRate;
		config.training.emaDecay = options.emaDecay;
		config.training.seed = options.seed;
		config.training.wallSeconds = Math.round(elapsed);
		config.training.finalLoss = Double.isFinite(lossEma) ? lossEma : 0;
		config.training.date = Instant.now().toString();
		config.training.trainer = ModelConfig.JAVA_TRAINER;
		config.training.device = "cpu";
		config.training.stages = null;
		if (previous != null) config.training.after(previous);
		new ModelBundle(config, graph.emaWeights()).write(output);
		listener.message("Checkpoint at step " + step + ": " + output);
		listener.checkpointWritten(step);
	}

	/**
	 * Rewrites the loss log (atomically) to its header and its complete rows up to {@code stepsDone}, dropping
	 * the rows a killed run logged after its last checkpoint and a half-written last line; returns the
	 * smoothed loss of the last row kept, or NaN if there is none.
	 */
	private double cutLossLog(final long stepsDone) throws IOException {
		final String header = "step,loss,loss_ema,elapsed_s";
		final StringBuilder kept = new StringBuilder(header).append('\n');
		double ema = Double.NaN;
		if (Files.isRegularFile(lossLog())) {
			final String text = Files.readString(lossLog(), StandardCharsets.UTF_8);
			final String[] lines = text.split("\n", -1); // the last piece is a partial line (or empty)
			for (int k = 0; k < lines.length - 1; k++) {
				final String[] f = lines[k].trim().split(",");
				if (f.length != 4) continue;
				try {
					final long step = Long.parseLong(f[0]);
					final double e = Double.parseDouble(f[2]);
					Double.parseDouble(f[1]);
					Double.parseDouble(f[3]);
					if (step < 1 || step > stepsDone) continue;
					kept.append(lines[k].trim()).append('\n');
					ema = e;
				}
				catch (final NumberFormatException e) {
					// the header, or a damaged line
				}
			}
		}
		AtomicFiles.write(lossLog(), kept.toString());
		return ema;
	}

	/** state.json, or an {@link IllegalArgumentException} saying the checkpoint is damaged and what to do. */
	private static State readState(final Path stateFile, final Gson gson) throws IOException {
		final State state;
		try {
			state = gson.fromJson(Files.readString(stateFile, StandardCharsets.UTF_8), State.class);
		}
		catch (final com.google.gson.JsonParseException | java.nio.charset.CharacterCodingException e) {
			throw new IllegalArgumentException(damaged(stateFile.getParent(), stateFile.getFileName() + " is not valid JSON (" + e.getMessage() + ")"), e);
		}
		if (state == null || state.architecture == null || state.stepsDone < 0)
			throw new IllegalArgumentException(damaged(stateFile.getParent(), stateFile.getFileName() + " is empty or incomplete"));
		return state;
	}

	private static String damaged(final Path ckpt, final String why) {
		return "Cannot resume: the checkpoint " + ckpt + " is damaged (" + why + "): delete that folder and train again without --resume "
			+ "(the bundle written at the last checkpoint can be fine-tuned with --init)";
	}

	/** Deletes the TensorFlow checkpoint files in {@code ckpt} other than those of {@code prefix} (older ones, or a killed save's). */
	private static void deleteOtherCheckpoints(final Path ckpt, final String prefix) throws IOException {
		try (java.util.stream.Stream<Path> files = Files.list(ckpt)) {
			for (final Path f : (Iterable<Path>) files::iterator) {
				final String name = f.getFileName().toString();
				if (name.startsWith("ckpt") && !name.startsWith(prefix + ".") && Files.isRegularFile(f)) Files.deleteIfExists(f);
			}
		}
	}

	/** "2h 05m", "3m 10s" or "12s". */
	static String duration(final double seconds) {
		if (!Double.isFinite(seconds)) return "?";
		final long s = Math.round(seconds);
		if (s >= 3600) return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
		if (s >= 60) return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
		return s + "s";
	}
}
