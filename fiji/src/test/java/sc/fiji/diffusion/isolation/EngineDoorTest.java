/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.door.DoorProbe;
import sc.fiji.diffusion.door.EngineSide;
import sc.fiji.diffusion.task.Restoration;

/**
 * The door across the class-loader boundary, with an isolated engine loader like the one beside
 * libtensorflow 1.15 ({@link ChildFirstClassLoader} over the plugin's classes, its tests' classes and the
 * engine's classes): the implementation is defined by that loader, the door's types only once (by the
 * plugin's loader); the engine's loader is the context class loader during a call and the caller's is
 * restored afterwards, also when the call fails; a cancel from the caller reaches the engine; an engine's
 * exception reaches the caller as a JDK exception with its message; a loader that would define the door a
 * second time is refused with a message, not a {@code ClassCastException}.
 */
class EngineDoorTest {

	static URLClassLoader engine;

	@BeforeAll
	static void engineLoader() {
		engine = new ChildFirstClassLoader(new URL[] { url(EngineSide.class), url(DoorProbe.class), url(Restoration.class) }, EngineDoorTest.class.getClassLoader());
	}

	@AfterAll
	static void close() throws IOException {
		engine.close();
	}

	static URL url(final Class<?> c) {
		return c.getProtectionDomain().getCodeSource().getLocation();
	}

	static RestoreCall call(final int steps) {
		final RestoreCall c = new RestoreCall();
		c.task = "denoise";
		c.planes = new float[][] { { 1, 2, 3, 4 } };
		c.width = c.height = 2;
		c.steps = steps;
		return c;
	}

	@Test
	void theImplementationIsDefinedByTheEngineLoader() throws IOException {
		final ContextLoaderDoor door = (ContextLoaderDoor) EngineDoors.open(engine, EngineDoors.IMPLEMENTATION);
		assertSame(engine, door.inner.getClass().getClassLoader());
		assertNotSame(EngineSide.class, door.inner.getClass(), "the engine's side is the isolated loader's class, not the plugin's");
		final String list = door.listModels();
		assertTrue(list.startsWith("Bundled: ") && list.contains("demo-cells"), list);
		final ContextLoaderDoor plain = (ContextLoaderDoor) EngineDoors.open(EngineDoorTest.class.getClassLoader(), EngineDoors.IMPLEMENTATION);
		assertSame(EngineSide.class, plain.inner.getClass(), "not isolated: the same code path with the plugin's own loader");
	}

	@Test
	void theDoorsTypesAreDefinedOnceAndItsSideOnlyByTheEngine() throws Exception {
		final Path isolation = Paths.get(url(EngineDoor.class).toURI()).resolve("sc/fiji/diffusion/isolation");
		final List<String> names;
		try (Stream<Path> s = Files.list(isolation)) {
			names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class")).map(n -> "sc.fiji.diffusion.isolation." + n.replace(".class", ""))
				.collect(Collectors.toList());
		}
		assertTrue(names.contains(EngineDoor.class.getName()) && names.contains(RestoreCall.class.getName()) && names.size() >= 12, names.toString());
		for (final String n : names)
			assertSame(Class.forName(n, false, EngineDoorTest.class.getClassLoader()), Class.forName(n, false, engine), n + " is defined twice");
		for (final String n : new String[] { EngineDoors.IMPLEMENTATION, "sc.fiji.diffusion.door.DoorRequests", "sc.fiji.diffusion.door.RestoreRun" })
			assertSame(engine, Class.forName(n, false, engine).getClassLoader(), n);
	}

	@Test
	void aLoaderThatWouldDefineTheDoorTwiceIsRefusedWithAMessage() throws IOException {
		try (URLClassLoader own = new URLClassLoader(new URL[] { url(EngineDoor.class), url(DoorProbe.class) }, ClassLoader.getPlatformClassLoader())) {
			final IllegalStateException e = assertThrows(IllegalStateException.class, () -> EngineDoors.open(own, DoorProbe.class.getName()));
			assertTrue(e.getMessage().contains("must delegate the package sc.fiji.diffusion.isolation"), e.getMessage());
		}
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> EngineDoors.open(engine, "sc.fiji.diffusion.door.NoSuchSide"));
		assertTrue(e.getMessage().contains("Could not open the engine"), e.getMessage());
	}

	@Test
	void theEngineLoaderIsTheContextLoaderDuringACallAndTheCallersAfterwardsAlsoOnFailure() throws IOException {
		final ClassLoader before = Thread.currentThread().getContextClassLoader();
		final EngineDoor door = EngineDoors.open(engine, DoorProbe.class.getName());
		assertEquals("diffusion-fiji-engine context=true init=true", door.restore(call(1)).method);
		assertSame(before, Thread.currentThread().getContextClassLoader(), "restored after a call");
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> door.train(new TrainCall()));
		assertEquals("engine failed with context=true", e.getMessage(), "the engine's exception with its message");
		assertSame(before, Thread.currentThread().getContextClassLoader(), "restored after a failure");
	}

	@Test
	void aCancelFromTheCallerReachesTheEngine() throws IOException {
		final EngineDoor door = EngineDoors.open(engine, DoorProbe.class.getName());
		final AtomicBoolean cancel = new AtomicBoolean();
		final AtomicInteger last = new AtomicInteger();
		final RestoreCall call = call(10);
		call.progress = (what, fraction) -> {
			last.set((int) Math.round(fraction * 10));
			if (what.equals("step 3/10")) cancel.set(true);
		};
		call.cancelled = cancel::get;
		final CancellationException e = assertThrows(CancellationException.class, () -> door.restore(call));
		assertEquals("stopped after step 3", e.getMessage());
		assertEquals(3, last.get());
	}

	@Test
	void theEnginesExceptionsReachTheCallerAsJdkExceptionsWithTheirMessages(@TempDir final Path dir) throws IOException {
		final EngineDoor door = EngineDoors.open(engine, EngineDoors.IMPLEMENTATION);
		final RestoreCall bad = call(1);
		bad.method = "magic";
		final IllegalArgumentException method = assertThrows(IllegalArgumentException.class, () -> door.restore(bad));
		assertTrue(method.getMessage().contains("magic"), method.getMessage());
		final Path corrupt = dir.resolve("corrupt.zip");
		Files.write(corrupt, new byte[] { 'P', 'K', 3, 4, 1, 2, 3 });
		final IOException model = assertThrows(IOException.class, () -> door.showModel(corrupt.toString()));
		assertTrue(model.getClass().getClassLoader() == null, "a JDK exception, not the engine's " + model.getCause());
		assertTrue(model.getMessage().contains("corrupt"), model.getMessage());
		assertFalse(model.getCause() == null, "the engine's own exception is kept as the cause");
	}
}
