/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.door;

import java.io.IOException;

import sc.fiji.diffusion.isolation.RestoreCall;
import sc.fiji.diffusion.isolation.RestoreResult;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.RestoreRequest;
import sc.fiji.diffusion.task.Settings;
import sc.fiji.diffusion.task.StackProblem;
import sc.fiji.diffusion.task.StackRestoration;

/**
 * A restoration through the door: the engine's request ({@link DoorRequests#restore}) and problem
 * ({@link DoorProblems}), the prior, {@link StackRestoration}, and the result as new float planes. Logs
 * the settings (every default resolved), the model and the engine's report.
 */
final class RestoreRun {

	private RestoreRun() {}

	static RestoreResult run(final RestoreCall call) throws IOException {
		final RestoreRequest request = DoorRequests.restore(call);
		final Restoration.Task task = request.task();
		final Settings settings = request.settings();
		settings.requireEffective(task);
		final StackProblem problem = DoorProblems.of(call, task);
		if (call.uncertainty && settings.mapSamplesFor(task) < 2 && problem.depth() == 1)
			throw new IllegalArgumentException("show_std needs 2 or more posterior samples (samples=2 or more) and a sampling method (method=fast, dps, ald or sdedit; not mmse or pnp)");
		call.log.accept("settings: " + request.describe());
		try (LoadedModel lm = Models.open(request.modelName())) {
			call.log.accept("of \"" + call.title + "\" with " + lm.source);
			final StackRestoration.Result r = new StackRestoration(new Restoration(lm), request.tileSize(), request.tileOverlap())
				.restore(problem, settings, new CallProgress(call));
			for (final String line : r.report) call.log.accept(line);
			return new RestoreResult((int) r.image.dimension(0), (int) r.image.dimension(1), DoorProblems.arrays(r.image),
				r.std == null ? null : DoorProblems.arrays(r.std), settings.stdCalibratedFor(task), settings.methodFor(task).id(), r.seconds);
		}
	}
}
