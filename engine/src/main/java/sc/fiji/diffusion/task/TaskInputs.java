/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.task;

import java.io.IOException;

import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.PointSpreadFunction;

/**
 * What a restoration task needs besides its image, as a door (the command line, the Fiji plugin) makes
 * it: {@link TaskProblems#of} asks only for what the task in hand needs, when it needs it, so a door
 * builds each input lazily (a PSF file is read only for deconvolution). A door may refuse an input with
 * its own message (an {@link IllegalArgumentException}: a missing option, a task it does not offer); an
 * input it simply lacks is {@code null}, and {@link TaskProblems} names what is missing.
 */
public interface TaskInputs {

	/** The input as the user knows it (a file, a quoted image title), for messages. */
	String name();

	/**
	 * Deconvolution: the PSF, sampled for the image (2D, or 3D with depth at most {@link #slices()}).
	 *
	 * @return null if none was given
	 * @throws IOException if the door cannot read it
	 */
	PointSpreadFunction psf() throws IOException;

	/** Inpainting: whether the pixels to inpaint are the non-finite ones of each plane (then {@link #observed()} is not asked). */
	boolean inpaintNonFinite();

	/**
	 * Inpainting: the observed pixels (1 = observed), one mask of the plane size for every plane.
	 *
	 * @return null if none was given
	 * @throws IOException if the door cannot read it
	 */
	Mask observed() throws IOException;

	/**
	 * MRI: the k-space sampling mask (1 = sampled), of the plane size.
	 *
	 * @return null if none was given
	 * @throws IOException if the door cannot read it
	 */
	Mask sampling() throws IOException;

	/**
	 * MRI, asked after {@link #sampling()}: true if the stack is a measured k-space (2 planes: real,
	 * imaginary; centred), false if its planes are magnitude images whose k-space is undersampled
	 * retrospectively.
	 */
	boolean kspace();

	/** Simulated MRI: the complex Gaussian noise added to the simulated k-space, in k-space units (0: none). */
	double simulationNoiseSigma();

	/** Simulated MRI: the restoration's seed, which {@link StackProblem#simulatedMri} salts for the noise. */
	long seed();

	/** Super-resolution: the upsampling factor (2 or more). */
	int srFactor();

	/** The hyperstack's dimensions ({@code channels * slices * frames} = the stack's planes); asked for a 3D PSF. */
	int channels();

	int slices();

	int frames();

	/**
	 * What the door adds to the message when a 3D PSF meets a stack of one slice per channel and frame
	 * (starting with a space), for example how to declare the planes as slices; empty by default.
	 */
	default String zStackAdvice() { return ""; }
}
