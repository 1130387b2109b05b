/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

/**
 * Opens the {@link EngineDoor}: the engine's implementation, made in the engine's class loader
 * ({@link EngineLoader}: the isolated one beside another TensorFlow, else the plugin's own; one code
 * path for both), behind a {@link ContextLoaderDoor} that makes that loader the thread's context class
 * loader for each call.
 * <p>
 * The only cast across the class-loader boundary is here, and it is checked before it is made: the
 * engine's loader must give back this very {@link EngineDoor} class (its package is delegated to the
 * plugin's loader, so it is defined once), and the implementation must be defined by the engine's loader
 * (else it would run with the plugin's TensorFlow, not the isolated one). Either failure is an
 * {@link IllegalStateException} that says what is wrong, never a {@link ClassCastException}.
 */
public final class EngineDoors {

	/** The engine's side of the door: a public class with a public no-argument constructor, implementing {@link EngineDoor}. */
	static final String IMPLEMENTATION = "sc.fiji.diffusion.door.EngineSide";

	private EngineDoors() {}

	/**
	 * The door to the engine of the plugin whose class {@code anchor} is.
	 *
	 * @throws IllegalStateException if TensorFlow Java is missing or shadowed ({@link EngineLoader#engineLoader}) or the door cannot be made
	 */
	public static EngineDoor open(final Class<?> anchor) {
		return open(EngineLoader.engineLoader(anchor), IMPLEMENTATION);
	}

	/** The door implemented by the class named {@code implementation}, made in {@code loader}. */
	static EngineDoor open(final ClassLoader loader, final String implementation) {
		final Thread thread = Thread.currentThread();
		final ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			if (seen(EngineDoor.class.getName(), loader) != EngineDoor.class)
				throw new IllegalStateException("The engine's class loader " + loader + " defines its own " + EngineDoor.class.getName()
					+ ": it must delegate the package " + EngineDoor.class.getPackage().getName() + " to the plugin's class loader");
			final Class<?> c = seen(implementation, loader);
			if (c.getClassLoader() != loader)
				throw new IllegalStateException(implementation + " comes from " + c.getClassLoader() + ", not from the engine's class loader " + loader);
			if (!EngineDoor.class.isAssignableFrom(c)) throw new IllegalStateException(implementation + " does not implement " + EngineDoor.class.getName());
			return new ContextLoaderDoor(c.asSubclass(EngineDoor.class).getConstructor().newInstance(), loader);
		}
		catch (final ReflectiveOperationException | LinkageError e) {
			throw new IllegalStateException("Could not open the engine (" + implementation + " in " + loader + "): " + e, e);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	private static Class<?> seen(final String name, final ClassLoader loader) throws ClassNotFoundException {
		return Class.forName(name, true, loader);
	}
}
