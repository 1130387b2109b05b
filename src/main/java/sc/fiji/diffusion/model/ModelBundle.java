package sc.fiji.diffusion.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A model bundle: one {@code .zip} holding {@code config.json} ({@link ModelConfig}) and the weights as
 * {@code weights/<name>.npy} float32 arrays ({@link Npy}). Bundles are untrusted input: they are read
 * in memory through {@link SafeZip} with size limits, and every problem is a {@link ModelFormatException}
 * naming the file and what is wrong.
 */
public final class ModelBundle {

	public static final String CONFIG = "config.json";
	public static final String WEIGHTS_DIR = "weights/";

	/** Limits for bundles: 4096 entries, 256 MiB per entry, 1 GiB in all. */
	public static final SafeZip.Limits LIMITS = new SafeZip.Limits(4096, 256L << 20, 1L << 30);

	public final ModelConfig config;
	public final Weights weights;

	public ModelBundle(final ModelConfig config, final Weights weights) {
		this.config = config;
		this.weights = weights;
	}

	/** Writes the bundle atomically (temp file in the same folder, then move). */
	public void write(final Path zip) throws IOException {
		final Path dir = zip.toAbsolutePath().getParent();
		if (dir != null) Files.createDirectories(dir);
		final Path tmp = zip.resolveSibling("." + zip.getFileName() + ".part");
		try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream z = new ZipOutputStream(out)) {
			z.putNextEntry(new ZipEntry(CONFIG));
			z.write(config.toJson().getBytes(StandardCharsets.UTF_8));
			z.closeEntry();
			for (final Map.Entry<String, Weights.Tensor> e : weights.asMap().entrySet()) {
				z.putNextEntry(new ZipEntry(WEIGHTS_DIR + e.getKey() + ".npy"));
				z.write(Npy.write(e.getValue()));
				z.closeEntry();
			}
		}
		Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/** Reads and validates a bundle (config and weights; the weights are checked against the architecture when a model is built). */
	public static ModelBundle read(final Path zip) throws IOException {
		if (!Files.isRegularFile(zip)) throw new java.io.FileNotFoundException("Model bundle not found: " + zip);
		return read(SafeZip.read(zip, LIMITS), zip.toString());
	}

	static ModelBundle read(final Map<String, byte[]> entries, final String source) throws ModelFormatException {
		final byte[] json = entries.get(CONFIG);
		if (json == null) throw new ModelFormatException(source + ": not a model bundle (no " + CONFIG + "; entries: " + entries.keySet() + ")");
		final ModelConfig config = ModelConfig.fromJson(new String(json, StandardCharsets.UTF_8), source);
		final Weights weights = new Weights();
		for (final Map.Entry<String, byte[]> e : entries.entrySet()) {
			final String name = e.getKey();
			if (name.equals(CONFIG) || name.endsWith("/")) continue;
			if (!name.startsWith(WEIGHTS_DIR) || !name.endsWith(".npy"))
				throw new ModelFormatException(source + ": unexpected entry '" + name + "' in model bundle");
			final String key = name.substring(WEIGHTS_DIR.length(), name.length() - 4);
			weights.put(key, Npy.read(e.getValue(), source + ":" + name));
		}
		if (weights.size() == 0) throw new ModelFormatException(source + ": model bundle has no weights");
		return new ModelBundle(config, weights);
	}

	/**
	 * Builds the network of this bundle.
	 *
	 * @throws ModelFormatException if the weights do not fit the architecture in config.json
	 */
	public TfEpsModel newModel(final String source) throws ModelFormatException {
		try {
			return new TfEpsModel(config.unet(), weights, config.schedule.timesteps);
		}
		catch (final IllegalArgumentException e) {
			throw new ModelFormatException(source + ": weights do not match the architecture: " + e.getMessage(), e);
		}
	}
}
