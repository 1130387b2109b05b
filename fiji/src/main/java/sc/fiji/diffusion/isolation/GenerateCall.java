/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

/**
 * Unconditional samples through the {@link EngineDoor}. Every field is given by the caller (the Fiji
 * command shows the engine's {@code GenerateRequest} defaults as its parameters' initial values).
 */
public final class GenerateCall extends EngineCall {

	/** A model name or bundle path. */
	public String model;

	/** How many samples, of what size, with how many sampler steps of which sampler ({@code ddim} or {@code ddpm}). */
	public int count, width, height, steps;
	public String sampler;

	public long seed;
}
