/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.io.IOException;

/**
 * A model file is corrupt, incompatible with this plugin, or refused as unsafe.
 * <p>
 * Model files from colleagues or the internet are untrusted input: whatever reads them throws this
 * exception, with a message that names the file and the problem, instead of letting a malformed or
 * hostile file reach TensorFlow or the file system.
 */
public class ModelFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	public ModelFormatException(final String message) {
		super(message);
	}

	public ModelFormatException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
