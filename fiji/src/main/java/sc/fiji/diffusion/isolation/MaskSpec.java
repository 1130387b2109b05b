/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

/**
 * A mask (1 where observed or sampled) as a request of the {@link EngineDoor}: given as values (from a
 * mask image or a selection), the non-finite pixels of each plane (inpainting), or a k-space sampling
 * pattern that the engine simulates (MRI). Made by the factories.
 */
public final class MaskSpec {

	/** {@code values}, {@code non-finite} or {@code simulated}. */
	public final String kind;

	/** Values: {@code values[x + width * y]} of the image's plane size: 0 where missing, 1 (or 255) where observed. */
	public final float[] values;

	/** Values: where they came from (the mask file, or the selection), named when the mask is refused. */
	public final String source;

	/** Simulated: {@code cartesian}, {@code equispaced} or {@code poisson}; the acceleration R; which random mask (its seed). */
	public final String pattern;
	public final double acceleration;
	public final long variant;

	private MaskSpec(final String kind, final float[] values, final String source, final String pattern, final double acceleration, final long variant) {
		this.kind = kind;
		this.values = values;
		this.source = source;
		this.pattern = pattern;
		this.acceleration = acceleration;
		this.variant = variant;
	}

	/**
	 * A mask of the plane size, {@code values[x + width * y]}: 0 where missing, 1 (or 255) where observed or
	 * sampled; {@code source} names it in messages (the file's path, or "from the selection").
	 */
	public static MaskSpec values(final float[] values, final String source) {
		return new MaskSpec("values", values, source != null ? source : "image", null, 0, 0);
	}

	/** Inpainting: the non-finite (NaN) pixels of each plane are missing. */
	public static MaskSpec nonFinite() {
		return new MaskSpec("non-finite", null, null, null, 0, 0);
	}

	/** MRI: a simulated k-space sampling mask (see the engine's {@code Masks}). */
	public static MaskSpec simulated(final String pattern, final double acceleration, final long variant) {
		return new MaskSpec("simulated", null, null, pattern, acceleration, variant);
	}
}
