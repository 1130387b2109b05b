/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.diffusion.model.ModelConfig;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.spark.zarr.ChunkedVolume;

/**
 * What a run decides before any block is restored, the same for Spark and the single-JVM loop: the input,
 * the model bundle's bytes, the halo (at least the network's {@link ReceptiveField} and the PSF's extent,
 * unless given), the block grid, and the output: created like the input (same layout, voxel size; chunks
 * = blocks), or, when it exists, reopened only if it was made by the same request on the same input with
 * the same model bytes (its attribute {@value #ATTRIBUTE} holds their {@link OutputIdentity}), so that a
 * re-run continues it and any other run is refused before it writes a block. The input is only read.
 */
public final class VolumePlan {

	/** The output's root attribute holding the request and the volume statistics. */
	public static final String ATTRIBUTE = "diffusion-spark";

	public final ChunkedVolume input, output;
	public final VolumeRequest request;
	public final BlockGrid grid;
	public final byte[] model;
	public final String modelSha256;
	public final ModelConfig modelConfig;

	private VolumePlan(final ChunkedVolume input, final ChunkedVolume output, final VolumeRequest request, final BlockGrid grid, final byte[] model,
		final String modelSha256, final ModelConfig config)
	{
		this.input = input;
		this.output = output;
		this.request = request;
		this.grid = grid;
		this.model = model;
		this.modelSha256 = modelSha256;
		this.modelConfig = config;
	}

	/**
	 * Opens the input, reads the model, resolves the halo (unless the request has one) and opens or
	 * creates the output.
	 *
	 * @throws IllegalArgumentException if the output exists from another request, input or model bundle (the
	 *         message names what differs), or the output is the input, inside it or contains it, or the settings would fail every block
	 *         ({@link VolumeRequest#check}): nothing is created then
	 */
	public static VolumePlan prepare(final Path in, final Path out, final VolumeRequest request) throws IOException {
		final Path realIn = real(in), realOut = real(out);
		if (realOut.startsWith(realIn) || realIn.startsWith(realOut))
			throw new IllegalArgumentException("The output " + out + " and the input " + in + " overlap (" + (realOut.equals(realIn) ? "the same folder"
				: realOut.startsWith(realIn) ? "the output is inside the input" : "the output contains the input")
				+ "): the input is only read, and a run must not write into it; choose an --output outside " + in + " that does not contain it");
		final ChunkedVolume input = ChunkedVolume.open(in);
		final byte[] model = ModelBytes.read(request.modelName());
		final ModelConfig config = ModelBytes.config(model, request.modelName());
		request.check(config.noiseSchedule().steps());
		final int[] least = defaultHalo(config, request.psf());
		if (!request.hasHalo()) request.halo(least);
		final PointSpreadFunction psf = request.psf();
		if (psf != null) {
			final int[] h = request.halo(), d = psf.dims();
			if (h[1] < d[d.length - 2] || h[2] < d[d.length - 1] || d.length == 3 && h[0] < d[0])
				throw new IllegalArgumentException("The halo " + java.util.Arrays.toString(h) + " (z, y, x) is smaller than the PSF " + java.util.Arrays.toString(d)
					+ ": a block's border would miss the light its neighbours blur into it; use --halo " + Math.max(d[d.length - 1], d[d.length - 2]) + " or more");
		}
		final BlockGrid grid = new BlockGrid(input.array.shape(), request.block());
		final String sha256 = ModelBytes.sha256(model);
		final JsonObject identity = OutputIdentity.of(in, input, request.describe(), sha256);
		ChunkedVolume output;
		if (Files.exists(out)) {
			output = ChunkedVolume.open(out);
			final String stored = output.attribute(ATTRIBUTE);
			final List<String> differences = OutputIdentity.differences(stored == null ? null : JsonParser.parseString(stored).getAsJsonObject(), identity);
			if (!differences.isEmpty())
				throw new IllegalArgumentException(out + " exists but was not made by this request on this input with this model: " + String.join("; ", differences)
					+ ". Continuing it would mix its blocks with this run's: choose another --output, or delete " + out + " to start over");
		}
		else {
			output = ChunkedVolume.createLike(out, input, request.block());
			output.attribute(ATTRIBUTE, identity.toString());
		}
		return new VolumePlan(input, output, request, grid, model, sha256, config);
	}

	/** {@code p} absolute, normalised, links resolved in the part that exists (the rest appended). */
	static Path real(final Path p) throws IOException {
		final Path a = p.toAbsolutePath().normalize();
		Path existing = a;
		while (existing != null && !Files.exists(existing)) existing = existing.getParent();
		return existing == null ? a : existing.toRealPath().resolve(existing.relativize(a));
	}

	/**
	 * The default halo (z, y, x): in x and y the network's {@link ReceptiveField} or the PSF's size,
	 * whichever is larger; in z the 3D PSF's depth (0 for plane-by-plane restoration).
	 */
	public static int[] defaultHalo(final ModelConfig config, final PointSpreadFunction psf) {
		int xy = ReceptiveField.radius(config.unet()), z = 0;
		if (psf != null) {
			final int r = psf.rank();
			xy = Math.max(xy, Math.max(psf.size(r - 1), psf.size(r - 2)));
			if (r == 3) z = psf.size(0);
		}
		return new int[] { z, xy, xy };
	}

	/** The statistics stored by an earlier run of this request, or null. */
	public VolumeStatistics storedStatistics() throws IOException {
		final String stored = output.attribute(ATTRIBUTE);
		final JsonObject a = JsonParser.parseString(stored).getAsJsonObject();
		if (!a.has("pLow")) return null;
		return new VolumeStatistics(a.get("pLow").getAsDouble(), a.get("pHigh").getAsDouble(), a.get("noiseSigma").getAsDouble());
	}

	/** Stores the statistics with the request, so that a re-run does not compute them again. */
	public void store(final VolumeStatistics s) throws IOException {
		final JsonObject a = JsonParser.parseString(output.attribute(ATTRIBUTE)).getAsJsonObject();
		a.addProperty("pLow", s.pLow);
		a.addProperty("pHigh", s.pHigh);
		a.addProperty("noiseSigma", s.noiseSigma);
		output.attribute(ATTRIBUTE, a.toString());
	}

	/** The blocks whose output chunk is not written yet (a written chunk is complete: chunks are moved into place whole). */
	public List<long[]> pendingBlocks() {
		final List<long[]> out = new ArrayList<>();
		for (final long[] b : grid.blocks())
			if (!output.array.hasChunk(b)) out.add(b);
		return out;
	}
}
