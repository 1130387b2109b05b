/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import sc.fiji.diffusion.testdata.SampleData;

/**
 * The README's example lines are the command line as it is: every {@code java -jar target/diffusion-fiji.jar ...}
 * line of README.md parses with this build's subcommands and options (an option renamed or removed fails
 * here). Each subcommand they use runs end to end in its own tests ({@link CommandLineTest},
 * {@link RestoreCommandTest}, {@link MultiCoilRestoreTest}); the two commands at the top run in CI and the demo.
 */
class ReadmeCommandsTest {

	static final String JAR = "java -jar target/diffusion-fiji.jar ";

	@Test
	void everyExampleLineParses() throws Exception {
		final List<String> lines = Files.readAllLines(SampleData.repoRoot().resolve("README.md"), StandardCharsets.UTF_8);
		final List<String> commands = new ArrayList<>();
		for (final String line : lines) {
			final int at = line.indexOf(JAR);
			if (at < 0) continue;
			String c = line.substring(at + JAR.length());
			if (c.contains("#")) c = c.substring(0, c.indexOf('#'));
			c = c.replaceAll("`.*$", "").trim();
			commands.add(c);
		}
		assertTrue(commands.size() >= 5, "README example lines: " + commands);
		for (final String c : commands) {
			final String[] args = c.split("\\s+");
			final CommandLine.ParseResult r = new CommandLine(new Main()).parseArgs(args);
			assertTrue(r.hasSubcommand(), c);
			assertTrue(r.subcommand().unmatched().isEmpty(), c + ": unmatched " + r.subcommand().unmatched());
		}
	}
}
