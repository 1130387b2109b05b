/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The fields of a single-file NIfTI-1 ({@code .nii}, magic {@code "n+1"}) or NIfTI-2 (magic
 * {@code "n+2"}) header that matter for reading the voxels and placing them in space.
 * <p>
 * <b>Byte order</b>: {@code sizeof_hdr} is 348 (NIfTI-1) or 540 (NIfTI-2) read little-endian, or
 * the same read big-endian; every other field is read in that order.
 * <p>
 * <b>Checks</b> ({@link NiftiFormatException} naming the file): the magic (header/image pairs
 * {@code "ni1"}/{@code "ni2"} and Analyze files without magic are refused), {@code dim[0]} in
 * 1..7, {@code dim[1..dim[0]] >= 1}, at most {@link #MAX_VOXELS} voxels in all, a supported
 * {@link NiftiDatatype}, an integral {@code vox_offset}. Tolerated with a {@link #warnings()
 * warning}, as nibabel does: a {@code bitpix} that does not match the datatype (the datatype
 * wins), a {@code vox_offset} inside the header (the end of the header plus the 4-byte extension
 * flag is used), voxel sizes that are zero or not finite (1 is used), an sform that is singular
 * (the qform is used).
 * <p>
 * <b>Scaling</b>: stored values {@code v} mean {@code scl_slope v + scl_inter}, applied when
 * {@code scl_slope} is finite, non-zero, and not the identity {@code (1, 0)}; a non-finite
 * {@code scl_inter} counts as 0.
 * <p>
 * <b>Affine</b> ({@link #affine()}), voxel {@code (i, j, k)} to world (RAS+) coordinates:
 * <ol>
 * <li>{@code sform_code > 0}: the rows {@code srow_x, srow_y, srow_z};</li>
 * <li>else {@code qform_code > 0}: {@code R diag(dx, dy, qfac dz)} plus {@code (qoffset_x, qoffset_y,
 * qoffset_z)}, with the rotation {@code R} of the unit quaternion
 * {@code (a, b, c, d)}, {@code a = sqrt(1 - b^2 - c^2 - d^2)} (0 if negative, then {@code (b, c, d)}
 * normalised), and {@code qfac = pixdim[0] < 0 ? -1 : 1};</li>
 * <li>else {@code diag(dx, dy, dz)} without offset (the standard's "method 1").</li>
 * </ol>
 * where {@code dx, dy, dz} are the voxel sizes {@code |pixdim[1..3]|}.
 * <p>
 * The float fields of NIfTI-1 are taken as the double with the same shortest decimal form
 * ({@code 2.2f} gives 2.2, not 2.1999990940093994), so that voxel sizes read as written.
 * Immutable.
 */
public final class NiftiHeader {

	/** The largest number of voxels read: the size limit of a Java array. */
	public static final long MAX_VOXELS = Integer.MAX_VALUE - 8;

	/** Header sizes: {@code sizeof_hdr} of NIfTI-1 and NIfTI-2. */
	public static final int SIZE_NIFTI1 = 348, SIZE_NIFTI2 = 540;

	private final Path file;
	private final int version;
	private final ByteOrder order;
	private final int[] dim;
	private final NiftiDatatype datatype;
	private final int bitpix;
	private final long voxOffset;
	private final double[] pixdim;
	private final double sclSlope, sclInter;
	private final int xyztUnits;
	private final int qformCode, sformCode;
	private final double[] quatern; // b, c, d, qoffset_x, qoffset_y, qoffset_z
	private final double[] srow; // 12 values: srow_x, srow_y, srow_z
	private final String description;
	private final double[] voxelSizes;
	private final double[] affine;
	private final String affineSource;
	private final List<String> warnings;

	private NiftiHeader(final NiftiHeaderBuilder b) {
		file = b.file;
		version = b.version;
		order = b.order;
		dim = b.dim;
		datatype = b.datatype;
		bitpix = b.bitpix;
		voxOffset = b.voxOffset;
		pixdim = b.pixdim;
		sclSlope = b.sclSlope;
		sclInter = b.sclInter;
		xyztUnits = b.xyztUnits;
		qformCode = b.qformCode;
		sformCode = b.sformCode;
		quatern = b.quatern;
		srow = b.srow;
		description = b.description;
		voxelSizes = b.voxelSizes;
		affine = b.affine;
		affineSource = b.affineSource;
		warnings = Collections.unmodifiableList(new ArrayList<>(b.warnings));
	}

	/**
	 * The byte order in which the first 4 bytes of a file ({@code sizeof_hdr}) read 348 or 540.
	 *
	 * @param first at least 4 bytes
	 * @throws NiftiFormatException if neither byte order gives 348 or 540
	 */
	static ByteOrder byteOrder(final byte[] first, final Path file) throws NiftiFormatException {
		final int le = ByteBuffer.wrap(first, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
		final int be = ByteBuffer.wrap(first, 0, 4).order(ByteOrder.BIG_ENDIAN).getInt();
		if (le == SIZE_NIFTI1 || le == SIZE_NIFTI2) return ByteOrder.LITTLE_ENDIAN;
		if (be == SIZE_NIFTI1 || be == SIZE_NIFTI2) return ByteOrder.BIG_ENDIAN;
		throw new NiftiFormatException(file, "not a NIfTI file: sizeof_hdr is " + le + " (little-endian) or " + be
			+ " (big-endian), expected 348 (NIfTI-1) or 540 (NIfTI-2)");
	}

	/** The header size, 348 or 540, announced by the first 4 bytes: see {@link #byteOrder}. */
	static int headerSize(final byte[] first, final Path file) throws NiftiFormatException {
		return ByteBuffer.wrap(first, 0, 4).order(byteOrder(first, file)).getInt();
	}

	/**
	 * Parses a header.
	 *
	 * @param bytes the first {@link #headerSize} bytes of the file (or more)
	 * @param file the file, for messages
	 * @throws NiftiFormatException if the header is not a valid, supported single-file NIfTI header
	 */
	public static NiftiHeader parse(final byte[] bytes, final Path file) throws NiftiFormatException {
		if (bytes.length < 4)
			throw new NiftiFormatException(file, "file is too short for a NIfTI header (" + bytes.length + " bytes)");
		final ByteOrder order = byteOrder(bytes, file);
		final int size = headerSize(bytes, file);
		if (bytes.length < size)
			throw new NiftiFormatException(file, "file is too short for its NIfTI-" + (size == SIZE_NIFTI1 ? 1 : 2) + " header: "
				+ bytes.length + " bytes, expected " + size);
		final ByteBuffer h = ByteBuffer.wrap(bytes, 0, size).order(order);
		final NiftiHeaderBuilder b = new NiftiHeaderBuilder(file, order);
		if (size == SIZE_NIFTI1) b.readNifti1(h);
		else b.readNifti2(h);
		b.validate();
		return new NiftiHeader(b);
	}

	/** The file this header was read from. */
	public Path file() { return file; }

	/** 1 or 2. */
	public int version() { return version; }

	public ByteOrder byteOrder() { return order; }

	/** {@code dim[0..7]} (a copy); entries above {@code dim[0]} are reported as stored. */
	public int[] dim() { return dim.clone(); }

	/** Size along x ({@code dim[1]}). */
	public int nx() { return size(1); }

	public int ny() { return size(2); }

	public int nz() { return size(3); }

	/** Number of 3D volumes: the product of {@code dim[4..dim[0]]} (1 for a 3D image). */
	public int nt() {
		int n = 1;
		for (int i = 4; i <= dim[0]; i++) n *= dim[i];
		return n;
	}

	/** Voxels in all: {@code nx ny nz nt} (at most {@link #MAX_VOXELS}). */
	public long voxelCount() {
		return (long) nx() * ny() * nz() * nt();
	}

	/** Bytes of voxel data: {@code voxelCount() * datatype().bytes}. */
	public long dataBytes() {
		return voxelCount() * datatype.bytes;
	}

	private int size(final int i) {
		return i <= dim[0] ? dim[i] : 1;
	}

	public NiftiDatatype datatype() { return datatype; }

	/** {@code bitpix} as stored (may disagree with the datatype: see {@link #warnings()}). */
	public int bitpix() { return bitpix; }

	/** Byte offset of the voxel data in the (uncompressed) file, as used. */
	public long voxOffset() { return voxOffset; }

	/** {@code pixdim[0..7]} as stored (a copy). */
	public double[] pixdim() { return pixdim.clone(); }

	/** Voxel sizes along x, y, z as used: {@code |pixdim[1..3]|}, 1 where that is 0 or not finite (a copy). */
	public double[] voxelSizes() { return voxelSizes.clone(); }

	public double sclSlope() { return sclSlope; }

	public double sclInter() { return sclInter; }

	/** Whether stored values are scaled: see the class description. */
	public boolean hasScaling() {
		return Double.isFinite(sclSlope) && sclSlope != 0 && !(sclSlope == 1 && (sclInter == 0 || !Double.isFinite(sclInter)));
	}

	/** The slope applied to stored values (1 without scaling). */
	public double slope() { return hasScaling() ? sclSlope : 1; }

	/** The intercept applied to stored values (0 without scaling). */
	public double intercept() { return hasScaling() && Double.isFinite(sclInter) ? sclInter : 0; }

	/** {@code xyzt_units} as stored. */
	public int xyztUnits() { return xyztUnits; }

	/** The spatial unit of {@code xyzt_units}: "m", "mm", "micron", or "" when not given (code 0). */
	public String spatialUnit() {
		switch (xyztUnits & 0x07) {
			case 1: return "m";
			case 2: return "mm";
			case 3: return "micron";
			default: return "";
		}
	}

	/** The temporal unit of {@code xyzt_units}: "s", "ms", "us", "Hz", "ppm", "rad/s", or "". */
	public String temporalUnit() {
		switch (xyztUnits & 0x38) {
			case 8: return "s";
			case 16: return "ms";
			case 24: return "us";
			case 32: return "Hz";
			case 40: return "ppm";
			case 48: return "rad/s";
			default: return "";
		}
	}

	public int qformCode() { return qformCode; }

	public int sformCode() { return sformCode; }

	/** {@code quatern_b, quatern_c, quatern_d, qoffset_x, qoffset_y, qoffset_z} (a copy). */
	public double[] quaternion() { return quatern.clone(); }

	/** {@code srow_x, srow_y, srow_z}, 12 values (a copy). */
	public double[] srow() { return srow.clone(); }

	/** {@code descrip}, trimmed at the first NUL. */
	public String description() { return description; }

	/** The voxel-to-world affine as used (see the class description), row-major 4x4 (a copy). */
	public double[] affine() { return affine.clone(); }

	/** Which affine {@link #affine()} is, e.g. "sform (code 4, MNI_152)" or "pixdim scaling (no qform or sform)". */
	public String affineSource() { return affineSource; }

	/** The affine from the sform rows (whatever {@code sform_code} is). */
	public double[] sformAffine() { return sformAffine(srow); }

	/** The affine from the quaternion parameters and pixdim (whatever {@code qform_code} is). */
	public double[] qformAffine() { return qformAffine(quatern, voxelSizes, pixdim[0]); }

	/** Problems tolerated while reading (empty for a clean header). */
	public List<String> warnings() { return warnings; }

	/** Name of a qform/sform code. */
	public static String xformName(final int code) {
		switch (code) {
			case 0: return "UNKNOWN";
			case 1: return "SCANNER_ANAT";
			case 2: return "ALIGNED_ANAT";
			case 3: return "TALAIRACH";
			case 4: return "MNI_152";
			case 5: return "TEMPLATE_OTHER";
			default: return "non-standard";
		}
	}

	@Override
	public String toString() {
		final StringBuilder s = new StringBuilder();
		s.append("NIfTI-").append(version).append(order == ByteOrder.LITTLE_ENDIAN ? " little-endian" : " big-endian").append(", ");
		for (int i = 1; i <= dim[0]; i++) s.append(i > 1 ? "x" : "").append(dim[i]);
		s.append(' ').append(datatype.label);
		final double[] v = voxelSizes;
		s.append(String.format(Locale.ROOT, ", voxels %gx%gx%g %s", v[0], v[1], v[2], spatialUnit().isEmpty() ? "(unit not given)" : spatialUnit()));
		if (hasScaling()) s.append(String.format(Locale.ROOT, ", scaled by %g x + %g", slope(), intercept()));
		s.append(", affine: ").append(affineSource);
		return s.toString();
	}

	static double[] sformAffine(final double[] srow) {
		final double[] a = new double[16];
		System.arraycopy(srow, 0, a, 0, 12);
		a[15] = 1;
		return a;
	}

	static double[] qformAffine(final double[] q, final double[] sizes, final double pixdim0) {
		double b = q[0], c = q[1], d = q[2];
		double a = 1 - (b * b + c * c + d * d);
		if (a < 1e-7) { // numerically a 180-degree rotation: a = 0 and (b, c, d) normalised
			final double n = Math.sqrt(b * b + c * c + d * d);
			if (n > 0) { b /= n; c /= n; d /= n; }
			a = 0;
		} else {
			a = Math.sqrt(a);
		}
		final double qfac = pixdim0 < 0 ? -1 : 1;
		final double[][] r = {
			{ a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c) },
			{ 2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b) },
			{ 2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b } };
		final double[] scale = { sizes[0], sizes[1], qfac * sizes[2] };
		final double[] m = new double[16];
		for (int i = 0; i < 3; i++) {
			for (int j = 0; j < 3; j++)
				m[4 * i + j] = r[i][j] * scale[j];
			m[4 * i + 3] = q[3 + i];
		}
		m[15] = 1;
		return m;
	}

	static double det3(final double[] m) {
		return m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8]) + m[2] * (m[4] * m[9] - m[5] * m[8]);
	}

	static boolean finite(final double[] values) {
		for (final double v : values)
			if (!Double.isFinite(v)) return false;
		return true;
	}
}
