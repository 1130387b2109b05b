/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import sun.misc.Signal;

/**
 * TensorFlow's native start-up notices (oneDNN, CPU features, MLIR) are printed before the first line of
 * every run unless the environment variable {@code TF_CPP_MIN_LOG_LEVEL} is set when the native library
 * loads, and a JVM cannot set its own environment. So {@code java -jar diffusion-fiji.jar ...} runs the
 * same command once more in a child JVM (same Java, JVM options, class path and arguments) with
 * {@code TF_CPP_MIN_LOG_LEVEL=2}, its input and output the terminal's, and exits with its exit code. Two
 * notices of the absl logging library ignore that variable (the "before absl::InitializeLog()" warning
 * and informational lines such as "MLIR V1 optimization pass is not enabled"): the child's error stream
 * is passed on line by line without absl's informational and warning lines ({@link #isNotice}); its
 * errors ({@code E...}, {@code F...}) and everything else pass unchanged.
 * Ctrl-C reaches the child as it reaches any process of the terminal's group; a SIGINT or SIGTERM sent
 * to this JVM alone is passed on to the child (the same signal), which cancels it in order
 * ({@link CancelOnShutdown}), and this JVM waits for it. Nothing happens when the variable is already
 * set (any value: set it to 0 to see every notice) or with {@code -Ddiffusion.relaunch=false}.
 */
final class QuietTensorFlow {

	static final String VARIABLE = "TF_CPP_MIN_LOG_LEVEL", PROPERTY = "diffusion.relaunch", PARENT_PROPERTY = "diffusion.parent";

	/** The child's exit code when its parent JVM is gone: 128 + SIGTERM, as if the signal had been passed on. */
	static final int PARENT_GONE = 143;

	private QuietTensorFlow() {}

	/** The child's exit code when this JVM relaunched itself quietly; empty when it should run the command itself. */
	static OptionalInt relaunch(final Class<?> main, final String[] args) {
		if (System.getenv(VARIABLE) != null || !Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) return OptionalInt.empty();
		final List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
		cmd.add("-D" + PROPERTY + "=false");
		cmd.add("-D" + PARENT_PROPERTY + "=" + ProcessHandle.current().pid());
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(main.getName());
		cmd.addAll(Arrays.asList(args));
		final ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO().redirectError(ProcessBuilder.Redirect.PIPE);
		pb.environment().put(VARIABLE, "2");
		final Process child;
		try {
			child = pb.start();
		}
		catch (final IOException e) { // no second JVM: run here, notices and all
			return OptionalInt.empty();
		}
		final Thread errors = new Thread(() -> {
			try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(child.getErrorStream(), java.nio.charset.StandardCharsets.UTF_8))) {
				for (String line = in.readLine(); line != null; line = in.readLine())
					if (!isNotice(line)) {
						System.err.println(line);
						System.err.flush();
					}
			}
			catch (final IOException e) {
				// the child is gone
			}
		}, "tensorflow-notice-filter");
		errors.setDaemon(true);
		errors.start();
		final boolean[] signalled = { false };
		for (final String name : new String[] { "INT", "TERM" })
			try {
				Signal.handle(new Signal(name), s -> {
					signalled[0] = true;
					forward(child, name);
				});
			}
			catch (final IllegalArgumentException e) {
				// the signal is not available on this platform: the default applies
			}
		while (true)
			try {
				final int code = child.waitFor();
				errors.join(5000);
				killedNotice(code, signalled[0]).ifPresent(System.err::println);
				return OptionalInt.of(code);
			}
			catch (final InterruptedException e) {
				child.destroy();
			}
	}

	/**
	 * In the child ({@code -Ddiffusion.parent=PID}): when the parent JVM is gone, exit as a SIGTERM would
	 * (the run cancelled in order by {@link CancelOnShutdown}, no output written). A parent killed with
	 * SIGKILL, as a batch scheduler or {@code timeout -s KILL} does, cannot pass the signal on, and its child
	 * would otherwise run on and write its outputs after the caller had been told the run failed.
	 */
	static void exitWithParent() {
		final String pid = System.getProperty(PARENT_PROPERTY);
		if (pid == null) return;
		final Optional<ProcessHandle> parent;
		try {
			parent = ProcessHandle.of(Long.parseLong(pid));
		}
		catch (final NumberFormatException e) {
			return;
		}
		whenGone(parent, () -> System.exit(PARENT_GONE));
	}

	/** Runs {@code action} once {@code parent} has exited (at once if it is already gone). */
	static void whenGone(final Optional<ProcessHandle> parent, final Runnable action) {
		if (parent.isPresent() && parent.get().isAlive()) parent.get().onExit().thenRun(action);
		else action.run();
	}

	/** Sends the child the signal this JVM received (kill -NAME pid), or SIGTERM where kill cannot run. */
	private static void forward(final Process child, final String signal) {
		try {
			new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).inheritIO().start();
		}
		catch (final IOException | UnsupportedOperationException e) {
			child.destroy();
		}
	}

	/**
	 * What to say when the child JVM ended on a signal this JVM did not pass on ({@code code} 128 + N): a
	 * SIGKILL nobody sent is most often the system's out-of-memory killer, and the child could say nothing
	 * itself. Empty for a normal exit, and for SIGINT and SIGTERM, which the child handles and reports
	 * ({@link CancelOnShutdown}).
	 */
	static Optional<String> killedNotice(final int code, final boolean signalled) {
		if (signalled || code <= 128 || code == 130 || code == 143) return Optional.empty();
		final int n = code - 128;
		final String name = n == 9 ? "SIGKILL" : n == 6 ? "SIGABRT" : n == 11 ? "SIGSEGV" : n == 1 ? "SIGHUP" : "signal " + n;
		return Optional.of("diffusion-fiji: the run was ended by " + name + " (exit code " + code + ") before it finished; no output is left half-written "
			+ "(outputs are moved into place only when complete)." + (n == 9 ? " A SIGKILL that nobody sent is most often the system's out-of-memory killer: restore a "
				+ "smaller image or use smaller tiles (--tile-size), or give Java more memory (-Xmx) if the machine has it." : ""));
	}

	private static final java.util.regex.Pattern ABSL_NOTICE = java.util.regex.Pattern.compile("[IW]\\d{4} [\\d:.]+ +\\d+ [\\w.-]+:\\d+\\] .*");

	/** Whether a line is one of absl's notices: its InitializeLog warning, or an I... or W... log line. */
	static boolean isNotice(final String line) {
		return line.startsWith("WARNING: All log messages before absl::InitializeLog() is called are written to STDERR") || ABSL_NOTICE.matcher(line).matches();
	}
}
