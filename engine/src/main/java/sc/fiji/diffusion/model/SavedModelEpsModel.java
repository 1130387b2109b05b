/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.schedule.StepCoefficients;

/**
 * An {@link EpsModel} backed by a TensorFlow SavedModel exported from Python or TensorFlow Java.
 * <p>
 * <b>The SavedModel contract</b> (see {@link EpsSignature}): a MetaGraphDef tagged {@code serve}
 * whose signature {@code serving_default} (both configurable in {@link Options}) has inputs
 * {@code x_t} (float32, NHWC [N,H,W,C]) and {@code t} (int32 [N]; int64 or float32 are accepted and
 * fed in that type), and output {@code eps} (float32, the shape of {@code x_t}). The model is given
 * as its folder or as a zip of that folder (with {@code saved_model.pb} at the top or inside one
 * top-level folder).
 * <p>
 * <b>Untrusted input.</b> A zip is read by {@link SafeZip} and extracted to a temporary folder that
 * {@link #close()} deletes. {@code saved_model.pb} is inspected by {@link GraphSafety} and the
 * signature checked before TensorFlow sees the model; problems are {@link ModelFormatException}s
 * naming the file. A folder holding {@code saved_model.pbtxt} or {@code saved_model.cpb} as well is
 * refused, so that TensorFlow cannot load a graph other than the one inspected. (A folder that is
 * changed by someone else between the check and the load is not defended against; give a zip for
 * that.)
 * <p>
 * <b>Execution.</b> {@link #eps} is one session run per batch. {@link #epsVjp} and {@link #step} add
 * their ops to the loaded graph on first use (under a fresh name scope) and reuse them:
 * {@code epsVjp} adds the gradient of eps with respect to x_t with upstream gradient v (TensorFlow's
 * graph gradients: complete for plain graphs such as TensorFlow Java exports; a TF2 Python export,
 * whose network sits in a called function, is differentiated through {@code SymbolicGradient},
 * which fails at run time for ops its registry lacks, e.g. FusedBatchNormV3 and
 * Conv2DBackpropInput);
 * {@code step} computes {@code a x + b eps + c z} in one run, with
 * {@code z = stateless_random_normal(shape(x), seed = [noiseSeed, 0])} (TensorFlow's Philox stream,
 * deterministic for a given seed and shape, but a different stream from the default
 * {@link EpsModel#step}'s). Not thread-safe.
 */
public final class SavedModelEpsModel implements EpsModel {

	/** Loading options; fluent setters, defaults as documented on each field. */
	public static final class Options {
		/** Signature key; default {@code serving_default}. */
		public String signatureKey = "serving_default";
		/** MetaGraphDef tags; default {@code serve}. */
		public Set<String> tags = Collections.singleton("serve");
		/** Channel count to use when the signature leaves x_t's last dimension unknown; 0 = take it from the signature. */
		public int channels = 0;
		/** Number of timesteps T of the model's schedule; default 1000. */
		public int timesteps = 1000;
		/** Limits for reading a zipped model; default {@link SafeZip.Limits#defaults()}. */
		public SafeZip.Limits zipLimits = SafeZip.Limits.defaults();

		public Options signatureKey(final String key) { signatureKey = key; return this; }
		public Options tags(final String... t) { tags = new LinkedHashSet<>(Arrays.asList(t)); return this; }
		public Options channels(final int c) { channels = c; return this; }
		public Options timesteps(final int t) { timesteps = t; return this; }
		public Options zipLimits(final SafeZip.Limits limits) { zipLimits = limits; return this; }
	}

	/** Largest {@code saved_model.pb} accepted (protobuf cannot parse 2 GiB anyway). */
	private static final long MAX_GRAPH_BYTES = 1L << 30;

	private final String source;
	private final SavedModelBundle bundle;
	private final Path tempDir;
	private final EpsSignature signature;
	private final Output<TFloat32> x, eps;
	private final Output<?> t;
	private final int channels, timesteps;
	private VjpOps vjp;
	private StepOps step;
	private final NativeGuard guard = new NativeGuard("This model");

	private static final class VjpOps {
		Placeholder<TFloat32> v;
		Output<TFloat32> dx;
	}

	private static final class StepOps {
		Placeholder<TFloat32> a, b, c;
		Placeholder<TInt64> seed;
		Operand<TFloat32> out;
	}

