/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.site;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The checksums the Fiji updater ({@code net.imagej:imagej-updater}) records in {@code db.xml.gz} and
 * compares with the files of a Fiji installation, computed the same way as its
 * {@code UpdaterUtil.getDigest(path, file)} (the variant its {@code Checksummer} uses for every file
 * except {@code plugins/Fiji_Updater.jar}). All checksums are lower-case hexadecimal SHA-1.
 * <ul>
 * <li><b>Path ending in {@code .jar}</b>: {@link #jarDigest(Path)}: the entries sorted by name; for each
 * entry the SHA-1 is fed its name (ASCII) followed by its content, where
 * <ul>
 * <li>an entry whose name ends in {@code .properties} loses the lines that start with {@code #} (the date
 * comment Maven writes into {@code pom.properties}), by the updater's exact rule (see
 * {@link #skipHashedLines(byte[])});</li>
 * <li>the entry {@code META-INF/MANIFEST.MF} contributes its name only: the updater filters the manifest
 * to its {@code Main-Class} line, but compares the upper-cased line with the mixed-case
 * {@code "Main-Class:"}, so nothing ever passes; the manifest content never counts.</li>
 * </ul>
 * The digest is therefore independent of entry order, entry timestamps, compression and the manifest, and
 * changes whenever an entry is added, removed, renamed or changed in content.</li>
 * <li><b>Any other path</b>: SHA-1 of the path's bytes (ASCII, e.g. {@code macros/Denoise.ijm}) followed
 * by the file's content. The path is the one the file has in a Fiji installation, without the
 * {@code -timestamp} suffix it carries on the update site.</li>
 * </ul>
 */
public final class UpdaterChecksum {

	/** The name of the manifest entry, whose content the updater's jar digest ignores. */
	static final String MANIFEST = "META-INF/MANIFEST.MF";

	private UpdaterChecksum() {}

	/**
	 * The updater's checksum of a file that is installed at {@code path} (relative to the Fiji folder,
	 * forward slashes, without the update site's {@code -timestamp} suffix).
	 *
	 * @throws UncheckedIOException when the file cannot be read, or a {@code .jar} is not a valid zip
	 */
	public static String digest(final String path, final Path file) {
		if (path.endsWith(".jar")) return jarDigest(file);
		final MessageDigest sha1 = sha1();
		sha1.update(path.getBytes(StandardCharsets.US_ASCII));
		try (InputStream in = Files.newInputStream(file)) {
			final byte[] buffer = new byte[1 << 16];
			for (int n; (n = in.read(buffer)) >= 0;)
				sha1.update(buffer, 0, n);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("Cannot read " + file, e);
		}
		return hex(sha1.digest());
	}

	/**
	 * The updater's digest of a jar (see the class comment): invariant under entry order, timestamps and
	 * manifest content, sensitive to entry names and (filtered) content.
	 */
	public static String jarDigest(final Path jar) {
		final MessageDigest sha1 = sha1();
		try (JarFile file = new JarFile(jar.toFile())) {
			final List<JarEntry> entries = new ArrayList<>(Collections.list(file.entries()));
			entries.sort(Comparator.comparing(JarEntry::getName));
			for (final JarEntry entry : entries) {
				final String name = entry.getName();
				sha1.update(name.getBytes(StandardCharsets.US_ASCII));
				if (name.equals(MANIFEST)) continue;
				final byte[] content;
				try (InputStream in = file.getInputStream(entry)) {
					content = in.readAllBytes();
				}
				sha1.update(name.endsWith(".properties") ? skipHashedLines(content) : content);
			}
		}
		catch (final IOException e) {
			throw new UncheckedIOException("Cannot read jar " + jar, e);
		}
		return hex(sha1.digest());
	}

	/**
	 * Removes comment lines from a {@code .properties} entry exactly as the updater's
	 * {@code SkipHashedLines} stream does, quirks included: a line counts as a comment only when its
	 * {@code #} is read in the "at line start" state; the comment's characters are dropped but its
	 * terminating newline is kept. The state is entered at the start and after a newline read in the
	 * ordinary state, and left by any character read in it; a newline read while in it (an empty line, or
	 * the newline right after a lone {@code #}) leaves it too, so a comment directly after an empty line or
	 * after an empty comment is kept. Consecutive leading {@code #}s nest the same way.
	 */
	static byte[] skipHashedLines(final byte[] content) {
		return new HashedLineFilter(content).run();
	}

	/** A state machine with the updater's semantics (recursive read with a shared line-start flag). */
	private static final class HashedLineFilter {

		private final byte[] in;
		private int pos;
		private boolean atLineStart = true;

		HashedLineFilter(final byte[] in) {
			this.in = in;
		}

		byte[] run() {
			final ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
			for (int ch; (ch = next()) >= 0;)
				out.write(ch);
			return out.toByteArray();
		}

		/** One filtered character, or -1 at the end. */
		private int next() {
			int ch = pos < in.length ? in[pos++] & 0xff : -1;
			if (!atLineStart) {
				if (ch == '\n') atLineStart = true;
				return ch;
			}
			if (ch != '#') {
				atLineStart = false;
				return ch;
			}
			// A comment: drop filtered characters up to and including a newline (which is returned).
			do
				ch = next();
			while (ch != '\n' && ch != -1);
			return ch;
		}
	}

	/** Lower-case hexadecimal, two digits a byte. */
	static String hex(final byte[] bytes) {
		final StringBuilder builder = new StringBuilder(2 * bytes.length);
		for (final byte b : bytes)
			builder.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
		return builder.toString();
	}

	private static MessageDigest sha1() {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("This Java has no SHA-1", e);
		}
	}
}
