/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads an untrusted zip archive entirely into memory, within limits, and writes it out again only
 * inside a fresh temporary folder.
 * <p>
 * Contract of {@link #read}:
 * <ul>
 * <li>The archive is read through its central directory, so a truncated file (no end record) or
 * a corrupt one is refused as "not a valid zip / truncated".</li>
 * <li>At most {@link Limits#maxEntries} entries; every entry is inflated while counting the bytes
 * actually produced (the sizes in the headers are not trusted), and refused as soon as it exceeds
 * {@link Limits#maxEntryBytes}, or the running total exceeds {@link Limits#maxTotalBytes}.</li>
 * <li>Entry names must be relative paths of plain segments separated by {@code /}: refused are
 * absolute names, drive letters ({@code C:}), backslashes, {@code ..} or {@code .} or empty
 * segments, control characters, and duplicates, where two names that differ only in letter case
 * count as duplicates (they would overwrite each other on macOS and Windows), as does a file whose
 * name is also used as a folder.</li>
 * </ul>
 * Every refusal is a {@link ModelFormatException} naming the archive and the entry.
 */
public final class SafeZip {

	/** Size limits for {@link SafeZip#read}. Immutable. */
	public static final class Limits {

		/** Most entries (files and folders) an archive may hold. */
		public final int maxEntries;
		/** Most uncompressed bytes one entry may inflate to. */
		public final long maxEntryBytes;
		/** Most uncompressed bytes all entries together may inflate to. */
		public final long maxTotalBytes;

		public Limits(final int maxEntries, final long maxEntryBytes, final long maxTotalBytes) {
			if (maxEntries < 1 || maxEntryBytes < 1 || maxTotalBytes < 1)
				throw new IllegalArgumentException("Zip limits must be positive, got entries=" + maxEntries + ", entryBytes=" + maxEntryBytes + ", totalBytes=" + maxTotalBytes);
			if (maxEntryBytes > Integer.MAX_VALUE - 8)
				throw new IllegalArgumentException("An entry is held in one byte array, so maxEntryBytes must stay below 2 GiB, got " + maxEntryBytes);
			this.maxEntries = maxEntries;
			this.maxEntryBytes = maxEntryBytes;
			this.maxTotalBytes = maxTotalBytes;
		}

		/** 1000 entries, 512 MiB per entry, 1 GiB in total. */
		public static Limits defaults() {
			return new Limits(1000, 512L << 20, 1L << 30);
		}

		@Override
		public String toString() {
			return "at most " + maxEntries + " entries, " + maxEntryBytes + " bytes per entry, " + maxTotalBytes + " bytes in total";
		}
	}

	/**
	 * Decides, by entry name, whether an entry is inflated and how many bytes it may inflate to, before
	 * any of it is inflated.
	 */
	@FunctionalInterface
	public interface EntryPolicy {
		/** Returned by {@link #maxBytes} for an entry that is checked (name, duplicates) but not inflated. */
		long SKIP = -1;

		/**
		 * The most bytes the entry {@code path} may inflate to (capped by {@link Limits#maxEntryBytes}), or
		 * {@link #SKIP}.
		 *
		 * @throws ModelFormatException to refuse the entry (an unexpected name)
		 */
		long maxBytes(String path) throws ModelFormatException;
	}

	private SafeZip() {}

	/**
	 * {@link #read(Path, Limits, EntryPolicy)} inflating every entry within {@code limits}.
	 */
	public static Map<String, byte[]> read(final Path zip, final Limits limits) throws IOException {
		return read(zip, limits, path -> limits.maxEntryBytes);
	}

	/**
	 * The file names of {@code zip} (checked as by {@link #read}), inflating nothing.
	 */
	public static java.util.List<String> names(final Path zip, final Limits limits) throws IOException {
		final java.util.List<String> names = new java.util.ArrayList<>();
		read(zip, limits, path -> {
			names.add(path);
			return EntryPolicy.SKIP;
		});
		return names;
	}

	/**
	 * The files of {@code zip}, by entry name, in archive order. Folder entries (names ending in
	 * {@code /}) are checked like files but not returned.
	 *
	 * @throws ModelFormatException if the archive is corrupt or truncated, breaks a limit, or has an
	 *           unsafe or duplicate entry name
	 * Entries are inflated only where {@code policy} asks, each at most to the bytes it allows (and the
	 * limits); an entry whose header already declares more is refused without inflating it.
	 *
	 * @throws IOException if the file cannot be read at all
	 */
	public static Map<String, byte[]> read(final Path zip, final Limits limits, final EntryPolicy policy) throws IOException {
		final Map<String, byte[]> files = new LinkedHashMap<>();
		try (ZipFile file = openZip(zip)) {
			if (file.size() > limits.maxEntries)
				throw new ModelFormatException("zip " + zip + " has " + file.size() + " entries, more than the limit of " + limits.maxEntries);
			final Map<String, String> seen = new HashMap<>(); // lower-cased path -> original name
			long total = 0;
			final Enumeration<? extends ZipEntry> entries = entries(file, zip);
			while (true) {
				final ZipEntry entry = nextEntry(entries, zip);
				if (entry == null) break;
				final String name = entry.getName();
				final boolean folder = name.endsWith("/");
				final String path = folder ? name.substring(0, name.length() - 1) : name;
				checkName(zip, name, path);
				registerPath(zip, name, path, folder, seen);
				if (folder) continue;
				final long allowed = policy.maxBytes(path);
				if (allowed == EntryPolicy.SKIP) continue;
				final long max = Math.min(allowed, limits.maxEntryBytes);
				if (entry.getSize() > max)
					throw new ModelFormatException("zip " + zip + ": entry '" + printable(name) + "' inflates to more than " + max + " bytes (its header declares "
						+ entry.getSize() + "; " + (max < limits.maxEntryBytes ? "what its content needs" : "the per-entry limit") + "; a zip bomb?)");
				final byte[] content = inflate(file, entry, zip, limits, max, total);
				total += content.length;
				files.put(path, content);
			}
		}
		return Collections.unmodifiableMap(files);
	}

	/**
	 * Writes {@code entries} (as returned by {@link #read}) into a new folder made by
	 * {@link Files#createTempDirectory(String, java.nio.file.attribute.FileAttribute...)} and returns
	 * that folder. Each target path is resolved, normalised and checked to lie inside the folder,
	 * and written with {@code CREATE_NEW}, so nothing outside it is created or overwritten. On failure
	 * the folder is deleted again. The caller deletes it with {@link #deleteRecursively} when done.
	 *
	 * @throws ModelFormatException if an entry name would leave the folder
	 */
	public static Path extractToTempDir(final Map<String, byte[]> entries, final String prefix) throws IOException {
		final Path dir = Files.createTempDirectory(prefix).toRealPath();
		try {
			for (final Map.Entry<String, byte[]> e : entries.entrySet()) {
				final Path target = dir.resolve(e.getKey()).normalize();
				if (!target.startsWith(dir) || target.equals(dir))
					throw new ModelFormatException("zip entry '" + e.getKey() + "' would be written outside the extraction folder " + dir);
				Files.createDirectories(target.getParent());
				Files.write(target, e.getValue(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
			}
			return dir;
		}
		catch (final IOException | RuntimeException e) {
			try {
				deleteRecursively(dir);
			}
			catch (final IOException suppressed) {
				e.addSuppressed(suppressed);
			}
			throw e;
		}
	}

	/**
	 * Deletes {@code dir} and everything below it. Symbolic links are deleted, never followed. A
	 * missing {@code dir} is not an error.
	 */
	public static void deleteRecursively(final Path dir) throws IOException {
		if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
		Files.walkFileTree(dir, new SimpleFileVisitor<Path>() {

			@Override
			public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException {
				Files.delete(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(final Path d, final IOException exc) throws IOException {
				if (exc != null) throw exc;
				Files.delete(d);
				return FileVisitResult.CONTINUE;
			}
		});
	}

	private static ZipFile openZip(final Path zip) throws IOException {
		if (!Files.isRegularFile(zip)) throw new java.io.FileNotFoundException("No such zip file: " + zip);
		try {
			return new ZipFile(zip.toFile());
		}
		catch (final ZipException | IllegalArgumentException e) {
			throw invalid(zip, e);
		}
	}

	private static Enumeration<? extends ZipEntry> entries(final ZipFile file, final Path zip) throws ModelFormatException {
		try {
			return file.entries();
		}
		catch (final IllegalArgumentException e) {
			throw invalid(zip, e);
		}
	}

	/** Next entry or null; names that are not valid UTF-8 surface here as IllegalArgumentException. */
	private static ZipEntry nextEntry(final Enumeration<? extends ZipEntry> entries, final Path zip) throws ModelFormatException {
		try {
			return entries.hasMoreElements() ? entries.nextElement() : null;
		}
		catch (final IllegalArgumentException | IllegalStateException e) {
			throw invalid(zip, e);
		}
	}

	private static ModelFormatException invalid(final Path zip, final Exception cause) {
		return new ModelFormatException("not a valid zip / truncated: " + zip + " (" + cause.getMessage() + ")", cause);
	}

	/** Refuses names that could leave the extraction folder or mean different things on different systems. */
	private static void checkName(final Path zip, final String name, final String path) throws ModelFormatException {
		final String problem = nameProblem(path);
		if (problem != null)
			throw new ModelFormatException("zip " + zip + ": unsafe entry name '" + printable(name) + "': " + problem);
	}

	private static String nameProblem(final String path) {
		if (path.isEmpty()) return "empty name";
		if (path.startsWith("/")) return "absolute path";
		if (path.indexOf('\\') >= 0) return "contains a backslash";
		if (path.length() >= 2 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0))) return "starts with a drive letter";
		for (int k = 0; k < path.length(); k++) {
			final char ch = path.charAt(k);
			if (ch < 0x20 || ch == 0x7f) return "contains a control character";
			if (ch == ':') return "contains a colon (drive or alternate data stream)";
		}
		for (final String segment : path.split("/", -1)) {
			if (segment.equals("..")) return "contains a '..' segment (zip-slip)";
			if (segment.equals(".")) return "contains a '.' segment";
			if (segment.isEmpty()) return "contains an empty segment ('//' or trailing '/')";
		}
		return null;
	}

	/**
	 * Records {@code path} and each of its parent folders, refusing a second use of a name (ignoring
	 * case) and a name used both as a file and as a folder.
	 */
	private static void registerPath(final Path zip, final String name, final String path, final boolean folder, final Map<String, String> seen) throws ModelFormatException {
		final String key = path.toLowerCase(Locale.ROOT);
		final String previous = seen.get(key);
		if (previous != null) {
			final boolean previousFolder = previous.endsWith("/");
			if (!(folder && previousFolder))
				throw new ModelFormatException("zip " + zip + ": duplicate entry '" + printable(name) + "' (clashes with '" + printable(previous) + "')");
			return;
		}
		seen.put(key, folder ? path + "/" : path);
		// every parent must be (or become) a folder, never a file
		int slash = path.lastIndexOf('/');
		while (slash > 0) {
			final String parent = path.substring(0, slash);
			final String parentKey = parent.toLowerCase(Locale.ROOT);
			final String other = seen.get(parentKey);
			if (other != null && !other.endsWith("/"))
				throw new ModelFormatException("zip " + zip + ": duplicate entry '" + printable(name) + "' uses file '" + printable(other) + "' as a folder");
			if (other == null) seen.put(parentKey, parent + "/");
			slash = parent.lastIndexOf('/');
		}
	}

	/** Inflates one entry, counting the bytes produced against both limits. */
	private static byte[] inflate(final ZipFile file, final ZipEntry entry, final Path zip, final Limits limits, final long max, final long totalSoFar) throws ModelFormatException {
		final String name = printable(entry.getName());
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final byte[] buffer = new byte[64 * 1024];
		long count = 0;
		try (InputStream in = file.getInputStream(entry)) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				count += read;
				if (count > max)
					throw new ModelFormatException("zip " + zip + ": entry '" + name + "' inflates to more than " + max + " bytes ("
						+ (max < limits.maxEntryBytes ? "what its content needs" : "the per-entry limit") + "; a zip bomb?)");
				if (totalSoFar + count > limits.maxTotalBytes)
					throw new ModelFormatException("zip " + zip + ": entries inflate to more than " + limits.maxTotalBytes + " bytes in total (limit reached at entry '" + name + "'; a zip bomb?)");
				out.write(buffer, 0, read);
			}
		}
		catch (final ModelFormatException e) {
			throw e;
		}
		catch (final IOException | RuntimeException e) {
			throw new ModelFormatException("not a valid zip / truncated: " + zip + " (entry '" + name + "': " + e.getMessage() + ")", e);
		}
		return out.toByteArray();
	}

	private static String printable(final String name) {
		final StringBuilder sb = new StringBuilder();
		for (int k = 0; k < name.length() && k < 200; k++) {
			final char ch = name.charAt(k);
			if (ch < 0x20 || ch == 0x7f) sb.append(String.format("\\u%04x", (int) ch));
			else sb.append(ch);
		}
		if (name.length() > 200) sb.append("...");
		return sb.toString();
	}
}