	private SavedModelEpsModel(final String source, final SavedModelBundle bundle, final Path tempDir, final EpsSignature signature, final int channels, final int timesteps) {
		this.source = source;
		this.bundle = bundle;
		this.tempDir = tempDir;
		this.signature = signature;
		this.channels = channels;
		this.timesteps = timesteps;
		final Graph g = bundle.graph();
		this.x = g.outputOrThrow(signature.xName).expect(TFloat32.class);
		this.t = g.outputOrThrow(signature.tName);
		this.eps = g.outputOrThrow(signature.epsName).expect(TFloat32.class);
	}

	/** {@link #load(Path, Options)} with default options. */
	public static SavedModelEpsModel load(final Path model) throws IOException {
		return load(model, new Options());
	}

	/**
	 * Loads a SavedModel folder or a zip of one, after the safety and signature checks described
	 * in the class documentation.
	 *
	 * @throws ModelFormatException if the model is corrupt, unsafe, or does not have the signature
	 * @throws IOException if it cannot be read
	 */
	public static SavedModelEpsModel load(final Path model, final Options options) throws IOException {
		if (options.timesteps < 1) throw new IllegalArgumentException("timesteps must be positive, got " + options.timesteps);
		if (options.channels < 0) throw new IllegalArgumentException("channels must be positive (or 0 for the signature's), got " + options.channels);
		TensorFlowNatives.require();
		if (Files.isDirectory(model)) return load(model, null, model.toString(), options);
		if (!Files.isRegularFile(model)) throw new java.io.FileNotFoundException("No SavedModel folder or zip at " + model);
		final Map<String, byte[]> entries = SafeZip.read(model, options.zipLimits);
		final String root = zipRoot(entries, model);
		final Path tmp = SafeZip.extractToTempDir(entries, "eps-savedmodel-");
		try {
			return load(root.isEmpty() ? tmp : tmp.resolve(root), tmp, model.toString(), options);
		}
		catch (final IOException | RuntimeException | Error e) {
			try {
				SafeZip.deleteRecursively(tmp);
			}
			catch (final IOException suppressed) {
				e.addSuppressed(suppressed);
			}
			throw e;
		}
	}

	/** The folder of the zip holding saved_model.pb: "" or one top-level folder name. */
	private static String zipRoot(final Map<String, byte[]> entries, final Path zip) throws ModelFormatException {
		final List<String> roots = new ArrayList<>();
		for (final String name : entries.keySet()) {
			if (name.equals("saved_model.pb")) roots.add("");
			else if (name.endsWith("/saved_model.pb") && name.indexOf('/') == name.length() - "/saved_model.pb".length())
				roots.add(name.substring(0, name.indexOf('/')));
		}
		if (roots.size() != 1)
			throw new ModelFormatException("zip " + zip + (roots.isEmpty() ? " holds no saved_model.pb at its top level or in one top-level folder"
				: " holds several SavedModels " + roots + "; expected one"));
		return roots.get(0);
	}

	private static SavedModelEpsModel load(final Path dir, final Path tempDir, final String source, final Options options) throws IOException {
		for (final String other : List.of("saved_model.pbtxt", "saved_model.cpb"))
			if (Files.exists(dir.resolve(other), LinkOption.NOFOLLOW_LINKS))
				throw new ModelFormatException("model " + source + " holds " + other + " besides saved_model.pb; refusing, as TensorFlow might load it instead of the inspected graph");
		final Path pb = dir.resolve("saved_model.pb");
		if (!Files.isRegularFile(pb)) throw new ModelFormatException("model " + source + " has no saved_model.pb (not a SavedModel folder)");
		if (Files.size(pb) > MAX_GRAPH_BYTES) throw new ModelFormatException("model " + source + ": saved_model.pb is larger than " + MAX_GRAPH_BYTES + " bytes");
		final SavedModel proto = GraphSafety.parseAndCheck(Files.readAllBytes(pb), source + "/saved_model.pb");
		final MetaGraphDef metaGraph = EpsSignature.metaGraph(proto, options.tags, source);
		final EpsSignature signature = EpsSignature.of(metaGraph, options.signatureKey, source);
		final int channels = resolveChannels(signature.channels, options.channels, source);

		final SavedModelBundle bundle;
		try {
			bundle = SavedModelBundle.loader(dir.toString()).withTags(options.tags.toArray(new String[0])).load();
		}
		catch (final LinkageError e) {
			throw ProtobufRuntime.incompatible(e);
		}
		catch (final RuntimeException e) {
			throw new ModelFormatException("model " + source + " passed the checks but TensorFlow cannot load it: " + e.getMessage(), e);
		}
		try {
			return new SavedModelEpsModel(source, bundle, tempDir, signature, channels, options.timesteps);
		}
		catch (final RuntimeException e) {
			bundle.close();
			throw new ModelFormatException("model " + source + ": the signature's tensors are not in the loaded graph: " + e.getMessage(), e);
		}
	}

