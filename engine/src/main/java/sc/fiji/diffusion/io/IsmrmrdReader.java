/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import sc.fiji.diffusion.mri.CentredFft;
import sc.fiji.diffusion.mri.KspaceVolume;

/**
 * Reads Cartesian k-space from an ISMRMRD HDF5 file (the ISMR raw data format, as written by scanner
 * converters and by {@code ismrmrd_generate_cartesian_shepp_logan}) with the pure-Java HDF5 reader
 * jhdf: the group {@code /dataset} (or the first group holding {@code data} and {@code xml}), its XML
 * header and its acquisitions.
 * <ul>
 * <li>Each acquisition is one readout line of {@code active_channels x number_of_samples} complex
 * samples; it goes to phase encode {@code kspace_encode_step_1 - center + ey/2}, partition
 * {@code kspace_encode_step_2 - center + ez/2}, slice {@code idx.slice}, its sample j to readout
 * position {@code j - center_sample + ex/2} (ex, ey, ez: the encoded matrix; centres from
 * {@code encodingLimits}, else the middle); a line flagged ACQ_IS_REVERSE is read in reverse. Acquisitions
 * that are no image data ({@link #NOT_IMAGE_DATA}: noise, navigators, phase correction, dummy scans...) are
 * skipped, and so are all but the first repetition, contrast, cardiac phase, set and average (index 0:
 * one k-space per slice); lines never acquired stay zero. A line whose samples reach beyond the encoded
 * readout is refused.</li>
 * <li>Readout oversampling (encoded x larger than the recon x) is removed: inverse DFT along the readout,
 * the central recon-x samples kept, DFT back.</li>
 * <li>The voxel size (mm): along the readout, the recon space's field of view over its matrix size; in
 * phase and partition, which keep the encoded matrix, the encoded space's (so that reduced phase
 * resolution or phase oversampling keep the object's proportions).</li>
 * </ul>
 * Only the first encoding ({@code encoding_space_ref} 0) is read; non-Cartesian trajectories are refused.
 */
public final class IsmrmrdReader {

	/** The mask of the 1-based ISMRMRD flag bit {@code f} ({@code ismrmrd.h}: ISMRMRD_ACQ_...). */
	private static long flag(final int f) {
		return 1L << (f - 1);
	}

	/** ACQ_IS_REVERSE: the line's samples are stored in reverse readout order. */
	static final long REVERSE = flag(22);
	/**
	 * Acquisitions that are no image data: noise measurement (19), navigator (23), phase correction (24), HP
	 * feedback (26), dummy scan (27), RT feedback (28), surface-coil correction scan (29), phase
	 * stabilisation reference and phase stabilisation (30, 31).
	 */
	static final long NOT_IMAGE_DATA = flag(19) | flag(23) | flag(24) | flag(26) | flag(27) | flag(28) | flag(29) | flag(30) | flag(31);

	private IsmrmrdReader() {}

	public static KspaceVolume read(final Path file) throws IOException {
		return read(file, note -> {});
	}

	/**
	 * The k-space of {@code file}, telling {@code notes} in one line how many acquisitions were left out and
	 * why (nothing when none was).
	 *
	 * @throws IOException naming the file and what is wrong
	 */
	public static KspaceVolume read(final Path file, final Consumer<String> notes) throws IOException {
		try (HdfFile hdf = new HdfFile(file)) {
			final Group g = datasetGroup(hdf, file);
			final Header h = header(string(((Dataset) g.getChild("xml")).getData()), file);
			final Object compound = ((Dataset) g.getChild("data")).getData();
			if (!(compound instanceof Map)) throw new IOException(file + ": /dataset/data is not a table of acquisitions");
			final Map<?, ?> acq = (Map<?, ?>) compound;
			final Map<?, ?> head = (Map<?, ?>) acq.get("head");
			final Object data = acq.get("data");
			if (head == null || data == null) throw new IOException(file + ": acquisitions lack 'head' or 'data'");
			return assemble(file, h, head, data, notes);
		}
		catch (final IOException e) {
			throw e;
		}
		catch (final RuntimeException e) {
			throw new IOException(file + " is not a readable ISMRMRD file: " + e.getMessage(), e);
		}
	}

