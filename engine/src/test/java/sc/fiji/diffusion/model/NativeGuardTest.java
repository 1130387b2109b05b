/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.schedule.StepCoefficients;

/**
 * Closing native TensorFlow objects from another thread, twice, or before a use: never a native call on
 * freed memory, always a Java exception or a deferred release.
 */
class NativeGuardTest {

	@Test
	void releaseWaitsForTheUseInProgressAndHappensOnce() {
		final NativeGuard guard = new NativeGuard("thing");
		final AtomicInteger released = new AtomicInteger();
		final NativeGuard.Use use = guard.use();
		guard.close(released::incrementAndGet);
		assertEquals(0, released.get(), "released while in use");
		assertTrue(guard.isClosed());
		assertThrows(IllegalStateException.class, guard::use);
		guard.close(released::incrementAndGet);
		use.close();
		assertEquals(1, released.get());
		use.close();
		guard.close(released::incrementAndGet);
		assertEquals(1, released.get());
		assertEquals(0, guard.active());
	}

	@Test
	void modelClosedFromAnotherThreadFinishesItsStepThenRefusesUse() throws Exception {
		final TfEpsModel model = new TfEpsModel(TestNetworks.tinyConfig(), TestNetworks.perturbedWeights(TestNetworks.tinyConfig(), 3), 1000);
		final Batch x = GaussianNoise.like(Batch.zeros(2, 64, 64, TestNetworks.tinyConfig().channels), 1);
		final StepCoefficients k = new StepCoefficients(0.9, 0.1, 0.05);
		final Batch before = model.step(x, new int[] { 500, 500 }, k, 3);
		final ExecutorService worker = Executors.newSingleThreadExecutor();
		try {
			for (int round = 0; round < 5; round++) {
				final TfEpsModel m = round == 0 ? model
					: new TfEpsModel(TestNetworks.tinyConfig(), TestNetworks.perturbedWeights(TestNetworks.tinyConfig(), 3), 1000);
				final CountDownLatch started = new CountDownLatch(1);
				final Future<Integer> steps = worker.submit(() -> {
					started.countDown();
					int done = 0;
					try {
						while (true) {
							final Batch y = m.step(x, new int[] { 500, 500 }, k, 3);
							assertArrayEquals(before.data(), y.data(), "a step racing close must compute the same");
							done++;
						}
					}
					catch (final IllegalStateException e) {
						assertTrue(e.getMessage().contains("closed"), e.getMessage());
						return done;
					}
				});
				started.await();
				Thread.sleep(20 + 30 * round);
				m.close();
				m.close();
				assertTrue(m.isClosed());
				steps.get(1, TimeUnit.MINUTES);
				assertThrows(IllegalStateException.class, () -> m.eps(x, new int[] { 1, 1 }));
				assertThrows(IllegalStateException.class, () -> m.epsVjp(x, new int[] { 1, 1 }, x));
			}
		}
		finally {
			worker.shutdownNow();
		}
	}
}
