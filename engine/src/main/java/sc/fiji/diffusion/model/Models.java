/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import sc.fiji.diffusion.schedule.NoiseSchedule;

/**
 * Finds and opens models by name or path.
 * <p>
 * {@code open(spec)} resolves, in order: an existing file or folder (a bundle {@code .zip}, a SavedModel
 * folder, or a {@code .zip} of one); an installed model {@code NAME.zip} or SavedModel folder {@code NAME}
 * in the models folder ({@link #installedDir()}: the system property {@value #DIR_PROPERTY}, else the
 * environment variable {@value #DIR_ENV}, else {@code ~/.diffusion-fiji/models}); a model bundled in the priors
 * jar (diffusion-priors, on the class path; {@link #bundledNames()}).
 */
public final class Models {

	public static final String DIR_PROPERTY = "diffusion.models.dir";
	public static final String DIR_ENV = "DIFFUSION_FIJI_MODELS";
	private static final String RESOURCE_DIR = "/sc/fiji/diffusion/models/";
	private static final String[] BUNDLED = { "fluorescence-2d", "mri-brain-t1", "demo-cells" };

	private Models() {}

	/** Names of the models shipped in the priors jar (diffusion-priors). */
	public static List<String> bundledNames() {
		final List<String> names = new ArrayList<>();
		for (final String n : BUNDLED)
			if (Models.class.getResource(RESOURCE_DIR + n + ".zip") != null) names.add(n);
		return names;
	}

	/** Opens a model; see the class description for how {@code spec} is resolved. */
	public static LoadedModel open(final String spec) throws IOException {
		final Path path = Paths.get(spec);
		if (Files.exists(path)) return openPath(path);
		final Path installed = installedDir();
		if (validName(spec)) {
			if (Files.isRegularFile(installed.resolve(spec + ".zip"))) return openPath(installed.resolve(spec + ".zip"));
			if (Files.isDirectory(installed.resolve(spec))) return openPath(installed.resolve(spec));
		}
		try (InputStream in = Models.class.getResourceAsStream(RESOURCE_DIR + spec + ".zip")) {
			if (in != null) {
				final Path tmp = Files.createTempFile("diffusion-model-", ".zip");
				try {
					Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
					final ModelBundle bundle = ModelBundle.read(tmp);
					return new LoadedModel(bundle.newModel(spec), bundle.config, "bundled:" + spec);
				}
				finally {
					Files.deleteIfExists(tmp);
				}
			}
		}
		throw new FileNotFoundException("No model '" + spec + "': not a file or folder, not installed" +
			" in " + installed + ", and not bundled (bundled models: " + bundledNames() + ")");
	}

	/** The folder of installed models (see the class description); it need not exist yet. */
	public static Path installedDir() {
		String dir = System.getProperty(DIR_PROPERTY);
		if (dir == null || dir.isEmpty()) dir = System.getenv(DIR_ENV);
		return dir == null || dir.isEmpty() ? Paths.get(System.getProperty("user.home"), ".diffusion-fiji", "models") : Paths.get(dir);
	}

	/** Names of the installed models (bundles NAME.zip and SavedModel folders NAME), sorted. */
	public static List<String> installedNames() throws IOException {
		final Path dir = installedDir();
		final List<String> names = new ArrayList<>();
		if (!Files.isDirectory(dir)) return names;
		try (java.util.stream.Stream<Path> files = Files.list(dir)) {
			files.forEach(f -> {
				final String n = f.getFileName().toString();
				if (Files.isRegularFile(f) && n.endsWith(".zip")) names.add(n.substring(0, n.length() - 4));
				else if (Files.isRegularFile(f.resolve("saved_model.pb"))) names.add(n);
			});
		}
		java.util.Collections.sort(names);
		return names;
	}

	/**
	 * Installs a model under {@code name} in {@link #installedDir()}: a bundle .zip (or a zip of a
	 * SavedModel) is copied to NAME.zip, a SavedModel folder to the folder NAME. The model is opened
	 * first, so a corrupt or unsafe file is refused before anything is written; an installed model of
	 * that name, or a bundled one, is never replaced.
	 *
	 * @return the installed file or folder
	 * @throws IllegalArgumentException for a bad name or one already taken
	 * @throws IOException if the model cannot be read or copied
	 */
	public static Path install(final Path source, final String name) throws IOException {
		if (!validName(name))
			throw new IllegalArgumentException("Model name '" + name + "' must be letters, digits, '.', '_' or '-' (no spaces or slashes), starting with a letter or digit");
		if (bundledNames().contains(name)) throw new IllegalArgumentException("'" + name + "' is a bundled model: choose another name");
		final Path dir = installedDir();
		final boolean folder = Files.isDirectory(source);
		final Path target = dir.resolve(folder ? name : name + ".zip");
		if (Files.exists(dir.resolve(name + ".zip")) || Files.exists(dir.resolve(name)))
			throw new IllegalArgumentException("A model named '" + name + "' is already installed (" + (Files.exists(dir.resolve(name + ".zip")) ? dir.resolve(name + ".zip")
				: dir.resolve(name)) + "): choose another name, or delete that file or folder to replace it");
		try (LoadedModel m = openPath(source)) {
			// opened: readable, safe and complete
		}
		Files.createDirectories(dir);
		final Path tmp = Files.createTempDirectory(dir, ".install-");
		try {
			final Path staged = tmp.resolve(target.getFileName());
			if (folder) {
				try (java.util.stream.Stream<Path> walk = Files.walk(source)) {
					for (final Path p : (Iterable<Path>) walk::iterator) {
						final Path to = staged.resolve(source.relativize(p).toString());
						if (Files.isDirectory(p)) Files.createDirectories(to);
						else Files.copy(p, to);
					}
				}
			}
			else Files.copy(source, staged);
			Files.move(staged, target);
		}
		finally {
			try (java.util.stream.Stream<Path> walk = Files.walk(tmp)) {
				walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
		return target;
	}

	private static boolean validName(final String name) {
		return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
	}

	/** Opens a bundle zip, a SavedModel folder, or a zip of a SavedModel. */
	public static LoadedModel openPath(final Path path) throws IOException {
		if (Files.isDirectory(path)) return openSavedModel(path);
		// names first, nothing inflated: a bundle is then read config first, weights within what it declares
		final List<String> names = SafeZip.names(path, ModelBundle.LIMITS);
		if (names.contains(ModelBundle.CONFIG)) {
			final ModelBundle bundle = ModelBundle.read(path);
			return new LoadedModel(bundle.newModel(path.toString()), bundle.config, path.toString());
		}
		if (names.stream().anyMatch(n -> n.equals("saved_model.pb") || n.endsWith("/saved_model.pb")))
			return openSavedModel(path);
		throw new ModelFormatException(path + ": neither a model bundle (config.json) nor a TensorFlow SavedModel (saved_model.pb)");
	}

	/**
	 * A SavedModel has no config.json: it is taken to use the DDPM linear schedule with T = 1000 and
	 * percentile normalisation to [-1, 1], as documented for exporting from Python.
	 */
	private static LoadedModel openSavedModel(final Path path) throws IOException {
		final SavedModelEpsModel m = SavedModelEpsModel.load(path);
		final ModelConfig config = new ModelConfig();
		config.name = path.getFileName().toString();
		config.description = "TensorFlow SavedModel " + path;
		config.architecture.type = "savedmodel";
		config.architecture.channels = m.channels();
		config.schedule.kind = NoiseSchedule.Kind.LINEAR.id();
		config.schedule.timesteps = m.timesteps();
		return new LoadedModel(m, config, path.toString());
	}
}
