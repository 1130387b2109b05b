/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffusion.testdata.SampleData;

/** The harness end to end on a tiny setting (small crops, one slice per volume, the small demo-cells prior for both parts). */
class QualityBenchmarkTest {

	@Test
	void tinyRunCoversEveryDegradationAndWritesTheReport(@TempDir final Path dir) throws Exception {
		SampleData.ijTestImages();
		SampleData.mri(SampleData.EXAMPLE_4D);
		SampleData.mri(SampleData.PIESNO);
		final QualityBenchmark.Options o = QualityBenchmark.Options.parse("--quick", "--crop", "48", "--no-bart", "--fluorescence-model", "demo-cells",
			"--mri-model", "demo-cells", "--data", SampleData.repoRoot().resolve("data").toString(), "--output", dir.resolve("r.md").toString());
		final ByteArrayOutputStream log = new ByteArrayOutputStream();
		final QualityBenchmark.Report r = QualityBenchmark.run(o, new PrintStream(log, true, "UTF-8"));
		for (final BenchCase.Kind k : BenchCase.Kind.values()) {
			final List<QualityBenchmark.Row> rows = r.of(k);
			// one image per degradation, two MRI volumes: input, baselines and the default method
			assertEquals(k.task.equals("mri") ? 2 : 1, rows.stream().filter(x -> x.isDefault).count(), k + ": default rows");
			assertEquals(rows.stream().filter(x -> x.isDefault).count(), rows.stream().filter(x -> x.isInput).count(), k + ": input rows");
			for (final QualityBenchmark.Row x : rows) assertTrue(Double.isFinite(x.psnr) && x.ssim <= 1, k + " " + x.method + ": " + x.psnr);
			if (!k.task.equals("mri")) {
				// the tuned baselines beat the input they start from
				final double input = rows.stream().filter(x -> x.isInput).findFirst().get().psnr;
				assertTrue(rows.stream().anyMatch(x -> !x.diffusion && !x.isInput && x.psnr > input + 1), k + ": no baseline beats the input");
			}
		}
		final String md = new String(Files.readAllBytes(dir.resolve("r.md")), StandardCharsets.UTF_8);
		assertTrue(md.contains("## Summary"), md);
		for (final BenchCase.Kind k : BenchCase.Kind.values()) assertTrue(md.contains(k.title), "report lacks " + k.title);
		assertTrue(md.contains("demo-cells"), "report names the model");
		assertTrue(md.contains("oracle-tuned"), "report says the baselines are oracle-tuned");
	}

	@Test
	void rejectsUnknownOptions() {
		assertThrows(IllegalArgumentException.class, () -> QualityBenchmark.Options.parse("--fast"));
		assertThrows(IllegalArgumentException.class, () -> QualityBenchmark.Options.parse("--crop"));
		assertEquals(96, QualityBenchmark.Options.parse("--quick").crop);
		assertThrows(IllegalArgumentException.class, () -> QualityBenchmark.Options.parse("--tasks", "deblur"));
		assertEquals(java.util.Set.of("deconvolve", "mri"), QualityBenchmark.Options.parse("--tasks", "mri,deconvolve").tasks);
	}

	/** Crops go where the content is: a dark plane with two bright blocks gets one crop on each, not overlapping. */
	@Test
	void cropsAreChosenByContent() {
		final int w = 200, h = 120, size = 40;
		final float[] plane = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final boolean a = x >= 20 && x < 60 && y >= 60 && y < 100, b = x >= 140 && x < 190 && y >= 10 && y < 60;
				plane[y * w + x] = (a || b ? 100 : 0) + (x * 7 + y * 13) % 5;
			}
		final List<int[]> corners = BenchCases.cropCorners(plane, w, h, size, 2, 10);
		assertEquals(2, corners.size());
		final int[] first = corners.get(0), second = corners.get(1);
		assertTrue(Math.abs(first[0] - second[0]) >= size || Math.abs(first[1] - second[1]) >= size, "crops overlap");
		for (final int[] c : corners) {
			int fg = 0;
			for (int y = c[1]; y < c[1] + size; y++)
				for (int x = c[0]; x < c[0] + size; x++)
					if (plane[y * w + x] >= 100) fg++;
			assertTrue(fg >= 0.75 * size * size, "crop at " + c[0] + "," + c[1] + " has " + fg + " foreground pixels");
		}
	}
}
