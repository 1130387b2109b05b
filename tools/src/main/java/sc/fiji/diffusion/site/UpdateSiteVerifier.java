/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.site;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.InputSource;

import sc.fiji.diffusion.site.UpdateSiteDatabase.Dependency;
import sc.fiji.diffusion.site.UpdateSiteDatabase.Record;

/**
 * Checks an assembled update site folder the way a Fiji installing from it would see it: {@code db.xml.gz}
 * is valid against its inline DTD (the check the updater's {@code XMLFileWriter.validate} makes before an
 * upload); every current record's file {@code <filename>-<timestamp>} exists with the recorded size and
 * updater checksum; every dependency names a current record of the site, at that record's timestamp or
 * earlier.
 */
public final class UpdateSiteVerifier {

	private UpdateSiteVerifier() {}

	/** The problems found, one sentence each; empty when the site is consistent. */
	public static List<String> verify(final Path site) {
		final List<String> problems = new ArrayList<>();
		final Path dbFile = site.resolve(UpdateSiteDatabase.FILE_NAME);
		if (!Files.isRegularFile(dbFile)) {
			problems.add("no " + dbFile);
			return problems;
		}
		try {
			validate(dbFile);
		}
		catch (final IOException | SAXException | javax.xml.parsers.ParserConfigurationException e) {
			problems.add(dbFile + " is not valid against its DTD: " + e.getMessage());
			return problems;
		}
		final UpdateSiteDatabase db = UpdateSiteDatabase.read(dbFile);
		for (final Record record : db.records()) {
			if (record.current == null) continue;
			final Path file = site.resolve(record.sitePath());
			try {
				if (!Files.isRegularFile(file)) problems.add("missing " + record.sitePath());
				else if (Files.size(file) != record.current.filesize) problems.add(record.sitePath() + " has " +
					Files.size(file) + " bytes, the record says " + record.current.filesize);
				else if (!UpdaterChecksum.digest(record.filename, file).equals(record.current.checksum)) problems.add(
					record.sitePath() + " does not have the recorded checksum " + record.current.checksum);
			}
			catch (final IOException e) {
				problems.add("cannot read " + file + ": " + e.getMessage());
			}
			for (final Dependency dependency : record.dependencies) {
				final Record other = db.get(dependency.filename);
				if (other == null || other.current == null) problems.add(record.filename + " depends on " +
					dependency.filename + ", which the site does not provide");
				else if (dependency.timestamp > other.current.timestamp) problems.add(record.filename +
					" depends on a version of " + dependency.filename + " newer than the site's");
			}
		}
		return problems;
	}

	/** A validating parse of the gzipped document against its inline DTD; throws on the first error. */
	static void validate(final Path dbFile) throws IOException, SAXException,
		javax.xml.parsers.ParserConfigurationException
	{
		final SAXParserFactory factory = SAXParserFactory.newInstance();
		factory.setValidating(true);
		factory.setNamespaceAware(true);
		final XMLReader reader = factory.newSAXParser().getXMLReader();
		reader.setErrorHandler(new ErrorHandler() {

			@Override
			public void warning(final SAXParseException e) {}

			@Override
			public void error(final SAXParseException e) throws SAXException {
				throw e;
			}

			@Override
			public void fatalError(final SAXParseException e) throws SAXException {
				throw e;
			}
		});
		try (InputStream in = new GZIPInputStream(Files.newInputStream(dbFile))) {
			reader.parse(new InputSource(in));
		}
	}
}
