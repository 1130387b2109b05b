/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data.synth;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What one synthetic image contains: for each {@link Component}, an amplitude (0 = absent; its
 * objects' typical brightness relative to the others) and a density in [0, 1] (how many
 * objects), and whether an uneven background and vignetting are added. Immutable.
 * <p>
 * {@link #random(long)} draws a primary component (rods 30%, nuclei 20%, cell bodies 20%,
 * filaments 15%, puncta 15%) at amplitude 1 and density 0.15 to 1, then secondary components with
 * the odds that go with it (for example filaments inside cell bodies, foci inside bacteria, dim
 * cells under puncta); the background is on in 90% of the scenes.
 */
public final class Scene {

	/** The kinds of objects a scene is made of. */
	public enum Component {
		/** Nuclei (DNA stain): smooth ellipses with chromatin texture, nucleoli, mitoses. */
		NUCLEI,
		/** Cell bodies (cytoplasm/membrane stain): large irregular shapes, textured, thin at the edges. */
		CELLS,
		/** Rod-shaped bacteria: capsules 1 to 4 um long, scattered or in aligned dense colonies. */
		RODS,
		/** Cytoskeletal filaments: thin smooth curves, networks, asters or bundles. */
		FILAMENTS,
		/** Puncta: small Gaussian spots, uniform, clustered or inside other objects. */
		PUNCTA
	}

	private static final Component[] ALL = Component.values();

	private final double[] amplitude, density;
	private final boolean background;

	private Scene(final double[] amplitude, final double[] density, final boolean background) {
		this.amplitude = amplitude;
		this.density = density;
		this.background = background;
	}

	/** A scene with nothing in it (and no background): build on it with {@link #with}. */
	public static Scene empty() {
		return new Scene(new double[ALL.length], new double[ALL.length], false);
	}

	/** This scene with component {@code c} at {@code amplitude} (>= 0) and {@code density} in [0, 1]. */
	public Scene with(final Component c, final double amplitude, final double density) {
		if (!(amplitude >= 0) || !Double.isFinite(amplitude))
			throw new IllegalArgumentException("Amplitude of " + c + " must be finite and >= 0, got " + amplitude);
		if (!(density >= 0 && density <= 1))
			throw new IllegalArgumentException("Density of " + c + " must be in [0, 1], got " + density);
		final double[] a = amplitude(), d = density();
		a[c.ordinal()] = amplitude;
		d[c.ordinal()] = density;
		return new Scene(a, d, background);
	}

	/** This scene with or without the uneven background and vignetting. */
	public Scene withBackground(final boolean on) {
		return new Scene(amplitude(), density(), on);
	}

	/** A random scene (see the class description), the same for the same seed. */
	public static Scene random(final long seed) {
		final SplittableRandom rng = new SplittableRandom(seed);
		final double u = rng.nextDouble();
		final Component primary = u < 0.3 ? Component.RODS : u < 0.5 ? Component.NUCLEI : u < 0.7 ? Component.CELLS
			: u < 0.85 ? Component.FILAMENTS : Component.PUNCTA;
		Scene s = empty().withBackground(Random2.chance(rng, 0.9)).with(primary, 1, Random2.uniform(rng, 0.15, 1));
		switch (primary) {
			case RODS:
				s = s.maybe(rng, 0.2, Component.PUNCTA, 0.5, 1.5);
				break;
			case NUCLEI:
				s = s.maybe(rng, 0.2, Component.PUNCTA, 0.3, 1).maybe(rng, 0.15, Component.CELLS, 0.1, 0.3);
				break;
			case CELLS:
				s = s.maybe(rng, 0.45, Component.FILAMENTS, 0.5, 1.5).maybe(rng, 0.35, Component.PUNCTA, 0.5, 2)
					.maybe(rng, 0.25, Component.NUCLEI, 0.5, 1.5);
				break;
			case FILAMENTS:
				s = s.maybe(rng, 0.5, Component.CELLS, 0.05, 0.3).maybe(rng, 0.3, Component.PUNCTA, 0.3, 1);
				break;
			case PUNCTA:
				s = s.maybe(rng, 0.4, Component.CELLS, 0.1, 0.4).maybe(rng, 0.2, Component.NUCLEI, 0.2, 0.5);
				break;
			default:
				throw new AssertionError(primary);
		}
		return s;
	}

	/** With probability {@code p}, adds {@code c} at an amplitude uniform in [lo, hi) and a uniform density. */
	private Scene maybe(final SplittableRandom rng, final double p, final Component c, final double lo, final double hi) {
		final boolean on = Random2.chance(rng, p);
		final double a = Random2.uniform(rng, lo, hi), d = rng.nextDouble();
		return on ? with(c, a, d) : this;
	}

	public double amplitude(final Component c) {
		return amplitude[c.ordinal()];
	}

	public double density(final Component c) {
		return density[c.ordinal()];
	}

	/** True if component {@code c} has a positive amplitude. */
	public boolean has(final Component c) {
		return amplitude[c.ordinal()] > 0;
	}

	public boolean background() {
		return background;
	}

	private double[] amplitude() {
		return Arrays.copyOf(amplitude, amplitude.length);
	}

	private double[] density() {
		return Arrays.copyOf(density, density.length);
	}

	/** For example {@code rods(a=1.00,d=0.62)+puncta(a=0.80,d=0.10)+background}; {@code empty} if nothing. */
	@Override
	public String toString() {
		final StringBuilder sb = new StringBuilder();
		for (final Component c : ALL)
			if (has(c))
				sb.append(sb.length() > 0 ? "+" : "").append(String.format(Locale.ROOT, "%s(a=%.2f,d=%.2f)",
					c.name().toLowerCase(Locale.ROOT), amplitude(c), density(c)));
		if (background) sb.append(sb.length() > 0 ? "+" : "").append("background");
		return sb.length() == 0 ? "empty" : sb.toString();
	}
}
