/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.task.Restoration;

/**
 * The re-run check on real files: an existing output is continued only by the same request on the same
 * input with the same model bytes; another input (path or shape) or a model bundle replaced under the
 * same name is refused, naming what differs and what to do, before a block is written.
 */
class VolumePlanTest {

	@TempDir
	Path dir;

	private static VolumeRequest request(final String model) {
		return new VolumeRequest(Restoration.Task.DENOISE, new int[] { 2, 16, 16 }).halo(new int[] { 0, 8, 8 }).seed(5).model(model);
	}

	private Path volume(final String name, final int d, final int h, final int w) throws Exception {
		final Path p = dir.resolve(name);
		TestVolumes.write(p, TestVolumes.clean(d, h, w, 1), d, h, w, 3, true, new int[] { 2, 16, 16 });
		return p;
	}

	@Test
	void anOutputIsContinuedOnlyWithTheSameInput() throws Exception {
		final Path in = volume("in.ome.zarr", 4, 32, 32), out = dir.resolve("out.ome.zarr");
		assertEquals(8, VolumePlan.prepare(in, out, request(null)).pendingBlocks().size());
		// a true re-run, the input named another way (relative, with a detour): continued
		final Path relative = Paths.get("").toAbsolutePath().relativize(dir.resolve("x").resolve("..").resolve("in.ome.zarr"));
		assertEquals(8, VolumePlan.prepare(relative, out, request(null)).pendingBlocks().size());

		// another input of another shape
		final IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> VolumePlan.prepare(volume("wide.ome.zarr", 4, 32, 48), out, request(null)));
		assertTrue(shape.getMessage().contains("the input's path differs") && shape.getMessage().contains("the input's shape (z, y, x) differs")
			&& shape.getMessage().contains("[4,32,48] now") && shape.getMessage().contains("choose another --output, or delete"), shape.getMessage());
		// a copy of the same shape elsewhere: another input all the same
		final IllegalArgumentException path = assertThrows(IllegalArgumentException.class, () -> VolumePlan.prepare(volume("copy.ome.zarr", 4, 32, 32), out, request(null)));
		assertTrue(path.getMessage().contains("the input's path differs") && path.getMessage().contains("copy.ome.zarr now")
			&& !path.getMessage().contains("shape"), path.getMessage());
		// the same path, rewritten with another chunking: its metadata differs
		TestVolumes.write(dir.resolve("rechunked.ome.zarr"), TestVolumes.clean(4, 32, 32, 1), 4, 32, 32, 3, true, new int[] { 4, 32, 32 });
		final Path same = in.resolveSibling("in-moved.ome.zarr");
		Files.move(in, same);
		Files.move(dir.resolve("rechunked.ome.zarr"), in);
		final IllegalArgumentException meta = assertThrows(IllegalArgumentException.class, () -> VolumePlan.prepare(in, out, request(null)));
		assertTrue(meta.getMessage().contains("the input array's metadata differ") && !meta.getMessage().contains("path"), meta.getMessage());
		// another request
		assertTrue(assertThrows(IllegalArgumentException.class, () -> VolumePlan.prepare(same, out, request(null).seed(6))).getMessage().contains("the request differs"));
	}

	@Test
	void anOutputIsContinuedOnlyWithTheSameModelBytes() throws Exception {
		final Path in = volume("in.ome.zarr", 2, 16, 16), out = dir.resolve("out.ome.zarr"), model = dir.resolve("model.zip");
		Files.write(model, ModelBytes.read("fluorescence-2d"));
		final VolumePlan first = VolumePlan.prepare(in, out, request(model.toString()));
		assertEquals(first.modelSha256, VolumePlan.prepare(in, out, request(model.toString())).modelSha256, "a true re-run is continued");
		// the model reinstalled under the same name with other weights
		Files.write(model, ModelBytes.read("demo-cells"));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VolumePlan.prepare(in, out, request(model.toString())));
		assertTrue(e.getMessage().contains("the model bundle's SHA-256 differs (" + first.modelSha256 + " then;") && !e.getMessage().contains("request differs"),
			e.getMessage());
		assertTrue(e.getMessage().contains("choose another --output, or delete " + out), e.getMessage());
	}

	/**
	 * Settings that every block would refuse (or that do nothing) are refused by the plan, before the
	 * output exists, so that the corrected request runs on the same --output.
	 */
	@Test
	void settingsEveryBlockWouldRefuseCreateNoOutput() throws Exception {
		final Path in = volume("in.ome.zarr", 2, 16, 16), out = dir.resolve("out.ome.zarr");
		final VolumeRequest deconvolve = new VolumeRequest(Restoration.Task.DECONVOLVE, new int[] { 2, 16, 16 }).halo(new int[] { 0, 16, 16 })
			.psf(sc.fiji.diffusion.operator.Psfs.gaussian2D(1));
		final Object[][] refused = { { request(null).method("fast").steps(5000), "Number of steps must be in [1, 1000]" },
			{ deconvolve.method("mmse"), "mmse is a one-step denoiser" }, { request(null).noiseSigma(-3), "Noise sigma must be finite and >= 0, got -3" },
			{ request(null).steps(20), "steps (20) do nothing for mmse" }, { request(null).method("mmse").steps(20), "steps (20) do nothing for mmse" } };
		for (final Object[] r : refused) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VolumePlan.prepare(in, out, (VolumeRequest) r[0]));
			assertTrue(e.getMessage().contains((String) r[1]), e.getMessage());
			assertTrue(!Files.exists(out), "nothing is created for a refused request: " + r[1]);
		}
		// the corrected request runs on the same output
		assertEquals(1, VolumePlan.prepare(in, out, request(null).method("fast").steps(50)).pendingBlocks().size());
	}

	/** An output inside the input, or one containing it, is refused naming both, without advice to delete either; nothing is written. */
	@Test
	void anOutputOverlappingTheInputIsRefused() throws Exception {
		final Path plain = dir.resolve("plain.zarr");
		TestVolumes.write(plain, TestVolumes.clean(2, 16, 16, 1), 2, 16, 16, 2, false, new int[] { 2, 16, 16 });
		final Path ome = volume("ome.zarr", 2, 16, 16);
		final Path[][] cases = { { plain, plain.resolve("sub") }, { plain, plain }, { ome.resolve("0"), ome }, { plain, dir.resolve("x").resolve("..").resolve("plain.zarr/a/b") } };
		for (final Path[] c : cases) {
			final String[] before;
			try (java.util.stream.Stream<Path> files = Files.walk(c[0])) {
				before = files.map(Path::toString).sorted().toArray(String[]::new);
			}
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VolumePlan.prepare(c[0], c[1], request(null)));
			assertTrue(e.getMessage().contains("The output " + c[1] + " and the input " + c[0] + " overlap") && !e.getMessage().contains("delete"), e.getMessage());
			try (java.util.stream.Stream<Path> files = Files.walk(c[0])) {
				org.junit.jupiter.api.Assertions.assertArrayEquals(before, files.map(Path::toString).sorted().toArray(String[]::new), "the input is untouched");
			}
		}
	}
}
