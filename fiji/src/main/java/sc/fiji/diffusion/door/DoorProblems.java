/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.door;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import sc.fiji.diffusion.imagej.MaskSources;
import sc.fiji.diffusion.imagej.PsfSources;
import sc.fiji.diffusion.isolation.MaskSpec;
import sc.fiji.diffusion.isolation.PsfSpec;
import sc.fiji.diffusion.isolation.RestoreCall;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.Masks;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.StackProblem;

/**
 * The engine's {@link StackProblem} for a {@link RestoreCall}: its planes viewed (not copied) as an image
 * [x, y, plane], with the PSF or mask that the task needs built from the call's {@link PsfSpec} or
 * {@link MaskSpec}.
 */
final class DoorProblems {

	private DoorProblems() {}

	/** @throws IllegalArgumentException if the call lacks what its task needs, or what it gives does not fit the image */
	static StackProblem of(final RestoreCall call, final Restoration.Task task) {
		final PlanarImg<FloatType, FloatArray> stack = planes(call.planes, call.width, call.height);
		switch (task) {
			case DENOISE: return StackProblem.denoising(stack);
			case DECONVOLVE: {
				final PointSpreadFunction p = psf(require(call.psf, "a PSF"), call);
				if (p.rank() == 2) return StackProblem.deconvolution(stack, p);
				if (call.slices < 2)
					throw new IllegalArgumentException("A 3D PSF needs a z-stack, \"" + call.title + "\" has one slice (for a time series, set Image > Properties)");
				return StackProblem.deconvolution3D(stack, p, call.channels, call.slices, call.frames);
			}
			case INPAINT: {
				final MaskSpec m = require(call.mask, "a mask of the observed pixels");
				if (m.kind.equals("non-finite")) return StackProblem.inpaintingNonFinite(stack);
				final Mask observed = mask(m, call);
				return StackProblem.inpainting(stack, plane -> observed);
			}
			case MRI: {
				final Mask sampled = mask(require(call.mask, "a sampling mask"), call);
				if (call.kspace) return StackProblem.mri(stack, sampled);
				return StackProblem.simulatedMri(stack, sampled, call.noiseSigma >= 0 ? call.noiseSigma : 0, call.seed);
			}
			default: throw new IllegalArgumentException("The task " + task.id() + " is not offered in Fiji");
		}
	}

	/** {@code planes} as an image [x, y, plane] over the same arrays. */
	static PlanarImg<FloatType, FloatArray> planes(final float[][] planes, final int width, final int height) {
		if (planes == null || planes.length == 0) throw new IllegalArgumentException("No image planes");
		final List<FloatArray> arrays = new ArrayList<>(planes.length);
		for (final float[] p : planes) {
			if (p.length != (long) width * height) throw new IllegalArgumentException("A plane has " + p.length + " values, expected " + width + "x" + height);
			arrays.add(new FloatArray(p));
		}
		final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(arrays, new long[] { width, height, planes.length }, new Fraction());
		img.setLinkedType(new FloatType(img));
		return img;
	}

	/** The planes of {@code img} [x, y, plane], its own arrays. */
	static float[][] arrays(final PlanarImg<FloatType, FloatArray> img) {
		final float[][] out = new float[img.numSlices()][];
		for (int i = 0; i < out.length; i++) out[i] = img.getPlane(i).getCurrentStorageArray();
		return out;
	}

	private static PointSpreadFunction psf(final PsfSpec p, final RestoreCall call) {
		switch (p.kind) {
			case "gaussian":
				return p.sigmaZ > 0 ? PsfSources.gaussian3D(p.sigma, p.sigmaZ, call.width, call.height, call.slices) : PsfSources.gaussian(p.sigma, call.width, call.height);
			case "born-wolf": return PsfSources.bornWolf(p.na, p.wavelengthNm, p.refractiveIndex, p.pixelSizeNm, null, call.width, call.height);
			case "samples": return PsfSources.fromSamples(p.samples, p.shape, p.source, call.width, call.height);
			default: throw new IllegalArgumentException("Unknown PSF kind '" + p.kind + "'");
		}
	}

	private static Mask mask(final MaskSpec m, final RestoreCall call) {
		switch (m.kind) {
			case "values": return Masks.fromImage(m.values, call.height, call.width);
			case "simulated": return MaskSources.simulated(m.pattern, m.acceleration, m.variant, call.width, call.height);
			default: throw new IllegalArgumentException("A " + m.kind + " mask does not fit the task " + call.task);
		}
	}

	private static <T> T require(final T value, final String what) {
		if (value == null) throw new IllegalArgumentException("The request has no " + what);
		return value;
	}
}
