/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.site;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.GZIPInputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArray;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import sc.fiji.diffusion.site.UpdateSiteDatabase.Record;

/**
 * The update site assembler: the Fiji updater's checksums (known values and invariances), the
 * {@code db.xml.gz} format, and the site folder it writes, built in a temporary folder from a jar this
 * test writes and a real jar of the test classpath (ndarray).
 */
class UpdateSiteAssemblerTest {

	private static final long T1 = 20261130120000L;
	private static final long T2 = 20261201090000L;

	/**
	 * Checksums computed by imagej-updater's own {@code UpdaterUtil.getDigest(path, file)} (its sources
	 * compiled outside this project, 2026-11-30), for files any build of this project has.
	 */
	private static final String NDARRAY_1_0_0_UPDATER_DIGEST = "d87bee51baacef4572965a4a31e271df0119bf25";
	private static final String MACRO_UPDATER_DIGEST = "d45e9772b5226fbbc13a7d41fd76dc8f84edcda9";

	@TempDir
	Path tmp;

	@Test
	void jarDigestMatchesTheUpdaterOnARealJar() throws Exception {
		assertEquals(NDARRAY_1_0_0_UPDATER_DIGEST, UpdaterChecksum.digest("jars/ndarray-1.0.0.jar", ndarrayJar()));
	}

	@Test
	void otherFilesHashTheirPathThenTheirContent() throws Exception {
		final Path macro = Files.writeString(tmp.resolve("Demo.ijm"), "// hello\n");
		assertEquals(MACRO_UPDATER_DIGEST, UpdaterChecksum.digest("macros/Demo.ijm", macro));
		assertEquals(sha1("macros/Demo.ijm// hello\n"), UpdaterChecksum.digest("macros/Demo.ijm", macro));
		assertNotEquals(UpdaterChecksum.digest("macros/Other.ijm", macro), UpdaterChecksum.digest(
			"macros/Demo.ijm", macro));
	}

	@Test
	void jarDigestIsSortedNamesAndContentWithoutManifestAndPropertiesComments() throws Exception {
		final Map<String, String> entries = new LinkedHashMap<>();
		entries.put("b.txt", "B");
		entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMain-Class: x.Y\n");
		entries.put("a/p.properties", "#Mon Nov 30 12:00:00 CET 2026\nkey=value\n");
		final Path jar = jar("spec.jar", entries, 0);
		final String expected = sha1("META-INF/MANIFEST.MF" + "a/p.properties" + "\nkey=value\n" + "b.txt" + "B");
		assertEquals(expected, UpdaterChecksum.jarDigest(jar));
	}

	@Test
	void jarDigestIgnoresOrderTimesManifestAndDateCommentsButNotContent() throws Exception {
		final Path base = jar("base.jar", entries("v1", "#Mon Nov 30 12:00:00 CET 2026", "Built-By: a"), 0);
		final String digest = UpdaterChecksum.jarDigest(base);

		final Map<String, String> shuffled = entries("v1", "#Tue Dec 01 09:00:00 CET 2026", "Built-By: b");
		final List<String> names = new ArrayList<>(shuffled.keySet());
		Collections.reverse(names);
		final Map<String, String> reversed = new LinkedHashMap<>();
		for (final String name : names)
			reversed.put(name, shuffled.get(name));
		assertEquals(digest, UpdaterChecksum.jarDigest(jar("rebuilt.jar", reversed, 86_400_000L * 400)));

		assertNotEquals(digest, UpdaterChecksum.jarDigest(jar("changed.jar", entries("v2",
			"#Mon Nov 30 12:00:00 CET 2026", "Built-By: a"), 0)));
		final Map<String, String> renamed = entries("v1", "#Mon Nov 30 12:00:00 CET 2026", "Built-By: a");
		renamed.put("x/Renamed.class", renamed.remove("x/A.class"));
		assertNotEquals(digest, UpdaterChecksum.jarDigest(jar("renamed.jar", renamed, 0)));
	}

	@Test
	void propertiesFilterKeepsTheUpdatersQuirks() {
		// Comment text goes, its newline stays.
		assertEquals("\nk=v\n", filtered("#date\nk=v\n"));
		// After an empty line (or an empty comment) a comment is not recognised.
		assertEquals("\n#kept\n", filtered("\n#kept\n"));
		assertEquals("\n#kept\n", filtered("#\n#kept\n"));
		assertEquals("k=v # not a comment\n", filtered("k=v # not a comment\n"));
	}

