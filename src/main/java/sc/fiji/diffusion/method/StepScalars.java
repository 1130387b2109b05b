package sc.fiji.diffusion.method;

import sc.fiji.diffusion.schedule.NoiseSchedule;
import sc.fiji.diffusion.schedule.StepCoefficients;

/** The per-step scalars fed to a guided step graph, in the order {@link StepTensors} reads them. */
final class StepScalars {

	private StepScalars() {}

	static float[] of(final NoiseSchedule schedule, final StepCoefficients k, final int t, final int tNext, final double p0, final double p1) {
		final double abar = schedule.alphaBar(t), abarNext = schedule.alphaBar(tNext);
		return new float[] { (float) k.a, (float) k.b, (float) k.c, (float) Math.sqrt(abar), (float) Math.sqrt(1 - abar),
			(float) Math.sqrt(abarNext), (float) Math.sqrt(1 - abarNext), (float) p0, (float) p1 };
	}
}