	/**
	 * The k-space of the acquisitions: {@code head}, the table of acquisition headers as jhdf reads it (a
	 * map from each field to its array over the acquisitions, {@code idx} a map of its own), and
	 * {@code data}, an array of each acquisition's interleaved (re, im) samples, coil after coil.
	 */
	static KspaceVolume assemble(final Path file, final Header h, final Map<?, ?> head, final Object data, final Consumer<String> notes) throws IOException {
		try {
			final Map<?, ?> idx = (Map<?, ?>) head.get("idx");
			final int n = Array.getLength(data);
			int coils = 0, slices = 1;
			final Map<String, Integer> leftOut = new TreeMap<>();
			for (int a = 0; a < n; a++) {
				final String why = skipReason(head, a);
				if (why != null) {
					leftOut.merge(why, 1, Integer::sum);
					continue;
				}
				coils = Math.max(coils, intAt(head.get("active_channels"), a));
				slices = Math.max(slices, intAt(idx.get("slice"), a) + 1);
			}
			if (coils == 0) throw new IOException(file + " holds no imaging acquisitions");
			if (!leftOut.isEmpty()) {
				final StringBuilder b = new StringBuilder();
				leftOut.forEach((why, count) -> b.append(b.length() == 0 ? "" : ", ").append(count).append(' ').append(why));
				notes.accept(file.getFileName() + ": left out " + b + " (one k-space per slice: the first encoding, repetition, contrast, cardiac phase, "
					+ "set and average)");
			}
			final int ex = h.encoded[0], ey = h.encoded[1], ez = h.encoded[2];
			final long total = (long) ex * ey * ez * coils * slices;
			if (total > Integer.MAX_VALUE - 8) throw new IOException(file + ": k-space of " + total + " samples is too large");
			final float[] re = new float[(int) total], im = new float[(int) total];
			for (int a = 0; a < n; a++) {
				if (skipped(head, a)) continue;
				final int samples = intAt(head.get("number_of_samples"), a), channels = intAt(head.get("active_channels"), a);
				final int centre = intAt(head.get("center_sample"), a);
				final int ky = intAt(idx.get("kspace_encode_step_1"), a) - h.centre1 + ey / 2;
				final int kz = intAt(idx.get("kspace_encode_step_2"), a) - h.centre2 + ez / 2;
				final int sl = intAt(idx.get("slice"), a);
				if (ky < 0 || ky >= ey || kz < 0 || kz >= ez)
					throw new IOException(String.format(java.util.Locale.ROOT, "%s: acquisition %d at phase %d, partition %d is outside the %dx%d encoded matrix", file, a, ky, kz, ey, ez));
				final float[] values = (float[]) Array.get(data, a);
				if (values.length != 2 * samples * channels)
					throw new IOException(file + ": acquisition " + a + " holds " + values.length / 2 + " samples, its header says " + channels + " x " + samples);
				if (centre > ex / 2 || samples - centre > ex - ex / 2)
					throw new IOException(String.format(java.util.Locale.ROOT, "%s: acquisition %d has %d samples with its centre at sample %d, which reach beyond the "
						+ "encoded readout of %d samples (encodedSpace x): the header does not describe these data", file, a, samples, centre, ex));
				final boolean reverse = (flags(head, a) & REVERSE) != 0;
				for (int c = 0; c < channels; c++)
					for (int j = 0; j < samples; j++) {
						final int kx = (reverse ? samples - 1 - j : j) - centre + ex / 2;
						final int at = kx + ex * (ky + ey * (kz + ez * (c + coils * sl)));
						re[at] = values[2 * (c * samples + j)];
						im[at] = values[2 * (c * samples + j) + 1];
					}
			}
			final int rx = h.recon[0];
			final double[] voxel = { h.reconFov[0] / rx, h.encodedFov[1] / ey, h.encodedFov[2] / ez };
			final float[][] k = rx < ex ? removeOversampling(re, im, ex, rx) : new float[][] { re, im };
			try {
				return new KspaceVolume(Math.min(rx, ex), ey, ez, coils, slices, k[0], k[1], voxel);
			}
			catch (final IllegalArgumentException e) { // a readable file whose k-space is refused (its size, its values)
				throw new IOException(file + ": " + e.getMessage(), e);
			}
		}
		catch (final IOException e) {
			throw e;
		}
		catch (final RuntimeException e) {
			throw new IOException(file + " is not a readable ISMRMRD file: " + e.getMessage(), e);
		}
	}

