package sc.fiji.diffusion.sampler;

import java.util.function.Supplier;

import sc.fiji.diffusion.data.Batch;

/**
 * Observes a running {@link Sampler}: progress, previews and cancellation. The sampler calls
 * {@link #isCancelled()} before every step, so a cancel is honoured within one network evaluation.
 */
public interface SamplerListener {

	/** Called after step {@code k} (1-based) of {@code n}, which moved from t to tNext. */
	default void stepDone(final int k, final int n, final int t, final int tNext, final Supplier<Batch> current) {}

	/** True to stop the run; the sampler then throws {@link java.util.concurrent.CancellationException}. */
	default boolean isCancelled() { return false; }

	SamplerListener NONE = new SamplerListener() {};
}
