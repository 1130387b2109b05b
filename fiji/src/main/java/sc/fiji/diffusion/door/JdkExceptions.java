/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.door;

import java.io.IOException;
import java.util.concurrent.CancellationException;

/**
 * Exceptions that may cross the door: only the kinds {@link sc.fiji.diffusion.isolation.EngineDoor}
 * promises ({@link IllegalArgumentException}, {@link IllegalStateException},
 * {@link UnsupportedOperationException}, {@link CancellationException}, {@link IOException}), of JDK
 * classes. Those pass as they are; one of a class of the engine's side (an engine or TensorFlow exception,
 * defined by the engine's loader and unknown to the commands) is replaced by the promised JDK exception it
 * extends, and any other runtime exception (a {@link java.io.UncheckedIOException}, a
 * {@link NullPointerException}...) by an {@link IllegalStateException}, with the same message and the
 * original as its cause, so that a command reports it as one clear error.
 */
final class JdkExceptions {

	private JdkExceptions() {}

	/** {@code e} or its JDK stand-in, to be thrown by the door. */
	static IOException io(final IOException e) {
		return jdk(e) ? e : new IOException(message(e), e);
	}

	/** {@code e} or its JDK stand-in, to be thrown by the door. */
	static RuntimeException runtime(final RuntimeException e) {
		if (jdk(e) && promised(e)) return e;
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

	/** True for the runtime exceptions the door promises. */
	static boolean promised(final RuntimeException e) {
		return e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof UnsupportedOperationException
			|| e instanceof CancellationException;
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
