/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.zarr;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * A 3D volume stored as Zarr: either a plain array (as Python's zarr writes it) or an OME-Zarr image
 * (OME-NGFF 0.4 on Zarr v2, 0.5 on Zarr v3: a group whose {@code multiscales} metadata names the
 * full-resolution array, axes z, y, x and their voxel size). Only the full-resolution level is read and
 * written. {@link #createLike} makes an output of the same layout (plain or OME, v2 or v3) with the same
 * voxel size, as float32 with the chunks asked for.
 */
public final class ChunkedVolume implements Serializable {

	private static final long serialVersionUID = 1L;

	/** The folder given (the OME group, or the plain array). */
	private final String root;
	public final ZarrArray array;
	/** Whether {@link #root} is an OME-Zarr group. */
	public final boolean ome;
	/** Voxel size (z, y, x) and its unit; 1 and "" where the input has none (a plain array). */
	private final double[] voxelSize;
	public final String unit;

	private ChunkedVolume(final Path root, final ZarrArray array, final boolean ome, final double[] voxelSize, final String unit) {
		this.root = root.toAbsolutePath().toString();
		this.array = array;
		this.ome = ome;
		this.voxelSize = voxelSize.clone();
		this.unit = unit;
	}

	public Path root() { return java.nio.file.Paths.get(root); }

	/** (z, y, x), a copy. */
	public double[] voxelSize() { return voxelSize.clone(); }

	/** Opens a plain Zarr array or an OME-Zarr image (v2 or v3). */
	public static ChunkedVolume open(final Path dir) throws IOException {
		if (Files.isRegularFile(dir.resolve(".zarray"))) return new ChunkedVolume(dir, ZarrArray.open(dir), false, new double[] { 1, 1, 1 }, "");
		JsonObject attributes = null;
		if (Files.isRegularFile(dir.resolve("zarr.json"))) {
			final JsonObject m = Json.read(dir.resolve("zarr.json"));
			if ("array".equals(Json.string(m, "node_type"))) return new ChunkedVolume(dir, ZarrArray.open(dir), false, new double[] { 1, 1, 1 }, "");
			final JsonObject a = m.getAsJsonObject("attributes");
			attributes = a != null && a.has("ome") ? a.getAsJsonObject("ome") : a;
		}
		else if (Files.isRegularFile(dir.resolve(".zattrs"))) attributes = Json.read(dir.resolve(".zattrs"));
		if (attributes == null || !attributes.has("multiscales"))
			throw new IllegalArgumentException(dir + " is neither a Zarr array nor an OME-Zarr image (no multiscales metadata)");
		final JsonObject ms = attributes.getAsJsonArray("multiscales").get(0).getAsJsonObject();
		final JsonArray axes = ms.getAsJsonArray("axes");
		if (axes != null && axes.size() != 3)
			throw new IllegalArgumentException(dir + ": an OME-Zarr image with " + axes.size() + " axes; only z, y, x images are taken (split channels and time points first)");
		String unit = "";
		if (axes != null) {
			final JsonElement x = axes.get(2);
			if (x.isJsonObject() && x.getAsJsonObject().has("unit")) unit = x.getAsJsonObject().get("unit").getAsString();
		}
		final JsonObject level0 = ms.getAsJsonArray("datasets").get(0).getAsJsonObject();
		double[] scale = { 1, 1, 1 };
		final JsonArray transforms = level0.getAsJsonArray("coordinateTransformations");
		if (transforms != null)
			for (final JsonElement t : transforms)
				if ("scale".equals(Json.string(t.getAsJsonObject(), "type"))) scale = Json.doubles(t.getAsJsonObject().getAsJsonArray("scale"));
		return new ChunkedVolume(dir, ZarrArray.open(dir.resolve(level0.get("path").getAsString())), true, scale, unit);
	}

	/**
	 * Creates an empty float32 volume in {@code dir} (which must not exist or be empty) with the layout,
	 * shape and voxel size of {@code like}, chunks {@code chunks} (z, y, x) and {@code like}'s compressor.
	 */
	public static ChunkedVolume createLike(final Path dir, final ChunkedVolume like, final int[] chunks) throws IOException {
		return create(dir, like.array.format, like.ome, like.array.shape(), chunks, like.voxelSize, like.unit, like.array.compressor);
	}

	/**
	 * Creates an empty float32 volume: an OME-Zarr image (array "0" in a group with multiscales metadata,
	 * NGFF 0.4 for v2, 0.5 for v3) or, with {@code ome} false, a plain array.
	 */
	public static ChunkedVolume create(final Path dir, final int format, final boolean ome, final long[] shape, final int[] chunks, final double[] voxelSize,
		final String unit, final ZarrCompressor compressor) throws IOException
	{
		if (Files.isDirectory(dir)) try (java.util.stream.Stream<Path> s = Files.list(dir)) {
			if (s.findAny().isPresent()) throw new IllegalArgumentException(dir + " exists and is not empty");
		}
		if (!ome) return new ChunkedVolume(dir, ZarrArray.create(dir, format, shape, chunks, compressor), false, voxelSize, unit);
		Files.createDirectories(dir);
		final JsonObject ms = new JsonObject();
		if (format == 2) ms.addProperty("version", "0.4");
		ms.addProperty("name", dir.getFileName().toString());
		final JsonArray axes = new JsonArray();
		for (final String n : new String[] { "z", "y", "x" }) {
			final JsonObject a = new JsonObject();
			a.addProperty("name", n);
			a.addProperty("type", "space");
			if (!unit.isEmpty()) a.addProperty("unit", unit);
			axes.add(a);
		}
		ms.add("axes", axes);
		final JsonObject level0 = new JsonObject(), scale = new JsonObject();
		level0.addProperty("path", "0");
		scale.addProperty("type", "scale");
		scale.add("scale", Json.array(voxelSize));
		final JsonArray transforms = new JsonArray();
		transforms.add(scale);
		level0.add("coordinateTransformations", transforms);
		final JsonArray datasets = new JsonArray();
		datasets.add(level0);
		ms.add("datasets", datasets);
		final JsonArray multiscales = new JsonArray();
		multiscales.add(ms);
		final ZarrArray array = ZarrArray.create(dir.resolve("0"), format, shape, chunks, compressor);
		if (format == 2) {
			final JsonObject group = new JsonObject(), attrs = new JsonObject();
			group.addProperty("zarr_format", 2);
			Json.writeAtomically(dir.resolve(".zgroup"), group);
			attrs.add("multiscales", multiscales);
			Json.writeAtomically(dir.resolve(".zattrs"), attrs);
		}
		else {
			final JsonObject group = new JsonObject(), attrs = new JsonObject(), omeAttrs = new JsonObject();
			group.addProperty("zarr_format", 3);
			group.addProperty("node_type", "group");
			omeAttrs.addProperty("version", "0.5");
			omeAttrs.add("multiscales", multiscales);
			attrs.add("ome", omeAttrs);
			group.add("attributes", attrs);
			Json.writeAtomically(dir.resolve("zarr.json"), group);
		}
		return new ChunkedVolume(dir, array, true, voxelSize, unit);
	}

	/** The root attribute {@code key} as JSON text, or null (v2: .zattrs; v3: zarr.json's attributes). */
	public String attribute(final String key) throws IOException {
		final JsonObject a = attributes();
		return a.has(key) ? a.get(key).toString() : null;
	}

	/** Sets the root attribute {@code key} to the JSON {@code json}, rewriting the metadata file atomically. */
	public void attribute(final String key, final String json) throws IOException {
		final JsonElement v = com.google.gson.JsonParser.parseString(json);
		if (array.format == 2) {
			final Path f = root().resolve(".zattrs");
			final JsonObject a = Files.isRegularFile(f) ? Json.read(f) : new JsonObject();
			a.add(key, v);
			Json.writeAtomically(f, a);
		}
		else {
			final Path f = root().resolve("zarr.json");
			final JsonObject m = Json.read(f);
			if (!m.has("attributes")) m.add("attributes", new JsonObject());
			m.getAsJsonObject("attributes").add(key, v);
			Json.writeAtomically(f, m);
		}
	}

	private JsonObject attributes() throws IOException {
		if (array.format == 2) {
			final Path f = root().resolve(".zattrs");
			return Files.isRegularFile(f) ? Json.read(f) : new JsonObject();
		}
		final JsonObject m = Json.read(root().resolve("zarr.json"));
		return m.has("attributes") ? m.getAsJsonObject("attributes") : new JsonObject();
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%s%s, voxel %s %s", ome ? "OME-Zarr image, " : "plain array, ", array, Arrays.toString(voxelSize), unit);
	}
}
