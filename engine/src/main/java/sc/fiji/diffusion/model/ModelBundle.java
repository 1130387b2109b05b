/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
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

	/** Most bytes config.json may hold. */
	static final long MAX_CONFIG_BYTES = 1 << 20;
	/** Most bytes of a .npy header (magic, version, length and the header text of format 1.0). */
	static final long MAX_NPY_HEADER_BYTES = 10 + 0xffff;
	/**
	 * Bytes of memory per parameter a loaded bundle needs at least: the inflated .npy bytes, the float
	 * values and the graph's constant.
	 */
	static final int BYTES_PER_PARAMETER = 12;

	/**
	 * Reads and validates a bundle, in an order that spends nothing on a bad one: config.json alone first
	 * (architecture, schedule and normalisation checked, {@link ModelConfig#fromJson}); then the memory the
	 * architecture's parameters need ({@link UNetConfig#parameterCount()}, {@value #BYTES_PER_PARAMETER}
	 * bytes each) against the free heap; then each weight entry, inflated only if the architecture has a
	 * tensor of that name and at most to the bytes its shape needs; then every tensor's shape and values
	 * (finite), and that none is missing.
	 *
	 * @throws ModelFormatException naming the file and what is wrong: not a bundle, an invalid config, an
	 *           architecture too large for the memory, a zip bomb, unexpected, missing, misshapen or
	 *           non-finite (corrupt) weights
	 */
	public static ModelBundle read(final Path zip) throws IOException {
		if (!Files.isRegularFile(zip)) throw new java.io.FileNotFoundException("Model bundle not found: " + zip);
		final String source = zip.toString();
		final Map<String, byte[]> head = SafeZip.read(zip, LIMITS, name -> name.equals(CONFIG) ? MAX_CONFIG_BYTES : SafeZip.EntryPolicy.SKIP);
		final byte[] json = head.get(CONFIG);
		if (json == null)
			throw new ModelFormatException(source + ": not a model bundle (no " + CONFIG + "; entries: " + SafeZip.names(zip, LIMITS) + ")");
		final ModelConfig config = ModelConfig.fromJson(new String(json, StandardCharsets.UTF_8), source);
		final Map<String, long[]> shapes = expectedShapes(config, source);
		final Map<String, byte[]> entries = SafeZip.read(zip, LIMITS, name -> {
			if (name.equals(CONFIG)) return SafeZip.EntryPolicy.SKIP;
			final long[] shape = shapes.get(weightKey(name, source));
			if (shape == null)
				throw new ModelFormatException(source + ": weights do not match the architecture: the weights contain tensor '" + weightKey(name, source)
					+ "' that the architecture does not use");
			return MAX_NPY_HEADER_BYTES + 4 * count(shape);
		});
		return new ModelBundle(config, weights(entries, shapes, source));
	}

	static ModelBundle read(final Map<String, byte[]> entries, final String source) throws ModelFormatException {
		final byte[] json = entries.get(CONFIG);
		if (json == null) throw new ModelFormatException(source + ": not a model bundle (no " + CONFIG + "; entries: " + entries.keySet() + ")");
		final ModelConfig config = ModelConfig.fromJson(new String(json, StandardCharsets.UTF_8), source);
		final Map<String, long[]> shapes = expectedShapes(config, source);
		final Map<String, byte[]> weightEntries = new java.util.LinkedHashMap<>(entries);
		weightEntries.remove(CONFIG);
		return new ModelBundle(config, weights(weightEntries, shapes, source));
	}

	/** The parameter shapes of the config's architecture, once its memory is known to fit the free heap. */
	private static Map<String, long[]> expectedShapes(final ModelConfig config, final String source) throws ModelFormatException {
		final UNetConfig unet = config.unet();
		final double params = unet.parameterCount();
		final Runtime rt = Runtime.getRuntime();
		final double free = rt.maxMemory() - (double) (rt.totalMemory() - rt.freeMemory());
		final double needed = params * BYTES_PER_PARAMETER;
		if (needed > free)
			throw new ModelFormatException(String.format(java.util.Locale.ROOT,
				"%s: the architecture in config.json (%s) has %.3g parameters, which need about %.1f GiB of memory, more than the %.1f GiB free: "
					+ "the bundle is corrupt, or give Java more memory (-Xmx)", source, unet, params, needed / (1L << 30), free / (1L << 30)));
		if (params * 4 > LIMITS.maxTotalBytes)
			throw new ModelFormatException(String.format(java.util.Locale.ROOT, "%s: the architecture in config.json (%s) has %.3g parameters, more than a bundle may hold (%d bytes)",
				source, unet, params, LIMITS.maxTotalBytes));
		return unet.parameterShapes();
	}

	/** The tensor name of a weights entry {@code weights/NAME.npy}. */
	private static String weightKey(final String entry, final String source) throws ModelFormatException {
		if (!entry.startsWith(WEIGHTS_DIR) || !entry.endsWith(".npy") || entry.length() <= WEIGHTS_DIR.length() + 4)
			throw new ModelFormatException(source + ": unexpected entry '" + entry + "' in model bundle");
		return entry.substring(WEIGHTS_DIR.length(), entry.length() - 4);
	}

	private static long count(final long[] shape) {
		long n = 1;
		for (final long d : shape) n *= d;
		return n;
	}

	/** Parses the weight entries, checking each against the architecture's shapes and for finite values. */
	private static Weights weights(final Map<String, byte[]> entries, final Map<String, long[]> shapes, final String source) throws ModelFormatException {
		final Weights weights = new Weights();
		for (final Map.Entry<String, byte[]> e : entries.entrySet()) {
			final String name = e.getKey();
			if (name.endsWith("/")) continue;
			final String key = weightKey(name, source);
			final long[] shape = shapes.get(key);
			if (shape == null)
				throw new ModelFormatException(source + ": weights do not match the architecture: the weights contain tensor '" + key + "' that the architecture does not use");
			final Weights.Tensor t = Npy.read(e.getValue(), source + ":" + name);
			if (!java.util.Arrays.equals(t.shape, shape))
				throw new ModelFormatException(source + ": weights do not match the architecture: weight '" + key + "' has shape " + java.util.Arrays.toString(t.shape)
					+ ", the architecture needs " + java.util.Arrays.toString(shape));
			for (int i = 0; i < t.values.length; i++)
				if (!Float.isFinite(t.values[i]))
					throw new ModelFormatException(source + ": the model bundle is corrupt: weight '" + key + "' holds a non-finite value (" + t.values[i] + ") at index " + i);
			weights.put(key, t);
		}
		if (weights.size() == 0) throw new ModelFormatException(source + ": model bundle has no weights");
		for (final String key : shapes.keySet())
			if (weights.get(key) == null)
				throw new ModelFormatException(source + ": weights do not match the architecture: the weights lack tensor '" + key + "' that the architecture needs");
		return weights;
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
