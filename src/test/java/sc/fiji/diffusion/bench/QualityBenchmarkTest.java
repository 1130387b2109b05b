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
	}
}
