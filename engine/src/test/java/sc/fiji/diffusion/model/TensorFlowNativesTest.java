/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The native library's load: here it loads; where it cannot, one exception that says what to do. */
class TensorFlowNativesTest {

	@Test
	void loadsHere() {
		assertDoesNotThrow(TensorFlowNatives::require);
		assertDoesNotThrow(() -> TensorFlowNatives.newGraph().close());
	}

	/** The first failure is an UnsatisfiedLinkError, later ones a NoClassDefFoundError: both become the promised exception. */
	@Test
	void aLinkageErrorBecomesAnIllegalStateExceptionNamingThePlatform() {
		final UnsatisfiedLinkError first = new UnsatisfiedLinkError("no jnitensorflow in java.library.path");
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> TensorFlowNatives.check(() -> { throw first; }));
		assertSame(first, e.getCause());
		assertTrue(e.getMessage().contains(System.getProperty("os.arch")) && e.getMessage().contains("no jnitensorflow in java.library.path"), e.getMessage());
		assertTrue(e.getMessage().contains(TensorFlowNatives.PLATFORMS) && e.getMessage().contains("Help > Update..."), e.getMessage());
		final NoClassDefFoundError later = new NoClassDefFoundError("Could not initialize class org.tensorflow.TensorFlow");
		final IllegalStateException again = assertThrows(IllegalStateException.class, () -> TensorFlowNatives.check(() -> { throw later; }));
		assertTrue(again.getMessage().contains("Could not initialize class org.tensorflow.TensorFlow"), again.getMessage());
		assertDoesNotThrow(() -> TensorFlowNatives.check(() -> {}));
	}
}
