/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.scijava.util.FileUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The Fiji updater's database of one update site, {@code db.xml.gz}: a gzipped {@code pluginRecords}
 * document (with its DTD inline) holding one {@code plugin} record per file, as
 * {@code net.imagej.updater.XMLFileWriter} writes it for a remote site and {@code XMLFileReader} reads it:
 *
 * <pre>
 * &lt;plugin filename="jars/foo-1.2.0.jar"&gt;                 (versioned path, as installed)
 *     &lt;platform&gt;linux64&lt;/platform&gt;                        (natives only; none = every platform)
 *     &lt;version checksum="sha1" timestamp="yyyyMMddHHmmss" filesize="bytes"&gt;
 *         &lt;description&gt;...&lt;/description&gt;
 *         &lt;dependency filename="jars/bar.jar" timestamp="yyyyMMddHHmmss"/&gt;   (unversioned path)
 *         &lt;author&gt;...&lt;/author&gt;
 *     &lt;/version&gt;
 *     &lt;previous-version timestamp=".." timestamp-obsolete=".." checksum=".." filename=".."/&gt;
 * &lt;/plugin&gt;
 * </pre>
 *
 * A record without {@code version} is an obsolete (removed) file. The updater downloads a record's file
 * from {@code <site URL><filename>-<timestamp>}. Records are keyed here, as in the updater's
 * {@code FilesCollection}, by the unversioned path ({@link #unversioned(String)}).
 */
public final class UpdateSiteDatabase {

	/** The database's file name on an update site. */
	public static final String FILE_NAME = "db.xml.gz";

	/** The updater's timestamp format: local time as a 14-digit number. */
	public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

	/** The DTD the updater embeds (element and attribute declarations of {@code XMLFileWriter}). */
	static final String DTD = "<!DOCTYPE pluginRecords [\n" +
		"<!ELEMENT pluginRecords ((update-site | disabled-update-site)*, plugin*)>\n" +
		"<!ELEMENT update-site EMPTY>\n" +
		"<!ELEMENT disabled-update-site EMPTY>\n" +
		"<!ELEMENT plugin (platform*, category*, version?, previous-version*)>\n" +
		"<!ELEMENT version (description?, dependency*, link*, author*)>\n" +
		"<!ELEMENT previous-version EMPTY>\n" +
		"<!ELEMENT description (#PCDATA)>\n" +
		"<!ELEMENT dependency EMPTY>\n" +
		"<!ELEMENT link (#PCDATA)>\n" +
		"<!ELEMENT author (#PCDATA)>\n" +
		"<!ELEMENT platform (#PCDATA)>\n" +
		"<!ELEMENT category (#PCDATA)>\n" +
		attributes("update-site") + attributes("disabled-update-site") +
		"<!ATTLIST plugin update-site CDATA #IMPLIED>\n" +
		"<!ATTLIST plugin filename CDATA #REQUIRED>\n" +
		"<!ATTLIST plugin executable CDATA #IMPLIED>\n" +
		"<!ATTLIST dependency filename CDATA #REQUIRED>\n" +
		"<!ATTLIST dependency timestamp CDATA #IMPLIED>\n" +
		"<!ATTLIST dependency overrides CDATA #IMPLIED>\n" +
		"<!ATTLIST version timestamp CDATA #REQUIRED>\n" +
		"<!ATTLIST version checksum CDATA #REQUIRED>\n" +
		"<!ATTLIST version filesize CDATA #REQUIRED>\n" +
		"<!ATTLIST previous-version filename CDATA #IMPLIED>\n" +
		"<!ATTLIST previous-version timestamp CDATA #REQUIRED>\n" +
		"<!ATTLIST previous-version timestamp-obsolete CDATA #IMPLIED>\n" +
		"<!ATTLIST previous-version checksum CDATA #REQUIRED>]>\n";

	private static String attributes(final String element) {
		final StringBuilder builder = new StringBuilder();
		for (final String required : new String[] { "name", "url" })
			builder.append("<!ATTLIST " + element + " " + required + " CDATA #REQUIRED>\n");
		for (final String implied : new String[] { "keep-url", "official", "ssh-host", "upload-directory",
			"description", "maintainer" })
			builder.append("<!ATTLIST " + element + " " + implied + " CDATA #IMPLIED>\n");
		return builder.append("<!ATTLIST " + element + " timestamp CDATA #REQUIRED>\n").toString();
	}

	/** One version of a file: its updater checksum, release timestamp and (for the current one) size. */
	public static final class Version {

		public final String checksum;
		public final long timestamp;
		/** Size in bytes; -1 when unknown (previous versions do not record it). */
		public final long filesize;
		/** For previous versions: when they were superseded (0 when unknown). */
		public final long timestampObsolete;
		/** For previous versions: their (versioned) path, when it differs from the record's. */
		public final String filename;

		public Version(final String checksum, final long timestamp, final long filesize,
			final long timestampObsolete, final String filename)
		{
			this.checksum = Objects.requireNonNull(checksum, "checksum");
			this.timestamp = timestamp;
			this.filesize = filesize;
			this.timestampObsolete = timestampObsolete;
			this.filename = filename;
		}
	}

	/** A dependency: the unversioned path of another file and the timestamp of the version depended on. */
	public static final class Dependency {

		public final String filename;
		public final long timestamp;

		public Dependency(final String filename, final long timestamp) {
			this.filename = unversioned(filename);
			this.timestamp = timestamp;
		}
	}

	/** One {@code plugin} record. Mutable while a database is being assembled. */
	public static final class Record {

		/** The versioned path as installed, e.g. {@code jars/diffusion-fiji-0.1.0.jar}. */
		public String filename;
		/** The current version; null for an obsolete record. */
		public Version current;
		public String description;
		public final List<String> platforms = new ArrayList<>();
		public final List<Dependency> dependencies = new ArrayList<>();
		public final List<String> authors = new ArrayList<>();
		public final List<Version> previous = new ArrayList<>();

		public Record(final String filename) {
			this.filename = Objects.requireNonNull(filename, "filename");
		}

		/** The path of this record's current file on the update site: {@code filename-timestamp}. */
		public String sitePath() {
			if (current == null) throw new IllegalStateException(filename + " is obsolete");
			return filename + "-" + current.timestamp;
		}
	}

	/** Records keyed by unversioned path, in path order. */
	private final Map<String, Record> records = new TreeMap<>();

	/** The updater's key of a path: the path with its version stripped (scijava-common's rule). */
	public static String unversioned(final String path) {
		return FileUtils.stripFilenameVersion(path);
	}

	/** A timestamp in the updater's format. */
	public static long timestamp(final LocalDateTime time) {
		return Long.parseLong(TIMESTAMP.format(time));
	}

	/** Adds or replaces the record with the same unversioned path. */
	public void put(final Record record) {
		records.put(unversioned(record.filename), record);
	}

	/** The record whose unversioned path equals that of {@code path}, or null. */
	public Record get(final String path) {
		return records.get(unversioned(path));
	}

	public Collection<Record> records() {
		return records.values();
	}

	/** Writes {@code db.xml.gz} (gzipped, UTF-8) to {@code file}. */
	public void write(final Path file) {
		try (OutputStream out = Files.newOutputStream(file)) {
			write(out);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("Cannot write " + file, e);
		}
	}

	/** Writes the gzipped document to {@code out}, which it closes. */
	public void write(final OutputStream out) throws IOException {
		try (Writer writer = new OutputStreamWriter(new GZIPOutputStream(out), StandardCharsets.UTF_8)) {
			writer.write(toXml());
		}
	}

	/** The uncompressed XML document. */
	public String toXml() {
		final StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		xml.append(DTD).append("<pluginRecords>\n");
		for (final Record record : records.values()) {
			xml.append("    <plugin filename=\"").append(escape(record.filename)).append("\">\n");
			for (final String platform : record.platforms)
				element(xml, 8, "platform", platform);
			if (record.current != null) version(xml, record);
			for (final Version v : record.previous) {
				xml.append("        <previous-version timestamp=\"").append(v.timestamp)
					.append("\" timestamp-obsolete=\"").append(v.timestampObsolete).append("\" checksum=\"")
					.append(v.checksum).append('"');
				if (v.filename != null) xml.append(" filename=\"").append(escape(v.filename)).append('"');
				xml.append("/>\n");
			}
			xml.append("    </plugin>\n");
		}
		return xml.append("</pluginRecords>\n").toString();
	}

	/** The {@code version} element of a current record (self-closing when it has no children). */
	private static void version(final StringBuilder xml, final Record record) {
		final Version v = record.current;
		xml.append("        <version checksum=\"").append(v.checksum).append("\" timestamp=\"").append(v.timestamp)
			.append("\" filesize=\"").append(v.filesize).append('"');
		if (record.description == null && record.dependencies.isEmpty() && record.authors.isEmpty()) {
			xml.append("/>\n");
			return;
		}
		xml.append(">\n");
		if (record.description != null) element(xml, 12, "description", record.description);
		for (final Dependency dependency : record.dependencies)
			xml.append("            <dependency filename=\"").append(escape(dependency.filename)).append(
				"\" timestamp=\"").append(dependency.timestamp).append("\"/>\n");
		for (final String author : record.authors)
			element(xml, 12, "author", author);
		xml.append("        </version>\n");
	}

	private static void element(final StringBuilder xml, final int indent, final String tag,
		final String text)
	{
		xml.append(" ".repeat(indent)).append('<').append(tag).append('>').append(escape(text)).append("</")
			.append(tag).append(">\n");
	}

	private static String escape(final String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	/** Reads a {@code db.xml.gz}; absent file: an empty database. */
	public static UpdateSiteDatabase read(final Path file) {
		final UpdateSiteDatabase db = new UpdateSiteDatabase();
		if (!Files.exists(file)) return db;
		try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
			final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setExpandEntityReferences(false);
			final DocumentBuilder builder = factory.newDocumentBuilder();
			final Document document = builder.parse(in);
			for (final Element plugin : children(document.getDocumentElement(), "plugin")) {
				final Record record = new Record(plugin.getAttribute("filename"));
				for (final Element platform : children(plugin, "platform"))
					record.platforms.add(platform.getTextContent());
				for (final Element version : children(plugin, "version")) {
					record.current = new Version(version.getAttribute("checksum"), number(version, "timestamp"),
						number(version, "filesize"), 0, null);
					for (final Element description : children(version, "description"))
						record.description = description.getTextContent();
					for (final Element dependency : children(version, "dependency"))
						record.dependencies.add(new Dependency(dependency.getAttribute("filename"), number(
							dependency, "timestamp")));
					for (final Element author : children(version, "author"))
						record.authors.add(author.getTextContent());
				}
				for (final Element v : children(plugin, "previous-version"))
					record.previous.add(new Version(v.getAttribute("checksum"), number(v, "timestamp"), -1,
						number(v, "timestamp-obsolete"), v.hasAttribute("filename") ? v.getAttribute("filename")
							: null));
				db.put(record);
			}
		}
		catch (final IOException e) {
			throw new UncheckedIOException("Cannot read " + file, e);
		}
		catch (final ParserConfigurationException | SAXException e) {
			throw new IllegalArgumentException(file + " is not an update site database: " + e.getMessage(), e);
		}
		return db;
	}

	private static long number(final Element element, final String attribute) {
		final String value = element.getAttribute(attribute);
		return value.isEmpty() ? 0 : Long.parseLong(value);
	}

	private static List<Element> children(final Element parent, final String tag) {
		final List<Element> result = new ArrayList<>();
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling())
			if (node instanceof Element && ((Element) node).getTagName().equals(tag)) result.add((Element) node);
		return result;
	}
}
