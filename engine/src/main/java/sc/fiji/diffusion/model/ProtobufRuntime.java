/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

/**
 * Explains the one classpath problem that breaks every TensorFlow Java proto: TensorFlow Java 1.1.0
 * ships protos generated for protobuf-java 3.21, whose generated code calls methods that
 * protobuf-java 4.x (pom-scijava 45 manages 4.32.0) no longer has. Parsing or building any
 * proto with a repeated number field (a Conv2D's strides, a constant's values) then fails with a
 * {@link NoSuchMethodError}. The build must pin {@code protobuf.version} to 3.21.9.
 */
final class ProtobufRuntime {

	private ProtobufRuntime() {}

	/** An exception that names the protobuf-java version clash behind {@code cause}. */
	static IllegalStateException incompatible(final LinkageError cause) {
		final java.security.CodeSource jar = com.google.protobuf.Message.class.getProtectionDomain().getCodeSource();
		return new IllegalStateException("TensorFlow Java 1.1.0 protos cannot run on the protobuf-java runtime on the classpath ("
			+ (jar == null ? "unknown jar" : jar.getLocation()) + "): they need protobuf-java 3.21.x;"
			+ " set <protobuf.version>3.21.9</protobuf.version> in the pom (" + cause + ")", cause);
	}
}
