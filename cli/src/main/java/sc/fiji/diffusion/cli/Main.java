/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.util.Locale;
import java.util.concurrent.CancellationException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import sc.fiji.diffusion.model.Cancellation;

/**
 * Command-line entry point: {@code java -jar diffusion-fiji.jar <subcommand> [options]}. Each subcommand
 * prints its options with {@code --help}. Errors are reported as one clear line on stderr with exit
 * code 1; bad usage as the error and where the options are listed ({@link ShortUsageErrors}), exit code
 * 2; {@code --stacktrace} before the subcommand shows the full trace.
 */
@Command(name = "diffusion-fiji", mixinStandardHelpOptions = true, version = "diffusion-fiji 0.1.0",
	description = "Diffusion-model image restoration: train priors and sample from them.",
	subcommands = { TrainCommand.class, GenerateCommand.class, SynthCommand.class, SlicesCommand.class, EvaluateCommand.class, BenchCommand.class, BenchLargeCommand.class, RestoreCommand.class, CommandLine.HelpCommand.class })
public final class Main {

	/** Runs the command, in a child JVM with quiet TensorFlow unless asked otherwise ({@link QuietTensorFlow}). */
	public static void main(final String[] args) {
		final java.util.OptionalInt child = QuietTensorFlow.relaunch(Main.class, args);
		if (child.isPresent()) System.exit(child.getAsInt());
		QuietTensorFlow.exitWithParent();
		System.exit(run(args));
	}

	/** Exit code of a run stopped by Ctrl-C (128 + SIGINT, as a shell reports it). */
	public static final int CANCELLED = 130;

	/**
	 * Runs a command line and returns its exit code (used by tests). Ctrl-C cancels the run in order
	 * ({@link CancelOnShutdown}): it stops after the current step, closes its TensorFlow objects and
	 * writes no output (exit code {@value #CANCELLED}).
	 */
	public static int run(final String... args) {
		final Cancellation cancel = CancelOnShutdown.begin();
		try {
			final boolean trace = args.length > 0 && args[0].equals("--stacktrace");
			final String[] rest = trace ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
			final CommandLine cl = new CommandLine(new Main());
			for (final CommandLine sub : cl.getSubcommands().values()) sub.getCommandSpec().version(cl.getCommandSpec().version()); // "restore -V" too
			cl.setParameterExceptionHandler(new ShortUsageErrors());
			cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
				if (trace) e.printStackTrace(commandLine.getErr());
				if (e instanceof CancellationException) {
					final String why = message(e).trim().replaceFirst(" at$", "");
					if (!trace) commandLine.getErr().println((why.toLowerCase(Locale.ROOT).startsWith("cancelled") ? why : "Cancelled: " + why) + "; no output was written");
					return CANCELLED;
				}
				if (!trace) commandLine.getErr().println("Error: " + message(e));
				return 1;
			});
			return cl.execute(rest);
		}
		finally {
			// the command has returned: its sessions and graphs are closed, the shutdown hook may go on
			CancelOnShutdown.end(cancel);
		}
	}

	private static String message(final Throwable e) {
		final String m = e.getMessage();
		return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
	}
}
