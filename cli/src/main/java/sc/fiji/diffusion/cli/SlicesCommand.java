/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import ij.measure.Calibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sc.fiji.diffusion.data.nifti.NiftiHeader;
import sc.fiji.diffusion.data.nifti.NiftiReader;
import sc.fiji.diffusion.data.volume.CanonicalOrientation;
import sc.fiji.diffusion.data.volume.Volume;
import sc.fiji.diffusion.data.volume.VolumeResampler;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.imagej.OutputPaths;
import sc.fiji.diffusion.data.volume.VolumeSlicer;

/**
 * {@code slices}: cuts NIfTI volumes into upright 2D 32-bit TIFFs for training and validation.
 * The work is done by {@link NiftiReader}, {@link CanonicalOrientation}, {@link VolumeResampler}
 * and {@link VolumeSlicer} (whose documentation states the orientation convention and the
 * holdout rule); this class only parses options, writes files and reports.
 * <p>
 * Nothing is written before everything is checked: the output folders ({@link OutputPaths#requireWritableFolder}),
 * then every input, read through and refused if the reader refuses it (a bad header, fewer voxel bytes than
 * it announces), if {@code --volume} is out of its range or if a voxel is NaN or infinite ({@link #check}).
 * So a run refused for its last file leaves no slice of the first; each file is read twice, once to check
 * it and once to cut it.
 */
@Command(name = "slices", mixinStandardHelpOptions = true,
	description = { "Cut NIfTI volumes (.nii, .nii.gz) into 2D slices saved as 32-bit TIFFs (values as stored, after scl_slope/scl_inter; pixel size in the calibration).",
		"Volumes are first reoriented to RAS; slices are upright in neurological convention (axial: anterior at the top, subject's left on the left; coronal: superior at the top; sagittal: superior at the top, anterior on the left).",
		"Every input is read and checked before any slice is written: a truncated file or one with NaN or infinite voxels is refused.",
		"Nearly empty slices are skipped. With --holdout-output, a slab at the superior (or inferior) end of the head is held out of training in all orientations and written there instead.",
		"File names: <name>_<orientation>_<axis><index>.tif, e.g. ch2_axial_z090.tif (index in the RAS grid; 4D files add _t<volume> to the name)." })
final class SlicesCommand implements Callable<Integer> {

	@Spec CommandSpec spec;

	@Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE", description = "NIfTI files (.nii or .nii.gz, single-file NIfTI-1 or NIfTI-2).")
	List<Path> inputs;

	@Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder for the training slices (created if needed).")
	Path output;

	@Option(names = "--orientations", defaultValue = "axial,coronal,sagittal", split = ",", paramLabel = "LIST",
		description = "Comma-separated: axial, coronal, sagittal (default: ${DEFAULT-VALUE}).")
	List<String> orientations;

	@Option(names = "--every", defaultValue = "1", paramLabel = "N", description = "Keep every N-th slice index (default: ${DEFAULT-VALUE}).")
	int every;

	@Option(names = "--min-foreground", defaultValue = "0.2", paramLabel = "F",
		description = "Skip images with less than this fraction of pixels above 10%% of the volume's 99th percentile (default: ${DEFAULT-VALUE}).")
	double minForeground;

	@Option(names = "--holdout-output", paramLabel = "DIR", description = "Folder for the held-out validation slices; enables the holdout.")
	Path holdoutOutput;

	@Option(names = "--holdout-fraction", defaultValue = "0.15", paramLabel = "F",
		description = "Share of the foreground voxels in the held-out slab (default: ${DEFAULT-VALUE}; needs --holdout-output).")
	double holdoutFraction;

	@Option(names = "--holdout-position", defaultValue = "superior", paramLabel = "END",
		description = "End of the head held out: superior or inferior (default: ${DEFAULT-VALUE}).")
	String holdoutPosition;

	@Option(names = "--holdout-gap-mm", defaultValue = "5", paramLabel = "MM",
		description = "Gap between the held-out slab and the training range, used by neither (default: ${DEFAULT-VALUE}).")
	double holdoutGapMm;

	@Option(names = "--volume", defaultValue = "0", paramLabel = "INDEX", description = "Volume (time point) of 4D files, from 0 (default: ${DEFAULT-VALUE}).")
	int volume;

	@Option(names = "--resample-mm", paramLabel = "MM", description = "Resample to isotropic voxels of this size first (default: keep the file's voxels).")
	Double resampleMm;

