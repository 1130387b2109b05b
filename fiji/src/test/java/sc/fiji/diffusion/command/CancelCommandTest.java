/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.command;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.diffusion.command.CommandTestSupport.ecoli;
import static sc.fiji.diffusion.command.CommandTestSupport.image;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.module.ModuleService;
import org.scijava.task.event.TaskEvent;

/**
 * Cancelling a running restoration, as a Fiji user would from the task list or by cancelling the
 * command: it stops within a step and leaves no output.
 */
class CancelCommandTest {

	private static final Pattern STEP = Pattern.compile("step (\\d+)/(\\d+)");

	/** Watches the status bar; cancels the command (or its task) once step 2 has been reported. */
	public static final class Canceller {
		final CommandModule module;
		final boolean viaTask;
		final AtomicInteger lastStep = new AtomicInteger(), total = new AtomicInteger();
		volatile org.scijava.task.Task task;

		Canceller(final CommandModule module, final boolean viaTask) {
			this.module = module;
			this.viaTask = viaTask;
		}

		@EventHandler
		public void onTask(final TaskEvent e) {
			if (e.getTask().getName().startsWith("Diffusion")) task = e.getTask();
		}

		@EventHandler
		public void onStatus(final StatusEvent e) {
			final Matcher m = e.getStatusMessage() == null ? null : STEP.matcher(e.getStatusMessage());
			if (m == null || !m.find()) return;
			lastStep.accumulateAndGet(Integer.parseInt(m.group(1)), Math::max);
			total.set(Integer.parseInt(m.group(2)));
			if (lastStep.get() >= 2) {
				if (viaTask && task != null) task.cancel("cancelled from the task list");
				else if (!viaTask) module.cancel("cancelled by the user");
			}
		}
	}

	@Test
	void cancellingMidRunStopsWithinAStepAndLeavesNoOutput() throws Exception {
		for (final boolean viaTask : new boolean[] { false, true }) {
			final Context context = CommandTestSupport.context();
			try {
				final CommandModule module = (CommandModule) context.service(ModuleService.class)
					.createModule(context.service(CommandService.class).getCommand(DeconvolveCommand.class));
				final Canceller canceller = new Canceller(module, viaTask);
				context.service(EventService.class).subscribe(canceller);
				final Map<String, Object> inputs = new HashMap<>();
				inputs.put("image", image("cells", ecoli(1000, 600, 64, 64), 64, 64));
				inputs.put("model", "demo-cells");
				inputs.put("psf", "gaussian");
				inputs.put("psf_sigma", 1.5);
				inputs.put("steps", 200);
				context.service(ModuleService.class).run(module, true, inputs).get(5, TimeUnit.MINUTES);
				assertTrue(module.isCanceled(), "the run was not cancelled (via task: " + viaTask + ")");
				assertTrue(module.getCancelReason().contains("cancelled"), module.getCancelReason());
				assertNull(module.getOutput("restored"), "a cancelled run must leave no output");
				System.out.println("[commands] cancel " + (viaTask ? "from the task list" : "of the command") + ": stopped after step " + canceller.lastStep.get()
					+ " of " + canceller.total.get() + ": " + module.getCancelReason());
				assertTrue(canceller.lastStep.get() <= 4, "ran on to step " + canceller.lastStep.get() + " after the cancel at step 2");
			}
			finally {
				context.dispose();
			}
		}
	}
}
