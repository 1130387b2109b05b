package sc.fiji.diffusion.model;

import java.util.Arrays;

/**
 * Architecture of the noise-prediction UNet (Ho et al. 2020, simplified): a 3x3 input convolution to
 * {@code baseWidth} channels; {@code levels} resolution levels with {@code resBlocks} residual blocks
 * each (widths {@code baseWidth * multiplier(l)}), a stride-2 downsampling between levels; a middle of
 * residual block, optional self-attention, residual block at the lowest resolution; the mirrored
 * decoder with skip connections and nearest-neighbour upsampling; group norm, SiLU and a 3x3 output
 * convolution back to {@code channels}. Residual blocks receive a sinusoidal timestep embedding
 * through a two-layer MLP.
 * <p>
 * The network is fully convolutional: inputs are padded (symmetric reflection) to a multiple of
 * {@link #sizeMultiple()} and the output is cropped back.
 */
public final class UNetConfig {

	public final int channels;
	public final int baseWidth;
	public final int[] multipliers;
	public final int resBlocks;
	public final boolean attention;
	public final int groups;

	public UNetConfig(final int channels, final int baseWidth, final int[] multipliers, final int resBlocks,
		final boolean attention, final int groups)
	{
		if (channels < 1) throw new IllegalArgumentException("channels must be >= 1, got " + channels);
		if (baseWidth < 1) throw new IllegalArgumentException("base width must be >= 1, got " + baseWidth);
		if (multipliers.length < 1 || multipliers.length > 6)
			throw new IllegalArgumentException("levels must be in [1, 6], got " + multipliers.length);
		if (resBlocks < 1) throw new IllegalArgumentException("resBlocks must be >= 1, got " + resBlocks);
		for (final int m : multipliers) {
			if (m < 1) throw new IllegalArgumentException("width multipliers must be >= 1: " + Arrays.toString(multipliers));
			if ((baseWidth * m) % groups != 0)
				throw new IllegalArgumentException("width " + baseWidth * m + " is not divisible by " + groups + " norm groups");
		}
		this.channels = channels;
		this.baseWidth = baseWidth;
		this.multipliers = multipliers.clone();
		this.resBlocks = resBlocks;
		this.attention = attention;
		this.groups = groups;
	}

	/**
	 * The default shape for a given width and depth: multipliers 1, 2, 2, 2, ... (doubling once, then
	 * constant, as in DDPM's 1,2,2,2), two residual blocks per level, attention at the lowest level,
	 * 8 norm groups (fewer if the base width is small).
	 */
	public static UNetConfig of(final int channels, final int baseWidth, final int levels) {
		final int[] mult = new int[levels];
		for (int l = 0; l < levels; l++) mult[l] = l == 0 ? 1 : 2;
		return new UNetConfig(channels, baseWidth, mult, 2, true, Math.min(8, baseWidth));
	}

	public int levels() { return multipliers.length; }

	public int width(final int level) { return baseWidth * multipliers[level]; }

	/** Width of the timestep embedding: 4 x base width. */
	public int embeddingWidth() { return 4 * baseWidth; }

	/** Height and width are padded to a multiple of this: 2^(levels - 1). */
	public int sizeMultiple() { return 1 << (levels() - 1); }

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof UNetConfig)) return false;
		final UNetConfig c = (UNetConfig) o;
		return channels == c.channels && baseWidth == c.baseWidth && Arrays.equals(multipliers, c.multipliers) &&
			resBlocks == c.resBlocks && attention == c.attention && groups == c.groups;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(multipliers) * 31 + baseWidth;
	}

	@Override
	public String toString() {
		return "UNet(channels=" + channels + ", width=" + baseWidth + ", multipliers=" + Arrays.toString(multipliers) +
			", resBlocks=" + resBlocks + ", attention=" + attention + ", groups=" + groups + ")";
	}
}
