/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.zarr;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import sc.fiji.diffusion.io.AtomicFiles;

/**
 * One 3D Zarr array (v2 or v3) on a file system, axes (z, y, x), C order: its metadata and its chunks.
 * Chunks are read as floats (missing chunks are the fill value) and written as float32, each
 * atomically: the encoded chunk goes to a temporary file beside its key, which is then moved onto the
 * key ({@link #writeChunk}), so a reader (or a re-run that checks {@link #hasChunk}) never sees half a
 * chunk. Serializable (a path and the metadata) so that Spark tasks can carry it.
 * <p>
 * Taken: v2 with {@code order} C, no filters, compressor none, zlib, gzip, zstd or blosc, dimension
 * separator '.' or '/'; v3 with the regular chunk grid, the default or v2 chunk key encoding, codecs
 * {@code bytes} (+ {@code gzip}, {@code zstd} or {@code blosc}). Not taken (clear errors): sharding,
 * transposes, Blosc 2 extended headers, more or fewer than 3 dimensions.
 */
public final class ZarrArray implements Serializable {

	private static final long serialVersionUID = 1L;

	private final String path;
	/** 2 or 3. */
	public final int format;
	private final long[] shape;
	private final int[] chunks;
	public final ZarrDataType type;
	private final boolean bigEndian;
	public final ZarrCompressor compressor;
	private final float fill;
	/** The chunk key's separator, and for v3 whether keys start with "c" (the default encoding). */
	private final String separator;
	private final boolean prefixed;

