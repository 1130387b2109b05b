/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.nifti;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A NIfTI file that cannot be read: not NIfTI, a variant this reader does not support, an invalid
 * header, or fewer voxel bytes than the header announces. The message starts with the file.
 */
public class NiftiFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	public NiftiFormatException(final Path file, final String problem) {
		super(file + ": " + problem);
	}

	public NiftiFormatException(final Path file, final String problem, final Throwable cause) {
		super(file + ": " + problem, cause);
	}
}
