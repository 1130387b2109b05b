/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.door;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import sc.fiji.diffusion.model.LoadedModel;
import sc.fiji.diffusion.model.Models;

/** The door's model catalogue: the engine's {@link Models}, answered as text for the user. */
final class ModelCatalog {

	private ModelCatalog() {}

	static String list() throws IOException {
		final List<String> installed = Models.installedNames();
		return "Bundled: " + String.join(", ", Models.bundledNames()) + '\n' + "Installed in " + Models.installedDir() + ": "
			+ (installed.isEmpty() ? "none" : String.join(", ", installed)) + '\n';
	}

	static String show(final String nameOrPath) throws IOException {
		if (nameOrPath == null || nameOrPath.trim().isEmpty()) throw new IllegalArgumentException("action=show needs model (a name or path)");
		try (LoadedModel m = Models.open(nameOrPath.trim())) {
			return m.source + "\n" + m.config.toJson() + "\n";
		}
	}

	static String install(final String file, final String name) throws IOException {
		if (file == null || file.trim().isEmpty()) throw new IllegalArgumentException("action=install needs file (a bundle .zip or SavedModel)");
		if (name == null || name.trim().isEmpty()) throw new IllegalArgumentException("action=install needs a model name");
		final Path installed = Models.install(Paths.get(file), name.trim());
		return "Installed " + file + " as '" + name.trim() + "' (" + installed + ")\n";
	}
}
