/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import java.io.IOException;
import java.nio.file.Path;

/** {@link TestVolumes} for the benchmarks in other packages. */
public final class TestVolumesAccess {

	private TestVolumesAccess() {}

	/** A noisy synthetic volume (spots, noise sigma 40) written as OME-Zarr v3 with chunks of 32x64x64 (x, y, z order reversed). */
	public static Path noisyVolume(final Path dir, final int d, final int h, final int w) throws IOException {
		TestVolumes.write(dir, TestVolumes.noisy(TestVolumes.clean(d, h, w, 1), 40, 2), d, h, w, 3, true, new int[] { Math.min(d, 32), 64, 64 });
		return dir;
	}

	public static double maxRelativeDifference(final Path a, final Path b) throws IOException {
		return TestVolumes.maxRelativeDifference(TestVolumes.read(a), TestVolumes.read(b));
	}
}