	@Test
	void assemblesAValidSiteAndCarriesReleasesOver() throws Exception {
		final Path plugin = jar("diffusion-fiji.jar", pluginEntries("v1"), 0);
		final Path nativeJar = jar("tensorflow-core-native-1.1.0-linux-x86_64.jar", Map.of("lib.so", "ELF"), 0);
		final Path macro = Files.writeString(tmp.resolve("Denoise.ijm"), "run(\"Diffusion Denoise\");\n");
		final Path site = tmp.resolve("site");
		final List<SiteFile> files = List.of(SiteFile.mainJar(plugin), SiteFile.jar(ndarrayJar()), SiteFile
			.nativeJar("linux64", nativeJar), SiteFile.macro(macro));

		UpdateSiteAssembler.assemble(site, files, T1);
		assertEquals(List.of(), UpdateSiteVerifier.verify(site));
		assertTrue(Files.isRegularFile(site.resolve("jars/diffusion-fiji-0.1.0.jar-" + T1)));
		assertTrue(Files.isRegularFile(site.resolve("lib/diffusion-fiji/ndarray-1.0.0.jar-" + T1)));
		assertTrue(Files.isRegularFile(site.resolve("lib/linux64/diffusion-fiji/tensorflow-core-native-1.1.0-linux-x86_64.jar-" + T1)));
		assertTrue(Files.isRegularFile(site.resolve("macros/Denoise.ijm-" + T1)));

		// Every record of the DOM: its file exists with the recorded size and checksum.
		final Document doc = dom(site);
		final NodeList plugins = doc.getElementsByTagName("plugin");
		assertEquals(4, plugins.getLength());
		for (int i = 0; i < plugins.getLength(); i++) {
			final Element record = (Element) plugins.item(i);
			final String filename = record.getAttribute("filename");
			final Element version = (Element) record.getElementsByTagName("version").item(0);
			final Path file = site.resolve(filename + "-" + version.getAttribute("timestamp"));
			assertEquals(Long.parseLong(version.getAttribute("filesize")), Files.size(file), filename);
			assertEquals(version.getAttribute("checksum"), UpdaterChecksum.digest(filename, file), filename);
		}
		final Element main = record(doc, "jars/diffusion-fiji-0.1.0.jar");
		assertEquals("A test plugin.", text(main, "description"));
		final List<String> dependencies = new ArrayList<>();
		final NodeList deps = main.getElementsByTagName("dependency");
		for (int i = 0; i < deps.getLength(); i++) {
			dependencies.add(((Element) deps.item(i)).getAttribute("filename"));
			assertEquals(String.valueOf(T1), ((Element) deps.item(i)).getAttribute("timestamp"));
		}
		assertEquals(List.of("lib/diffusion-fiji/ndarray.jar", "lib/linux64/diffusion-fiji/tensorflow-core-native-linux-x86_64.jar"),
			dependencies);
		assertEquals("linux64", text(record(doc, "lib/linux64/diffusion-fiji/tensorflow-core-native-1.1.0-linux-x86_64.jar"),
			"platform"));
		assertNull(text(record(doc, "lib/diffusion-fiji/ndarray-1.0.0.jar"), "platform"));

		// Same inputs and timestamp into a fresh folder: byte-identical database.
		final Path again = tmp.resolve("again");
		UpdateSiteAssembler.assemble(again, files, T1);
		assertArrayEquals(Files.readAllBytes(site.resolve("db.xml.gz")), Files.readAllBytes(again.resolve(
			"db.xml.gz")));

		// Next release: the plugin changed, the macro is gone, the rest is unchanged.
		final Path plugin2 = jar("diffusion-fiji-2.jar", pluginEntries("v2"), 0);
		final UpdateSiteDatabase db = UpdateSiteAssembler.assemble(site, List.of(SiteFile.mainJar(plugin2),
			SiteFile.jar(ndarrayJar()), SiteFile.nativeJar("linux64", nativeJar)), T2);
		assertEquals(List.of(), UpdateSiteVerifier.verify(site));
		final Record pluginRecord = db.get("jars/diffusion-fiji.jar");
		assertEquals(T2, pluginRecord.current.timestamp);
		assertEquals(1, pluginRecord.previous.size());
		assertEquals(T1, pluginRecord.previous.get(0).timestamp);
		assertEquals(T2, pluginRecord.previous.get(0).timestampObsolete);
		assertEquals("jars/diffusion-fiji-0.1.0.jar", pluginRecord.previous.get(0).filename);
		assertEquals(T1, db.get("lib/diffusion-fiji/ndarray.jar").current.timestamp);
		assertNull(db.get("macros/Denoise.ijm").current);
		assertEquals(T1, db.get("macros/Denoise.ijm").previous.get(0).timestamp);
		assertTrue(Files.isRegularFile(site.resolve("jars/diffusion-fiji-0.1.0.jar-" + T2)));
		assertTrue(Files.isRegularFile(site.resolve("jars/diffusion-fiji-0.1.0.jar-" + T1)));
		assertTrue(!Files.exists(site.resolve("lib/diffusion-fiji/ndarray-1.0.0.jar-" + T2)));
	}

