/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.door;

import java.io.IOException;
import java.util.concurrent.CancellationException;

/**
 * Exceptions that may cross the door: those of JDK classes pass as they are; one of a class of the
 * engine's side (an engine or TensorFlow exception, defined by the engine's loader and unknown to the
 * commands) is replaced by the JDK exception it extends ({@link IllegalArgumentException},
 * {@link UnsupportedOperationException}, {@link CancellationException}, {@link IOException}, else
 * {@link IllegalStateException}) with the same message, the original as its cause.
 */
final class JdkExceptions {

	private JdkExceptions() {}

	/** {@code e} or its JDK stand-in, to be thrown by the door. */
	static IOException io(final IOException e) {
		return jdk(e) ? e : new IOException(message(e), e);
	}

	/** {@code e} or its JDK stand-in, to be thrown by the door. */
	static RuntimeException runtime(final RuntimeException e) {
		if (jdk(e)) return e;
		final String m = message(e);
		if (e instanceof IllegalArgumentException) return new IllegalArgumentException(m, e);
		if (e instanceof UnsupportedOperationException) return new UnsupportedOperationException(m, e);
		if (e instanceof CancellationException) {
			final CancellationException c = new CancellationException(m);
			c.initCause(e);
			return c;
		}
		return new IllegalStateException(m, e);
	}

	/** True for a class of the JDK (defined by the boot or platform loader). */
	static boolean jdk(final Throwable e) {
		final ClassLoader l = e.getClass().getClassLoader();
		return l == null || l == ClassLoader.getPlatformClassLoader();
	}

	private static String message(final Throwable e) {
		return e.getMessage() == null || e.getMessage().isEmpty() ? e.getClass().getSimpleName() : e.getMessage();
	}
}