	/** Names of the {@link #NOT_IMAGE_DATA} flags, by their 1-based bit. */
	private static final Map<Integer, String> NOT_IMAGE_NAMES = Map.of(19, "noise measurement", 23, "navigator", 24, "phase correction", 26, "HP feedback",
		27, "dummy scan", 28, "RT feedback", 29, "surface-coil correction", 30, "phase stabilisation reference", 31, "phase stabilisation");

	private static boolean skipped(final Map<?, ?> head, final int a) {
		return skipReason(head, a) != null;
	}

	/**
	 * Why acquisition {@code a} is left out, or null if it is not: no image data ({@link #NOT_IMAGE_DATA}),
	 * another encoding than the first, or not index 0 of repetition, contrast, phase, set and average.
	 */
	private static String skipReason(final Map<?, ?> head, final int a) {
		final long f = flags(head, a);
		if ((f & NOT_IMAGE_DATA) != 0)
			for (final Map.Entry<Integer, String> e : new TreeMap<>(NOT_IMAGE_NAMES).entrySet())
				if ((f & flag(e.getKey())) != 0) return e.getValue();
		if (intAt(head.get("encoding_space_ref"), a) != 0) return "of another encoding";
		final Map<?, ?> idx = (Map<?, ?>) head.get("idx");
		for (final String other : new String[] { "repetition", "contrast", "phase", "set", "average" })
			if (idx != null && idx.get(other) != null && intAt(idx.get(other), a) != 0) return "of " + (other.equals("phase") ? "cardiac phase" : other) + " > 0";
		return null;
	}

	private static long flags(final Map<?, ?> head, final int a) {
		final Object f = Array.get(head.get("flags"), a);
		return f instanceof BigInteger ? ((BigInteger) f).longValue() : ((Number) f).longValue();
	}

	private static int intAt(final Object array, final int i) {
		if (array == null) return 0;
		final Object v = Array.get(array, i);
		return v instanceof BigInteger ? ((BigInteger) v).intValueExact() : ((Number) v).intValue();
	}

	/** Each readout line: centred inverse DFT over ex, the central rx samples, centred DFT over rx. */
	static float[][] removeOversampling(final float[] re, final float[] im, final int ex, final int rx) {
		final int lines = re.length / ex;
		final int[] starts = new int[lines];
		for (int l = 0; l < lines; l++) starts[l] = l * ex;
		final float[] r = re.clone(), m = im.clone();
		CentredFft.transform1D(r, m, ex, 1, starts, true);
		final float[] outR = new float[lines * rx], outI = new float[lines * rx];
		final int off = ex / 2 - rx / 2;
		for (int l = 0; l < lines; l++) {
			System.arraycopy(r, l * ex + off, outR, l * rx, rx);
			System.arraycopy(m, l * ex + off, outI, l * rx, rx);
		}
		final int[] s2 = new int[lines];
		for (int l = 0; l < lines; l++) s2[l] = l * rx;
		CentredFft.transform1D(outR, outI, rx, 1, s2, false);
		return new float[][] { outR, outI };
	}

