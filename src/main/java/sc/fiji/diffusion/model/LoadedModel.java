package sc.fiji.diffusion.model;

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

	@Override
	public void close() {
		eps.close();
	}
}
