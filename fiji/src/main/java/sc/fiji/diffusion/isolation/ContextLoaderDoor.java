/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

import java.io.IOException;

/**
 * An {@link EngineDoor} that makes the engine's class loader the thread's context class loader for the
 * length of every call and restores the caller's afterwards, also when the call fails: TensorFlow Java,
 * its protobuf runtime and {@link java.util.ServiceLoader} users look classes and resources up through the
 * context loader and must find the engine's versions, not those of Fiji's classpath.
 */
final class ContextLoaderDoor implements EngineDoor {

	private interface Call<T> {
		T run() throws IOException;
	}

	final EngineDoor inner;
	final ClassLoader loader;

	ContextLoaderDoor(final EngineDoor inner, final ClassLoader loader) {
		this.inner = inner;
		this.loader = loader;
	}

	private <T> T call(final Call<T> call) throws IOException {
		final Thread thread = Thread.currentThread();
		final ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			return call.run();
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	@Override
	public RestoreResult restore(final RestoreCall c) throws IOException { return call(() -> inner.restore(c)); }

	@Override
	public RawMriResult reconstructRawMri(final RawMriCall c) throws IOException { return call(() -> inner.reconstructRawMri(c)); }

	@Override
	public GenerateResult generate(final GenerateCall c) throws IOException { return call(() -> inner.generate(c)); }

	@Override
	public String train(final TrainCall c) throws IOException { return call(() -> inner.train(c)); }

	@Override
	public String listModels() throws IOException { return call(inner::listModels); }

	@Override
	public String showModel(final String nameOrPath) throws IOException { return call(() -> inner.showModel(nameOrPath)); }

	@Override
	public String installModel(final String file, final String name) throws IOException { return call(() -> inner.installModel(file, name)); }
}
