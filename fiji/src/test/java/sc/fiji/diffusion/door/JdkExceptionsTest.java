/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.door;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

/** Only the exceptions the door promises cross it, each with its message and the original as the cause. */
class JdkExceptionsTest {

	@Test
	void promisedJdkExceptionsPassAsTheyAre() {
		final IllegalArgumentException e = new IllegalArgumentException("bad value");
		assertSame(e, JdkExceptions.runtime(e));
		final IllegalStateException s = new IllegalStateException("bad state");
		assertSame(s, JdkExceptions.runtime(s));
	}

	@Test
	void otherRuntimeExceptionsBecomeIllegalStateWithTheirMessage() {
		final UncheckedIOException io = new UncheckedIOException("disk full", new IOException("disk full"));
		final RuntimeException r = JdkExceptions.runtime(io);
		assertEquals(IllegalStateException.class, r.getClass());
		assertEquals("disk full", r.getMessage());
		assertSame(io, r.getCause());
		final RuntimeException npe = JdkExceptions.runtime(new NullPointerException());
		assertEquals(IllegalStateException.class, npe.getClass());
		assertTrue(npe.getMessage().contains("NullPointerException"), npe.getMessage());
	}
}
