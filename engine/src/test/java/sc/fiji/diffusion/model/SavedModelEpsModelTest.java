/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.schedule.StepCoefficients;

class SavedModelEpsModelTest {

	@TempDir
	static Path tmp;

	/** One valid 2-channel model, exported once for the class. */
	static Path valid;

	@BeforeAll
	static void exportValidModel() throws IOException {
		valid = TestModels.export(tmp.resolve("valid"), new TestModels.Spec());
	}

	private static Batch random(final int n, final int h, final int w, final int c, final long seed) {
		final Random rnd = new Random(seed);
		final float[] data = new float[n * h * w * c];
		for (int k = 0; k < data.length; k++)
			data[k] = (float) rnd.nextGaussian();
		return new Batch(n, h, w, c, data);
	}

	private static void assertClose(final float[] expected, final float[] actual, final double tol) {
		assertEquals(expected.length, actual.length);
		for (int k = 0; k < expected.length; k++)
			assertEquals(expected[k], actual[k], tol, "element " + k);
	}

	@Test
	void epsMatchesTheDirectComputation() throws IOException {
		final Batch x = random(2, 5, 6, 2, 1);
		final int[] t = { 3, 700 };
		try (SavedModelEpsModel model = SavedModelEpsModel.load(valid)) {
			assertEquals(2, model.channels());
			assertEquals(1000, model.timesteps());
			final Batch eps = model.eps(x, t);
			assertTrue(eps.sameShape(x));
			assertClose(TestModels.expectedEps(x.data(), 2, 5, 6, 2, t), eps.data(), 1e-5);
		}
	}

	@Test
	void vjpMatchesFiniteDifferences() throws IOException {
		final Batch x = random(1, 4, 4, 2, 2);
		final Batch v = random(1, 4, 4, 2, 3);
		final int[] t = { 10 };
		try (SavedModelEpsModel model = SavedModelEpsModel.load(valid)) {
			final float[] grad = model.epsVjp(x, t, v).data();
			final float h = 1e-2f;
			for (final int k : new int[] { 0, 5, 13, 22, 31 }) {
				final Batch plus = x.copy(), minus = x.copy();
				plus.data()[k] += h;
				minus.data()[k] -= h;
				final double fd = (dot(v, model.eps(plus, t)) - dot(v, model.eps(minus, t))) / (2 * h);
				assertEquals(fd, grad[k], 1e-2 * Math.max(1, Math.abs(fd)), "d<v,eps>/dx[" + k + "]");
			}
			// a second call reuses the gradient ops
			assertArrayEquals(grad, model.epsVjp(x, t, v).data());
		}
	}

	private static double dot(final Batch a, final Batch b) {
		double s = 0;
		for (int k = 0; k < a.data().length; k++)
			s += (double) a.data()[k] * b.data()[k];
		return s;
	}

	@Test
	void stepIsTheFusedLinearUpdateAndDeterministicPerSeed() throws IOException {
		final Batch x = random(2, 4, 5, 2, 4);
		final int[] t = { 100, 200 };
		try (SavedModelEpsModel model = SavedModelEpsModel.load(valid)) {
			final float[] eps = model.eps(x, t).data();
			final float[] noNoise = model.step(x, t, new StepCoefficients(0.9, -0.3, 0), 7).data();
			for (int k = 0; k < eps.length; k++)
				assertEquals(0.9f * x.data()[k] - 0.3f * eps[k], noNoise[k], 1e-5, "element " + k);

			final StepCoefficients noisy = new StepCoefficients(0.9, -0.3, 0.5);
			final float[] first = model.step(x, t, noisy, 42).data();
			assertArrayEquals(first, model.step(x, t, noisy, 42).data(), "same seed, same step");
			assertFalse(Arrays.equals(first, model.step(x, t, noisy, 43).data()), "another seed, another step");
			// the noise is c * z with z ~ N(0,1)
			double sum = 0, sq = 0;
			for (int k = 0; k < first.length; k++) {
				final double z = (first[k] - noNoise[k]) / 0.5;
				sum += z;
				sq += z * z;
			}
			assertEquals(0, sum / first.length, 0.4);
			assertEquals(1, sq / first.length, 0.5);
		}
	}

	@Test
	void acceptsInt64AndFloatTimestepsAndUnknownChannels() throws IOException {
		final Batch x = random(1, 3, 3, 1, 5);
		final int[] t = { 500 };
		final float[] expected = TestModels.expectedEps(x.data(), 1, 3, 3, 1, t);
		final Path int64 = TestModels.export(tmp.resolve("int64"), new TestModels.Spec().channels(1).tType(TInt64.class));
		try (SavedModelEpsModel model = SavedModelEpsModel.load(int64)) {
			assertClose(expected, model.eps(x, t).data(), 1e-5);
		}
		final Path f32 = TestModels.export(tmp.resolve("f32"), new TestModels.Spec().channels(1).tType(TFloat32.class).unknownChannels());
		final String msg = assertThrows(ModelFormatException.class, () -> SavedModelEpsModel.load(f32)).getMessage();
		assertTrue(msg.contains("channel count of x_t unknown"), msg);
		try (SavedModelEpsModel model = SavedModelEpsModel.load(f32, new SavedModelEpsModel.Options().channels(1))) {
			assertEquals(1, model.channels());
			assertClose(expected, model.eps(x, t).data(), 1e-5);
		}
	}

