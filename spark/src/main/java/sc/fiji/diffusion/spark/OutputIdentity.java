/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.diffusion.spark.zarr.ChunkedVolume;

/**
 * What makes an output's blocks belong together, stored in the output's attribute {@link VolumePlan#ATTRIBUTE}
 * so that a re-run continues an output only where it would write the same blocks: the request
 * ({@link VolumeRequest#describe()}), the input (its absolute, normalised path, shape, voxel size and
 * unit, and its array's metadata file, {@code zarr.json} or {@code .zarray}) and the model bundle's
 * SHA-256 (its bytes, not its name, which may be reinstalled with other weights). Other keys of the
 * attribute (the volume statistics) are not part of it.
 */
final class OutputIdentity {

	/** The identity's keys and how a difference in each is named. */
	private static final String[][] KEYS = { { "request", "the request" }, { "input", "the input's path" }, { "inputShape", "the input's shape (z, y, x)" },
		{ "inputVoxelSize", "the input's voxel size" }, { "inputArray", "the input array's metadata" }, { "modelSha256", "the model bundle's SHA-256" } };

	private OutputIdentity() {}

	/** The identity of an output of {@code request} (described) on {@code input} (opened from {@code in}) with the model of SHA-256 {@code modelSha256}. */
	static JsonObject of(final Path in, final ChunkedVolume input, final String request, final String modelSha256) throws IOException {
		final JsonObject a = new JsonObject();
		a.addProperty("request", request);
		a.addProperty("input", in.toAbsolutePath().normalize().toString());
		final JsonArray shape = new JsonArray();
		for (final long s : input.array.shape()) shape.add(s);
		a.add("inputShape", shape);
		a.addProperty("inputVoxelSize", Arrays.toString(input.voxelSize()) + (input.unit.isEmpty() ? "" : " " + input.unit));
		a.add("inputArray", arrayMetadata(input));
		a.addProperty("modelSha256", modelSha256);
		return a;
	}

	/** The input array's metadata file (v3 {@code zarr.json}, v2 {@code .zarray}) as JSON. */
	private static JsonElement arrayMetadata(final ChunkedVolume input) throws IOException {
		final Path dir = input.array.path(), v3 = dir.resolve("zarr.json");
		final Path f = Files.isRegularFile(v3) ? v3 : dir.resolve(".zarray");
		return JsonParser.parseString(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
	}

	/**
	 * What differs between the identity {@code stored} in an existing output (null: none stored) and
	 * {@code current}, one phrase per key, each naming both values (the metadata file: only that it differs);
	 * empty where the output was made by the same request on the same input with the same model.
	 */
	static List<String> differences(final JsonObject stored, final JsonObject current) {
		final List<String> out = new ArrayList<>();
		if (stored == null) {
			out.add("it holds no " + VolumePlan.ATTRIBUTE + " attribute (it was not made by restore-volume)");
			return out;
		}
		for (final String[] k : KEYS) {
			final JsonElement s = stored.get(k[0]), c = current.get(k[0]);
			if (c.equals(s)) continue;
			if (s == null) out.add(k[1] + " is not recorded (made by an earlier version)");
			else if (k[0].equals("inputArray")) out.add(k[1] + " differs (its zarr.json or .zarray: data type, chunks, compressor or fill value)");
			else out.add(k[1] + " differs (" + text(s) + " then; " + text(c) + " now)");
		}
		return out;
	}

	private static String text(final JsonElement e) {
		return e.isJsonPrimitive() ? e.getAsString() : e.toString();
	}
}
