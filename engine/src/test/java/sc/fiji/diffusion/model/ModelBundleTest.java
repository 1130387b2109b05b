/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import static org.junit.jupiter.api.Assertions.*;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.schedule.NoiseSchedule;

class ModelBundleTest {

	@TempDir Path dir;

	private ModelBundle tinyBundle() {
		final ModelConfig config = ModelConfig.of(TestNetworks.tinyConfig(), NoiseSchedule.linear(1000));
		config.name = "tiny";
		config.training.command = "java -jar diffusion-fiji.jar train --data x";
		return new ModelBundle(config, TestNetworks.perturbedWeights(TestNetworks.tinyConfig(), 4));
	}

	@Test
	void roundTripIsBitExact() throws IOException {
		final ModelBundle bundle = tinyBundle();
		final Path zip = dir.resolve("tiny.zip");
		bundle.write(zip);
		final ModelBundle back = ModelBundle.read(zip);
		assertEquals(bundle.config.toJson(), back.config.toJson());
		assertEquals(bundle.weights.asMap().keySet(), back.weights.asMap().keySet());
		for (final String name : bundle.weights.asMap().keySet()) {
			assertArrayEquals(bundle.weights.get(name).shape, back.weights.get(name).shape, name);
			assertArrayEquals(bundle.weights.get(name).values, back.weights.get(name).values, name);
		}
		final Batch x = GaussianNoise.like(Batch.zeros(1, 12, 12, 1), 3);
		try (TfEpsModel a = bundle.newModel("a"); LoadedModel b = Models.open(zip.toString())) {
			assertArrayEquals(a.eps(x, new int[] { 200 }).data(), b.eps.eps(x, new int[] { 200 }).data());
			assertEquals("tiny", b.config.name);
		}
	}

	@Test
	void trainingStatisticsRoundTripAndAreValidated() throws IOException {
		final ModelBundle bundle = tinyBundle();
		bundle.config.statistics = new ModelConfig.Statistics(-0.69, 0.27, 64, 1000);
		final Path zip = dir.resolve("stats.zip");
		bundle.write(zip);
		final ModelConfig back = ModelBundle.read(zip).config;
		assertEquals(-0.69, back.statistics.mean);
		assertEquals(0.27, back.statistics.patchMeanStd);
		assertNull(tinyBundle().config.statistics, "optional: older bundles have none");
		final String json = bundle.config.toJson().replace("\"patchMeanStd\": 0.27", "\"patchMeanStd\": -1.0");
		final ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelConfig.fromJson(json, "x.zip"));
		assertTrue(e.getMessage().contains("invalid statistics"), e.getMessage());
	}

	@Test
	void npyIsNumpyFormat() throws IOException {
		final Weights.Tensor t = new Weights.Tensor(new long[] { 2, 3 }, new float[] { 1, 2, 3, 4, 5, 6.5f });
		final byte[] bytes = Npy.write(t);
		final String header = new String(bytes, 10, bytes[8], StandardCharsets.US_ASCII);
		assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
		assertEquals(0, (10 + header.length()) % 64, "numpy aligns the data to 64 bytes");
		assertArrayEquals(t.values, Npy.read(bytes, "t").values);
		assertArrayEquals(new long[] { 5 }, Npy.read(Npy.write(new Weights.Tensor(new long[] { 5 }, new float[5])), "v").shape);
	}

	private static void assertRefused(final Path zip, final String... fragments) {
		final IOException e = assertThrows(IOException.class, () -> Models.open(zip.toString()));
		for (final String f : fragments)
			assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
	}

	private Path zipOf(final String name, final Map<String, byte[]> entries) throws IOException {
		final Path zip = dir.resolve(name);
		try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
			for (final Map.Entry<String, byte[]> e : entries.entrySet()) {
				z.putNextEntry(new ZipEntry(e.getKey()));
				z.write(e.getValue());
				z.closeEntry();
			}
		}
		return zip;
	}

	@Test
	void missingFileIsNamed() {
		final FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> Models.open(dir.resolve("nope.zip").toString()));
		assertTrue(e.getMessage().contains("nope.zip"));
		assertTrue(e.getMessage().contains("bundled models"));
	}

	@Test
	void truncatedBundleIsRefused() throws IOException {
		final Path zip = dir.resolve("full.zip");
		tinyBundle().write(zip);
		final byte[] bytes = Files.readAllBytes(zip);
		final Path cut = dir.resolve("cut.zip");
		Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
		assertRefused(cut, "cut.zip");
		final Path garbage = dir.resolve("garbage.zip");
		Files.write(garbage, "this is not a zip".getBytes(StandardCharsets.US_ASCII));
		assertRefused(garbage, "garbage.zip");
	}

	@Test
	void corruptConfigIsRefused() throws IOException {
		assertRefused(zipOf("json.zip", Map.of("config.json", "{ not json".getBytes(StandardCharsets.UTF_8))), "not valid JSON");
		final String newer = tinyBundle().config.toJson().replace("\"formatVersion\": 1", "\"formatVersion\": 99");
		assertRefused(zipOf("newer.zip", Map.of("config.json", newer.getBytes(StandardCharsets.UTF_8))), "format version 99", "update the plugin");
		final String badArch = tinyBundle().config.toJson().replace("\"baseWidth\": 8", "\"baseWidth\": 7");
		assertRefused(zipOf("arch.zip", Map.of("config.json", badArch.getBytes(StandardCharsets.UTF_8))), "invalid config.json", "divisible");
		assertRefused(zipOf("other.zip", Map.of("readme.txt", new byte[3])), "neither a model bundle");
	}

	@Test
	void weightsThatDoNotFitTheArchitectureAreRefused() throws IOException {
		final ModelBundle b = tinyBundle();
		final Weights fewer = new Weights();
		b.weights.asMap().forEach((k, v) -> { if (!k.equals("out.w")) fewer.put(k, v); });
		final Path missing = dir.resolve("missing.zip");
		new ModelBundle(b.config, fewer).write(missing);
		assertRefused(missing, "out.w", "do not match the architecture");

		final Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
		entries.put("config.json", b.config.toJson().getBytes(StandardCharsets.UTF_8));
		b.weights.asMap().forEach((k, v) -> entries.put("weights/" + k + ".npy", Npy.write(v)));
		final byte[] w = entries.get("weights/in.w.npy");
		entries.put("weights/in.w.npy", Arrays.copyOf(w, w.length - 8));
		assertRefused(zipOf("short.npy.zip", entries), "in.w.npy", "truncated");
	}

	@Test
	void parameterShapesAreThoseTheNetworkBuilds() {
		for (final UNetConfig c : new UNetConfig[] { TestNetworks.tinyConfig(), new UNetConfig(1, 8, new int[] { 1, 2 }, 1, true, 4),
			new UNetConfig(2, 6, new int[] { 1, 2, 3 }, 2, false, 3), new UNetConfig(1, 4, new int[] { 1 }, 1, true, 2) })
		{
			final Map<String, long[]> expected = new java.util.LinkedHashMap<>();
			VariableParameters.initialWeights(c, 1).asMap().forEach((k, v) -> expected.put(k, v.shape));
			final Map<String, long[]> shapes = c.parameterShapes();
			assertEquals(expected.keySet(), shapes.keySet(), c.toString());
			expected.forEach((k, v) -> assertArrayEquals(v, shapes.get(k), k));
			assertEquals(VariableParameters.initialWeights(c, 1).parameterCount(), c.parameterCount(), 0, c.toString());
		}
	}
}
