/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;
import sc.fiji.diffusion.site.UpdateSiteDatabase.Dependency;
import sc.fiji.diffusion.site.UpdateSiteDatabase.Record;
import sc.fiji.diffusion.site.UpdateSiteDatabase.Version;

/**
 * Assembles a Fiji update site in a folder, laid out as the updater uploads one: every file as
 * {@code <path>-<timestamp>} (e.g. {@code jars/diffusion-fiji-0.1.0.jar-20261130120000},
 * {@code lib/linux64/diffusion-fiji/tensorflow-core-native-1.1.0-linux-x86_64.jar-20261130120000}) next to
 * {@code db.xml.gz}. Publishing the site is copying the folder's content to the site's URL.
 * <p>
 * Contract of {@link #assemble}:
 * <ul>
 * <li>An existing {@code db.xml.gz} in the folder is the previous release and is carried over: a file
 * whose checksum and path did not change keeps its version and timestamp (nothing new to download); a
 * changed one gets a new version stamped {@code timestamp}, its old version becoming a
 * {@code previous-version} (so the updater recognises old installs as "update available", not "locally
 * modified"); a file no longer listed becomes obsolete (the updater offers to remove it). Old files stay.</li>
 * <li>Each record gets the updater's checksum ({@link UpdaterChecksum}), the file size, the platform of
 * its {@code lib/<platform>/} folder, and for jars the description and developer names of their
 * {@code pom.xml}, as the updater's {@code POMParser} reads them.</li>
 * <li>Each main file depends on every other jar of the site (natives included: the updater skips
 * dependencies that are for another platform), at that jar's current timestamp.</li>
 * <li>Given the same inputs, folder content and timestamp, the output is byte for byte the same.</li>
 * </ul>
 * Run {@link #main} for the command line (see {@code scripts/make-update-site.sh}).
 */
public final class UpdateSiteAssembler {

	private UpdateSiteAssembler() {}

	/**
	 * Assembles (or updates) the site in {@code site}; see the class comment.
	 *
	 * @param timestamp the release time in the updater's format ({@link UpdateSiteDatabase#timestamp})
	 * @return the database as written to {@code site/db.xml.gz}
	 */
	public static UpdateSiteDatabase assemble(final Path site, final List<SiteFile> files, final long timestamp)
		throws IOException
	{
		final Set<String> keys = new HashSet<>();
		for (final SiteFile file : files)
			if (!keys.add(UpdateSiteDatabase.unversioned(file.path))) throw new IllegalArgumentException(
				"Two files map to " + UpdateSiteDatabase.unversioned(file.path) + " (one is " + file + ")");
		Files.createDirectories(site);
		final Path dbFile = site.resolve(UpdateSiteDatabase.FILE_NAME);
		final UpdateSiteDatabase db = UpdateSiteDatabase.read(dbFile);

		final List<Record> mains = new ArrayList<>();
		final List<Record> jars = new ArrayList<>();
		for (final SiteFile file : files) {
			final Record record = release(db, file, timestamp);
			final Path target = site.resolve(record.sitePath());
			Files.createDirectories(target.getParent());
			if (!Files.exists(target) || Files.size(target) != Files.size(file.source) || !UpdaterChecksum.digest(
				file.path, target).equals(record.current.checksum))
			{
				Files.copy(file.source, target, StandardCopyOption.REPLACE_EXISTING);
			}
			db.put(record);
			if (file.main) mains.add(record);
			else if (file.path.endsWith(".jar")) jars.add(record);
		}
		for (final Record main : mains)
			for (final Record jar : jars)
				main.dependencies.add(new Dependency(jar.filename, jar.current.timestamp));
		for (final Record record : db.records())
			if (record.current != null && !keys.contains(UpdateSiteDatabase.unversioned(record.filename))) {
				retire(record, record.current, record.filename, timestamp);
				record.current = null;
				record.dependencies.clear();
			}
		db.write(dbFile);
		return db;
	}

	/** The record of one file in this release, carrying over the previous release's record of it. */
	private static Record release(final UpdateSiteDatabase db, final SiteFile file, final long timestamp)
		throws IOException
	{
		final String checksum = UpdaterChecksum.digest(file.path, file.source);
		final Record old = db.get(file.path);
		final Record record = new Record(file.path);
		if (old != null) record.previous.addAll(old.previous);
		if (old != null && old.current != null && old.current.checksum.equals(checksum) && old.filename.equals(
			file.path))
		{
			record.current = old.current;
		}
		else {
			if (old != null && old.current != null) retire(record, old.current, old.filename, timestamp);
			record.current = new Version(checksum, timestamp, Files.size(file.source), 0, null);
		}
		final String platform = SiteFile.platformOf(file.path);
		if (platform != null) record.platforms.add(platform);
		if (file.path.endsWith(".jar")) readPom(file.source, record);
		return record;
	}

	/** Adds {@code version}, published as {@code filename}, to the previous versions of {@code record}. */
	private static void retire(final Record record, final Version version, final String filename,
		final long timestamp)
	{
		record.previous.add(new Version(version.checksum, version.timestamp, -1, timestamp, filename));
	}

