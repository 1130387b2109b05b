package sc.fiji.diffusion.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Command-line entry point: {@code java -jar diffusion-fiji.jar <subcommand> [options]}. Each subcommand
 * prints its options with {@code --help}. Errors are reported as one clear line on stderr with exit
 * code 1 (2 for bad usage); {@code --stacktrace} before the subcommand shows the full trace.
 */
@Command(name = "diffusion-fiji", mixinStandardHelpOptions = true, version = "diffusion-fiji 0.1.0",
	description = "Diffusion-model image restoration: train priors and sample from them.",
	subcommands = { TrainCommand.class, GenerateCommand.class, SynthCommand.class, SlicesCommand.class, EvaluateCommand.class, BenchCommand.class, BenchLargeCommand.class, RestoreCommand.class, CommandLine.HelpCommand.class })
public final class Main {

	public static void main(final String[] args) {
		System.exit(run(args));
	}

	/** Runs a command line and returns its exit code (used by tests). */
	public static int run(final String... args) {
		final boolean trace = args.length > 0 && args[0].equals("--stacktrace");
		final String[] rest = trace ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
		final CommandLine cl = new CommandLine(new Main());
		cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
			if (trace) e.printStackTrace(commandLine.getErr());
			else commandLine.getErr().println("Error: " + message(e));
			return 1;
		});
		return cl.execute(rest);
	}

	private static String message(final Throwable e) {
		final String m = e.getMessage();
		return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
	}
}
