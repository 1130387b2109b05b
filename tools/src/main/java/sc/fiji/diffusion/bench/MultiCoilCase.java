/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import sc.fiji.diffusion.mri.CoilPlanes;
import sc.fiji.diffusion.operator.Mask;

/**
 * One simulated multi-coil MRI case: the fully sampled reference (root sum of squares of the coil
 * images, {@code p99.8 = 1}), the fully sampled noisy k-space, and the sampling mask.
 */
public final class MultiCoilCase {

	public final String name, set;
	public final int acceleration;
	public final float[] reference;
	public final CoilPlanes fullKspace;
	public final Mask mask;
	/** The simulation's own maps times the image phase, normalised: an oracle no reconstruction has. */
	public final CoilPlanes trueMaps;
	/** The simulation's own maps, normalised, without the image phase (diagnostic). */
	public CoilPlanes trueSensitivities;

	MultiCoilCase(final String name, final String set, final int acceleration, final float[] reference, final CoilPlanes fullKspace, final Mask mask,
		final CoilPlanes trueMaps)
	{
		this.name = name;
		this.set = set;
		this.acceleration = acceleration;
		this.reference = reference;
		this.fullKspace = fullKspace;
		this.mask = mask;
		this.trueMaps = trueMaps;
	}

	public int width() { return fullKspace.width; }

	public int height() { return fullKspace.height; }

	/** The undersampled k-space: zeros where the mask is 0 (what a scanner file holds). */
	public CoilPlanes kspace() {
		final CoilPlanes k = fullKspace.copy();
		final int p = k.planeSize();
		for (int c = 0; c < k.coils; c++)
			for (int i = 0; i < p; i++)
				if (!mask.sampled(i / k.width, i % k.width)) k.re[c * p + i] = k.im[c * p + i] = 0;
		return k;
	}
}
