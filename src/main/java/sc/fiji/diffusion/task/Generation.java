package sc.fiji.diffusion.task;

import java.util.function.Supplier;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.sampler.Sampler;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.sampler.StepRule;
import sc.fiji.diffusion.schedule.StepPlan;

/**
 * Unconditional generation: draws {@code count} images from the model's prior by running the sampler
 * from pure noise, {@code batchSize} images at a time through the network's batch dimension. Results are
 * in the model's normalised range (about [-1, 1]).
 */
public final class Generation {

	private final LoadedModel model;
	private final StepRule rule;
	private final int steps;

	/** @param steps number of sampler steps, respaced uniformly over the model's T timesteps */
	public Generation(final LoadedModel model, final StepRule rule, final int steps) {
		this.model = model;
		this.rule = rule;
		this.steps = steps;
	}

	/**
	 * @param listener sees progress over all batches (step k of steps x batches) and may cancel
	 * @return {@code count} images of {@code height x width}; image i is reproducible from {@code seed}
	 *         and the batch size
	 */
	public Batch generate(final int count, final int height, final int width, final int batchSize, final long seed,
		final SamplerListener listener)
	{
		if (count < 1) throw new IllegalArgumentException("count must be >= 1, got " + count);
		if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
		final Sampler sampler = new Sampler(model.config.noiseSchedule(), rule);
		final StepPlan plan = StepPlan.uniform(model.eps.timesteps(), steps);
		final int c = model.eps.channels();
		final Batch out = Batch.zeros(count, height, width, c);
		final int chunks = (count + batchSize - 1) / batchSize;
		for (int k = 0; k < chunks; k++) {
			final int n = Math.min(batchSize, count - k * batchSize);
			final int chunk = k;
			final SamplerListener overall = new SamplerListener() {
				@Override
				public void stepDone(final int s, final int total, final int t, final int tNext, final Supplier<Batch> current) {
					listener.stepDone(chunk * total + s, chunks * total, t, tNext, current);
				}

				@Override
				public boolean isCancelled() { return listener.isCancelled(); }
			};
			final Batch x = sampler.generate(model.eps, n, height, width, plan, seed + 1_000_003L * k, overall);
			System.arraycopy(x.data(), 0, out.data(), k * batchSize * out.imageSize(), x.data().length);
		}
		return out;
	}
}
