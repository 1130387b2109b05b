/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.process.FloatProcessor;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.imagej.ImagePlusImgs;
import sc.fiji.diffusion.imagej.PsfSources;
import sc.fiji.diffusion.model.Cancellation;
import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;
import sc.fiji.diffusion.task.Progress;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.Settings;
import sc.fiji.diffusion.task.StackProblem;
import sc.fiji.diffusion.task.StackRestoration;

/**
 * Cancel soak: many restorations cancelled at random moments (seeded), in this JVM, through the paths
 * Ctrl-C and Fiji take. The JVM surviving to the end is the test that nothing crashed in native code;
 * every cancelled run must leave no output and no temporary file, and every worker must have left
 * native code and closed its sessions before the canceller's wait returns. {@code scripts/cancel-soak.sh}
 * does the same with separate JVMs and real SIGINTs.
 */
class CancelSoakTest {

	@TempDir Path dir;

	/** Command-line runs; the task layer adds 20 cancels at a step and 20 from another thread. */
	private static final int RUNS = 12;

	private static Path input(final Path dir, final int size) throws Exception {
		final float[] pixels = new float[size * size];
		GaussianNoise.fill(pixels, 7);
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++)
				pixels[y * size + x] = 0.05f * pixels[y * size + x] + 0.5f + 0.4f * (float) (Math.sin(x / 3.0) * Math.cos(y / 4.0));
		final Path in = dir.resolve("in.tif");
		ImageFiles.saveFloatTiff(in, size, size, new float[][] { pixels }, null, "in");
		return in;
	}

	/**
	 * The command line: {@code restore} runs in a worker thread as {@code Main.run} (the JVM's main
	 * thread in real use); another thread calls what the Ctrl-C shutdown hook calls,
	 * {@link CancelOnShutdown#cancelAndWait}, after a random delay. Cancelled runs exit with 130 and leave
	 * their output folder empty; runs that finished first leave exactly their output.
	 */
	@Test
	void ctrlCAtRandomMomentsLeavesNoOutputAndNoTemporaryFile() throws Exception {
		final Path in = input(dir, 32);
		final PrintStream oldErr = System.err;
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final ExecutorService worker = Executors.newSingleThreadExecutor();
		final SplittableRandom random = new SplittableRandom(20261207);
		int cancelled = 0, finished = 0;
		final long start = System.nanoTime();
		System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
		try {
			// two uncancelled runs: TensorFlow's start-up, then the time of the whole command (model load,
			// graph build, 21 steps, write)
			long runMillis = 0;
			for (int i = 0; i < 2; i++) {
				final Path warm = Files.createDirectories(dir.resolve("warm" + i));
				final long t0 = System.nanoTime();
				assertEquals(0, (int) worker.submit(() -> Main.run(restore(in, warm.resolve("out.tif")))).get(2, TimeUnit.MINUTES), err::toString);
				runMillis = Math.max(50, (System.nanoTime() - t0) / 1_000_000);
				assertEquals(List.of("out.tif"), names(warm));
			}
			for (int i = 0; i < RUNS; i++) {
				final Path out = Files.createDirectories(dir.resolve("run" + i));
				err.reset();
				final Future<Integer> run = worker.submit(() -> Main.run(restore(in, out.resolve("out.tif"))));
				// mostly inside the run (loading, graph building, sampling), a few right at its start
				final long delay = i % 6 == 0 ? random.nextInt(5) : random.nextLong(runMillis * 3 / 4);
				Thread.sleep(delay);
				final int stillRunning = CancelOnShutdown.cancelAndWait(60_000, System.err);
				assertEquals(0, stillRunning, "run " + i + " did not stop in time");
				final int code = run.get(1, TimeUnit.MINUTES);
				if (code == Main.CANCELLED) {
					cancelled++;
					assertEquals(List.of(), names(out), "run " + i + " cancelled after " + delay + " ms left files: " + err);
					assertTrue(err.toString().contains("Cancelled"), err::toString);
				}
				else {
					assertEquals(0, code, "run " + i + ": " + err);
					finished++;
					assertEquals(List.of("out.tif"), names(out), "run " + i + " finished: only its output");
				}
			}
		}
		finally {
			System.setErr(oldErr);
			worker.shutdownNow();
		}
		System.out.println(String.format(Locale.ROOT, "cancel soak (command line): %d cancelled, %d finished first, %.1f s", cancelled, finished,
			(System.nanoTime() - start) / 1e9));
		assertTrue(cancelled >= RUNS * 2 / 3, "too few runs were cancelled mid-run: " + cancelled + " of " + RUNS);
	}

	private static String[] restore(final Path in, final Path out) {
		return new String[] { "restore", "--task", "deconvolve", "--psf-sigma", "1.5", "--model", "demo-cells", "--method", "fast", "--samples", "2", "--input",
			in.toString(), "--output", out.toString() };
	}

	private static List<String> names(final Path folder) throws Exception {
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	/** Ctrl-C during {@code train}: it stops after the current step and still writes its checkpoint and model. */
	@Test
	void ctrlCStopsTrainingWithACheckpoint() throws Exception {
		final Path data = Files.createDirectories(dir.resolve("data"));
		input(data, 48);
		final Path model = dir.resolve("m.zip");
		final ExecutorService worker = Executors.newSingleThreadExecutor();
		final PrintStream oldErr = System.err;
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
		try {
			final Future<Integer> run = worker.submit(() -> Main.run("train", "--data", data.toString(), "--output", model.toString(), "--patch", "16",
				"--batch", "2", "--channels", "8", "--levels", "2", "--res-blocks", "1", "--log-every", "1", "--steps", "1000000"));
			while (!err.toString().contains("loss") && !run.isDone()) Thread.sleep(20);
			assertEquals(0, CancelOnShutdown.cancelAndWait(60_000, System.err));
			assertEquals(0, (int) run.get(1, TimeUnit.MINUTES), err::toString);
		}
		finally {
			System.setErr(oldErr);
			worker.shutdownNow();
		}
		assertTrue(err.toString().contains("Cancelled at step"), err::toString);
		assertTrue(Files.isRegularFile(model));
		assertTrue(Files.isRegularFile(dir.resolve("m.zip.checkpoint").resolve("state.json")));
	}

	/**
	 * The task layer, as Fiji runs it: one loaded model, restorations cancelled through the
	 * {@link Progress} flag at random step counts, and from another thread at random times through the
	 * worker's {@link Cancellation}. The model stays usable after every cancel, and a final restoration
	 * gives the same image as one never interrupted.
	 */
	@Test
	void taskCancelsAtRandomStepsAndTimesKeepTheModelUsable() throws Exception {
		final int size = 32;
		final ImagePlus imp = new ImagePlus("in", new FloatProcessor(size, size, ImageFiles.planes(ImageFiles.open(input(dir, size)))[0]));
		final SplittableRandom random = new SplittableRandom(42);
		final ExecutorService worker = Executors.newSingleThreadExecutor();
		final long start = System.nanoTime();
		int byStep = 0, byThread = 0, finished = 0;
		try (LoadedModel model = Models.open("demo-cells")) {
			final StackRestoration restoration = new StackRestoration(new Restoration(model), 0, 0);
			final StackProblem problem = StackProblem.deconvolution(ImagePlusImgs.wrap(imp), PsfSources.gaussian(1.5, size, size));
			final Settings settings = new Settings().method(Restoration.Method.FAST).samples(2).seed(5); // 21 steps to cancel at
			final float[] reference = restoration.restore(problem, settings.copy(), Progress.NONE).image.getPlane(0).getCurrentStorageArray();

			for (int i = 0; i < 20; i++) {
				final int cancelAt = random.nextInt(21); // the "starting" update, then one per step of 21: 0..20 cancels before step 1..21
				final AtomicInteger updates = new AtomicInteger();
				final Progress progress = new Progress() {
					@Override
					public void update(final double fraction, final String message) { updates.incrementAndGet(); }

					@Override
					public boolean isCancelled() { return updates.get() > cancelAt; }
				};
				final CancellationException e = assertThrows(CancellationException.class, () -> restoration.restore(problem, settings.copy(), progress));
				assertTrue(e.getMessage().contains("cancelled") || e.getMessage().contains("Cancelled"), e.getMessage());
				byStep++;
			}
			for (int i = 0; i < 20; i++) {
				final Cancellation[] token = new Cancellation[1];
				final Object ready = new Object();
				final Future<String> run = worker.submit(() -> {
					try (Cancellation c = Cancellation.bind()) {
						synchronized (ready) {
							token[0] = c;
							ready.notifyAll();
						}
						restoration.restore(problem, settings.copy(), Progress.NONE);
						return "finished";
					}
					catch (final CancellationException e) {
						return "cancelled";
					}
				});
				final Cancellation c;
				synchronized (ready) {
					while (token[0] == null) ready.wait();
					c = token[0];
				}
				Thread.sleep(random.nextInt(60));
				c.request();
				assertTrue(c.awaitClosed(60_000), "the worker did not stop");
				if (run.get(1, TimeUnit.MINUTES).equals("cancelled")) byThread++;
				else finished++;
			}
			final float[] again = restoration.restore(problem, settings.copy(), Progress.NONE).image.getPlane(0).getCurrentStorageArray();
			assertArrayEquals(reference, again, "a restoration after the cancels must equal one before them");
		}
		finally {
			worker.shutdownNow();
		}
		System.out.println(String.format(Locale.ROOT, "cancel soak (task layer): %d cancelled at a step, %d from another thread, %d finished first, %.1f s",
			byStep, byThread, finished, (System.nanoTime() - start) / 1e9));
		assertTrue(byThread >= 10, "too few runs were cancelled from the other thread: " + byThread + " of 20");
	}
}
