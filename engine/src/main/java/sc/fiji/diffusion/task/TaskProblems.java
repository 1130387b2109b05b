/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import java.io.IOException;
import java.util.Locale;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.PointSpreadFunction;

/**
 * The one mapping from a restoration task to its {@link StackProblem}, for every door: which
 * {@link TaskInputs} each task asks for (and only those), and the checks the doors share (a 3D PSF needs
 * a z-stack; a missing PSF or mask is named). How the inputs are made, and the door's own messages, stay
 * with the door.
 */
public final class TaskProblems {

	private TaskProblems() {}

	/**
	 * The problem of {@code task} on {@code stack} [x, y, plane] (planes in ImageJ's order, see
	 * {@link StackProblem}), asking {@code in} for: denoising, nothing; deconvolution, the PSF, then (a 3D
	 * PSF) the slices, channels and frames; inpainting, whether the non-finite pixels are missing, else
	 * the observed pixels; super-resolution, the factor; MRI, the sampling mask, then whether the stack is
	 * k-space, else the simulated noise and seed.
	 *
	 * @throws IllegalArgumentException if an input the task needs is missing ({@code null}), a 3D PSF
	 *           meets a stack of one slice per channel and frame, the door refuses an input (its
	 *           message), or the inputs do not fit the stack ({@link StackProblem}'s factories)
	 * @throws IOException if the door cannot read an input
	 */
	public static StackProblem of(final Restoration.Task task, final RandomAccessibleInterval<? extends RealType<?>> stack, final TaskInputs in)
		throws IOException
	{
		if (stack.numDimensions() == 3) StackProblem.requireMinimumSize(stack.dimension(0), stack.dimension(1), theImage(in.name()) + " is");
		if (task != Restoration.Task.INPAINT) requireFinite(stack, in, null);
		switch (task) {
			case DENOISE: return StackProblem.denoising(stack);
			case DECONVOLVE: return deconvolution(stack, in);
			case INPAINT: {
				if (in.inpaintNonFinite()) return StackProblem.inpaintingNonFinite(stack);
				final Mask observed = require(in.observed(), "mask of the observed pixels", task, in);
				if (stack.numDimensions() == 3) requireFinite(stack, in, observed.requireSize((int) stack.dimension(1), (int) stack.dimension(0), "image"));
				return StackProblem.inpainting(stack, plane -> observed);
			}
			case SR: return StackProblem.superResolution(stack, in.srFactor());
			case MRI: {
				final Mask sampled = require(in.sampling(), "sampling mask", task, in);
				if (in.kspace()) return StackProblem.mri(stack, sampled);
				return StackProblem.simulatedMri(stack, sampled, in.simulationNoiseSigma(), in.seed());
			}
			default: throw new IllegalArgumentException("Unknown task " + task);
		}
	}

	/** Plane by plane with a 2D PSF; every z-stack of a hyperstack in 3D with a 3D PSF. */
	private static StackProblem deconvolution(final RandomAccessibleInterval<? extends RealType<?>> stack, final TaskInputs in) throws IOException {
		final PointSpreadFunction psf = require(in.psf(), "PSF", Restoration.Task.DECONVOLVE, in);
		if (psf.rank() == 2) return StackProblem.deconvolution(stack, psf);
		if (in.slices() < 2)
			throw new IllegalArgumentException("A 3D PSF needs a z-stack; " + in.name() + " has one slice per channel and frame" + in.zStackAdvice());
		return StackProblem.deconvolution3D(stack, psf, in.channels(), in.slices(), in.frames());
	}

	/**
	 * Refuses the first NaN or infinite value of {@code stack} [x, y, plane], naming the input, the pixel
	 * (x, y, from 0 as ImageJ counts them) and the plane with its channel, slice and frame (from 1), and what
	 * to do: every task needs finite values where it reads them, everywhere but at the pixels inpainting
	 * fills in ({@code observed}: null for all pixels, else those it marks observed, the same in every plane).
	 */
	static void requireFinite(final RandomAccessibleInterval<? extends RealType<?>> stack, final TaskInputs in, final Mask observed) {
		final Cursor<? extends RealType<?>> c = Views.flatIterable(stack).localizingCursor();
		while (c.hasNext()) {
			final double v = c.next().getRealDouble();
			if (Double.isFinite(v) || observed != null && !observed.sampled(c.getIntPosition(1), c.getIntPosition(0))) continue;
			final long plane = stack.numDimensions() > 2 ? c.getLongPosition(2) : 0, planes = stack.numDimensions() > 2 ? stack.dimension(2) : 1;
			final int channels = Math.max(1, in.channels()), slices = Math.max(1, in.slices());
			final String where = planes == 1 ? "" : String.format(Locale.ROOT, " of plane %d of %d (channel %d, slice %d, frame %d)", plane + 1, planes,
				plane % channels + 1, plane / channels % slices + 1, plane / ((long) channels * slices) + 1);
			throw new IllegalArgumentException(String.format(Locale.ROOT, "%s holds a non-finite value (%s) at x = %d, y = %d%s: replace such values "
				+ "(in Fiji: Process > Math > Remove NaNs...) or fill them in with the inpaint task%s", theImage(in.name()), v, c.getLongPosition(0),
				c.getLongPosition(1), where, observed != null ? " (they are in its mask's observed pixels)" : ""));
		}
	}

	/** "The image NAME" for the start of a message. */
	private static String theImage(final String name) {
		return name.isEmpty() ? "The image" : "The image " + name;
	}

	private static <T> T require(final T value, final String what, final Restoration.Task task, final TaskInputs in) {
		if (value == null) throw new IllegalArgumentException("The request has no " + what + " (" + task.id() + " of " + in.name() + ")");
		return value;
	}
}
