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

	@Option(names = "--output", required = true, description = "A Zarr folder (from a TIFF) or a .tif file (from Zarr); must not exist for Zarr.")
	Path output;

	@Option(names = "--zarr-format", defaultValue = "3", description = "Zarr format of the output: 2 (OME-NGFF 0.4) or 3 (OME-NGFF 0.5) (default: ${DEFAULT-VALUE}).")
	int format;

	@Option(names = "--plain", description = "Write a plain Zarr array instead of an OME-Zarr image.")
	boolean plain;

	@Option(names = "--chunks", defaultValue = "256,256,32", split = ",", description = "Chunk size x,y,z (default: ${DEFAULT-VALUE}).")
	int[] chunks;

	@Option(names = "--compressor", defaultValue = "zstd", description = "none, zlib, gzip, zstd or blosc (lz4, byte shuffle; Python zarr's default) (default: ${DEFAULT-VALUE}).")
	String compressor;

	@Override
	public Integer call() throws Exception {
		if (input.toString().toLowerCase(java.util.Locale.ROOT).matches(".*\\.tiff?$")) {
			if (format != 2 && format != 3) throw new IllegalArgumentException("--zarr-format must be 2 or 3, got " + format);
			final ChunkedVolume v = TiffVolumes.toZarr(input, output, format, plain, RestoreVolumeCommand.zyx(chunks, "--chunks"), ZarrCompressor.of(compressor));
			System.out.println("Wrote " + output + ": " + v);
		}
		else {
			TiffVolumes.toTiff(input, output);
			System.out.println("Wrote " + output + " from " + ChunkedVolume.open(input));
		}
		return 0;
	}
}
