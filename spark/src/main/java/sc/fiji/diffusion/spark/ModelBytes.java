/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import sc.fiji.diffusion.model.ModelBundle;
import sc.fiji.diffusion.model.ModelConfig;
import sc.fiji.diffusion.model.Models;

/**
 * A model bundle as bytes, read once on the driver and broadcast to the executors (which may not see the
 * driver's files): a bundle file, an installed model ({@link Models#installedDir}) or a bundled one (a
 * resource of the priors jar, diffusion-priors). SavedModel folders are not taken: their graph cannot be rebuilt for the
 * guided methods, and a folder does not travel as one blob.
 */
public final class ModelBytes {

	private ModelBytes() {}

	/** The bytes of the bundle {@code spec} names (a .zip path, an installed or a bundled name). */
	public static byte[] read(final String spec) throws IOException {
		final Path path = Paths.get(spec);
		if (Files.isRegularFile(path)) return Files.readAllBytes(path);
		if (spec.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
			final Path installed = Models.installedDir().resolve(spec + ".zip");
			if (Files.isRegularFile(installed)) return Files.readAllBytes(installed);
			try (InputStream in = Models.class.getResourceAsStream("/sc/fiji/diffusion/models/" + spec + ".zip")) {
				if (in != null) return in.readAllBytes();
			}
		}
		throw new FileNotFoundException("No model bundle '" + spec + "': not a .zip file, not installed in " + Models.installedDir() + ", not bundled (bundled: "
			+ Models.bundledNames() + ")");
	}

	/** The bundle's config.json, parsed and checked ({@link ModelConfig#fromJson}). */
	public static ModelConfig config(final byte[] bundle, final String source) throws IOException {
		try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(bundle))) {
			for (ZipEntry e; (e = z.getNextEntry()) != null;)
				if (e.getName().equals(ModelBundle.CONFIG)) return ModelConfig.fromJson(new String(z.readNBytes(1 << 20), StandardCharsets.UTF_8), source);
		}
		throw new IOException(source + ": not a model bundle (no " + ModelBundle.CONFIG + ")");
	}

	/** SHA-256 of the bytes, hex: the key under which executors keep the loaded model. */
	public static String sha256(final byte[] bytes) {
		try {
			final StringBuilder sb = new StringBuilder();
			for (final byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) sb.append(String.format("%02x", b));
			return sb.toString();
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
