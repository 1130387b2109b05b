/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

/**
 * {@link Twin} runs the engine with the engine's class loader as the thread's context class loader and
 * restores the caller's afterwards, also when the engine fails.
 */
class TwinTest {

	/** Loads {@link TwinProbe} itself (as an engine loader would), everything else from its parent. */
	static final class ProbeLoader extends ClassLoader {

		ProbeLoader() {
			super("probe-engine", TwinTest.class.getClassLoader());
		}

		@Override
		protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException {
			if (!name.equals(TwinProbe.class.getName())) return super.loadClass(name, resolve);
			synchronized (getClassLoadingLock(name)) {
				Class<?> c = findLoadedClass(name);
				if (c == null) {
					try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
						final byte[] bytes = in.readAllBytes();
						c = defineClass(name, bytes, 0, bytes.length);
					}
					catch (final IOException e) {
						throw new ClassNotFoundException(name, e);
					}
				}
				if (resolve) resolveClass(c);
				return c;
			}
		}
	}

	@Test
	void theEngineSeesItsOwnLoaderAsContextLoader() throws Exception {
		final ProbeLoader engine = new ProbeLoader();
		assertNotSame(TwinProbe.class, engine.loadClass(TwinProbe.class.getName()), "the twin is another class");
		final ClassLoader before = Thread.currentThread().getContextClassLoader();
		final TwinProbe probe = new TwinProbe();
		probe.input = "image";
		Twin.run(probe, TwinProbe.class, "work", engine);
		assertEquals("image by probe-engine", probe.output, "inputs go in, outputs come back");
		assertTrue(probe.ownLoaderInWork, "the engine's work ran with its own loader as the context class loader");
		assertTrue(probe.ownLoaderAtInit, "the engine's classes were initialized with its own loader as the context class loader");
		assertSame(before, Thread.currentThread().getContextClassLoader(), "the caller's context class loader is restored");
	}

	@Test
	void theContextLoaderIsRestoredWhenTheEngineFails() {
		final ClassLoader before = Thread.currentThread().getContextClassLoader();
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Twin.run(new TwinProbe(), TwinProbe.class, "fail", new ProbeLoader()));
		assertEquals("engine failed", e.getMessage());
		assertSame(before, Thread.currentThread().getContextClassLoader());
	}
}