	@Override
	public Integer call() throws Exception {
		final VolumeSlicer.Options options = options();
		OutputPaths.requireWritableFolder(output, "--output");
		if (holdoutOutput != null) {
			OutputPaths.requireWritableFolder(holdoutOutput, "--holdout-output");
			OutputPaths.requireNotSame(output, holdoutOutput);
		}
		final Map<String, Path> names = new HashMap<>();
		for (final Path in : inputs) {
			final Path previous = names.put(baseName(in), in);
			if (previous != null)
				throw new ParameterException(spec.commandLine(), "Inputs " + previous + " and " + in + " have the same name " + baseName(in)
					+ ": their slices would overwrite each other");
		}
		for (final Path in : inputs)
			check(in);
		int written = 0, heldOut = 0;
		for (final Path in : inputs) {
			final int[] n = sliceOne(in, options);
			written += n[0];
			heldOut += n[1];
		}
		System.err.println(String.format(Locale.ROOT, "Wrote %d training slices to %s", written, output)
			+ (holdoutOutput != null ? String.format(Locale.ROOT, " and %d held-out slices to %s", heldOut, holdoutOutput) : ""));
		return 0;
	}

	private VolumeSlicer.Options options() {
		final VolumeSlicer.Options o = new VolumeSlicer.Options();
		final EnumSet<VolumeSlicer.Orientation> set = EnumSet.noneOf(VolumeSlicer.Orientation.class);
		for (final String s : orientations)
			set.add(VolumeSlicer.Orientation.parse(s));
		o.orientations = set;
		o.every = every;
		o.minForeground = minForeground;
		final boolean fractionGiven = spec.commandLine().getParseResult().hasMatchedOption("--holdout-fraction");
		if (holdoutOutput == null && fractionGiven)
			throw new ParameterException(spec.commandLine(), "--holdout-fraction needs --holdout-output (the folder for the held-out slices)");
		if (holdoutOutput != null && !(holdoutFraction > 0))
			throw new ParameterException(spec.commandLine(), "--holdout-fraction must be above 0 with --holdout-output, got " + holdoutFraction);
		o.holdoutFraction = holdoutOutput == null ? 0 : holdoutFraction;
		o.holdoutPosition = VolumeSlicer.HoldoutPosition.parse(holdoutPosition);
		o.holdoutGap = holdoutGapMm;
		if (volume < 0) throw new ParameterException(spec.commandLine(), "--volume must be 0 or more, got " + volume);
		if (resampleMm != null && !(resampleMm > 0 && resampleMm < Double.POSITIVE_INFINITY))
			throw new ParameterException(spec.commandLine(), "--resample-mm must be positive, got " + resampleMm);
		o.validate();
		return o;
	}

	/**
	 * Reads the volume of {@code in} that is cut ({@code --volume} of a 4D file) and refuses the file before
	 * any slice is written: what {@link NiftiReader} refuses (a bad header, a truncated file), a
	 * {@code --volume} out of its range, or NaN or infinite voxels, which would go into the slices as they
	 * are (and {@code train} refuses them).
	 *
	 * @throws IllegalArgumentException if {@code --volume} is out of range or a voxel is not finite
	 * @throws IOException if the file cannot be read as NIfTI; the messages name the file
	 */
	private void check(final Path in) throws IOException {
		final NiftiHeader header = NiftiReader.readHeader(in);
		if (volume >= header.nt())
			throw new IllegalArgumentException(in + " has " + header.nt() + (header.nt() == 1 ? " volume" : " volumes") + ": --volume " + volume + " is out of range");
		requireFinite(in, NiftiReader.read(in, header.nt() > 1 ? volume : -1));
	}

	/**
	 * Refuses a volume with NaN or infinite voxels, naming how many and the first (voxel indices as stored).
	 *
	 * @throws IllegalArgumentException if any voxel is not finite
	 */
	static void requireFinite(final Path in, final Volume v) {
		final float[] d = v.data();
		int bad = 0, first = -1;
		for (int k = 0; k < d.length; k++)
			if (!Float.isFinite(d[k])) {
				if (first < 0) first = k;
				bad++;
			}
		if (bad == 0) return;
		final int x = first % v.nx(), y = first / v.nx() % v.ny(), z = first / v.nx() / v.ny() % v.nz();
		throw new IllegalArgumentException(String.format(Locale.ROOT, "%s has %d NaN or infinite voxel%s (the first at x, y, z = (%d, %d, %d) as stored): "
			+ "slices of it cannot be used for training; replace them (e.g. by 0) first", in, bad, bad == 1 ? "" : "s", x, y, z));
	}

