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

	/**
	 * The default x0Hat clip of generation: x0Hat is kept in [-1, 1], the range the training
	 * normalisation maps the 1st-99.8th percentiles to (Ho et al. 2020 clip x0Hat the same way). Without
	 * it, an undertrained prior's samples drift far outside the data's range (on mri-brain-t1 at 5,000
	 * steps: samples with mean -3.3, docs/models.md).
	 */
	public static final double DEFAULT_X0_CLIP = 1;

	private final LoadedModel model;
	private final StepRule rule;
	private final int steps;
	private final double x0Clip;

	/** Generation with {@link #DEFAULT_X0_CLIP}; {@code steps}: sampler steps, respaced uniformly over the model's T timesteps. */
	public Generation(final LoadedModel model, final StepRule rule, final int steps) {
		this(model, rule, steps, DEFAULT_X0_CLIP);
	}

	/** @param x0Clip x0Hat clipped to [-x0Clip, x0Clip] at every step; +infinity: no clip */
	public Generation(final LoadedModel model, final StepRule rule, final int steps, final double x0Clip) {
		this.model = model;
		this.rule = rule;
		this.steps = steps;
		this.x0Clip = x0Clip;
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
		final Sampler sampler = new Sampler(model.config.noiseSchedule(), rule, x0Clip);
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
