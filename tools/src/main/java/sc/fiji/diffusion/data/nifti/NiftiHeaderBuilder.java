/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The fields of a NIfTI-1 or NIfTI-2 header while it is parsed and checked ({@link NiftiHeader#parse}). */
final class NiftiHeaderBuilder {
	final Path file;
	final ByteOrder order;
	int version;
	int[] dim = new int[8];
	long[] rawDim = new long[8];
	int datatypeCode;
	NiftiDatatype datatype;
	int bitpix;
	double rawVoxOffset;
	long voxOffset;
	double[] pixdim = new double[8];
	double sclSlope, sclInter;
	int xyztUnits, qformCode, sformCode;
	double[] quatern = new double[6];
	double[] srow = new double[12];
	String description, magic;
	double[] voxelSizes;
	double[] affine;
	String affineSource;
	final List<String> warnings = new ArrayList<>();

	NiftiHeaderBuilder(final Path file, final ByteOrder order) {
		this.file = file;
		this.order = order;
	}

	void readNifti1(final ByteBuffer h) {
		version = 1;
		for (int i = 0; i < 8; i++) rawDim[i] = h.getShort(40 + 2 * i);
		datatypeCode = h.getShort(70);
		bitpix = h.getShort(72);
		for (int i = 0; i < 8; i++) pixdim[i] = decimal(h, 76 + 4 * i);
		rawVoxOffset = decimal(h, 108);
		sclSlope = decimal(h, 112);
		sclInter = decimal(h, 116);
		xyztUnits = h.get(123) & 0xff;
		description = string(h, 148, 80);
		qformCode = h.getShort(252);
		sformCode = h.getShort(254);
		for (int i = 0; i < 6; i++) quatern[i] = decimal(h, 256 + 4 * i);
		for (int i = 0; i < 12; i++) srow[i] = decimal(h, 280 + 4 * i);
		magic = string(h, 344, 4);
	}

	void readNifti2(final ByteBuffer h) {
		version = 2;
		magic = string(h, 4, 8);
		datatypeCode = h.getShort(12);
		bitpix = h.getShort(14);
		for (int i = 0; i < 8; i++) rawDim[i] = h.getLong(16 + 8 * i);
		for (int i = 0; i < 8; i++) pixdim[i] = h.getDouble(104 + 8 * i);
		rawVoxOffset = h.getLong(168);
		sclSlope = h.getDouble(176);
		sclInter = h.getDouble(184);
		description = string(h, 240, 80);
		qformCode = h.getInt(344);
		sformCode = h.getInt(348);
		for (int i = 0; i < 6; i++) quatern[i] = h.getDouble(352 + 8 * i);
		for (int i = 0; i < 12; i++) srow[i] = h.getDouble(400 + 8 * i);
		xyztUnits = h.getInt(500);
	}

	void validate() throws NiftiFormatException {
		checkMagic();
		final long ndim = rawDim[0];
		if (ndim < 1 || ndim > 7)
			throw new NiftiFormatException(file, "invalid header: dim[0] = " + ndim + " is not a number of dimensions in 1..7");
		long count = 1;
		for (int i = 1; i <= ndim; i++) {
			if (rawDim[i] < 1)
				throw new NiftiFormatException(file, "invalid header: dim[" + i + "] = " + rawDim[i] + " must be at least 1 (dim = " + Arrays.toString(rawDim) + ")");
			if (rawDim[i] > NiftiHeader.MAX_VOXELS)
				throw new NiftiFormatException(file, "image too large: dim[" + i + "] = " + rawDim[i] + " exceeds " + NiftiHeader.MAX_VOXELS);
			count *= rawDim[i]; // both factors <= 2^31, so no overflow before the check below
			if (count > NiftiHeader.MAX_VOXELS)
				throw new NiftiFormatException(file, "image too large: dim = " + Arrays.toString(Arrays.copyOfRange(rawDim, 1, (int) ndim + 1))
					+ " has more than " + NiftiHeader.MAX_VOXELS + " voxels, the most one Java array holds");
		}
		for (int i = 0; i < 8; i++) dim[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, rawDim[i]));
		datatype = NiftiDatatype.of(datatypeCode, file);
		if (bitpix != datatype.bits())
			warnings.add("bitpix " + bitpix + " does not match datatype " + datatype.label + " (" + datatype.bits() + " bits); using the datatype");
		final int minOffset = version == 1 ? NiftiHeader.SIZE_NIFTI1 + 4 : NiftiHeader.SIZE_NIFTI2 + 4;
		if (!Double.isFinite(rawVoxOffset) || rawVoxOffset != Math.rint(rawVoxOffset) || rawVoxOffset > Long.MAX_VALUE / 2)
			throw new NiftiFormatException(file, "invalid header: vox_offset = " + rawVoxOffset + " is not a whole number of bytes");
		voxOffset = (long) rawVoxOffset;
		if (voxOffset < minOffset) {
			warnings.add("vox_offset " + voxOffset + " lies inside the header; using " + minOffset);
			voxOffset = minOffset;
		}
		voxelSizes = new double[3];
		final boolean[] invalid = new boolean[3];
		for (int i = 0; i < 3; i++) {
			final double v = Math.abs(pixdim[i + 1]);
			invalid[i] = !(v > 0 && Double.isFinite(v));
			voxelSizes[i] = invalid[i] ? 1 : v;
		}
		chooseAffine();
		for (int i = 0; i < 3; i++) {
			if (affineSource.startsWith("sform")) { // the sform sets the geometry (NIfTI method 3): its columns' lengths are the voxel size
				final double v = Math.sqrt(affine[i] * affine[i] + affine[4 + i] * affine[4 + i] + affine[8 + i] * affine[8 + i]);
				if (invalid[i] || Math.abs(v / voxelSizes[i] - 1) > 0.01) { // within 1 %, pixdim's exact value (the sform's float rounding aside)
					warnings.add(String.format(java.util.Locale.ROOT, "pixdim[%d] = %s, but the sform, which sets the geometry, gives %.4g; using %.4g", i + 1,
						pixdim[i + 1], v, v));
					voxelSizes[i] = v;
				}
			}
			else if (invalid[i] && i < ndim) warnings.add("pixdim[" + (i + 1) + "] = " + pixdim[i + 1] + " is not a voxel size; using 1");
		}
	}

	private void checkMagic() throws NiftiFormatException {
		final String m = magic.length() >= 3 ? magic.substring(0, 3) : magic;
		final String single = version == 1 ? "n+1" : "n+2", pair = version == 1 ? "ni1" : "ni2";
		if (m.equals(single)) return;
		if (m.equals(pair))
			throw new NiftiFormatException(file, "this is the header of a NIfTI-" + version + " .hdr/.img file pair (magic \"" + pair
				+ "\"): only single-file NIfTI (.nii or .nii.gz) is supported; convert it, for example with nibabel or fslchfiletype NIFTI_GZ");
		throw new NiftiFormatException(file, "not a single-file NIfTI-" + version + " file: magic is \"" + printable(magic)
			+ "\", expected \"" + single + "\" (an Analyze 7.5 file has no magic and is not supported)");
	}

	private void chooseAffine() {
		if (sformCode > 0) {
			final double[] s = NiftiHeader.sformAffine(srow);
			if (NiftiHeader.finite(s) && Math.abs(NiftiHeader.det3(s)) > 0) {
				affine = s;
				affineSource = "sform (code " + sformCode + ", " + NiftiHeader.xformName(sformCode) + ")";
				return;
			}
			warnings.add("sform_code is " + sformCode + " but the sform is singular or not finite; ignoring it");
		}
		if (qformCode > 0) {
			final double[] q = NiftiHeader.qformAffine(quatern, voxelSizes, pixdim[0]);
			if (NiftiHeader.finite(q)) {
				affine = q;
				affineSource = "qform (code " + qformCode + ", " + NiftiHeader.xformName(qformCode) + ")";
				return;
			}
			warnings.add("qform_code is " + qformCode + " but the quaternion parameters are not finite; ignoring them");
		}
		affine = new double[16];
		affine[0] = voxelSizes[0];
		affine[5] = voxelSizes[1];
		affine[10] = voxelSizes[2];
		affine[15] = 1;
		affineSource = "pixdim scaling (no usable qform or sform)";
	}

	/** A float field as the double with the same shortest decimal form (2.2f gives 2.2, not 2.1999990940093994). */
	private static double decimal(final ByteBuffer h, final int offset) {
		final float f = h.getFloat(offset);
		return Float.isFinite(f) ? Double.parseDouble(Float.toString(f)) : f;
	}

	private static String string(final ByteBuffer h, final int offset, final int length) {
		final byte[] b = new byte[length];
		for (int i = 0; i < length; i++) b[i] = h.get(offset + i);
		int n = 0;
		while (n < length && b[n] != 0) n++;
		return new String(b, 0, n, StandardCharsets.ISO_8859_1);
	}

	private static String printable(final String s) {
		final StringBuilder out = new StringBuilder();
		for (final char c : s.toCharArray())
			out.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format(Locale.ROOT, "\\x%02x", (int) c));
		return out.toString();
	}
}
