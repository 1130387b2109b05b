/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.isolation;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.task.TaskService;

import ij.ImagePlus;
import ij.process.FloatProcessor;
import sc.fiji.diffusion.command.DenoiseCommand;
import sc.fiji.diffusion.data.GaussianNoise;
import sc.fiji.diffusion.data.Metrics;
import sc.fiji.diffusion.imagej.ImageFiles;

/**
 * Run in a JVM whose classpath is like a Fiji with CSBDeep installed (libtensorflow 1.15 and its
 * natives first, no TensorFlow Java): prints what the other plugins see as org.tensorflow.Graph, runs a
 * libtensorflow 1.15 session (its native library loaded in this process), denoises a crop of a real
 * image through the Fiji command (which reaches the engine through the {@link EngineDoor}; which loader
 * defined the door's engine side is printed too), runs a libtensorflow 1.15 session again, and prints the outcome, one
 * "key: value" per line.
 */
public final class FijiLikeRestore {

	public static void main(final String[] args) throws Exception {
		final Class<?> graph = Class.forName("org.tensorflow.Graph", false, FijiLikeRestore.class.getClassLoader());
		System.out.println("graph: " + graph.getProtectionDomain().getCodeSource().getLocation());
		System.out.println("libtensorflow-version-method: " + (Class.forName("org.tensorflow.TensorFlow", false, FijiLikeRestore.class.getClassLoader()).getMethod("version") != null));
		System.out.println("tf115-before: " + libTensorFlowSession(3f, 4f));
		final ImagePlus imp = ImageFiles.open(Paths.get(args[0]));
		final float[] all = ImageFiles.planes(imp, true)[0];
		final int n = 64;
		final float[] clean = new float[n * n];
		for (int y = 0; y < n; y++) System.arraycopy(all, (600 + y) * imp.getWidth() + 1000, clean, y * n, n);
		final float[] noisy = GaussianNoise.like(new sc.fiji.diffusion.data.Batch(1, n, n, 1, clean.clone()), 1).data();
		for (int k = 0; k < noisy.length; k++) noisy[k] = clean[k] + 25 * noisy[k];
		final Context context = new Context(CommandService.class, StatusService.class, TaskService.class, LogService.class);
		try {
			final Map<String, Object> inputs = new HashMap<>();
			inputs.put("image", new ImagePlus("noisy", new FloatProcessor(n, n, noisy.clone())));
			inputs.put("model", "demo-cells");
			final CommandModule m = context.service(CommandService.class).run(DenoiseCommand.class, true, inputs).get();
			System.out.println("cancelled: " + m.isCanceled());
			System.out.println("reason: " + m.getCancelReason());
			final ImagePlus out = (ImagePlus) m.getOutput("restored");
			if (out != null) {
				System.out.println(String.format(Locale.ROOT, "psnr-noisy: %.3f", Metrics.psnr(clean, noisy, 255)));
				System.out.println(String.format(Locale.ROOT, "psnr-denoised: %.3f", Metrics.psnr(clean, (float[]) out.getProcessor().getPixels(), 255)));
			}
			if (!m.isCanceled()) {
				final ContextLoaderDoor door = (ContextLoaderDoor) EngineDoors.open(DenoiseCommand.class);
				System.out.println("door-side-loader: " + door.inner.getClass().getClassLoader().getName());
				System.out.println("door-defined-once: " + (Class.forName(EngineDoor.class.getName(), false, door.loader) == EngineDoor.class));
			}
			System.out.println("tf115-after: " + libTensorFlowSession(5f, 6.5f));
			System.out.println("natives: " + tensorFlowNatives());
			System.out.println("graph-after: " + Class.forName("org.tensorflow.Graph", false, FijiLikeRestore.class.getClassLoader()).getProtectionDomain().getCodeSource().getLocation());
		}
		finally {
			context.dispose();
		}
	}

	/** The TensorFlow native libraries mapped into this process (from /proc/self/maps), sorted; "unknown" where that is not readable. */
	static String tensorFlowNatives() {
		try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(Paths.get("/proc/self/maps"))) {
			return lines.map(l -> l.substring(l.lastIndexOf('/') + 1)).filter(f -> f.contains("tensorflow") && f.contains(".so")).distinct().sorted()
				.collect(java.util.stream.Collectors.joining(" "));
		}
		catch (final java.io.IOException | RuntimeException e) {
			return "unknown";
		}
	}

	/**
	 * What CSBDeep, N2V or StarDist do with libtensorflow 1.15 (through reflection, since this class is
	 * compiled against TensorFlow Java 1.1): loads its native library, builds the graph {@code a + b} and
	 * runs it in a session. Returns the native version and the sum, e.g. {@code "1.15.0 7.0"}.
	 */
	static String libTensorFlowSession(final float a, final float b) throws Exception {
		final ClassLoader cl = FijiLikeRestore.class.getClassLoader();
		final Class<?> graphClass = Class.forName("org.tensorflow.Graph", true, cl), sessionClass = Class.forName("org.tensorflow.Session", true, cl),
			tensorClass = Class.forName("org.tensorflow.Tensor", true, cl), outputClass = Class.forName("org.tensorflow.Output", true, cl),
			builderClass = Class.forName("org.tensorflow.GraphOperationBuilder", true, cl), operationClass = Class.forName("org.tensorflow.GraphOperation", true, cl);
		@SuppressWarnings({ "unchecked", "rawtypes" })
		final Object floatType = Enum.valueOf((Class<Enum>) Class.forName("org.tensorflow.DataType", true, cl), "FLOAT");
		final String version = (String) Class.forName("org.tensorflow.TensorFlow", true, cl).getMethod("version").invoke(null);
		final List<AutoCloseable> open = new ArrayList<>();
		try {
			final Object graph = graphClass.getConstructor().newInstance();
			open.add((AutoCloseable) graph);
			final Object[] outputs = new Object[2];
			final float[] values = { a, b };
			for (int i = 0; i < 2; i++) {
				final Object value = tensorClass.getMethod("create", Object.class).invoke(null, values[i]);
				open.add((AutoCloseable) value);
				Object builder = graphClass.getMethod("opBuilder", String.class, String.class).invoke(graph, "Const", "c" + i);
				builder = builderClass.getMethod("setAttr", String.class, floatType.getClass()).invoke(builder, "dtype", floatType);
				builder = builderClass.getMethod("setAttr", String.class, tensorClass).invoke(builder, "value", value);
				final Object op = builderClass.getMethod("build").invoke(builder);
				outputs[i] = operationClass.getMethod("output", int.class).invoke(op, 0);
			}
			Object add = graphClass.getMethod("opBuilder", String.class, String.class).invoke(graph, "Add", "sum");
			for (final Object o : outputs) add = builderClass.getMethod("addInput", outputClass).invoke(add, o);
			builderClass.getMethod("build").invoke(add);
			final Object session = sessionClass.getConstructor(graphClass).newInstance(graph);
			open.add((AutoCloseable) session);
			Object runner = sessionClass.getMethod("runner").invoke(session);
			runner = runner.getClass().getMethod("fetch", String.class).invoke(runner, "sum");
			final List<?> results = (List<?>) runner.getClass().getMethod("run").invoke(runner);
			for (final Object r : results) open.add((AutoCloseable) r);
			final float sum = (Float) tensorClass.getMethod("floatValue").invoke(results.get(0));
			return version + " " + sum;
		}
		finally {
			for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
		}
	}
}
