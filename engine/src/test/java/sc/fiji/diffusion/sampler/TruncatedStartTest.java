/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.sampler;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.model.ModelConfig;
import sc.fiji.diffusion.schedule.NoiseSchedule;

/** The truncated start's distribution: x = sqrt(abar) (m + s xi) + sqrt(1 - abar) z, moments checked per image and per pixel. */
class TruncatedStartTest {

	static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(1000);

	@Test
	void momentsMatchTheFormula() {
		final ModelConfig.Statistics st = new ModelConfig.Statistics(-0.6, 0.3, 64, 1000);
		final int n = 400, size = 16, t = 100;
		final Batch x = TruncatedStart.draw(SCHEDULE, t, st, n, size, size, 1, 7);
		final double ab = SCHEDULE.alphaBar(t);
		double mean = 0, meanSq = 0, within = 0;
		for (int i = 0; i < n; i++) {
			double d = 0;
			for (int k = i * size * size; k < (i + 1) * size * size; k++) d += x.data()[k];
			d /= size * size;
			mean += d / n;
			meanSq += d * d / n;
			for (int k = i * size * size; k < (i + 1) * size * size; k++) within += (x.data()[k] - d) * (x.data()[k] - d) / (n * (size * size - 1.0));
		}
		final double spread = Math.sqrt(meanSq - mean * mean);
		// standard errors: mean 0.015, spread 0.011, within-image variance 0.004
		assertEquals(Math.sqrt(ab) * st.mean, mean, 0.05, "mean brightness");
		assertEquals(Math.sqrt(ab * st.patchMeanStd * st.patchMeanStd + (1 - ab) / (size * size)), spread, 0.035, "spread of the brightness");
		assertEquals(1 - ab, within, 0.01, "pixel noise");
	}

	@Test
	void sameSeedSameStartAndTimestepChecked() {
		final ModelConfig.Statistics st = new ModelConfig.Statistics(0, 0.1, 64, 10);
		assertArrayEquals(TruncatedStart.draw(SCHEDULE, 700, st, 2, 4, 4, 1, 3).data(), TruncatedStart.draw(SCHEDULE, 700, st, 2, 4, 4, 1, 3).data());
		assertThrows(IllegalArgumentException.class, () -> TruncatedStart.draw(SCHEDULE, 1000, st, 1, 4, 4, 1, 0));
		assertEquals(700, TruncatedStart.defaultStart(SCHEDULE));
		assertEquals(70, TruncatedStart.defaultStart(NoiseSchedule.linear(100)));
	}
}
