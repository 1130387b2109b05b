/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.command;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.task.TaskService;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.testdata.SampleData;

/** A small SciJava context for running this plugin's commands as Fiji would, and the test image. */
final class CommandTestSupport {

	private CommandTestSupport() {}

	private static float[] ecoli;
	private static int ecoliWidth;

	static Context context() {
		return new Context(CommandService.class, StatusService.class, TaskService.class, LogService.class);
	}

	/** Runs a command through the CommandService with pre- and post-processing, as a macro would. */
	static CommandModule run(final Context context, final Class<? extends Command> command, final Map<String, Object> inputs)
		throws InterruptedException, ExecutionException
	{
		return context.service(CommandService.class).run(command, true, inputs).get();
	}

	/** The command ran to the end (not cancelled). */
	static CommandModule ok(final CommandModule m) {
		assertTrue(!m.isCanceled(), "cancelled: " + m.getCancelReason());
		return m;
	}

	/** The command was cancelled with a message containing {@code text}. */
	static void refused(final CommandModule m, final String text) {
		assertTrue(m.isCanceled(), "expected a refusal mentioning '" + text + "'");
		assertTrue(m.getCancelReason().contains(text), "expected '" + text + "' in: " + m.getCancelReason());
	}

	/** A {@code w x h} crop of the real fluorescence image ecoli.png (luminance) at (x0, y0). */
	static synchronized float[] ecoli(final int x0, final int y0, final int w, final int h) throws Exception {
		if (ecoli == null) {
			final ImagePlus imp = ImageFiles.open(SampleData.ijTestImages().resolve("ecoli.png"));
			ecoli = ImageFiles.planes(imp, true)[0];
			ecoliWidth = imp.getWidth();
		}
		final float[] out = new float[w * h];
		for (int y = 0; y < h; y++) System.arraycopy(ecoli, (y0 + y) * ecoliWidth + x0, out, y * w, w);
		return out;
	}

	static float[] plusNoise(final float[] clean, final double sigma, final long seed) {
		final float[] n = new float[clean.length];
		GaussianNoise.fill(n, seed);
		for (int k = 0; k < n.length; k++) n[k] = clean[k] + (float) sigma * n[k];
		return n;
	}

	static ImagePlus image(final String title, final float[] values, final int w, final int h) {
		final ImagePlus imp = new ImagePlus(title, new FloatProcessor(w, h, values.clone()));
		final Calibration cal = new Calibration();
		cal.pixelWidth = cal.pixelHeight = 0.065;
		cal.setUnit("micron");
		imp.setCalibration(cal);
		return imp;
	}

	static float[] pixels(final ImagePlus imp, final int plane) {
		return (float[]) imp.getStack().getPixels(plane);
	}
}
