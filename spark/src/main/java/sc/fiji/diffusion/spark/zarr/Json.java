/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.zarr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import sc.fiji.diffusion.io.AtomicFiles;

/** The few JSON helpers Zarr metadata needs: read, write atomically, number arrays. */
final class Json {

	private Json() {}

	static JsonObject read(final Path file) throws IOException {
		try {
			return JsonParser.parseString(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).getAsJsonObject();
		}
		catch (final RuntimeException e) {
			throw new IOException(file + ": not a JSON object (" + e.getMessage() + ")", e);
		}
	}

	/** Writes {@code json} pretty-printed to {@code file} atomically ({@link AtomicFiles}). */
	static void writeAtomically(final Path file, final JsonElement json) throws IOException {
		AtomicFiles.write(file, new GsonBuilder().setPrettyPrinting().serializeNulls().serializeSpecialFloatingPointValues().create().toJson(json));
	}

	static String string(final JsonObject o, final String key) {
		return o != null && o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
	}

	static long[] longs(final JsonArray a) {
		final long[] out = new long[a.size()];
		for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsLong();
		return out;
	}

	static int[] ints(final JsonArray a) {
		final int[] out = new int[a.size()];
		for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
		return out;
	}

	static double[] doubles(final JsonArray a) {
		final double[] out = new double[a.size()];
		for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsDouble();
		return out;
	}

	static JsonArray array(final long[] v) {
		final JsonArray a = new JsonArray();
		for (final long x : v) a.add(x);
		return a;
	}

	static JsonArray array(final int[] v) {
		final JsonArray a = new JsonArray();
		for (final int x : v) a.add(x);
		return a;
	}

	static JsonArray array(final double[] v) {
		final JsonArray a = new JsonArray();
		for (final double x : v) a.add(x);
		return a;
	}
}
