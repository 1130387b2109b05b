/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The documented signature of a noise-prediction SavedModel, checked against a SavedModel proto
 * before the model is loaded.
 * <p>
 * The MetaGraphDef is the first one whose tags include all requested tags (normally {@code serve});
 * in it the SignatureDef under the requested key (normally {@code serving_default}) must have
 * <ul>
 * <li>input {@value #X_T}: float32, shape [N, H, W, C] (NHWC; any dimension may be unknown, or the
 * rank unknown);</li>
 * <li>input {@value #T}: int32, int64 or float32, shape [N] (or unknown);</li>
 * <li>output {@value #EPS}: float32, the same shape as {@code x_t}.</li>
 * </ul>
 * Further inputs or outputs are refused for inputs (they could not be fed) and ignored for outputs.
 */
final class EpsSignature {

	static final String X_T = "x_t", T = "t", EPS = "eps";

	/** Graph tensor names such as {@code serving_default_x_t:0}. */
	final String xName, tName, epsName;
	/** Data type of the {@code t} input: DT_INT32, DT_INT64 or DT_FLOAT. */
	final DataType tType;
	/** The C of x_t's shape, or -1 where the signature leaves it unknown. */
	final long channels;

	private EpsSignature(final String xName, final String tName, final String epsName, final DataType tType, final long channels) {
		this.xName = xName;
		this.tName = tName;
		this.epsName = epsName;
		this.tType = tType;
		this.channels = channels;
	}

	/** The MetaGraphDef whose tags include all of {@code tags}; throws naming the tag sets found. */
	static MetaGraphDef metaGraph(final SavedModel model, final Set<String> tags, final String source) throws ModelFormatException {
		final List<List<String>> found = new ArrayList<>();
		for (final MetaGraphDef mg : model.getMetaGraphsList()) {
			if (mg.getMetaInfoDef().getTagsList().containsAll(tags)) return mg;
			found.add(mg.getMetaInfoDef().getTagsList());
		}
		throw new ModelFormatException("model " + source + " has no MetaGraphDef tagged " + tags + "; found tag sets " + found);
	}

	/** Checks the signature {@code key} of {@code metaGraph}; throws listing what was found instead. */
	static EpsSignature of(final MetaGraphDef metaGraph, final String key, final String source) throws ModelFormatException {
		final SignatureDef sig = metaGraph.getSignatureDefMap().get(key);
		if (sig == null)
			throw new ModelFormatException("model " + source + " has no signature '" + key + "'; found signatures " + new TreeMap<>(metaGraph.getSignatureDefMap()).keySet()
				+ " (expected inputs " + X_T + " float32 [N,H,W,C] and " + T + " int32 [N], output " + EPS + " float32 [N,H,W,C])");
		final TensorInfo x = sig.getInputsMap().get(X_T), t = sig.getInputsMap().get(T), eps = sig.getOutputsMap().get(EPS);
		final List<String> problems = new ArrayList<>();
		if (x == null) problems.add("missing input '" + X_T + "'");
		else {
			if (x.getDtype() != DataType.DT_FLOAT) problems.add("input '" + X_T + "' is " + x.getDtype() + ", expected DT_FLOAT");
			if (!rankFits(x, 4)) problems.add("input '" + X_T + "' has shape " + shape(x) + ", expected [N,H,W,C]");
		}
		if (t == null) problems.add("missing input '" + T + "'");
		else {
			if (t.getDtype() != DataType.DT_INT32 && t.getDtype() != DataType.DT_INT64 && t.getDtype() != DataType.DT_FLOAT)
				problems.add("input '" + T + "' is " + t.getDtype() + ", expected DT_INT32, DT_INT64 or DT_FLOAT");
			if (!rankFits(t, 1)) problems.add("input '" + T + "' has shape " + shape(t) + ", expected [N]");
		}
		if (eps == null) problems.add("missing output '" + EPS + "'");
		else {
			if (eps.getDtype() != DataType.DT_FLOAT) problems.add("output '" + EPS + "' is " + eps.getDtype() + ", expected DT_FLOAT");
			if (!rankFits(eps, 4)) problems.add("output '" + EPS + "' has shape " + shape(eps) + ", expected [N,H,W,C]");
		}
		for (final String input : sig.getInputsMap().keySet())
			if (!input.equals(X_T) && !input.equals(T)) problems.add("unexpected input '" + input + "' (only " + X_T + " and " + T + " are fed)");
		for (final TensorInfo info : Arrays.asList(x, t, eps))
			if (info != null && info.getEncodingCase() != TensorInfo.EncodingCase.NAME) problems.add("a sparse or composite tensor where a dense one is expected");
		if (!problems.isEmpty())
			throw new ModelFormatException("model " + source + ", signature '" + key + "': " + String.join("; ", problems) + ". Found inputs " + describe(sig.getInputsMap())
				+ ", outputs " + describe(sig.getOutputsMap()));
		final List<TensorShapeProto.Dim> dims = x.getTensorShape().getDimList();
		final long channels = x.getTensorShape().getUnknownRank() || dims.size() != 4 ? -1 : dims.get(3).getSize();
		return new EpsSignature(x.getName(), t.getName(), eps.getName(), t.getDtype(), channels);
	}

	private static boolean rankFits(final TensorInfo info, final int rank) {
		return info.getTensorShape().getUnknownRank() || info.getTensorShape().getDimCount() == rank;
	}

	private static String shape(final TensorInfo info) {
		if (info.getTensorShape().getUnknownRank()) return "<unknown rank>";
		final List<Long> dims = new ArrayList<>();
		for (final TensorShapeProto.Dim d : info.getTensorShape().getDimList())
			dims.add(d.getSize());
		return dims.toString();
	}

	private static String describe(final Map<String, TensorInfo> tensors) {
		final List<String> out = new ArrayList<>();
		for (final Map.Entry<String, TensorInfo> e : new TreeMap<>(tensors).entrySet())
			out.add(e.getKey() + ": " + e.getValue().getDtype() + " " + shape(e.getValue()));
		return out.toString();
	}
}
