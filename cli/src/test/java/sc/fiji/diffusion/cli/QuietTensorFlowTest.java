/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Which lines of the child's error stream the quiet relaunch drops: absl's notices only. */
class QuietTensorFlowTest {

	@Test
	void abslNoticesAreDroppedAndEverythingElsePasses() {
		assertTrue(QuietTensorFlow.isNotice("WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"));
		assertTrue(QuietTensorFlow.isNotice("I0000 00:00:1796545109.255258   29418 mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass is not enabled"));
		assertTrue(QuietTensorFlow.isNotice("W0000 00:00:1796545109.255258   29418 cpu_feature_guard.cc:210] This TensorFlow binary is optimized"));
		assertFalse(QuietTensorFlow.isNotice("E0000 00:00:1796545109.255258   29418 some_op.cc:12] an error TensorFlow reports"), "errors pass");
		assertFalse(QuietTensorFlow.isNotice("Error: Image file not found: /x.tif"));
		assertFalse(QuietTensorFlow.isNotice("restore: 40% (tile 13/30, starting), 81.8 s elapsed, ETA 122.7 s"));
		assertFalse(QuietTensorFlow.isNotice("WARNING: the output folder is inside the data folder"));
	}

	/** The child's watch of its parent: the action runs once the parent process has exited, not before; at once for a parent already gone. */
	@Test
	void theChildActsWhenItsParentIsGone() throws Exception {
		final Process parent = new ProcessBuilder("sleep", "2").start();
		final CountDownLatch gone = new CountDownLatch(1);
		QuietTensorFlow.whenGone(Optional.of(parent.toHandle()), gone::countDown);
		assertFalse(gone.await(500, TimeUnit.MILLISECONDS), "the parent still runs");
		assertEquals(0, parent.waitFor());
		assertTrue(gone.await(10, TimeUnit.SECONDS), "the parent exited");
		final CountDownLatch already = new CountDownLatch(1);
		QuietTensorFlow.whenGone(Optional.empty(), already::countDown);
		assertEquals(0, already.getCount());
	}
}
