package sc.fiji.diffusion.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Real sample images fetched by {@code scripts/fetch-data.sh} into {@code data/} at the repository
 * root. If they are missing, the script is run; tests are skipped (not failed) only when npm is
 * not installed.
 */
public final class SampleData {

	private SampleData() {}

	/** The repository root (Maven's {@code basedir}, else the working directory). */
	public static Path repoRoot() {
		return Paths.get(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
	}

	/** {@code data/ij-test/img}, fetched first if needed (npm {@code ij-test@1.14.1}). */
	public static synchronized Path ijTestImages() throws IOException, InterruptedException {
		final Path img = repoRoot().resolve("data/ij-test/img");
		if (!Files.isRegularFile(img.resolve("cells.jpg")) || !Files.isRegularFile(img.resolve("ecoli.png"))) {
			Assumptions.assumeTrue(npmAvailable(), "npm is not installed: cannot fetch the ij-test sample images");
			final Process p = new ProcessBuilder("bash", repoRoot().resolve("scripts/fetch-data.sh").toString())
				.redirectErrorStream(true).start();
			final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertTrue(p.waitFor(5, TimeUnit.MINUTES), "fetch-data.sh timed out");
			assertEquals(0, p.exitValue(), "fetch-data.sh failed:\n" + output);
		}
		return img;
	}

	private static boolean npmAvailable() {
		try {
			final Process p = new ProcessBuilder("npm", "--version").redirectErrorStream(true).start();
			p.getInputStream().readAllBytes();
			return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
		} catch (final IOException | InterruptedException e) {
			return false;
		}
	}
}
