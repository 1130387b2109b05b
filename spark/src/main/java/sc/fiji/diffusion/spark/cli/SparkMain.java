/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The job jar's command line: {@code restore-volume} (block-wise restoration on Spark) and
 * {@code convert} (TIFF stack &lt;-&gt; OME-Zarr). Runs with {@code java -jar diffusion-spark.jar} and
 * as the main class of {@code spark-submit}.
 */
@Command(name = "diffusion-spark", mixinStandardHelpOptions = true, version = "diffusion-spark 0.1.0",
	description = "Block-wise diffusion restoration of chunked volumes (OME-Zarr, Zarr) on Apache Spark.",
	subcommands = { RestoreVolumeCommand.class, ConvertCommand.class, CommandLine.HelpCommand.class })
public final class SparkMain {

	public static void main(final String[] args) {
		System.exit(run(args));
	}

	/** Runs a command line and returns its exit code; errors print as one line (with --stacktrace first: the trace). */
	public static int run(final String... args) {
		final boolean trace = args.length > 0 && args[0].equals("--stacktrace");
		final CommandLine cl = new CommandLine(new SparkMain());
		cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
			if (trace) e.printStackTrace(commandLine.getErr());
			else commandLine.getErr().println("Error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
			return 1;
		});
		// bad usage: the error and where the options are, not the whole help text (as the diffusion-fiji command line)
		cl.setParameterExceptionHandler((e, rest) -> {
			final java.io.PrintWriter err = e.getCommandLine().getErr();
			err.println("Error: " + e.getMessage());
			CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
			err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
			return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
		});
		return cl.execute(trace ? java.util.Arrays.copyOfRange(args, 1, args.length) : args);
	}
}
