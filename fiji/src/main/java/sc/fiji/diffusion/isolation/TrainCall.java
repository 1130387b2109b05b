/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

/**
 * A training run through the {@link EngineDoor}: a folder of images, the bundle to write and the settings
 * the user gave. Every setting is given by the caller (the Fiji command shows the engine's training
 * defaults as its parameters' initial values); what is not here keeps the engine's default.
 */
public final class TrainCall extends EngineCall {

	/** The folder of training images, the bundle (.zip) to write, a bundle to start from (null: from scratch). */
	public String dataFolder, outputFile, initModel;

	/** Continue the run of {@link #outputFile} from its checkpoint. */
	public boolean resume;

	/** Recorded in the bundle; null or empty: the file name. */
	public String name;

	public long steps;
	public int patchSize, batchSize, width, levels;

	/** Augmentations besides flips and rotations: any of scale,gamma,bias,contrast (comma-separated), or none. */
	public String augment;

	/** Provenance recorded in the bundle: where the data came from and the macro line that ran. */
	public String dataSource, command;
}
