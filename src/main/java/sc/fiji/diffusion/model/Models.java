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
 * folder, or a {@code .zip} of one); a bundle {@code NAME.zip} in the folder named by the system property
 * {@value #DIR_PROPERTY} or the environment variable {@value #DIR_ENV}; a model bundled in this jar
 * ({@link #bundledNames()}).
 */
public final class Models {

	public static final String DIR_PROPERTY = "diffusion.models.dir";
	public static final String DIR_ENV = "DIFFUSION_FIJI_MODELS";
	private static final String RESOURCE_DIR = "/sc/fiji/diffusion/models/";
	private static final String[] BUNDLED = { "fluorescence-2d", "mri-brain-t1", "demo-cells" };

	private Models() {}

	/** Names of the models shipped inside this jar. */
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
		if (installed != null && Files.isRegularFile(installed.resolve(spec + ".zip"))) return openPath(installed.resolve(spec + ".zip"));
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
			(installed == null ? "" : " in " + installed) + ", and not bundled (bundled models: " + bundledNames() + ")");
	}

	private static Path installedDir() {
		String dir = System.getProperty(DIR_PROPERTY);
		if (dir == null) dir = System.getenv(DIR_ENV);
		return dir == null ? null : Paths.get(dir);
	}

	/** Opens a bundle zip, a SavedModel folder, or a zip of a SavedModel. */
	public static LoadedModel openPath(final Path path) throws IOException {
		if (Files.isDirectory(path)) return openSavedModel(path);
		final Map<String, byte[]> entries = SafeZip.read(path, ModelBundle.LIMITS);
		if (entries.containsKey(ModelBundle.CONFIG)) {
			final ModelBundle bundle = ModelBundle.read(entries, path.toString());
			return new LoadedModel(bundle.newModel(path.toString()), bundle.config, path.toString());
		}
		if (entries.keySet().stream().anyMatch(n -> n.equals("saved_model.pb") || n.endsWith("/saved_model.pb")))
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