	private static int resolveChannels(final long fromSignature, final int fromOptions, final String source) throws ModelFormatException {
		if (fromSignature > 0) {
			if (fromOptions != 0 && fromOptions != fromSignature)
				throw new ModelFormatException("model " + source + " takes " + fromSignature + " channels, but " + fromOptions + " were requested");
			if (fromSignature > Integer.MAX_VALUE) throw new ModelFormatException("model " + source + " declares " + fromSignature + " channels");
			return (int) fromSignature;
		}
		if (fromOptions == 0)
			throw new ModelFormatException("model " + source + " leaves the channel count of x_t unknown; give it as an option");
		return fromOptions;
	}

	/** Where the model was loaded from, for messages. */
	public String source() {
		return source;
	}

	@Override
	public int channels() {
		return channels;
	}

	@Override
	public int timesteps() {
		return timesteps;
	}

	@Override
	public Batch eps(final Batch xt, final int[] timestep) {
		check(xt, timestep);
		try (NativeGuard.Use u = guard.use(); TFloat32 xTensor = floats(xt); Tensor tTensor = timesteps(timestep);
			Result r = run(session().runner().feed(x, xTensor).feed(t, tTensor).fetch(eps), "eps")) {
			return toBatch(r.get(0), xt, "eps");
		}
	}

	@Override
	public Batch epsVjp(final Batch xt, final int[] timestep, final Batch v) {
		check(xt, timestep);
		if (!v.sameShape(xt)) throw new IllegalArgumentException("v is " + v + " but x_t is " + xt);
		try (NativeGuard.Use u = guard.use()) {
			final VjpOps ops = vjpOps();
			try (TFloat32 xTensor = floats(xt); Tensor tTensor = timesteps(timestep); TFloat32 vTensor = floats(v);
				Result r = run(session().runner().feed(x, xTensor).feed(t, tTensor).feed(ops.v, vTensor).fetch(ops.dx), "the gradient of eps")) {
				return toBatch(r.get(0), xt, "the gradient");
			}
		}
	}

	@Override
	public Batch step(final Batch xt, final int[] timestep, final StepCoefficients coefficients, final long noiseSeed) {
		if (coefficients.clips()) return EpsModel.super.step(xt, timestep, coefficients, noiseSeed);
		check(xt, timestep);
		try (NativeGuard.Use u = guard.use()) {
			final StepOps ops = stepOps();
			try (TFloat32 xTensor = floats(xt); Tensor tTensor = timesteps(timestep);
				TFloat32 a = TFloat32.scalarOf((float) coefficients.a); TFloat32 b = TFloat32.scalarOf((float) coefficients.b);
				TFloat32 c = TFloat32.scalarOf((float) coefficients.c); TInt64 seed = TInt64.vectorOf(noiseSeed, 0L);
				Result r = run(session().runner().feed(x, xTensor).feed(t, tTensor).feed(ops.a, a).feed(ops.b, b).feed(ops.c, c).feed(ops.seed, seed)
					.fetch(ops.out), "the sampler step")) {
				return toBatch(r.get(0), xt, "the step");
			}
		}
	}

	/**
	 * Closes the TensorFlow session and graph and deletes the temporary folder of a zipped model; from any
	 * thread, once (later calls do nothing). A call running in another thread finishes first: the release
	 * happens when it returns. Calls after close throw {@link IllegalStateException}.
	 */
	@Override
	public void close() {
		guard.close(() -> {
			bundle.close();
			if (tempDir != null) {
				try {
					SafeZip.deleteRecursively(tempDir);
				}
				catch (final IOException e) {
					throw new UncheckedIOException("Could not delete the temporary model folder " + tempDir, e);
				}
			}
		});
	}

