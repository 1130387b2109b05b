/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A class loader that looks in its own jars first, except for the packages it must share with its
 * parent: the JDK, ImageJ 1 ({@code ij.}), SciJava ({@code org.scijava.}), ImgLib2 ({@code net.imglib2.})
 * and this package, which holds the {@link EngineDoor} and its value types: they cross between the two
 * sides and so are defined once, by the parent. So TensorFlow Java, protobuf, JavaCPP, this plugin's
 * engine and the engine's side of the door ({@code sc.fiji.diffusion.door}) are loaded from the given
 * jars even when the parent has other versions of them (for example libtensorflow 1.15, whose
 * {@code org.tensorflow} classes have the same names).
 */
final class ChildFirstClassLoader extends URLClassLoader {

	static {
		ClassLoader.registerAsParallelCapable();
	}

	private static final String[] SHARED = { "java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.", "ij.", "org.scijava.", "net.imglib2.",
		"sc.fiji.diffusion.isolation." };

	ChildFirstClassLoader(final URL[] urls, final ClassLoader parent) {
		super("diffusion-fiji-engine", urls, parent);
	}

	static boolean shared(final String name) {
		for (final String p : SHARED)
			if (name.startsWith(p)) return true;
		return false;
	}

	@Override
	protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException {
		if (shared(name)) return super.loadClass(name, resolve);
		synchronized (getClassLoadingLock(name)) {
			Class<?> c = findLoadedClass(name);
			if (c == null) {
				try {
					c = findClass(name);
				}
				catch (final ClassNotFoundException e) {
					c = getParent().loadClass(name);
				}
			}
			if (resolve) resolveClass(c);
			return c;
		}
	}

	@Override
	public URL getResource(final String name) {
		final URL own = findResource(name);
		return own != null ? own : super.getResource(name);
	}

	@Override
	public Enumeration<URL> getResources(final String name) throws IOException {
		final List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
		all.addAll(Collections.list(getParent().getResources(name)));
		return Collections.enumeration(all);
	}
}
