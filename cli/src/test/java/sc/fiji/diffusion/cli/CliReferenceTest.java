/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

import sc.fiji.diffusion.task.Restoration.Task;
import sc.fiji.diffusion.task.RestorationDefaults;

/** docs/cli.md is exactly what the commands' definitions generate, and names every subcommand's options. */
class CliReferenceTest {

	@Test
	void theReferenceIsGeneratedFromTheCommands() throws Exception {
		final Path file = Paths.get("docs", "cli.md");
		final String expected = CliReference.markdown();
		assertTrue(expected.contains("## restore") && expected.contains("--task") && expected.contains("## bench-large"), expected);
		assertEquals(expected, new String(Files.readAllBytes(file), StandardCharsets.UTF_8),
			"docs/cli.md is out of date: run java -cp target/diffusion-fiji.jar sc.fiji.diffusion.cli.CliReference docs/cli.md");
	}

	/** restore's help names, for each task, the default method the library resolves (one source of defaults). */
	@Test
	void restoresHelpNamesTheLibrarysDefaultMethods() {
		final String help = String.join("\n", new picocli.CommandLine(new RestoreCommand()).getCommandSpec().usageMessage().description());
		for (final Task t : new Task[] { Task.DENOISE, Task.DECONVOLVE, Task.MRI, Task.INPAINT, Task.SR }) {
			final java.util.regex.Matcher m = java.util.regex.Pattern.compile("(^|\\n|, |: )" + t.id() + "(, [a-z, ]+)? -> ([a-z]+)").matcher(help);
			assertTrue(m.find(), "restore's help names no default for " + t.id() + ":\n" + help);
			assertEquals(RestorationDefaults.defaultMethod(t).id(), m.group(3), "the default method of " + t.id() + " in restore's help");
		}
	}
}