	/** Description and developer names from the first {@code META-INF/maven/.../pom.xml}, as the updater reads them. */
	private static void readPom(final Path jar, final Record record) {
		try (JarFile file = new JarFile(jar.toFile())) {
			for (final JarEntry entry : Collections.list(file.entries())) {
				if (!entry.getName().matches("META-INF/maven/.*/pom.xml")) continue;
				final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
				factory.setExpandEntityReferences(false);
				final Element project;
				try (InputStream in = file.getInputStream(entry)) {
					project = factory.newDocumentBuilder().parse(in).getDocumentElement();
				}
				for (final Element description : children(project, "description"))
					if (!description.getTextContent().isBlank()) record.description = description.getTextContent()
						.strip();
				for (final Element developers : children(project, "developers"))
					for (final Element developer : children(developers, "developer"))
						for (final Element name : children(developer, "name"))
							record.authors.add(name.getTextContent().strip());
				return;
			}
		}
		catch (final Exception e) {
			// Metadata only: a jar without a readable pom.xml is published without description.
		}
	}

	private static List<Element> children(final Element parent, final String tag) {
		final List<Element> result = new ArrayList<>();
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling())
			if (node instanceof Element && ((Element) node).getTagName().equals(tag)) result.add((Element) node);
		return result;
	}

	/**
	 * Command line: {@code OUTPUT_DIR --main JAR [--classpath-jar JAR]... [--jar JAR]... [--native PLATFORM=JAR]...
	 * [--macro FILE]... [--timestamp yyyyMMddHHmmss]} ({@link CommandLineOptions}). Assembles the site, verifies
	 * it ({@link UpdateSiteVerifier}) and prints its records; exits 1 on a verification problem, 2 on a usage error.
	 */
	public static void main(final String... args) {
		System.exit(new CommandLine(new CommandLineOptions()).execute(args));
	}

	/** The options of {@link #main}, parsed by picocli. */
	@Command(name = "UpdateSiteAssembler", mixinStandardHelpOptions = true, description = "Assembles and verifies the Fiji update site in OUTPUT_DIR.")
	static final class CommandLineOptions implements Callable<Integer> {

		@Parameters(index = "0", paramLabel = "OUTPUT_DIR", description = "The site's folder (an existing db.xml.gz there is the previous release).")
		Path site;

		@Option(names = "--main", required = true, description = "The plugin jar (jars/).")
		Path main;

		@Option(names = "--classpath-jar", description = "A jar of this project on Fiji's classpath (jars/): the engine, the priors.")
		List<Path> classpathJars = new ArrayList<>();

		@Option(names = "--jar", description = "A library jar of the engine (lib/diffusion-fiji/).")
		List<Path> jars = new ArrayList<>();

		@Option(names = "--native", paramLabel = "PLATFORM=JAR", description = "A native jar for one platform (lib/PLATFORM/diffusion-fiji/).")
		Map<String, Path> natives = new java.util.LinkedHashMap<>();

		@Option(names = "--macro", description = "A macro (macros/).")
		List<Path> macros = new ArrayList<>();

		@Option(names = "--timestamp", description = "The release time, yyyyMMddHHmmss (default: now).")
		String timestamp;

		@Override
		public Integer call() throws IOException {
			final List<SiteFile> files = new ArrayList<>();
			final long time;
			try {
				files.add(SiteFile.mainJar(existing(main.toString())));
				for (final Path j : classpathJars) files.add(SiteFile.classpathJar(existing(j.toString())));
				for (final Path j : jars) files.add(SiteFile.jar(existing(j.toString())));
				for (final Map.Entry<String, Path> n : natives.entrySet()) files.add(SiteFile.nativeJar(n.getKey(), existing(n.getValue().toString())));
				for (final Path m : macros) files.add(SiteFile.macro(existing(m.toString())));
				if (timestamp != null && !timestamp.matches("\\d{14}"))
					throw new IllegalArgumentException("--timestamp wants yyyyMMddHHmmss, not " + timestamp);
				time = timestamp != null ? Long.parseLong(timestamp) : UpdateSiteDatabase.timestamp(LocalDateTime.now());
			}
			catch (final IllegalArgumentException e) {
				System.err.println("make-update-site: " + e.getMessage());
				return 2;
			}
			final UpdateSiteDatabase db = assemble(site, files, time);
			for (final Record record : db.records())
				System.out.println(record.current == null ? "obsolete  " + record.filename : String.format(
					"%-60s %12d bytes  %s%s", record.sitePath(), record.current.filesize, record.current.checksum,
					record.platforms.isEmpty() ? "" : "  " + String.join(",", record.platforms)));
			final List<String> problems = UpdateSiteVerifier.verify(site);
			problems.forEach(p -> System.err.println("PROBLEM: " + p));
			if (!problems.isEmpty()) return 1;
			System.out.println("Verified " + site.resolve(UpdateSiteDatabase.FILE_NAME) + ": every file present with its checksum and size.");
			return 0;
		}
	}

	private static Path existing(final String path) {
		final Path file = Paths.get(path);
		if (!Files.isRegularFile(file)) throw new IllegalArgumentException("No such file: " + path);
		return file;
	}
}
