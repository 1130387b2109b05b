/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
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
 * root. If they are missing, the script is run; tests are skipped (not failed) only when the tool
 * the script needs is not installed (npm for the microscopy images, apt-get and dpkg for the MRI).
 */
public final class SampleData {

	/** Colin27 T1 head, 181x217x181, 1 mm, uint8 (Debian mricron-data). */
	public static final String CH2 = "mricron/ch2.nii.gz";
	/** Colin27 T1 head, 301x370x316, 0.5 mm, uint8 (Debian mricron-data). */
	public static final String CH2_BETTER = "mricron/ch2better.nii.gz";
	/** INIA19 macaque T1 brain template, 168x206x128, 0.5 mm, float32 (Debian mricron-data). */
	public static final String INIA19 = "mricron/inia19-t1-brain.nii.gz";
	/** EPI, 128x96x24x2, int16, LAS (Debian python3-nibabel test data). */
	public static final String EXAMPLE_4D = "nibabel/example4d.nii.gz";
	/** 96x96x14 float64 (Debian python3-dipy test data). */
	public static final String PIESNO = "dipy/test_piesno.nii.gz";

	private SampleData() {}

	/**
	 * The repository root: the first of Maven's {@code basedir} (a module's folder), else the working
	 * directory, and their parents that holds {@code scripts/fetch-data.sh}.
	 */
	public static Path repoRoot() {
		final Path start = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
		for (Path p = start; p != null; p = p.getParent())
			if (Files.isRegularFile(p.resolve("scripts/fetch-data.sh"))) return p;
		return start;
	}

	/** {@code data/ij-test/img}, fetched first if needed (npm {@code ij-test@1.14.1}). */
	public static synchronized Path ijTestImages() throws IOException, InterruptedException {
		final Path img = repoRoot().resolve("data/ij-test/img");
		if (!Files.isRegularFile(img.resolve("cells.jpg")) || !Files.isRegularFile(img.resolve("ecoli.png"))) {
			Assumptions.assumeTrue(available("npm", "--version"), "npm is not installed: cannot fetch the ij-test sample images");
			final Object[] r = runFetchScript();
			assertEquals(0, r[0], "fetch-data.sh failed:\n" + r[1]);
		}
		return img;
	}

	/**
	 * A real MRI file under {@code data/}, e.g. {@link #CH2}, fetched first if needed (Debian
	 * packages, downloaded with apt-get and unpacked with dpkg, never installed).
	 */
	public static synchronized Path mri(final String name) throws IOException, InterruptedException {
		final Path file = repoRoot().resolve("data").resolve(name);
		if (!Files.isRegularFile(file)) {
			Assumptions.assumeTrue(available("apt-get", "--version") && available("dpkg", "--version"),
				"apt-get and dpkg are not installed: cannot fetch the MRI sample data");
			final Object[] r = runFetchScript();
			// the script also fetches other data; only this file matters here
			assertTrue(Files.isRegularFile(file), "fetch-data.sh did not produce " + file + " (exit code " + r[0] + "):\n" + r[1]);
		}
		return file;
	}

	/**
	 * Makes sure BART (Debian {@code bart} and its libraries, unpacked into {@code data/bart} by
	 * {@code scripts/fetch-bart.sh}) is there, fetching it if needed; fails if the script fails.
	 * Skipped only where apt-get/dpkg do not exist (not Debian/Ubuntu).
	 */
	public static synchronized void bart() throws IOException, InterruptedException {
		if (Files.isDirectory(repoRoot().resolve("data/bart"))) return;
		Assumptions.assumeTrue(available("apt-get", "--version") && available("dpkg", "--version"),
			"apt-get and dpkg are not installed: cannot fetch BART");
		final Object[] r = runScript("scripts/fetch-bart.sh");
		assertEquals(0, r[0], "fetch-bart.sh failed:\n" + r[1]);
	}

	/**
	 * Makes sure ISMRMRD's tools (Debian {@code ismrmrd-tools} and its libraries, unpacked into
	 * {@code data/ismrmrd} by {@code scripts/fetch-ismrmrd.sh}) are there, fetching them if needed; fails if
	 * the script fails. Skipped only where apt-get/dpkg do not exist (not Debian/Ubuntu).
	 */
	public static synchronized void ismrmrd() throws IOException, InterruptedException {
		if (Files.isDirectory(repoRoot().resolve("data/ismrmrd/usr/bin"))) return;
		Assumptions.assumeTrue(available("apt-get", "--version") && available("dpkg", "--version"),
			"apt-get and dpkg are not installed: cannot fetch ismrmrd-tools");
		final Object[] r = runScript("scripts/fetch-ismrmrd.sh");
		assertEquals(0, r[0], "fetch-ismrmrd.sh failed:\n" + r[1]);
	}

	/** Runs {@code scripts/fetch-data.sh}; returns {exit code, output}. */
	private static Object[] runFetchScript() throws IOException, InterruptedException {
		return runScript("scripts/fetch-data.sh");
	}

	private static Object[] runScript(final String script) throws IOException, InterruptedException {
		final Process p = new ProcessBuilder("bash", repoRoot().resolve(script).toString()).redirectErrorStream(true).start();
		final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(5, TimeUnit.MINUTES), script + " timed out");
		return new Object[] { p.exitValue(), output };
	}

	private static boolean available(final String... command) {
		try {
			final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
			p.getInputStream().readAllBytes();
			return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
		} catch (final IOException | InterruptedException e) {
			return false;
		}
	}
}
