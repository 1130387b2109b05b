/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import java.io.IOException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
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
		switch (task) {
			case DENOISE: return StackProblem.denoising(stack);
			case DECONVOLVE: return deconvolution(stack, in);
			case INPAINT: {
				if (in.inpaintNonFinite()) return StackProblem.inpaintingNonFinite(stack);
				final Mask observed = require(in.observed(), "mask of the observed pixels", task, in);
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

	private static <T> T require(final T value, final String what, final Restoration.Task task, final TaskInputs in) {
		if (value == null) throw new IllegalArgumentException("The request has no " + what + " (" + task.id() + " of " + in.name() + ")");
		return value;
	}
}
