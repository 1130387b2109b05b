/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.door;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Supplier;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.imagej.FolderTraining;
import sc.fiji.diffusion.isolation.EngineDoor;
import sc.fiji.diffusion.isolation.GenerateCall;
import sc.fiji.diffusion.isolation.GenerateResult;
import sc.fiji.diffusion.isolation.RawMriCall;
import sc.fiji.diffusion.isolation.RawMriResult;
import sc.fiji.diffusion.isolation.RestoreCall;
import sc.fiji.diffusion.isolation.RestoreResult;
import sc.fiji.diffusion.isolation.TrainCall;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.task.GenerateRequest;
import sc.fiji.diffusion.train.TrainingListener;

/**
 * The engine's side of the {@link EngineDoor}: made by {@code isolation.EngineDoors} in the engine's
 * class loader (the isolated one beside another TensorFlow, else the plugin's own), so that everything it
 * calls links against that loader's TensorFlow Java. It turns the door's calls into the engine's requests
 * ({@link DoorRequests}) and runs them ({@link RestoreRun}, {@link RawMriRun}, generation, training,
 * {@link ModelCatalog}); what it throws is of JDK classes only ({@link JdkExceptions}).
 */
public final class EngineSide implements EngineDoor {

	private interface Work<T> {
		T run() throws IOException;
	}

	@Override
	public RestoreResult restore(final RestoreCall call) throws IOException {
		return crossing(() -> RestoreRun.run(call));
	}

	@Override
	public RawMriResult reconstructRawMri(final RawMriCall call) throws IOException {
		return crossing(() -> RawMriRun.run(call));
	}

	@Override
	public GenerateResult generate(final GenerateCall call) throws IOException {
		return crossing(() -> {
			final GenerateRequest r = DoorRequests.generate(call);
			call.log.accept("settings: " + r.describe());
			try (LoadedModel m = Models.open(r.model.trim())) {
				final Batch x = r.generation(m).generate(r.count, r.height, r.width, r.effectiveBatch(), r.seed, new SamplerListener() {
					@Override
					public void stepDone(final int k, final int n, final int t, final int tNext, final Supplier<Batch> current) {
						call.progress.accept("step " + k + "/" + n, k / (double) n);
					}

					@Override
					public boolean isCancelled() { return call.cancelled.getAsBoolean(); }
				});
				final float[][] samples = new float[r.count][];
				for (int i = 0; i < r.count; i++) samples[i] = x.image(i).data();
				return new GenerateResult(r.width, r.height, samples, m.config.name, m.source);
			}
		});
	}

	@Override
	public String train(final TrainCall call) throws IOException {
		return crossing(() -> {
			final FolderTraining.Request r = DoorRequests.train(call);
			call.log.accept("settings: " + r.describe());
			final StringBuilder messages = new StringBuilder();
			FolderTraining.run(r, new TrainingListener() {
				@Override
				public void message(final String text) {
					call.log.accept(text);
					messages.append(text).append('\n');
				}

				@Override
				public void stepDone(final long done, final long total, final double loss) {
					call.progress.accept(String.format(Locale.ROOT, "step %d/%d, loss %.4f", done, total, loss), done / (double) total);
				}

				@Override
				public boolean isCancelled() { return call.cancelled.getAsBoolean(); }
			});
			return messages.toString();
		});
	}

	@Override
	public String listModels() throws IOException {
		return crossing(ModelCatalog::list);
	}

	@Override
	public String showModel(final String nameOrPath) throws IOException {
		return crossing(() -> ModelCatalog.show(nameOrPath));
	}

	@Override
	public String installModel(final String file, final String name) throws IOException {
		return crossing(() -> ModelCatalog.install(file, name));
	}

	/** Runs {@code work}, letting only exceptions of JDK classes out. */
	private static <T> T crossing(final Work<T> work) throws IOException {
		try {
			return work.run();
		}
		catch (final IOException e) {
			throw JdkExceptions.io(e);
		}
		catch (final RuntimeException e) {
			throw JdkExceptions.runtime(e);
		}
	}
}
