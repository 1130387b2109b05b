/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sc.fiji.diffusion.spark.zarr.ChunkedVolume;
import sc.fiji.diffusion.spark.zarr.TiffVolumes;
import sc.fiji.diffusion.spark.zarr.ZarrCompressor;

/** {@code convert}: a TIFF stack to OME-Zarr (or a plain Zarr array), or a Zarr volume to a TIFF stack, voxel size carried over. */
@Command(name = "convert", mixinStandardHelpOptions = true,
	description = "Convert a TIFF stack to OME-Zarr (v2 or v3) or a Zarr volume (plain or OME) to a 32-bit TIFF stack; the voxel size is carried over.")
public final class ConvertCommand implements Callable<Integer> {

	@Option(names = "--input", required = true, description = "A .tif stack, or a Zarr volume folder.")
	Path input;

	@Option(names = "--output", required = true, description = "A Zarr folder (from a TIFF; not named .tif) or a .tif file (from Zarr); must not exist for Zarr.")
	Path output;

	/** The Zarr output's defaults (options left null when not given, so that a Zarr -> TIFF run can refuse them). */
	private static final int DEFAULT_FORMAT = 3;
	private static final String DEFAULT_CHUNKS = "256,256,32", DEFAULT_COMPRESSOR = "zstd";

	@Option(names = "--zarr-format", description = "TIFF -> Zarr: Zarr format of the output: 2 (OME-NGFF 0.4) or 3 (OME-NGFF 0.5) (default: " + DEFAULT_FORMAT + ").")
	Integer format;

	@Option(names = "--plain", description = "TIFF -> Zarr: write a plain Zarr array instead of an OME-Zarr image.")
	boolean plain;

	@Option(names = "--chunks", split = ",", description = "TIFF -> Zarr: chunk size x,y,z (default: " + DEFAULT_CHUNKS + ").")
	int[] chunks;

	@Option(names = "--compressor", description = "TIFF -> Zarr: none, zlib, gzip, zstd or blosc (lz4, byte shuffle; Python zarr's default) (default: " + DEFAULT_COMPRESSOR + ").")
	String compressor;

	@Override
	public Integer call() throws Exception {
		if (isTiff(input)) {
			if (isTiff(output))
				throw new IllegalArgumentException("A TIFF input converts to Zarr, but the output " + output + " is named like a TIFF file: name a Zarr folder (e.g. .ome.zarr)");
			final int f = format == null ? DEFAULT_FORMAT : format;
			if (f != 2 && f != 3) throw new IllegalArgumentException("--zarr-format must be 2 or 3, got " + f);
			final ChunkedVolume v = TiffVolumes.toZarr(input, output, f, plain, RestoreVolumeCommand.zyx(chunks != null ? chunks
				: java.util.Arrays.stream(DEFAULT_CHUNKS.split(",")).mapToInt(Integer::parseInt).toArray(), "--chunks"),
				ZarrCompressor.of(compressor == null ? DEFAULT_COMPRESSOR : compressor));
			System.out.println("Wrote " + output + ": " + v);
		}
		else {
			if (!isTiff(output))
				throw new IllegalArgumentException("A Zarr input converts to a TIFF stack, but the output " + output + " is not named .tif or .tiff");
			final java.util.List<String> unused = new java.util.ArrayList<>();
			if (format != null) unused.add("--zarr-format");
			if (plain) unused.add("--plain");
			if (chunks != null) unused.add("--chunks");
			if (compressor != null) unused.add("--compressor");
			if (!unused.isEmpty())
				throw new IllegalArgumentException(String.join(", ", unused) + " set" + (unused.size() == 1 ? "s" : "") + " the Zarr output of a TIFF -> Zarr conversion and "
					+ (unused.size() == 1 ? "does" : "do") + " nothing for Zarr -> TIFF: leave " + (unused.size() == 1 ? "it" : "them") + " out");
			TiffVolumes.toTiff(input, output);
			System.out.println("Wrote " + output + " from " + ChunkedVolume.open(input));
		}
		return 0;
	}

	private static boolean isTiff(final Path p) {
		return p.getFileName() != null && p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).matches(".*\\.tiff?$");
	}
}
