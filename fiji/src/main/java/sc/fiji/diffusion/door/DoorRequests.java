/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.door;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import sc.fiji.diffusion.imagej.FolderTraining;
import sc.fiji.diffusion.isolation.GenerateCall;
import sc.fiji.diffusion.isolation.RawMriCall;
import sc.fiji.diffusion.isolation.RestoreCall;
import sc.fiji.diffusion.isolation.TrainCall;
import sc.fiji.diffusion.noise.NoiseModel;
import sc.fiji.diffusion.task.GenerateRequest;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.RestoreRequest;
import sc.fiji.diffusion.task.Settings;

/**
 * The engine's requests that the door's calls ask for: the same requests the command line fills, so
 * that a macro line and the equivalent command line ask for the same run. Unset values of a call stay
 * unset here, so that the engine's defaults apply ({@link RestoreRequest}, the method classes); nothing
 * here has a default of its own.
 */
public final class DoorRequests {

	private DoorRequests() {}

	/**
	 * The restoration {@code call} asks for.
	 *
	 * @throws IllegalArgumentException for an unknown task, method or noise type, or both noise models at once
	 */
	public static RestoreRequest restore(final RestoreCall call) {
		final Restoration.Task task = Restoration.Task.parse(call.task);
		final RestoreRequest r = new RestoreRequest(task).model(call.model).tileSize(call.tileSize);
		final boolean sigmaGiven = call.noiseSigma >= 0;
		final Settings s = r.settings().steps(call.steps).samples(call.samples).seed(call.seed)
			.noiseSigma(sigmaGiven ? call.noiseSigma : Double.NaN).uncertainty(call.uncertainty);
		if (call.method != null && !call.method.trim().isEmpty() && !call.method.trim().equalsIgnoreCase("default")) s.method(Restoration.Method.parse(call.method));
		final String type = call.noiseType == null ? "gaussian" : call.noiseType.trim().toLowerCase(Locale.ROOT);
		if (type.equals("poisson-gaussian")) {
			if (sigmaGiven) throw new IllegalArgumentException("Give either noise_sigma (gaussian) or photons and read_noise (poisson-gaussian), not both");
			s.noiseModel(NoiseModel.poissonGaussian(call.photons, call.readNoise));
		}
		else if (!type.equals("gaussian")) throw new IllegalArgumentException("Unknown noise_type '" + call.noiseType + "' (expected gaussian or poisson-gaussian)");
		return r;
	}

	/** The MRI restoration that {@code call} asks for, as the command line's {@code restore --task mri --kspace FILE}. */
	public static RestoreRequest rawMri(final RawMriCall call) {
		final RestoreRequest r = new RestoreRequest(Restoration.Task.MRI).model(call.model);
		r.settings().steps(call.steps).samples(call.samples).seed(call.seed);
		return r;
	}

	/** The generation {@code call} asks for; what it does not set keeps {@link GenerateRequest}'s defaults. */
	public static GenerateRequest generate(final GenerateCall call) {
		final GenerateRequest r = new GenerateRequest();
		r.model = call.model;
		r.count = call.count;
		r.width = call.width;
		r.height = call.height;
		r.steps = call.steps;
		r.sampler = call.sampler;
		r.seed = call.seed;
		return r;
	}

	/** The training {@code call} asks for; what it does not set keeps {@link FolderTraining.Request}'s defaults. */
	public static FolderTraining.Request train(final TrainCall call) {
		final FolderTraining.Request r = new FolderTraining.Request();
		r.data = path(call.dataFolder);
		r.output = path(call.outputFile);
		r.init = path(call.initModel);
		r.resume = call.resume;
		r.name = call.name;
		r.steps = call.steps;
		r.patch = call.patchSize;
		r.batch = call.batchSize;
		r.channels = call.width;
		r.levels = call.levels;
		r.augment = call.augment;
		if (call.dataSource != null) r.dataSource = call.dataSource;
		if (call.command != null) r.command = call.command;
		return r;
	}

	/** A path, or null for null or blank. */
	static Path path(final String s) {
		return s == null || s.trim().isEmpty() ? null : Paths.get(s);
	}
}