	private ZarrArray(final Path path, final int format, final long[] shape, final int[] chunks, final ZarrDataType type, final ByteOrder order,
		final ZarrCompressor compressor, final float fill, final String separator, final boolean prefixed)
	{
		if (shape.length != 3 || chunks.length != 3)
			throw new IllegalArgumentException(path + ": a " + shape.length + "-dimensional array; only 3D arrays (z, y, x) are taken");
		for (int d = 0; d < 3; d++)
			if (shape[d] < 1 || chunks[d] < 1) throw new IllegalArgumentException(path + ": shape " + Arrays.toString(shape) + " / chunks " + Arrays.toString(chunks) + " must be positive");
		if ((long) chunks[0] * chunks[1] * chunks[2] * Math.max(4, type.bytes) > Integer.MAX_VALUE)
			throw new IllegalArgumentException(path + ": chunks of " + Arrays.toString(chunks) + " are larger than 2 GB");
		final String metadata = path.resolve(format == 2 ? ".zarray" : "zarr.json").toString();
		// planes and block regions are read into one Java array each, and plane numbers are ints: refuse before anything is allocated
		if (shape[0] > Integer.MAX_VALUE || shape[1] > Integer.MAX_VALUE || shape[2] > Integer.MAX_VALUE || shape[1] * shape[2] > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException(metadata + ": shape " + Arrays.toString(shape) + " (z, y, x) cannot be held: a plane (y x) has more than 2^31 voxels"
				+ " (or a size is beyond 2^31); is the metadata damaged?");
		final long count = ((shape[0] + chunks[0] - 1) / chunks[0]) * ((shape[1] + chunks[1] - 1) / chunks[1]);
		if (count > Integer.MAX_VALUE || count * ((shape[2] + chunks[2] - 1) / chunks[2]) > Integer.MAX_VALUE)
			throw new IllegalArgumentException(metadata + ": shape " + Arrays.toString(shape) + " in chunks of " + Arrays.toString(chunks)
				+ " makes more than 2^31 chunks; is the metadata damaged?");
		this.path = path.toAbsolutePath().toString();
		this.format = format;
		this.shape = shape.clone();
		this.chunks = chunks.clone();
		this.type = type;
		this.bigEndian = order == ByteOrder.BIG_ENDIAN;
		this.compressor = compressor;
		this.fill = fill;
		this.separator = separator;
		this.prefixed = prefixed;
	}

	/** The array's folder. */
	public Path path() { return Paths.get(path); }

	/** (z, y, x), a copy. */
	public long[] shape() { return shape.clone(); }

	/** Chunk shape (z, y, x), a copy. */
	public int[] chunks() { return chunks.clone(); }

	/** Opens the array in folder {@code dir} (v3 {@code zarr.json} or v2 {@code .zarray}). */
	public static ZarrArray open(final Path dir) throws IOException {
		if (Files.isRegularFile(dir.resolve("zarr.json"))) {
			final JsonObject m = Json.read(dir.resolve("zarr.json"));
			if (!"array".equals(Json.string(m, "node_type"))) throw new IllegalArgumentException(dir + " is a Zarr v3 group, not an array");
			return v3(dir, m);
		}
		if (Files.isRegularFile(dir.resolve(".zarray"))) return v2(dir, Json.read(dir.resolve(".zarray")));
		throw new NoSuchFileException(dir + ": no Zarr array (neither zarr.json nor .zarray)");
	}

	private static ZarrArray v2(final Path dir, final JsonObject m) {
		if (m.has("order") && !"C".equals(m.get("order").getAsString())) throw new IllegalArgumentException(dir + ": Fortran-order arrays are not taken");
		if (m.has("filters") && !m.get("filters").isJsonNull()) throw new IllegalArgumentException(dir + ": arrays with filters are not taken");
		final String dtype = required(dir, ".zarray", m, "dtype").getAsString();
		required(dir, ".zarray", m, "shape");
		required(dir, ".zarray", m, "chunks");
		final JsonElement c = m.get("compressor");
		final ZarrCompressor comp = c == null || c.isJsonNull() ? ZarrCompressor.NONE : ZarrCompressor.of(c.getAsJsonObject().get("id").getAsString());
		final String sep = m.has("dimension_separator") ? m.get("dimension_separator").getAsString() : ".";
		return new ZarrArray(dir, 2, Json.longs(m.getAsJsonArray("shape")), Json.ints(m.getAsJsonArray("chunks")), ZarrDataType.ofV2(dtype), ZarrDataType.orderOfV2(dtype),
			comp, fill(m.get("fill_value")), sep, false);
	}

	/** The field {@code key} of the metadata {@code file} in {@code dir}, refused clearly where it is missing or null. */
	private static JsonElement required(final Path dir, final String file, final JsonObject m, final String key) {
		final JsonElement e = m.get(key);
		if (e == null || e.isJsonNull()) throw new IllegalArgumentException(dir.resolve(file) + ": the required field \"" + key + "\" is missing");
		return e;
	}

	private static ZarrArray v3(final Path dir, final JsonObject m) {
		for (final String key : new String[] { "shape", "data_type", "chunk_grid", "codecs" }) required(dir, "zarr.json", m, key);
		final JsonObject grid = m.getAsJsonObject("chunk_grid");
		if (!"regular".equals(Json.string(grid, "name"))) throw new IllegalArgumentException(dir + ": chunk grid " + grid + " is not taken (only regular)");
		final int[] chunks = Json.ints(grid.getAsJsonObject("configuration").getAsJsonArray("chunk_shape"));
		String sep = "/";
		boolean prefixed = true;
		final JsonObject enc = m.getAsJsonObject("chunk_key_encoding");
		if (enc != null) {
			prefixed = !"v2".equals(Json.string(enc, "name"));
			sep = prefixed ? "/" : ".";
			final JsonObject conf = enc.getAsJsonObject("configuration");
			if (conf != null && conf.has("separator")) sep = conf.get("separator").getAsString();
		}
		ByteOrder order = ByteOrder.LITTLE_ENDIAN;
		ZarrCompressor comp = ZarrCompressor.NONE;
		for (final JsonElement e : m.getAsJsonArray("codecs")) {
			final JsonObject codec = e.getAsJsonObject();
			final String name = Json.string(codec, "name");
			if ("bytes".equals(name)) {
				final JsonObject conf = codec.getAsJsonObject("configuration");
				if (conf != null && "big".equals(Json.string(conf, "endian"))) order = ByteOrder.BIG_ENDIAN;
			}
			else if ("sharding_indexed".equals(name) || "transpose".equals(name)) throw new IllegalArgumentException(dir + ": the codec " + name + " is not taken");
			else comp = ZarrCompressor.of(name);
		}
		return new ZarrArray(dir, 3, Json.longs(m.getAsJsonArray("shape")), chunks, ZarrDataType.ofV3(Json.string(m, "data_type")), order, comp,
			fill(m.get("fill_value")), sep, prefixed);
	}

	private static float fill(final JsonElement e) {
		if (e == null || e.isJsonNull()) return 0;
		if (e.getAsJsonPrimitive().isString()) {
			final String s = e.getAsString();
			return s.equals("NaN") ? Float.NaN : s.equals("Infinity") ? Float.POSITIVE_INFINITY : s.equals("-Infinity") ? Float.NEGATIVE_INFINITY : 0;
		}
		if (e.getAsJsonPrimitive().isBoolean()) return e.getAsBoolean() ? 1 : 0;
		return e.getAsFloat();
	}

	/**
	 * Creates a float32 array in {@code dir} (which must not hold an array yet; its metadata file is
	 * written atomically) in Zarr {@code format} 2 or 3 with the given shape, chunks and compressor.
	 */
	public static ZarrArray create(final Path dir, final int format, final long[] shape, final int[] chunks, final ZarrCompressor compressor) throws IOException {
		final ZarrArray a = new ZarrArray(dir, format, shape, chunks, ZarrDataType.FLOAT32, ByteOrder.LITTLE_ENDIAN, compressor, 0, format == 2 ? "." : "/", format == 3);
		Files.createDirectories(dir);
		final JsonObject m = new JsonObject();
		m.addProperty("zarr_format", format);
		if (format == 2) {
			m.add("shape", Json.array(shape));
			m.add("chunks", Json.array(chunks));
			m.addProperty("dtype", ZarrDataType.FLOAT32.v2Name(ByteOrder.LITTLE_ENDIAN));
			if (compressor == ZarrCompressor.NONE) m.add("compressor", com.google.gson.JsonNull.INSTANCE);
			else {
				final JsonObject c = new JsonObject();
				c.addProperty("id", compressor.id());
				if (compressor == ZarrCompressor.BLOSC) blosc(c, false);
				else c.addProperty("level", compressor == ZarrCompressor.ZSTD ? 3 : 1);
				m.add("compressor", c);
			}
			m.addProperty("fill_value", 0.0);
			m.addProperty("order", "C");
			m.add("filters", com.google.gson.JsonNull.INSTANCE);
			m.addProperty("dimension_separator", ".");
			Json.writeAtomically(dir.resolve(".zarray"), m);
		}
		else {
			m.addProperty("node_type", "array");
			m.add("shape", Json.array(shape));
			m.addProperty("data_type", "float32");
			final JsonObject grid = new JsonObject(), gridConf = new JsonObject();
			grid.addProperty("name", "regular");
			gridConf.add("chunk_shape", Json.array(chunks));
			grid.add("configuration", gridConf);
			m.add("chunk_grid", grid);
			final JsonObject enc = new JsonObject(), encConf = new JsonObject();
			enc.addProperty("name", "default");
			encConf.addProperty("separator", "/");
			enc.add("configuration", encConf);
			m.add("chunk_key_encoding", enc);
			m.addProperty("fill_value", 0.0);
			final JsonArray codecs = new JsonArray();
			final JsonObject bytes = new JsonObject(), bytesConf = new JsonObject();
			bytes.addProperty("name", "bytes");
			bytesConf.addProperty("endian", "little");
			bytes.add("configuration", bytesConf);
			codecs.add(bytes);
			if (compressor != ZarrCompressor.NONE) {
				final JsonObject c = new JsonObject(), conf = new JsonObject();
				c.addProperty("name", compressor.id());
				if (compressor == ZarrCompressor.BLOSC) blosc(conf, true);
				else conf.addProperty("level", compressor == ZarrCompressor.ZSTD ? 3 : 1);
				if (compressor == ZarrCompressor.ZSTD) conf.addProperty("checksum", false);
				c.add("configuration", conf);
				codecs.add(c);
			}
			m.add("codecs", codecs);
			final JsonArray names = new JsonArray();
			for (final String n : new String[] { "z", "y", "x" }) names.add(n);
			m.add("dimension_names", names);
			m.add("attributes", new JsonObject());
			Json.writeAtomically(dir.resolve("zarr.json"), m);
		}
		return a;
	}

	/**
	 * The Blosc parameters of what {@link BloscFrames#compress} writes for float32 (lz4, byte shuffle),
	 * as numcodecs (v2: shuffle 1) or the v3 codec (shuffle "shuffle", typesize) names them; clevel 5
	 * and blocksize 0 (automatic) are what Python uses if it rewrites the array.
	 */
	private static void blosc(final JsonObject c, final boolean v3) {
		c.addProperty("cname", "lz4");
		c.addProperty("clevel", 5);
		if (v3) {
			c.addProperty("shuffle", "shuffle");
			c.addProperty("typesize", ZarrDataType.FLOAT32.bytes);
		}
		else c.addProperty("shuffle", 1);
		c.addProperty("blocksize", 0);
	}

	/** Number of chunks along axis d. */
	public long chunkCount(final int d) { return (shape[d] + chunks[d] - 1) / chunks[d]; }

	/** The file of chunk (cz, cy, cx). */
	public Path chunkFile(final long... c) {
		final String key = (prefixed ? "c" + separator : "") + c[0] + separator + c[1] + separator + c[2];
		return path().resolve(key.replace('/', java.io.File.separatorChar));
	}

	/** Whether chunk (cz, cy, cx) has been written (a chunk file is complete once it exists, see {@link #writeChunk}). */
	public boolean hasChunk(final long... c) { return Files.isRegularFile(chunkFile(c)); }

	/** Values per chunk. */
	public int chunkSize() { return chunks[0] * chunks[1] * chunks[2]; }

	/** Chunk (cz, cy, cx) as floats, C order over the full chunk shape; the fill value where it is missing. */
	public float[] readChunk(final long... c) throws IOException {
		final float[] out = new float[chunkSize()];
		final Path f = chunkFile(c);
		if (!Files.isRegularFile(f)) {
			Arrays.fill(out, fill);
			return out;
		}
		final byte[] raw = compressor.decompress(Files.readAllBytes(f), out.length * type.bytes);
		type.decode(raw, bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, out);
		return out;
	}

	/**
	 * Writes chunk (cz, cy, cx) from {@code values} (the full chunk shape, C order) atomically
	 * ({@link AtomicFiles}: a temporary file in the chunk's folder, moved onto the chunk's key in one step).
	 */
	public void writeChunk(final float[] values, final long... c) throws IOException {
		if (values.length != chunkSize()) throw new IllegalArgumentException("A chunk has " + chunkSize() + " values, got " + values.length);
		final Path f = chunkFile(c);
		Files.createDirectories(f.getParent());
		AtomicFiles.write(f, compressor.compress(type.encode(values, bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN), type.bytes));
	}

	/**
	 * The values of the box {@code [from, from + size)} (z, y, x), C order; the box must lie inside the
	 * array. Reads each chunk it touches once.
	 */
	public float[] read(final long[] from, final int[] size) throws IOException {
		for (int d = 0; d < 3; d++)
			if (from[d] < 0 || size[d] < 0 || from[d] + size[d] > shape[d])
				throw new IllegalArgumentException("Box " + Arrays.toString(from) + " + " + Arrays.toString(size) + " outside the array " + Arrays.toString(shape));
		final float[] out = new float[size[0] * size[1] * size[2]];
		if (out.length == 0) return out;
		for (long cz = from[0] / chunks[0]; cz * chunks[0] < from[0] + size[0]; cz++)
			for (long cy = from[1] / chunks[1]; cy * chunks[1] < from[1] + size[1]; cy++)
				for (long cx = from[2] / chunks[2]; cx * chunks[2] < from[2] + size[2]; cx++) {
					final float[] chunk = readChunk(cz, cy, cx);
					final long z0 = Math.max(from[0], cz * chunks[0]), z1 = Math.min(from[0] + size[0], (cz + 1) * chunks[0]);
					final long y0 = Math.max(from[1], cy * chunks[1]), y1 = Math.min(from[1] + size[1], (cy + 1) * chunks[1]);
					final long x0 = Math.max(from[2], cx * chunks[2]), x1 = Math.min(from[2] + size[2], (cx + 1) * chunks[2]);
					for (long z = z0; z < z1; z++)
						for (long y = y0; y < y1; y++) {
							final int src = (int) (((z - cz * chunks[0]) * chunks[1] + (y - cy * chunks[1])) * chunks[2] + (x0 - cx * chunks[2]));
							final int dst = (int) (((z - from[0]) * size[1] + (y - from[1])) * size[2] + (x0 - from[2]));
							System.arraycopy(chunk, src, out, dst, (int) (x1 - x0));
						}
				}
		return out;
	}

	@Override
	public String toString() {
		return String.format(java.util.Locale.ROOT, "Zarr v%d %s %s, chunks %s, %s", format, type.v3Name(), Arrays.toString(shape), Arrays.toString(chunks), compressor.id());
	}
}