	private static Group datasetGroup(final HdfFile hdf, final Path file) throws IOException {
		final io.jhdf.api.Node d = hdf.getChildren().get("dataset");
		if (d instanceof Group && ((Group) d).getChildren().containsKey("data")) return (Group) d;
		for (final io.jhdf.api.Node n : hdf.getChildren().values())
			if (n instanceof Group && ((Group) n).getChildren().containsKey("data") && ((Group) n).getChildren().containsKey("xml")) return (Group) n;
		throw new IOException(file + " has no ISMRMRD dataset (a group with 'data' and 'xml')");
	}

	private static String string(final Object xml) {
		if (xml instanceof String[]) return ((String[]) xml)[0];
		if (xml instanceof Object[]) return String.valueOf(((Object[]) xml)[0]);
		return String.valueOf(xml);
	}

	/** What the reader needs from the XML header. */
	static final class Header {
		int[] encoded = new int[3], recon = new int[3];
		double[] reconFov = new double[3], encodedFov = new double[3];
		int centre1, centre2;
	}

	static Header header(final String xml, final Path file) throws IOException {
		final Document doc;
		try {
			final DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
		}
		catch (final Exception e) {
			throw new IOException(file + ": unreadable ISMRMRD XML header: " + e.getMessage(), e);
		}
		final Element enc = child(doc.getDocumentElement(), "encoding");
		if (enc == null) throw new IOException(file + ": the XML header has no <encoding>");
		final Element traj = child(enc, "trajectory");
		if (traj != null && !traj.getTextContent().trim().equals("cartesian"))
			throw new IOException(file + ": trajectory '" + traj.getTextContent().trim() + "' is not Cartesian");
		final Header h = new Header();
		final Element es = child(enc, "encodedSpace"), rs = child(enc, "reconSpace");
		matrix(child(es, "matrixSize"), h.encoded, file);
		if (rs != null) matrix(child(rs, "matrixSize"), h.recon, file);
		else h.recon = h.encoded.clone();
		fov(child(rs != null ? rs : es, "fieldOfView_mm"), h.recon, h.reconFov);
		fov(child(es, "fieldOfView_mm"), h.encoded, h.encodedFov);
		final Element limits = child(enc, "encodingLimits");
		h.centre1 = centre(limits, "kspace_encoding_step_1", h.encoded[1]);
		h.centre2 = centre(limits, "kspace_encoding_step_2", h.encoded[2]);
		return h;
	}

	/** The field of view (mm) per axis from {@code fov}; 1 mm per matrix sample where it is missing. */
	private static void fov(final Element fov, final int[] matrix, final double[] out) {
		final String[] xyz = { "x", "y", "z" };
		for (int i = 0; i < 3; i++) out[i] = fov == null || child(fov, xyz[i]) == null ? matrix[i] : Double.parseDouble(child(fov, xyz[i]).getTextContent().trim());
	}

	private static int centre(final Element limits, final String name, final int size) {
		final Element e = limits == null ? null : child(limits, name);
		final Element c = e == null ? null : child(e, "center");
		return c == null ? size / 2 : Integer.parseInt(c.getTextContent().trim());
	}

	private static void matrix(final Element m, final int[] out, final Path file) throws IOException {
		if (m == null) throw new IOException(file + ": the XML header has no matrixSize");
		final String[] xyz = { "x", "y", "z" };
		for (int i = 0; i < 3; i++) {
			final Element e = child(m, xyz[i]);
			out[i] = e == null ? 1 : Integer.parseInt(e.getTextContent().trim());
			if (out[i] < 1) throw new IOException(file + ": matrix size " + xyz[i] + " = " + out[i]);
		}
	}

	private static Element child(final Element parent, final String name) {
		if (parent == null) return null;
		for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling())
			if (n instanceof Element && (name.equals(n.getLocalName()) || name.equals(n.getNodeName()))) return (Element) n;
		return null;
	}
}
