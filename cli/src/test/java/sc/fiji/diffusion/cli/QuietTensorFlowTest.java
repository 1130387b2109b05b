/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

	@TempDir Path dir;

	/**
	 * A worker JVM killed with SIGKILL (as the out-of-memory killer does) while the launcher waits: the
	 * launcher says so and exits with 137, where it used to return 137 without a word; no output is left.
	 */
	@Test
	void theLauncherSaysWhenItsWorkerWasKilled() throws Exception {
		final Path in = dir.resolve("in.tif"), out = dir.resolve("out").resolve("r.tif");
		final float[] pixels = new float[96 * 96];
		for (int k = 0; k < pixels.length; k++) pixels[k] = (float) (0.5 + 0.3 * Math.sin(k * 0.37));
		sc.fiji.diffusion.imagej.ImageFiles.saveFloatTiff(in, 96, 96, new float[][] { pixels }, null, "in");
		Files.createDirectories(out.getParent());
		final ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp",
			System.getProperty("java.class.path"), Main.class.getName(), "restore", "--task", "denoise", "--model", "demo-cells", "--method", "fast", "--steps",
			"1000", "--samples", "8", "--input", in.toString(), "--output", out.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectError(dir.resolve("err.txt").toFile());
		pb.environment().remove(QuietTensorFlow.VARIABLE); // the launcher relaunches only without it
		final Process launcher = pb.start();
		ProcessHandle worker = null;
		for (int i = 0; i < 600 && worker == null; i++) {
			worker = launcher.toHandle().children().findFirst().orElse(null);
			if (worker == null) Thread.sleep(50);
		}
		assertTrue(worker != null, "the launcher started no worker JVM");
		Thread.sleep(3000); // into the run
		assertTrue(worker.isAlive(), "the worker ended early: " + new String(Files.readAllBytes(dir.resolve("err.txt")), StandardCharsets.UTF_8));
		assertTrue(new ProcessBuilder("kill", "-KILL", Long.toString(worker.pid())).start().waitFor() == 0);
		assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher did not return");
		final String err = new String(Files.readAllBytes(dir.resolve("err.txt")), StandardCharsets.UTF_8);
		assertEquals(137, launcher.exitValue(), err);
		assertTrue(err.contains("ended by SIGKILL") && err.contains("out-of-memory"), err);
		assertFalse(Files.exists(out), "no output");
		assertEquals(Optional.empty(), QuietTensorFlow.killedNotice(130, false), "a Ctrl-C the worker reports itself");
		assertEquals(Optional.empty(), QuietTensorFlow.killedNotice(137, true), "a signal the launcher passed on");
		assertEquals(Optional.empty(), QuietTensorFlow.killedNotice(1, false));
	}
}