	@Test
	void verifierReportsATamperedFile() throws Exception {
		final Path macro = Files.writeString(tmp.resolve("A.ijm"), "print(1);\n");
		final Path site = tmp.resolve("site");
		UpdateSiteAssembler.assemble(site, List.of(SiteFile.mainJar(jar("p.jar", pluginEntries("v1"), 0)),
			SiteFile.macro(macro)), T1);
		Files.writeString(site.resolve("macros/A.ijm-" + T1), "print(2);\n");
		final List<String> problems = UpdateSiteVerifier.verify(site);
		assertEquals(1, problems.size(), problems.toString());
		assertTrue(problems.get(0).contains("checksum"), problems.get(0));
	}

	// -- helpers --

	/**
	 * A jar for Fiji's {@code jars/} whose manifest names other jars (pom-scijava's {@code addClasspath})
	 * is refused: Fiji's loader and the engine's child-first loader would load the jars it names from
	 * Fiji's {@code jars/}. The same jar without the {@code Class-Path} is taken.
	 */
	@Test
	void aJarForFijisClasspathWithAManifestClassPathIsRefused() throws Exception {
		final Map<String, String> named = pluginEntries("plugin");
		named.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nClass-Path: gson-2.10.1.jar slf4j-api-2.0.17.jar\n");
		final Path withClassPath = jar("with-class-path.jar", named, 0);
		final IllegalArgumentException main = assertThrows(IllegalArgumentException.class, () -> SiteFile.mainJar(withClassPath));
		assertTrue(main.getMessage().contains("Class-Path (2 jars, e.g. gson-2.10.1.jar)") && main.getMessage().contains("addClasspath"), main.getMessage());
		assertThrows(IllegalArgumentException.class, () -> SiteFile.classpathJar(withClassPath));
		assertEquals("lib/diffusion-fiji/with-class-path.jar", SiteFile.jar(withClassPath).path, "a third-party library of lib/diffusion-fiji/ is published as it is");
		assertEquals("jars/diffusion-fiji-0.1.0.jar", SiteFile.mainJar(jar("plain.jar", pluginEntries("plugin"), 0)).path);
	}

	private static Path ndarrayJar() throws URISyntaxException {
		return Paths.get(NdArray.class.getProtectionDomain().getCodeSource().getLocation().toURI());
	}

	private static Map<String, String> entries(final String classContent, final String dateComment,
		final String builtBy)
	{
		final Map<String, String> entries = new LinkedHashMap<>();
		entries.put("META-INF/", "");
		entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n" + builtBy + "\n");
		entries.put("META-INF/maven/g/a/pom.properties", dateComment + "\nversion=1\n");
		entries.put("x/A.class", classContent);
		entries.put("x/B.class", "unchanged");
		return entries;
	}

	private static Map<String, String> pluginEntries(final String content) {
		final Map<String, String> entries = new LinkedHashMap<>();
		entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n");
		entries.put("META-INF/maven/sc.fiji/diffusion-fiji/pom.properties",
			"#generated\nartifactId=diffusion-fiji\ngroupId=sc.fiji\nversion=0.1.0\n");
		entries.put("META-INF/maven/sc.fiji/diffusion-fiji/pom.xml",
			"<project><description>A test plugin.</description></project>");
		entries.put("sc/fiji/diffusion/Plugin.class", content);
		return entries;
	}

	/** Writes a jar with the entries in the given order, all stamped {@code offsetMillis} after 2026-01-01. */
	private Path jar(final String name, final Map<String, String> entries, final long offsetMillis)
		throws IOException
	{
		final Path jar = tmp.resolve(name);
		try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
			for (final Map.Entry<String, String> e : entries.entrySet()) {
				final JarEntry entry = new JarEntry(e.getKey());
				entry.setLastModifiedTime(FileTime.fromMillis(1_767_225_600_000L + offsetMillis));
				zip.putNextEntry(entry);
				zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
		return jar;
	}

	private static String filtered(final String text) {
		return new String(UpdaterChecksum.skipHashedLines(text.getBytes(StandardCharsets.US_ASCII)),
			StandardCharsets.US_ASCII);
	}

	private static String sha1(final String text) throws Exception {
		return UpdaterChecksum.hex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(
			StandardCharsets.US_ASCII)));
	}

	private static Document dom(final Path site) throws Exception {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(site.resolve("db.xml.gz")))) {
			return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
		}
	}

	private static Element record(final Document doc, final String filename) {
		final NodeList plugins = doc.getElementsByTagName("plugin");
		for (int i = 0; i < plugins.getLength(); i++)
			if (((Element) plugins.item(i)).getAttribute("filename").equals(filename)) return (Element) plugins.item(i);
		throw new AssertionError("No record for " + filename);
	}

	private static String text(final Element parent, final String tag) {
		final NodeList nodes = parent.getElementsByTagName(tag);
		return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
	}
}