	/** Slices one file, {@linkplain #check checked} before; returns {training images, held-out images}. */
	private int[] sliceOne(final Path in, final VolumeSlicer.Options base) throws IOException {
		final NiftiHeader header = NiftiReader.readHeader(in);
		System.err.println(in.getFileName() + ": " + header);
		for (final String w : header.warnings())
			System.err.println("  warning: " + w);
		String unit = header.spatialUnit();
		if (unit.isEmpty()) {
			System.err.println("  note: the file does not declare its spatial unit (xyzt_units = " + header.xyztUnits() + "); assuming mm");
			unit = "mm";
		}
		final double perMm = unit.equals("m") ? 1e-3 : unit.equals("micron") ? 1e3 : 1;
		Volume v = NiftiReader.read(in, header.nt() > 1 ? volume : -1);
		final String from = v.orientation();
		v = CanonicalOrientation.toRas(v);
		if (resampleMm != null)
			v = VolumeResampler.isotropic(v, resampleMm * perMm);
		final VolumeSlicer.Options options = copy(base);
		options.holdoutGap = base.holdoutGap * perMm;
		final String name = baseName(in) + (header.nt() > 1 ? "_t" + volume : "");
		System.err.println(String.format(Locale.ROOT, "  %s%s: %dx%dx%d voxels of %s %s",
			from.equals("RAS") ? "orientation RAS (canonical)" : "reoriented " + from + " -> RAS", resampleMm != null ? ", resampled" : "",
			v.nx(), v.ny(), v.nz(), sizes(v.voxelSizes()), unit));
		final String unitForCalibration = unit;
		final VolumeSlicer.Summary summary = VolumeSlicer.slice(v, options, s -> write(s, name, unitForCalibration));
		System.err.println(String.format(Locale.ROOT, "  foreground threshold %.4g; training z %d..%d (%.1f%% of the foreground)", summary.threshold,
			summary.trainingZ[0], summary.trainingZ[1], 100 * summary.trainingShare)
			+ (summary.holdoutZ != null ? String.format(Locale.ROOT, ", held-out slab z %d..%d (%.1f%%)", summary.holdoutZ[0], summary.holdoutZ[1],
				100 * summary.holdoutShare) : "")
			+ " in the RAS grid");
		int training = 0, held = 0;
		for (final String line : summary.describe(options.orientations).split("\n"))
			System.err.println("  " + line);
		for (final VolumeSlicer.Orientation o : options.orientations) {
			training += summary.written(o, VolumeSlicer.Part.TRAINING);
			held += summary.written(o, VolumeSlicer.Part.HOLDOUT);
		}
		return new int[] { training, held };
	}

	private void write(final VolumeSlicer.Slice s, final String name, final String unit) throws IOException {
		final Calibration cal = new Calibration();
		cal.pixelWidth = s.pixelWidth;
		cal.pixelHeight = s.pixelHeight;
		cal.setUnit(unit);
		final Path dir = s.part == VolumeSlicer.Part.TRAINING ? output : holdoutOutput;
		final String file = s.fileName(name);
		ImageFiles.saveFloatTiff(dir.resolve(file), s.width, s.height, new float[][] { s.pixels }, cal, file.replaceFirst("\\.tif$", ""));
	}

	private static VolumeSlicer.Options copy(final VolumeSlicer.Options o) {
		final VolumeSlicer.Options c = new VolumeSlicer.Options();
		c.orientations = o.orientations;
		c.every = o.every;
		c.minForeground = o.minForeground;
		c.holdoutFraction = o.holdoutFraction;
		c.holdoutPosition = o.holdoutPosition;
		c.holdoutGap = o.holdoutGap;
		return c;
	}

	/** The file name without .nii.gz, .nii or .gz. */
	static String baseName(final Path file) {
		return file.getFileName().toString().replaceFirst("(?i)(\\.nii)?(\\.gz)?$", "");
	}

	private static String sizes(final double[] v) {
		final List<String> s = new ArrayList<>();
		for (final double x : v) s.add(String.format(Locale.ROOT, "%.4g", x));
		return String.join("x", s);
	}
}
