/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

/**
 * A reconstruction of raw multi-coil k-space through the {@link EngineDoor}: the files (read on the
 * engine's side: k-space and coil maps by the engine's readers, a mask by ImageJ's or as {@code .cfl}) and
 * the settings; unset settings ({@code -1}, null) take the engine's defaults.
 */
public final class RawMriCall extends EngineCall {

	/** The k-space: BART {@code .cfl} [readout, phase, partition, coil] or ISMRMRD {@code .h5}. */
	public String kspaceFile;

	/** Coil sensitivities ({@code .cfl}); null: estimated from the calibration region. */
	public String coilMapsFile;

	/** Sampling mask of the 2D problems (TIFF or {@code .cfl}, 1 where sampled); null: the non-zero samples. */
	public String maskFile;

	/** {@code magnitude} or {@code complex}: what the prior sees. */
	public String priorOn;

	/** {@code magnitude}, {@code magnitude-phase} or {@code complex}: the planes of each slice in the result. */
	public String output;

	/** A model name or bundle path; null or blank: the MRI task's default prior. */
	public String model;

	/** Sampler steps and posterior samples; negative: the defaults. */
	public int steps = -1, samples = -1;

	public long seed;
}