	@Test
	void loadsAZipOfTheModelFolderAndDeletesItsTempFolder() throws IOException {
		final Path zip = TestModels.zip(valid, tmp.resolve("model.zip"), "my_model");
		final Batch x = random(1, 4, 4, 2, 6);
		final Path extracted;
		try (SavedModelEpsModel model = SavedModelEpsModel.load(zip)) {
			assertClose(TestModels.expectedEps(x.data(), 1, 4, 4, 2, new int[] { 1 }), model.eps(x, new int[] { 1 }).data(), 1e-5);
			try (Stream<Path> temps = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
				extracted = temps.filter(p -> p.getFileName().toString().startsWith("eps-savedmodel-"))
					.filter(p -> Files.exists(p.resolve("my_model/saved_model.pb"))).findFirst().orElseThrow();
			}
		}
		assertFalse(Files.exists(extracted), "temporary folder deleted on close");
	}

	@Test
	void refusesAForbiddenOpBeforeLoading() throws IOException {
		final Path dir = TestModels.export(tmp.resolve("readfile"), new TestModels.Spec().extra(tf -> tf.withName("steal").io.readFile(tf.constant("/etc/passwd"))));
		final String msg = assertThrows(ModelFormatException.class, () -> SavedModelEpsModel.load(dir)).getMessage();
		assertTrue(msg.contains("node 'steal' uses op ReadFile"), msg);
		final String zipped = assertThrows(ModelFormatException.class, () -> SavedModelEpsModel.load(TestModels.zip(dir, tmp.resolve("readfile.zip"), "m"))).getMessage();
		assertTrue(zipped.contains("node 'steal' uses op ReadFile") && zipped.contains("readfile.zip"), zipped);
	}

	@Test
	void refusesMissingSignatureInputListingWhatItFound() throws IOException {
		final Path dir = TestModels.export(tmp.resolve("renamed"), new TestModels.Spec().names("x_t", "timestep", "eps"));
		final String msg = assertThrows(ModelFormatException.class, () -> SavedModelEpsModel.load(dir)).getMessage();
		assertTrue(msg.contains("missing input 't'") && msg.contains("timestep: DT_INT32 [-1]") && msg.contains("x_t: DT_FLOAT [-1, -1, -1, 2]"), msg);
		final String key = assertThrows(ModelFormatException.class, () -> SavedModelEpsModel.load(valid, new SavedModelEpsModel.Options().signatureKey("predict")))
			.getMessage();
		assertTrue(key.contains("no signature 'predict'") && key.contains("[serving_default]"), key);
	}

	@Test
	void refusesBadZipsAndFolders() throws IOException {
		final Path zip = TestModels.zip(valid, tmp.resolve("cut.zip"), "m");
		final byte[] bytes = Files.readAllBytes(zip);
		Files.write(zip, Arrays.copyOf(bytes, bytes.length / 2));
		final String cut = assertThrows(ModelFormatException.class, () -> SavedModelEpsModel.load(zip)).getMessage();
		assertTrue(cut.startsWith("not a valid zip / truncated: " + zip), cut);

		final Path whole = TestModels.zip(valid, tmp.resolve("whole.zip"), "m");
		final String bomb = assertThrows(ModelFormatException.class,
			() -> SavedModelEpsModel.load(whole, new SavedModelEpsModel.Options().zipLimits(new SafeZip.Limits(100, 1000, 1 << 20)))).getMessage();
		assertTrue(bomb.contains("inflates to more than 1000 bytes"), bomb);

		final Path slip = tmp.resolve("slip.zip");
		try (java.io.OutputStream os = Files.newOutputStream(slip); java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(os)) {
			out.putNextEntry(new java.util.zip.ZipEntry("m/saved_model.pb"));
			out.write(Files.readAllBytes(valid.resolve("saved_model.pb")));
			out.putNextEntry(new java.util.zip.ZipEntry("../evil"));
			out.write(1);
		}
		final String evil = assertThrows(ModelFormatException.class, () -> SavedModelEpsModel.load(slip)).getMessage();
		assertTrue(evil.contains("'../evil'"), evil);

		final Path empty = Files.createDirectories(tmp.resolve("empty"));
		final String none = assertThrows(ModelFormatException.class, () -> SavedModelEpsModel.load(empty)).getMessage();
		assertTrue(none.contains("has no saved_model.pb"), none);
	}
}
