/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.data;

import java.util.Arrays;

/**
 * A batch of images in NHWC layout: {@code n} images of {@code height x width} pixels with
 * {@code channels} channels, stored row-major in one float array, so that element
 * {@code (i, y, x, c)} lives at {@code ((i * height + y) * width + x) * channels + c}.
 * <p>
 * This is the one exchange type between the sampler, the network and the image wrappers. A
 * {@code Batch} owns its array; methods that return a new batch never alias their inputs.
 */
public final class Batch {

	private final int n, height, width, channels;
	private final float[] data;

	/** Wraps {@code data} (not copied); its length must be {@code n * height * width * channels}. */
	public Batch(final int n, final int height, final int width, final int channels, final float[] data) {
		if (n < 1 || height < 1 || width < 1 || channels < 1)
			throw new IllegalArgumentException("Batch dimensions must be positive, got " + n + "x" + height + "x" + width + "x" + channels);
		final long size = (long) n * height * width * channels;
		if (size > Integer.MAX_VALUE)
			throw new IllegalArgumentException("Batch too large for one array: " + size + " elements");
		if (data.length != size)
			throw new IllegalArgumentException("Batch data has " + data.length + " elements, expected " + size);
		this.n = n;
		this.height = height;
		this.width = width;
		this.channels = channels;
		this.data = data;
	}

	/** A batch of zeros. */
	public static Batch zeros(final int n, final int height, final int width, final int channels) {
		return new Batch(n, height, width, channels, new float[n * height * width * channels]);
	}

	public int n() { return n; }
	public int height() { return height; }
	public int width() { return width; }
	public int channels() { return channels; }

	/** Number of floats in one image: {@code height * width * channels}. */
	public int imageSize() { return height * width * channels; }

	/** The backing array (not a copy). */
	public float[] data() { return data; }

	/** Shape as {@code {n, height, width, channels}}. */
	public long[] shape() { return new long[] { n, height, width, channels }; }

	/** True if {@code other} has the same n, height, width and channels. */
	public boolean sameShape(final Batch other) {
		return n == other.n && height == other.height && width == other.width && channels == other.channels;
	}

	/** Deep copy. */
	public Batch copy() {
		return new Batch(n, height, width, channels, data.clone());
	}

	/** A copy of image {@code i} as a batch of one. */
	public Batch image(final int i) {
		final int size = imageSize();
		return new Batch(1, height, width, channels, Arrays.copyOfRange(data, i * size, (i + 1) * size));
	}

	/**
	 * A copy of images {@code first, first + step, first + 2 step, ..}: in a plane-interleaved batch
	 * ({@link #interleaved}) of {@code step} planes, the images of plane {@code first}.
	 */
	public Batch images(final int first, final int step) {
		if (first < 0 || step < 1 || first >= step || n % step != 0)
			throw new IllegalArgumentException("Images " + first + " + k " + step + " of a batch of " + n);
		final int size = imageSize(), k = n / step;
		final float[] out = new float[k * size];
		for (int i = 0; i < k; i++) System.arraycopy(data, (i * step + first) * size, out, i * size, size);
		return new Batch(k, height, width, channels, out);
	}

	/**
	 * The plane-interleaved batch of B = {@code planes.size()} batches of K images each, one shape: image
	 * {@code k B + b} is image k of {@code planes.get(b)} (sample-major, as {@link #repeated} orders the
	 * copies of a batch of B images).
	 */
	public static Batch interleaved(final java.util.List<Batch> planes) {
		final Batch p0 = planes.get(0);
		final int b = planes.size(), k = p0.n, size = p0.imageSize();
		final float[] out = new float[b * k * size];
		for (int j = 0; j < b; j++) {
			final Batch p = planes.get(j);
			if (!p.sameShape(p0)) throw new IllegalArgumentException("Interleaved batches need one shape: " + p + " and " + p0);
			for (int i = 0; i < k; i++) System.arraycopy(p.data, i * size, out, (i * b + j) * size, size);
		}
		return new Batch(b * k, p0.height, p0.width, p0.channels, out);
	}

	/** A new batch of this batch's images repeated {@code k} times, one after the other ({@code k n} images). */
	public Batch repeated(final int k) {
		final int size = n * imageSize();
		final float[] out = new float[k * size];
		for (int i = 0; i < k; i++) System.arraycopy(data, 0, out, i * size, size);
		return new Batch(k * n, height, width, channels, out);
	}

	/** A new batch of {@code factor} times this one's values. */
	public Batch scaled(final double factor) {
		final float[] out = new float[data.length];
		for (int k = 0; k < out.length; k++) out[k] = (float) (factor * data[k]);
		return new Batch(n, height, width, channels, out);
	}

	/** The pixel-wise mean of this batch's images: one image. */
	public Batch mean() {
		final int size = imageSize();
		final float[] m = new float[size];
		for (int i = 0; i < n; i++)
			for (int p = 0; p < size; p++) m[p] += data[i * size + p];
		for (int p = 0; p < size; p++) m[p] /= n;
		return new Batch(1, height, width, channels, m);
	}

	/** Throws {@link IllegalArgumentException} naming the first NaN or infinite value, if any. */
	public Batch requireFinite(final String what) {
		for (int k = 0; k < data.length; k++)
			if (!Float.isFinite(data[k]))
				throw new IllegalArgumentException(what + " contains a non-finite value (" + data[k] + ") at image " + (k / imageSize()) + ", pixel " + ((k % imageSize()) / channels));
		return this;
	}

	@Override
	public String toString() {
		return "Batch[" + n + "x" + height + "x" + width + "x" + channels + "]";
	}
}
