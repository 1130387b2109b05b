/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.diffusion.io.BartCfl;
import sc.fiji.diffusion.io.KspaceFiles;

/**
 * Checks of output paths before any work starts: a result must go to a new TIFF name in a folder that
 * accepts files, never onto its input ({@link ImageFiles#save} writes it atomically afterwards). Each check
 * throws an {@link IllegalArgumentException} naming the path and what to do.
 */
public final class OutputPaths {

	private OutputPaths() {}

	/**
	 * Throws unless {@code out} is named {@code .tif} or {@code .tiff} (any case): results are 32-bit
	 * float images, which only TIFF holds without conversion, so a {@code .png} or {@code .jpg} name is
	 * refused rather than given TIFF bytes.
	 *
	 * @param what how the user named the path, for the message (e.g. {@code "--output"})
	 * @throws IllegalArgumentException naming the path and the supported extensions
	 */
	public static void requireTiffName(final Path out, final String what) {
		final String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".tif") || name.endsWith(".tiff")) return;
		final int dot = name.lastIndexOf('.');
		final String ext = dot > 0 ? name.substring(dot + 1).toUpperCase(Locale.ROOT) : "";
		final String why = ext.equals("CFL") || ext.equals("HDR") ? " (a BART array is written only for raw multi-coil k-space read from a .cfl or .h5 file)"
			: ext.isEmpty() ? "" : " (" + ext + " cannot hold 32-bit values without conversion)";
		throw new IllegalArgumentException(what + " " + out + ": the result is a 32-bit image, written only as TIFF" + why + "; name the file .tif or .tiff");
	}

	/**
	 * Checks, before any work starts, that a file can be written at {@code out}: it is not an existing
	 * folder, any existing file there is a writable regular file, no existing part of its parent path is
	 * a file, and the nearest existing parent folder accepts a new file (tried by creating and deleting
	 * an empty hidden file there, which also catches read-only file systems and {@code /proc}). Missing
	 * parent folders are not created here; the writer creates them.
	 *
	 * @param what how the user named the path, for the message (e.g. {@code "--output"}, {@code "output_file"})
	 * @throws IllegalArgumentException naming the path and the problem
	 */
	public static void requireWritableFile(final Path out, final String what) {
		final Path target = out.toAbsolutePath().normalize();
		if (Files.isDirectory(target))
			throw new IllegalArgumentException(what + " " + out + " is an existing folder: give the path of a file");
		if (Files.exists(target)) {
			if (!Files.isRegularFile(target))
				throw new IllegalArgumentException(what + " " + out + " exists and is not a regular file");
			if (!Files.isWritable(target))
				throw new IllegalArgumentException(what + " " + out + " exists and is not writable (check its permissions)");
		}
		requireCreatable(target.getParent(), out, what);
	}

	/**
	 * Checks, before any work starts, that files can be written into the folder {@code dir} (created
	 * later if missing): it is not an existing file, no existing part of its path is a file, and the
	 * nearest existing folder accepts a new file (tried as in {@link #requireWritableFile}).
	 *
	 * @throws IllegalArgumentException naming the path and the problem
	 */
	public static void requireWritableFolder(final Path dir, final String what) {
		final Path target = dir.toAbsolutePath().normalize();
		if (Files.exists(target) && !Files.isDirectory(target))
			throw new IllegalArgumentException(what + " " + dir + " is a file, not a folder: give a folder");
		requireCreatable(target, dir, what);
	}

	/** The nearest existing folder of {@code folder} (itself or a parent) must accept a new file. */
	private static void requireCreatable(final Path folder, final Path given, final String what) {
		Path p = folder;
		while (p != null && !Files.exists(p)) p = p.getParent();
		if (p == null)
			throw new IllegalArgumentException(what + " " + given + " cannot be created: no part of its folder exists");
		if (!Files.isDirectory(p))
			throw new IllegalArgumentException(what + " " + given + " cannot be created: " + p + " is a file, not a folder");
		try {
			final Path probe = Files.createTempFile(p, ".write-check-", ".tmp");
			Files.delete(probe);
		} catch (final IOException | SecurityException | UnsupportedOperationException e) {
			throw new IllegalArgumentException(what + " " + given + " cannot be written: the folder " + p + " does not accept new files (read-only or no permission: "
				+ (e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage()) + ")");
		}
	}

	/**
	 * Throws if {@code out} names the same file as {@code in} (so that a result can never replace
	 * its input): {@link #requireNotRead} with the one input.
	 *
	 * @throws IllegalArgumentException if both name the same file
	 */
	public static void requireNotSame(final Path in, final Path out) {
		requireNotRead(out, Collections.singletonMap("the input image file", in));
	}

	/**
	 * Throws if {@code out} names a file that the run reads: any of {@code read}, each keyed by how the
	 * message names it (e.g. {@code "the --psf file"}; null paths are skipped), so that no input, PSF,
	 * mask or k-space is ever replaced by a result. A BART array is two files ({@code a.cfl}, {@code a.hdr}):
	 * either name stands for both, on both sides. Files are compared with {@link Files#isSameFile} when both
	 * exist (links included), otherwise by their normalised absolute paths.
	 *
	 * @throws IllegalArgumentException naming the output and the file it would replace
	 */
	public static void requireNotRead(final Path out, final Map<String, Path> read) {
		for (final Map.Entry<String, Path> e : read.entrySet()) {
			if (e.getValue() == null) continue;
			for (final Path o : files(out))
				for (final Path i : files(e.getValue()))
					if (same(i, o)) throw new IllegalArgumentException("The output " + out + " is " + e.getKey() + ": choose a new output path");
		}
	}

	/** The files behind a path: itself, or both files of a BART array. */
	private static List<Path> files(final Path p) {
		if (p.getFileName() == null || !KspaceFiles.isCfl(p)) return Collections.singletonList(p); // a root such as "/" names no file
		return Arrays.asList(BartCfl.data(p), BartCfl.header(p));
	}

	private static boolean same(final Path in, final Path out) {
		try {
			return Files.exists(in) && Files.exists(out) ? Files.isSameFile(in, out) : in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize());
		} catch (final IOException e) {
			return in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize());
		}
	}
}
