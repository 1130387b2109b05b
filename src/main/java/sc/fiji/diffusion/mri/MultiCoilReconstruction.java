package sc.fiji.diffusion.mri;

import java.util.Locale;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.operator.Mask;
import sc.fiji.diffusion.operator.MultiCoilFourier;
import sc.fiji.diffusion.sampler.SamplerListener;
import sc.fiji.diffusion.task.Restoration;
import sc.fiji.diffusion.task.RestorationProblem;

/**
 * Reconstructs one 2D plane of multi-coil Cartesian k-space with a real-valued diffusion prior
 * ({@link Restoration}, task mri) and the SENSE model of {@link MultiCoilFourier}.
 * <p>
 * The image is complex; the prior is real. Two ways ({@link ImageModel}):
 * <ul>
 * <li>{@link ImageModel#MAGNITUDE} (default): the phase phi of the calibration image
 * {@code sum_c conj(S_c) L_c} ({@link CoilMaps#calibrationPhase}) is moved into the maps,
 * {@code S_c e^{i phi}}, and the prior reconstructs the real image {@code x = |image|} (up to the
 * high-resolution phase the calibration region cannot see); the complex result is {@code x e^{i phi}}.</li>
 * <li>{@link ImageModel#COMPLEX}: the prior is applied to the real and imaginary parts, stacked as one
 * tall image (as score-MRI does with a magnitude-trained prior).</li>
 * </ul>
 * Coil maps: given (normalised here, so {@code sum_c |S_c|^2 = 1}), or estimated from the calibration
 * region ({@link CoilMaps#estimate}). The output has the scale of the fully sampled root-sum-of-squares
 * image.
 */
public final class MultiCoilReconstruction {

	/** How the real-valued prior handles the complex image; see the class description. */
	public enum ImageModel {
		MAGNITUDE, COMPLEX;

		public static ImageModel parse(final String s) {
			for (final ImageModel m : values())
				if (m.name().equalsIgnoreCase(s.trim())) return m;
			throw new IllegalArgumentException("Unknown image model '" + s + "' (expected magnitude or complex)");
		}
	}

	/** The complex image of one plane and how it was made. */
	public static final class Plane {
		public final int width, height;
		public final float[] re, im;
		public final Restoration.Result result;

		Plane(final int width, final int height, final float[] re, final float[] im, final Restoration.Result result) {
			this.width = width;
			this.height = height;
			this.re = re;
			this.im = im;
			this.result = result;
		}

		public float[] magnitude() {
			final float[] m = new float[re.length];
			for (int i = 0; i < m.length; i++) m[i] = (float) Math.hypot(re[i], im[i]);
			return m;
		}

		/** Phase in radians, (-pi, pi]. */
		public float[] phase() {
			final float[] p = new float[re.length];
			for (int i = 0; i < p.length; i++) p[i] = (float) Math.atan2(im[i], re[i]);
			return p;
		}
	}

	private final Restoration restoration;
	private MultiCoilFourier.Consistency consistency = MultiCoilFourier.Consistency.COIL_WISE;

	public MultiCoilReconstruction(final Restoration restoration) {
		this.restoration = restoration;
	}

	/** The data-consistency step (default {@link MultiCoilFourier.Consistency#COIL_WISE}). */
	public MultiCoilReconstruction consistency(final MultiCoilFourier.Consistency c) {
		consistency = c;
		return this;
	}

	/**
	 * @param kspace centred k-space of C coils (values outside {@code mask} are ignored)
	 * @param mask the sampling mask, the same for every coil
	 * @param maps coil sensitivities of the k-space's size, or null to estimate them from the calibration region
	 * @throws IllegalArgumentException for sizes that do not fit, non-finite values, or no calibration region without maps
	 */
	public Plane reconstruct(final CoilPlanes kspace, final Mask mask, final CoilPlanes maps, final ImageModel model,
		final Restoration.Settings settings, final SamplerListener listener)
	{
		kspace.requireFinite("k-space");
		mask.requireSize(kspace.height, kspace.width, "k-space");
		final CoilPlanes k = masked(kspace, mask);
		final CoilPlanes s;
		if (maps == null) s = CoilMaps.estimate(k, mask);
		else {
			if (maps.coils != k.coils || maps.height != k.height || maps.width != k.width)
				throw new IllegalArgumentException(String.format(Locale.ROOT, "Coil maps (%d coils of %dx%d) do not fit the k-space (%d coils of %dx%d)",
					maps.coils, maps.width, maps.height, k.coils, k.width, k.height));
			s = CoilMaps.normalised(maps.requireFinite("Coil maps"));
		}
		final int p = k.planeSize();
		final float[][] phase = model == ImageModel.MAGNITUDE ? phaseOf(s, k, mask, maps == null) : null;
		final CoilPlanes opMaps = phase == null ? s : CoilMaps.withPhase(s, phase);
		final MultiCoilFourier op = new MultiCoilFourier(mask, k.coils, opMaps.re, opMaps.im,
			model == ImageModel.MAGNITUDE ? MultiCoilFourier.Domain.REAL : MultiCoilFourier.Domain.COMPLEX, consistency);
		final RestorationProblem problem = RestorationProblem.mri(op, new Batch(1, k.height, k.width, 2 * k.coils, k.interleaved()));
		final Restoration.Result r = restoration.restore(problem, settings, listener == null ? SamplerListener.NONE : listener);
		final float[] re = new float[p], im = new float[p];
		for (int i = 0; i < p; i++) {
			if (phase == null) {
				re[i] = r.image[i];
				im[i] = r.image[p + i];
			}
			else {
				re[i] = r.image[i] * phase[0][i];
				im[i] = r.image[i] * phase[1][i];
			}
		}
		return new Plane(k.width, k.height, re, im, r);
	}

	/** Estimated maps already hold the calibration phase (phase 1); given maps get it from the calibration region, if there is one. */
	private static float[][] phaseOf(final CoilPlanes maps, final CoilPlanes k, final Mask mask, final boolean estimated) {
		final int p = k.planeSize();
		if (!estimated) {
			try {
				return CoilMaps.calibrationPhase(maps, CoilMaps.lowResolution(k, mask));
			}
			catch (final IllegalArgumentException noCalibration) {
				// no calibration region: the maps' own phase convention is all there is
			}
		}
		final float[] one = new float[p];
		java.util.Arrays.fill(one, 1);
		return new float[][] { one, new float[p] };
	}

	/** The zero-filled SENSE image {@code sum_c conj(S_c) F^H M k_c}: {re, im}. */
	public static float[][] zeroFilled(final CoilPlanes kspace, final Mask mask, final CoilPlanes maps) {
		final CoilPlanes img = masked(kspace, mask);
		CentredFft.transform2D(img, true);
		return CoilMaps.combine(maps, img);
	}

	/** A copy of the k-space, zero where the mask is 0. */
	static CoilPlanes masked(final CoilPlanes kspace, final Mask mask) {
		final CoilPlanes out = kspace.copy();
		final int p = kspace.planeSize();
		for (int c = 0; c < kspace.coils; c++)
			for (int i = 0; i < p; i++)
				if (!mask.sampled(i / kspace.width, i % kspace.width)) {
					out.re[c * p + i] = 0;
					out.im[c * p + i] = 0;
				}
		return out;
	}
}
