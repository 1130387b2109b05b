/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import picocli.CommandLine;
import sc.fiji.diffusion.io.AtomicFiles;

/**
 * The command-line reference (docs/cli.md), generated from the subcommands' own picocli definitions so that
 * it cannot drift from {@code --help}: one section per subcommand with its usage text.
 * {@code java -cp target/diffusion-fiji.jar sc.fiji.diffusion.cli.CliReference docs/cli.md} rewrites it;
 * a test fails when the file is not what this class generates.
 */
public final class CliReference {

	/** Usage text width, in characters. */
	static final int WIDTH = 110;

	private CliReference() {}

	/** The reference as Markdown. */
	public static String markdown() {
		final CommandLine main = new CommandLine(new Main());
		final StringBuilder b = new StringBuilder("# Command-line reference\n\n")
			.append("Generated from the commands' own definitions by `sc.fiji.diffusion.cli.CliReference` (do not edit: run\n")
			.append("`java -cp target/diffusion-fiji.jar sc.fiji.diffusion.cli.CliReference docs/cli.md`). The same text is\n")
			.append("printed by `java -jar target/diffusion-fiji.jar SUBCOMMAND --help`.\n\n");
		for (final Map.Entry<String, CommandLine> e : main.getSubcommands().entrySet())
			if (!e.getKey().equals("help")) b.append("- [`").append(e.getKey()).append("`](#").append(e.getKey()).append(")\n");
		for (final Map.Entry<String, CommandLine> e : main.getSubcommands().entrySet()) {
			if (e.getKey().equals("help")) continue;
			final CommandLine sub = e.getValue();
			sub.setUsageHelpWidth(WIDTH);
			b.append("\n## ").append(e.getKey()).append("\n\n```\n").append(sub.getUsageMessage(CommandLine.Help.Ansi.OFF).replace("\r\n", "\n").stripTrailing())
				.append("\n```\n");
		}
		return b.toString();
	}

	/** Writes the reference to the file given (default docs/cli.md). */
	public static void main(final String[] args) throws IOException {
		final Path out = Paths.get(args.length > 0 ? args[0] : "docs/cli.md");
		AtomicFiles.write(out, markdown());
		System.out.println("Wrote " + out);
	}
}
