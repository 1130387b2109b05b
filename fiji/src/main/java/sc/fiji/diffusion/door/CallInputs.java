/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.door;

import sc.fiji.diffusion.imagej.MaskSources;
import sc.fiji.diffusion.imagej.PsfSources;
import sc.fiji.diffusion.isolation.MaskSpec;
import sc.fiji.diffusion.isolation.PsfSpec;
import sc.fiji.diffusion.isolation.RestoreCall;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.Masks;
import sc.fiji.diffusion.operator.PointSpreadFunction;
import sc.fiji.diffusion.task.TaskInputs;

/**
 * A {@link RestoreCall}'s inputs for the engine's {@code TaskProblems}: the PSF and masks built, when
 * asked, from the call's {@link PsfSpec} and {@link MaskSpec} for the call's image; what the Fiji door
 * does not offer (super-resolution) or a mask that does not fit the task is refused with a message.
 */
final class CallInputs implements TaskInputs {

	private final RestoreCall call;

	CallInputs(final RestoreCall call) {
		this.call = call;
	}

	@Override
	public String name() { return "\"" + call.title + "\""; }

	@Override
	public PointSpreadFunction psf() {
		if (call.psf == null) return null;
		final PsfSpec p = call.psf;
		switch (p.kind) {
			case "gaussian":
				return p.sigmaZ > 0 ? PsfSources.gaussian3D(p.sigma, p.sigmaZ, call.width, call.height, call.slices) : PsfSources.gaussian(p.sigma, call.width, call.height);
			case "born-wolf": return PsfSources.bornWolf(p.na, p.wavelengthNm, p.refractiveIndex, p.pixelSizeNm, null, call.width, call.height);
			case "samples":
				return PsfSources.fromSamples(p.samples, p.shape, p.source, call.width, call.height, call.slices, note -> call.log.accept("PSF " + p.source + ": " + note));
			default: throw new IllegalArgumentException("Unknown PSF kind '" + p.kind + "'");
		}
	}

	@Override
	public boolean inpaintNonFinite() { return call.mask != null && call.mask.kind.equals("non-finite"); }

	@Override
	public Mask observed() { return mask(); }

	@Override
	public Mask sampling() { return mask(); }

	@Override
	public boolean kspace() { return call.kspace; }

	@Override
	public double simulationNoiseSigma() { return call.noiseSigma >= 0 ? call.noiseSigma : 0; }

	@Override
	public long seed() { return call.seed; }

	@Override
	public int srFactor() { throw new IllegalArgumentException("The task sr is not offered in Fiji"); }

	@Override
	public int channels() { return call.channels; }

	@Override
	public int slices() { return call.slices; }

	@Override
	public int frames() { return call.frames; }

	@Override
	public String zStackAdvice() { return " (for a time series, set Image > Properties)"; }

	/** The call's mask as given values or a simulated k-space pattern; null if the call has none. */
	private Mask mask() {
		final MaskSpec m = call.mask;
		if (m == null) return null;
		switch (m.kind) {
			case "values": return Masks.fromImage(m.values, call.height, call.width, m.source);
			case "simulated": return MaskSources.simulated(m.pattern, m.acceleration, m.variant, call.width, call.height);
			default: throw new IllegalArgumentException("A " + m.kind + " mask does not fit the task " + call.task);
		}
	}
}
