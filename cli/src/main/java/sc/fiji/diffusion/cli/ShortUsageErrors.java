/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Bad usage (an unknown or misspelt option, a missing or malformed value) as a few lines on stderr instead of
 * picocli's whole help text, which buries the one line that says what is wrong under a hundred lines of
 * options: the error, picocli's "Did you mean" suggestions for a misspelt option, and where the options are
 * listed. Exit code: the command's usage-error code (2).
 */
final class ShortUsageErrors implements IParameterExceptionHandler {

	@Override
	public int handleParseException(final ParameterException e, final String[] args) {
		final CommandLine cl = e.getCommandLine();
		final PrintWriter err = cl.getErr();
		err.println("Error: " + e.getMessage());
		UnmatchedArgumentException.printSuggestions(e, err);
		err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.");
		err.flush();
		return cl.getCommandSpec().exitCodeOnInvalidInput();
	}
}
