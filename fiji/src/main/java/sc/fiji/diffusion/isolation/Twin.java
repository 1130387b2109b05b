/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.BooleanSupplier;

import org.scijava.Cancelable;

/**
 * Runs a command in the engine's class loader ({@link EngineLoader}): a twin of the command, the same
 * class loaded by the engine's loader, gets the command's field values (parameters and injected services:
 * their types, from ImageJ, SciJava and the JDK, are shared by both loaders), runs, and hands its field
 * values (the outputs) and its cancel state back. Fields are copied from the command's class up to and
 * including {@code top}; a field named {@code cancelledOutside} of type {@link BooleanSupplier} is set
 * to the original command's cancel state, so a cancel of the original reaches the twin while it runs.
 * <p>
 * While the twin is made and runs, the thread's context class loader is the engine's loader (libraries
 * that look up classes, services or resources through it, such as {@link java.util.ServiceLoader} users,
 * then find the engine's versions, not those of Fiji's classpath); the previous one is restored afterwards,
 * also when the twin fails.
 */
public final class Twin {

	private Twin() {}

	/**
	 * Runs {@code method} (no arguments, any access) of a twin of {@code command} made in {@code loader},
	 * with {@code loader} as the thread's context class loader.
	 *
	 * @throws IllegalStateException if the twin cannot be made or run; the cause is attached
	 */
	public static void run(final Cancelable command, final Class<?> top, final String method, final ClassLoader loader) {
		final Thread thread = Thread.currentThread();
		final ClassLoader context = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			runTwin(command, top, method, loader);
		}
		finally {
			thread.setContextClassLoader(context);
		}
	}

	private static void runTwin(final Cancelable command, final Class<?> top, final String method, final ClassLoader loader) {
		final Object twin;
		try {
			final Class<?> twinClass = Class.forName(command.getClass().getName(), true, loader);
			final java.lang.reflect.Constructor<?> constructor = twinClass.getDeclaredConstructor();
			constructor.setAccessible(true);
			twin = constructor.newInstance();
			copy(command, twin, top.getName());
			final Field outside = field(twinClass, "cancelledOutside");
			if (outside != null && outside.getType() == BooleanSupplier.class) outside.set(twin, (BooleanSupplier) command::isCanceled);
			final Method m = method(twinClass, method);
			m.invoke(twin);
		}
		catch (final InvocationTargetException e) {
			final Throwable cause = e.getCause();
			if (cause instanceof RuntimeException) throw (RuntimeException) cause;
			if (cause instanceof Error) throw (Error) cause;
			throw new IllegalStateException("The isolated engine failed: " + cause, cause);
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalStateException("Could not run " + command.getClass().getName() + " in the isolated TensorFlow class loader: " + e, e);
		}
		try {
			copy(twin, command, top.getName());
		}
		catch (final IllegalAccessException e) {
			throw new IllegalStateException("Could not read the results of the isolated engine: " + e, e);
		}
		final Cancelable t = (Cancelable) twin;
		if (t.isCanceled() && !command.isCanceled()) command.cancel(t.getCancelReason());
	}

	/** Copies the instance fields declared by the classes from {@code from}'s class up to the one named {@code top}. */
	private static void copy(final Object from, final Object to, final String top) throws IllegalAccessException {
		for (Class<?> c = from.getClass(); c != null; c = c.getSuperclass()) {
			for (final Field f : c.getDeclaredFields()) {
				if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic() || f.getName().equals("cancelledOutside")) continue;
				final Field g = field(to.getClass(), f.getName());
				if (g == null) continue;
				f.setAccessible(true);
				g.set(to, f.get(from));
			}
			if (c.getName().equals(top)) break;
		}
	}

	private static Field field(final Class<?> c, final String name) {
		for (Class<?> k = c; k != null; k = k.getSuperclass()) {
			try {
				final Field f = k.getDeclaredField(name);
				f.setAccessible(true);
				return f;
			}
			catch (final NoSuchFieldException e) {
				// look further up
			}
		}
		return null;
	}

	private static Method method(final Class<?> c, final String name) throws NoSuchMethodException {
		for (Class<?> k = c; k != null; k = k.getSuperclass()) {
			try {
				final Method m = k.getDeclaredMethod(name);
				m.setAccessible(true);
				return m;
			}
			catch (final NoSuchMethodException e) {
				// look further up
			}
		}
		throw new NoSuchMethodException(c.getName() + "." + name + "()");
	}
}
