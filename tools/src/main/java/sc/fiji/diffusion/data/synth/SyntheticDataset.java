/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A numbered, reproducible set of synthetic training images: image {@code i} is
 * {@link FluorescenceGenerator#generate} of a seed derived from {@code (seed, i)}, blurred
 * according to the {@link Blur} choice. The same {@code (seed, i)} gives the same image whatever
 * the number of images asked for.
 */
public final class SyntheticDataset {

	/** How the "clean" training images are blurred. */
	public enum Blur {
		/** No blur: sharp, deconvolved-looking images. */
		NONE,
		/**
		 * Each image blurred by its own {@link SyntheticPsf#randomMild} PSF, from none to a little beyond
		 * widefield: a prior trained on these covers both deconvolved-looking and widefield-looking
		 * images (real data comes as both, and a restoration prior must not call either one noise).
		 */
		RANDOM,
		/** Every image blurred by the same widefield PSF. */
		WIDEFIELD;

		/** The PSF of this blur: none, {@code widefield}, or a fresh random mild one from {@code rng}. */
		public SyntheticPsf psf(final SyntheticPsf widefield, final SplittableRandom rng, final double pixelSize) {
			switch (this) {
				case NONE: return SyntheticPsf.none();
				case WIDEFIELD: return widefield;
				default: return SyntheticPsf.randomMild(rng, pixelSize);
			}
		}

		/** Parses {@code none}, {@code random} or {@code widefield} (any case). */
		public static Blur parse(final String s) {
			try {
				return valueOf(s.trim().toUpperCase(Locale.ROOT));
			} catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException("Unknown blur '" + s + "': use none, random or widefield");
			}
		}
	}

	/** Which microscope's images: fluorescence, transmitted light ({@link TransmittedLightGenerator}), or half and half. */
	public enum Light {
		FLUORESCENCE, TRANSMITTED, MIXED;

		/** Parses {@code fluorescence}, {@code transmitted} or {@code mixed} (any case). */
		public static Light parse(final String s) {
			try {
				return valueOf(s.trim().toUpperCase(Locale.ROOT));
			} catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException("Unknown light '" + s + "': use fluorescence, transmitted or mixed");
			}
		}
	}

	/** One image with what made it. */
	public static final class Sample {
		/** Row-major, {@code width x height}. */
		public final float[] image;
		public final Scene scene;
		public final SyntheticPsf psf;
		/** The seed the image was generated from. */
		public final long seed;
		/** {@code fluorescence}, or the transmitted-light contrast ({@code brightfield}, {@code phase_contrast}, {@code dic}). */
		public final String light;

		Sample(final float[] image, final Scene scene, final SyntheticPsf psf, final long seed, final String light) {
			this.image = image;
			this.scene = scene;
			this.psf = psf;
			this.seed = seed;
			this.light = light;
		}
	}

	private final FluorescenceGenerator generator;
	private final TransmittedLightGenerator transmitted;
	private final Light light;
	private final Blur blur;
	private final SyntheticPsf widefield;
	private final long seed;

	/**
	 * @param widefield the PSF of {@link Blur#WIDEFIELD} (ignored otherwise)
	 */
	public SyntheticDataset(final FluorescenceGenerator generator, final Blur blur, final SyntheticPsf widefield, final long seed) {
		this(generator, blur, widefield, seed, Light.FLUORESCENCE);
	}

	/**
	 * @param light fluorescence images, transmitted-light images of the same kind of scenes, or each image
	 *        either with probability 1/2 (drawn from the image's seed)
	 */
	public SyntheticDataset(final FluorescenceGenerator generator, final Blur blur, final SyntheticPsf widefield, final long seed, final Light light) {
		this.generator = generator;
		this.transmitted = new TransmittedLightGenerator(generator.width(), generator.height(), generator.pixelSize());
		this.light = light;
		this.blur = blur;
		this.widefield = widefield;
		this.seed = seed;
	}

	public FluorescenceGenerator generator() {
		return generator;
	}

	/** Image {@code i} (0-based). */
	public Sample sample(final long i) {
		final long s = Seeds.derive(seed, i, 0);
		final Scene scene = generator.sceneFor(s);
		final boolean fluorescence = light == Light.FLUORESCENCE
			|| light == Light.MIXED && new SplittableRandom(Seeds.derive(seed, i, 3)).nextBoolean();
		final float[] clean = fluorescence ? generator.render(scene, s) : transmitted.generate(s);
		final SyntheticPsf psf = blur.psf(widefield, new SplittableRandom(Seeds.derive(seed, i, 1)), generator.pixelSize());
		return new Sample(psf.apply(clean, generator.width(), generator.height()), scene, psf, s,
			fluorescence ? "fluorescence" : transmitted.contrastFor(s).name().toLowerCase(Locale.ROOT));
	}

	/** The degraded counterpart of {@code sample}, with noise drawn from a seed derived from the sample's. */
	public float[] degrade(final Sample sample, final Degradation degradation) {
		return degradation.apply(sample.image, generator.width(), generator.height(), Seeds.derive(sample.seed, 2));
	}
}
