/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

/**
 * A point-spread function as a request of the {@link EngineDoor}: either its samples (from a PSF image;
 * the engine normalises and centres them) or the parameters of a model that the engine samples for the
 * image (a Gaussian, 3D when {@code sigmaZ > 0}, or a widefield Born-Wolf PSF). Made by the factories.
 */
public final class PsfSpec {

	/** {@code samples}, {@code gaussian} or {@code born-wolf}. */
	public final String kind;

	/** Samples: the values, row-major, and their shape ({@code [height, width]} or {@code [depth, height, width]}); where they came from, for messages. */
	public final float[] samples;
	public final int[] shape;
	public final String source;

	/** Gaussian: sigma in pixels and in slices (0: a 2D PSF). */
	public final double sigma, sigmaZ;

	/** Born-Wolf: numerical aperture, emission wavelength (nm), immersion refractive index, pixel size (nm). */
	public final double na, wavelengthNm, refractiveIndex, pixelSizeNm;

	private PsfSpec(final String kind, final float[] samples, final int[] shape, final String source, final double sigma, final double sigmaZ, final double na,
		final double wavelengthNm, final double refractiveIndex, final double pixelSizeNm)
	{
		this.kind = kind;
		this.samples = samples;
		this.shape = shape;
		this.source = source;
		this.sigma = sigma;
		this.sigmaZ = sigmaZ;
		this.na = na;
		this.wavelengthNm = wavelengthNm;
		this.refractiveIndex = refractiveIndex;
		this.pixelSizeNm = pixelSizeNm;
	}

	/** A PSF image of {@code shape} ({@code [h, w]} or {@code [d, h, w]}), its values row-major; {@code source} names it in messages. */
	public static PsfSpec samples(final float[] values, final int[] shape, final String source) {
		return new PsfSpec("samples", values, shape.clone(), source, 0, 0, 0, 0, 0, 0);
	}

	/** A Gaussian of {@code sigma} pixels; 3D with {@code sigmaZ} slices axially when {@code sigmaZ > 0}. */
	public static PsfSpec gaussian(final double sigma, final double sigmaZ) {
		return new PsfSpec("gaussian", null, null, null, sigma, sigmaZ, 0, 0, 0, 0);
	}

	/** A 2D widefield (Born-Wolf) PSF; {@code pixelSizeNm} as resolved by the caller from the image's calibration. */
	public static PsfSpec bornWolf(final double na, final double wavelengthNm, final double refractiveIndex, final double pixelSizeNm) {
		return new PsfSpec("born-wolf", null, null, null, 0, 0, na, wavelengthNm, refractiveIndex, pixelSizeNm);
	}
}