	/** Runs {@code runner}, turning TensorFlow's run-time errors into an exception naming the model. */
	private Result run(final Session.Runner runner, final String what) {
		try {
			return runner.run();
		}
		catch (final TensorFlowException e) {
			String hint = "";
			if (e.getMessage() != null && e.getMessage().contains("No gradient defined"))
				hint = " (graphs that call functions, as TF2 Python exports do, are differentiated through SymbolicGradient, whose gradient registry lacks"
					+ " ops such as FusedBatchNormV3 and Conv2DBackpropInput; export the network as a plain graph, e.g. with TensorFlow Java, to use its gradient)";
			throw new IllegalStateException("model " + source + ": TensorFlow failed computing " + what + ": " + e.getMessage() + hint, e);
		}
	}

	private Session session() {
		return bundle.session();
	}

	private Ops ops() {
		return Ops.create(bundle.graph()).withSubScope("sc_fiji_diffusion");
	}

	private VjpOps vjpOps() {
		if (vjp == null) {
			final Ops tf = ops();
			final VjpOps o = new VjpOps();
			o.v = tf.withName("v").placeholder(TFloat32.class);
			final Gradients g;
			try {
				g = Gradients.create(tf.scope(), eps, List.of(x), Gradients.dx(List.of(o.v)));
			}
			catch (final RuntimeException e) {
				throw new IllegalStateException("model " + source + ": TensorFlow cannot differentiate eps with respect to x_t: " + e.getMessage(), e);
			}
			o.dx = g.dy(0).expect(TFloat32.class);
			vjp = o;
		}
		return vjp;
	}

	private StepOps stepOps() {
		if (step == null) {
			final Ops tf = ops();
			final StepOps o = new StepOps();
			o.a = tf.withName("a").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
			o.b = tf.withName("b").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
			o.c = tf.withName("c").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
			o.seed = tf.withName("seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
			final Operand<TFloat32> z = tf.random.statelessRandomNormal(tf.shape(x), o.seed);
			o.out = tf.withName("x_next").math.add(tf.math.add(tf.math.mul(o.a, x), tf.math.mul(o.b, eps)), tf.math.mul(o.c, z));
			step = o;
		}
		return step;
	}

	private void check(final Batch xt, final int[] timestep) {
		if (xt.channels() != channels) throw new IllegalArgumentException("model " + source + " takes " + channels + " channels, got " + xt);
		if (timestep.length != xt.n()) throw new IllegalArgumentException("need one timestep per image: " + timestep.length + " for " + xt);
		for (final int ti : timestep)
			if (ti < 0 || ti >= timesteps) throw new IllegalArgumentException("timestep " + ti + " outside [0, " + timesteps + ")");
	}

	private static TFloat32 floats(final Batch b) {
		return TFloat32.tensorOf(Shape.of(b.shape()), DataBuffers.of(b.data(), true, false));
	}

	/** The timesteps as a tensor of the signature's type of t. */
	private Tensor timesteps(final int[] timestep) {
		switch (signature.tType) {
			case DT_INT32:
				return TInt32.vectorOf(timestep);
			case DT_INT64:
				return TInt64.vectorOf(Arrays.stream(timestep).asLongStream().toArray());
			case DT_FLOAT: {
				final float[] f = new float[timestep.length];
				for (int i = 0; i < f.length; i++)
					f[i] = timestep[i];
				return TFloat32.vectorOf(f);
			}
			default:
				throw new AssertionError(signature.tType);
		}
	}

	private Batch toBatch(final Tensor tensor, final Batch like, final String what) {
		if (!(tensor instanceof TFloat32) || !Arrays.equals(tensor.shape().asArray(), like.shape()))
			throw new IllegalStateException("model " + source + " returned " + what + " as " + tensor.dataType() + " " + tensor.shape() + ", expected float32 "
				+ Shape.of(like.shape()));
		final float[] out = new float[like.data().length];
		((TFloat32) tensor).copyTo(DataBuffers.of(out, false, false));
		return new Batch(like.n(), like.height(), like.width(), like.channels(), out);
	}
}
