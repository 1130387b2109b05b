/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.baseline;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import sc.fiji.diffusion.io.BartCfl;

/**
 * Runs the Berkeley Advanced Reconstruction Toolbox (BART, Debian package {@code bart} 0.8.00) as an
 * external program, exchanging {@link BartCfl} files in a temporary folder.
 * <p>
 * Located by, in order: the system property {@code diffusion.bart}, the environment variable
 * {@code BART}, then {@code data/bart/usr/bin/bart} under the working directory (what
 * {@code scripts/fetch-bart.sh} unpacks), then {@code bart} on the PATH. For an unpacked package the
 * library folders next to it ({@code usr/lib/x86_64-linux-gnu}, its {@code blas/} and {@code lapack/})
 * are put on {@code LD_LIBRARY_PATH}.
 * <p>
 * k-space convention: BART's {@code fft -u} is the unitary DFT centred with {@code fftmod}, i.e. the DC
 * sample at index {@code n/2}, the same as this project's
 * {@link sc.fiji.diffusion.operator.UndersampledFourier} for even sizes (checked by {@code BartTest}).
 * A row-major {@code H x W} k-space is the BART array {@code [W, H]} (see {@link BartCfl}).
 */
public final class Bart {

	private final Path executable;
	private final String libraryPath;

	private Bart(final Path executable, final String libraryPath) {
		this.executable = executable;
		this.libraryPath = libraryPath;
	}

	/** The BART found as described in the class description, or empty. */
	public static Optional<Bart> locate() {
		final List<Path> candidates = new ArrayList<>();
		final String prop = System.getProperty("diffusion.bart"), env = System.getenv("BART");
		if (prop != null && !prop.isEmpty()) candidates.add(Paths.get(prop));
		if (env != null && !env.isEmpty()) candidates.add(Paths.get(env));
		candidates.add(Paths.get("data", "bart", "usr", "bin", "bart").toAbsolutePath());
		final String path = System.getenv("PATH");
		if (path != null) for (final String d : path.split(File.pathSeparator)) if (!d.isEmpty()) candidates.add(Paths.get(d, "bart"));
		for (final Path p : candidates) {
			if (!Files.isRegularFile(p) || !Files.isExecutable(p)) continue;
			final Bart b = new Bart(p.toAbsolutePath(), libraryPathFor(p.toAbsolutePath()));
			try {
				b.version();
				return Optional.of(b);
			}
			catch (final IOException e) {
				// not runnable (missing libraries?): try the next one
			}
		}
		return Optional.empty();
	}

	private static String libraryPath(final Path lib) {
		final List<String> dirs = new ArrayList<>();
		for (final String sub : new String[] { "", "blas", "lapack" }) {
			final Path d = sub.isEmpty() ? lib : lib.resolve(sub);
			if (Files.isDirectory(d)) dirs.add(d.toString());
		}
		return String.join(File.pathSeparator, dirs);
	}

	private static String libraryPathFor(final Path exe) {
		final Path usr = exe.getParent() == null ? null : exe.getParent().getParent();
		if (usr == null) return "";
		final Path lib = usr.resolve("lib").resolve("x86_64-linux-gnu");
		return Files.isDirectory(lib) ? libraryPath(lib) : "";
	}

	public Path executable() { return executable; }

	/** {@code bart version}, e.g. {@code v0.8.00}. */
	public String version() throws IOException {
		return run(null, "version").trim();
	}

	/**
	 * Runs {@code bart args...} in {@code dir} (null: the current folder) and returns its standard output.
	 *
	 * @throws IOException if it cannot start or exits with a non-zero status (the message holds its output)
	 */
	public String run(final Path dir, final String... args) throws IOException {
		final List<String> cmd = new ArrayList<>();
		cmd.add(executable.toString());
		cmd.addAll(Arrays.asList(args));
		final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
		if (dir != null) pb.directory(dir.toFile());
		if (!libraryPath.isEmpty()) {
			final String old = pb.environment().get("LD_LIBRARY_PATH");
			pb.environment().put("LD_LIBRARY_PATH", libraryPath + (old == null || old.isEmpty() ? "" : File.pathSeparator + old));
		}
		pb.environment().put("OMP_NUM_THREADS", pb.environment().getOrDefault("OMP_NUM_THREADS", "2"));
		final Process p = pb.start();
		final byte[] out = p.getInputStream().readAllBytes();
		final int rc;
		try {
			rc = p.waitFor();
		}
		catch (final InterruptedException e) {
			p.destroy();
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while running bart " + String.join(" ", args), e);
		}
		final String text = new String(out, StandardCharsets.UTF_8);
		if (rc != 0) throw new IOException("bart " + String.join(" ", args) + " exited with status " + rc + ": " + text.trim());
		return text;
	}

	/**
	 * Single-coil l1-wavelet compressed sensing: {@code bart pics -l1 -r lambda -S kspace sens out}
	 * with sensitivities of 1, on a row-major {@code height x width} centred k-space (zeros where not
	 * sampled). Returns the complex image (real, imaginary), row-major.
	 *
	 * @param extra further pics options (e.g. {@code "-i", "100"})
	 */
	public float[][] picsL1(final float[] kRe, final float[] kIm, final int height, final int width, final double lambda,
		final String... extra) throws IOException
	{
		final Path dir = Files.createTempDirectory("bart-pics");
		try {
			final float[] ones = new float[height * width];
			Arrays.fill(ones, 1);
			BartCfl.write(dir.resolve("k"), new BartCfl.Array(new long[] { width, height }, kRe, kIm));
			BartCfl.write(dir.resolve("s"), new BartCfl.Array(new long[] { width, height }, ones, new float[height * width]));
			final List<String> args = new ArrayList<>(Arrays.asList("pics", "-l1", "-r", String.format(Locale.ROOT, "%g", lambda), "-S"));
			args.addAll(Arrays.asList(extra));
			args.addAll(Arrays.asList("k", "s", "x"));
			run(dir, args.toArray(new String[0]));
			final BartCfl.Array x = BartCfl.read(dir.resolve("x"));
			return new float[][] { x.re, x.im };
		}
		finally {
			deleteTree(dir);
		}
	}

	/** {@code bart fft [-i] -u 3}: the unitary centred 2D transform of a row-major complex image. */
	public float[][] fft(final float[] re, final float[] im, final int height, final int width, final boolean inverse) throws IOException {
		final Path dir = Files.createTempDirectory("bart-fft");
		try {
			BartCfl.write(dir.resolve("a"), new BartCfl.Array(new long[] { width, height }, re, im));
			if (inverse) run(dir, "fft", "-i", "-u", "3", "a", "b");
			else run(dir, "fft", "-u", "3", "a", "b");
			final BartCfl.Array b = BartCfl.read(dir.resolve("b"));
			return new float[][] { b.re, b.im };
		}
		finally {
			deleteTree(dir);
		}
	}

	private static void deleteTree(final Path dir) throws IOException {
		try (Stream<Path> s = Files.walk(dir)) {
			s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}
}
