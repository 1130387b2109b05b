/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.util.Optional;

/**
 * A network together with the configuration that says how to use it (schedule, normalisation,
 * intended modality) and where it came from. Closing it closes the network.
 */
public final class LoadedModel implements AutoCloseable {

	public final EpsModel eps;
	public final ModelConfig config;
	public final String source;

	public LoadedModel(final EpsModel eps, final ModelConfig config, final String source) {
		this.eps = eps;
		this.config = config;
		this.source = source;
	}

	/**
	 * The network as a {@link GraphNetwork} that guided samplers can build into their own graph
	 * (network, data consistency and update in one session call), or empty for a TensorFlow
	 * SavedModel, whose graph cannot be rebuilt: such a model serves only the unguided paths.
	 */
	public Optional<GraphNetwork> graphNetwork() {
		return eps instanceof TfEpsModel ? Optional.of(((TfEpsModel) eps).network()) : Optional.empty();
	}

	@Override
	public void close() {
		eps.close();
	}
}
