/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

import org.tensorflow.TensorFlow;
import org.tensorflow.proto.OpDef;

/**
 * The op types registered in the TensorFlow native library of this process (TensorFlow 2.18 for
 * TensorFlow Java 1.1.0), read once and cached.
 */
final class RegisteredOps {

	private static Set<String> names;

	private RegisteredOps() {}

	/** Names of all registered op types; loads the TensorFlow native library on first use. */
	static synchronized Set<String> names() {
		if (names == null) {
			final Set<String> set = new HashSet<>();
			try {
				for (final OpDef op : TensorFlow.registeredOpList().getOpList())
					set.add(op.getName());
			}
			catch (final LinkageError e) {
				throw ProtobufRuntime.incompatible(e);
			}
			names = Collections.unmodifiableSet(set);
		}
		return names;
	}
}
