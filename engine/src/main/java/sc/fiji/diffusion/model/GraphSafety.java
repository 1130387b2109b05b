/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Refuses SavedModels whose graphs could touch the file system, the network, Python or the process,
 * by inspecting the {@code saved_model.pb} proto before anything is handed to TensorFlow.
 * <p>
 * Checked are the NodeDefs of every MetaGraphDef's {@code graph_def} and of every FunctionDef in
 * its function library (whether or not anything calls the function). The checks, in order:
 * <ol>
 * <li>Op types on the {@link DeniedOps deny-list} ({@link DeniedOps.Category#ALWAYS_DENIED}) are
 * refused wherever they appear.</li>
 * <li>Checkpoint ops (RestoreV2, SaveV2, MergeV2Checkpoints, ShardedFilename, ...) are allowed only
 * inside the <em>saver</em> of the MetaGraphDef, found from its {@code saver_def} (see below), and
 * there only as follows: checkpoint <em>readers</em> must take their file prefix from the saver's
 * filename tensor (in the graph) or from a function argument (in a saver function), so they read
 * only the checkpoint the loader names; checkpoint <em>writers</em> must not be reachable from
 * anything that runs when the model is loaded or used (the restore op, the init ops, the inputs and
 * outputs of every signature), so they never run.</li>
 * <li>Op types that are neither registered in this TensorFlow nor a function of the model's library
 * are refused as unknown.</li>
 * </ol>
 * This is a deny-list, not an allow-list: any registered op that is not listed is accepted.
 * <p>
 * <b>How the saver is recognised.</b> Its roots are the ops named by {@code saver_def}
 * ({@code filename_tensor_name}, {@code save_tensor_name}, {@code restore_op_name}; output indices
 * such as {@code :0} stripped). Its scope is the name prefix of {@code restore_op_name} up to and
 * including the last {@code /} ({@code save/} for TensorFlow Java's {@code Graph.saverDef()} and
 * TF1 Python's {@code tf.train.Saver}). The saver's graph nodes are the roots plus every node in
 * that scope reached from the roots through data or control inputs (the walk does not leave the
 * scope). Where the restore op has no scope (TF2 Python exports: {@code saver_filename},
 * {@code StatefulPartitionedCall_1}, {@code StatefulPartitionedCall_2}) the saver's graph nodes are
 * just the roots. The saver's functions are those its nodes call (function-valued attributes, or an
 * op type naming a library function), transitively.
 */
public final class GraphSafety {

	/** Signature key under which TF2 exports name their init op. */
	static final String INIT_OP_SIGNATURE_KEY = "__saved_model_init_op";
	private static final List<String> INIT_COLLECTIONS = List.of("saved_model_main_op", "legacy_init_op", "table_initializer");

	private GraphSafety() {}

	/**
	 * Parses the bytes of a {@code saved_model.pb} and checks every MetaGraphDef.
	 *
	 * @param source names the file in messages
	 * @throws ModelFormatException if the bytes are not a SavedModel proto or the model is refused
	 */
	public static SavedModel parseAndCheck(final byte[] savedModelPb, final String source) throws ModelFormatException {
		final SavedModel model = parse(savedModelPb, source);
		check(model, source);
		return model;
	}

	/** Parses the bytes of a {@code saved_model.pb}, refusing what does not parse or has no graph. */
	public static SavedModel parse(final byte[] savedModelPb, final String source) throws ModelFormatException {
		final SavedModel model;
		try {
			model = SavedModel.parseFrom(savedModelPb);
		}
		catch (final InvalidProtocolBufferException e) {
			throw new ModelFormatException("not a SavedModel: " + source + " does not parse as a SavedModel proto (" + e.getMessage() + ")", e);
		}
		catch (final LinkageError e) {
			throw ProtobufRuntime.incompatible(e);
		}
		if (model.getMetaGraphsCount() == 0)
			throw new ModelFormatException("not a SavedModel: " + source + " contains no MetaGraphDef");
		return model;
	}

	/** Checks every MetaGraphDef of {@code model}; see the class documentation. */
	public static void check(final SavedModel model, final String source) throws ModelFormatException {
		for (final MetaGraphDef metaGraph : model.getMetaGraphsList())
			check(metaGraph, source);
	}

	/** Checks one MetaGraphDef; see the class documentation. */
	public static void check(final MetaGraphDef metaGraph, final String source) throws ModelFormatException {
		new Inspection(metaGraph, source).run();
	}

	/** The state of one MetaGraphDef's inspection. */
	private static final class Inspection {

		private final String source;
		private final MetaGraphDef metaGraph;
		private final Map<String, NodeDef> nodes = new HashMap<>();
		private final Map<String, FunctionDef> functions = new HashMap<>();
		private final String filenameOp;
		/** Graph nodes and functions of the saver. */
		private final Set<String> saverNodes, saverFunctions;
		/** Graph nodes and functions that run when the model is loaded or used. */
		private final Set<String> runNodes, runFunctions;

		Inspection(final MetaGraphDef metaGraph, final String source) throws ModelFormatException {
			this.source = source;
			this.metaGraph = metaGraph;
			for (final NodeDef node : metaGraph.getGraphDef().getNodeList())
				if (nodes.put(node.getName(), node) != null)
					throw new ModelFormatException("refusing model " + source + ": two graph nodes are named '" + node.getName() + "'");
			for (final FunctionDef f : metaGraph.getGraphDef().getLibrary().getFunctionList())
				if (functions.put(f.getSignature().getName(), f) != null)
					throw new ModelFormatException("refusing model " + source + ": two library functions are named '" + f.getSignature().getName() + "'");

			final SaverDef saver = metaGraph.getSaverDef();
			filenameOp = opName(saver.getFilenameTensorName());
			final Set<String> roots = new LinkedHashSet<>();
			for (final String name : List.of(saver.getFilenameTensorName(), saver.getSaveTensorName(), saver.getRestoreOpName()))
				if (!name.isEmpty()) roots.add(opName(name));
			final String restore = opName(saver.getRestoreOpName());
			final int slash = restore.lastIndexOf('/');
			final String scope = slash > 0 ? restore.substring(0, slash + 1) : null;
			saverNodes = closure(roots, name -> roots.contains(name) || (scope != null && name.startsWith(scope)));
			saverFunctions = calledFunctions(saverNodes);

			final Set<String> runRoots = new LinkedHashSet<>();
			if (!restore.isEmpty()) runRoots.add(restore);
			for (final SignatureDef signature : metaGraph.getSignatureDefMap().values()) {
				addTensorOps(signature.getInputsMap().values(), runRoots);
				addTensorOps(signature.getOutputsMap().values(), runRoots);
			}
			for (final String key : INIT_COLLECTIONS) {
				final CollectionDef collection = metaGraph.getCollectionDefMap().get(key);
				if (collection != null)
					for (final String name : collection.getNodeList().getValueList())
						runRoots.add(opName(name));
			}
			runNodes = closure(runRoots, name -> true);
			runFunctions = calledFunctions(runNodes);
		}

		void run() throws ModelFormatException {
			final Set<String> registered = RegisteredOps.names();
			for (final NodeDef node : metaGraph.getGraphDef().getNodeList())
				checkNode(node, null, registered);
			for (final FunctionDef f : functions.values())
				for (final NodeDef node : f.getNodeDefList())
					checkNode(node, f, registered);
		}

		private void checkNode(final NodeDef node, final FunctionDef function, final Set<String> registered) throws ModelFormatException {
			final DeniedOps.Rule rule = DeniedOps.ruleFor(node);
			if (rule == null) {
				if (!registered.contains(node.getOp()) && !functions.containsKey(node.getOp()))
					throw refuse(node, function, "which is not a TensorFlow op of this version nor a function of the model (unknown op)");
				return;
			}
			final boolean inSaver = function == null ? saverNodes.contains(node.getName()) : saverFunctions.contains(function.getSignature().getName());
			final boolean runs = function == null ? runNodes.contains(node.getName()) : runFunctions.contains(function.getSignature().getName());
			switch (rule.category) {
				case ALWAYS_DENIED:
					throw refuse(node, function, "which " + rule.reason);
				case CHECKPOINT_NAME:
					if (!inSaver) throw refuse(node, function, "which " + rule.reason + ", outside the model's saver (saver_def)");
					return;
				case CHECKPOINT_READ:
					if (!inSaver) throw refuse(node, function, "which " + rule.reason + ", outside the model's saver (saver_def)");
					if (!readsSaverFile(node, function))
						throw refuse(node, function, "which " + rule.reason + ", from a file name that is not the saver's filename tensor");
					return;
				case CHECKPOINT_WRITE:
					if (!inSaver) throw refuse(node, function, "which " + rule.reason + ", outside the model's saver (saver_def)");
					if (runs) throw refuse(node, function, "which " + rule.reason + ", and would run when the model is loaded or used");
					return;
				default:
					throw new AssertionError(rule.category);
			}
		}

		private ModelFormatException refuse(final NodeDef node, final FunctionDef function, final String why) {
			final String where = function == null ? "" : " in function '" + function.getSignature().getName() + "'";
			return new ModelFormatException("refusing model " + source + ": node '" + node.getName() + "'" + where + " uses op " + node.getOp() + ", " + why);
		}

		/** Whether a checkpoint reader's prefix (input 0) is the saver's filename tensor or a function argument, through Identity ops. */
		private boolean readsSaverFile(final NodeDef node, final FunctionDef function) {
			if (node.getInputCount() == 0) return false;
			String input = node.getInput(0);
			if (function == null) {
				for (int hops = 0; hops < 100; hops++) {
					final String name = opName(input);
					if (name.equals(filenameOp)) return true;
					final NodeDef producer = nodes.get(name);
					if (producer == null || !producer.getOp().equals("Identity") || producer.getInputCount() == 0) return false;
					input = producer.getInput(0);
				}
				return false;
			}
			final Set<String> args = new HashSet<>();
			for (final OpDef.ArgDef arg : function.getSignature().getInputArgList())
				args.add(arg.getName());
			final Map<String, NodeDef> inner = new HashMap<>();
			for (final NodeDef n : function.getNodeDefList())
				inner.put(n.getName(), n);
			for (int hops = 0; hops < 100; hops++) {
				if (args.contains(input)) return true;
				final int colon = input.indexOf(':');
				final NodeDef producer = inner.get(colon < 0 ? input : input.substring(0, colon));
				if (producer == null || !producer.getOp().equals("Identity") || producer.getInputCount() == 0) return false;
				input = producer.getInput(0);
			}
			return false;
		}

		/** Graph nodes reached backwards from {@code roots} through data and control inputs, entering only nodes that pass {@code enter}. */
		private Set<String> closure(final Collection<String> roots, final Predicate<String> enter) {
			final Set<String> seen = new HashSet<>();
			final Deque<String> todo = new ArrayDeque<>();
			for (final String root : roots)
				if (nodes.containsKey(root) && seen.add(root)) todo.add(root);
			while (!todo.isEmpty()) {
				for (final String input : nodes.get(todo.poll()).getInputList()) {
					final String name = opName(input);
					if (nodes.containsKey(name) && enter.test(name) && seen.add(name)) todo.add(name);
				}
			}
			return seen;
		}

		/** Library functions called by {@code graphNodes}, transitively through the functions' own nodes. */
		private Set<String> calledFunctions(final Set<String> graphNodes) {
			final Set<String> seen = new HashSet<>();
			final Deque<String> todo = new ArrayDeque<>();
			for (final String name : graphNodes)
				addCalls(nodes.get(name), seen, todo);
			while (!todo.isEmpty())
				for (final NodeDef node : functions.get(todo.poll()).getNodeDefList())
					addCalls(node, seen, todo);
			return seen;
		}

		private void addCalls(final NodeDef node, final Set<String> seen, final Deque<String> todo) {
			if (functions.containsKey(node.getOp()) && seen.add(node.getOp())) todo.add(node.getOp());
			for (final AttrValue value : node.getAttrMap().values()) {
				if (value.hasFunc()) addCall(value.getFunc(), seen, todo);
				for (final NameAttrList f : value.getList().getFuncList())
					addCall(f, seen, todo);
			}
		}

		private void addCall(final NameAttrList f, final Set<String> seen, final Deque<String> todo) {
			if (functions.containsKey(f.getName()) && seen.add(f.getName())) todo.add(f.getName());
		}

		private static void addTensorOps(final Collection<TensorInfo> tensors, final Set<String> out) {
			for (final TensorInfo info : tensors) {
				if (!info.getName().isEmpty()) out.add(opName(info.getName()));
				if (info.hasCooSparse()) {
					out.add(opName(info.getCooSparse().getValuesTensorName()));
					out.add(opName(info.getCooSparse().getIndicesTensorName()));
					out.add(opName(info.getCooSparse().getDenseShapeTensorName()));
				}
				if (info.hasCompositeTensor()) addTensorOps(info.getCompositeTensor().getComponentsList(), out);
			}
		}
	}

	/** The op name of a graph tensor or input reference: {@code ^a} and {@code a:1} both give {@code a}. */
	static String opName(final String tensor) {
		String name = tensor.startsWith("^") ? tensor.substring(1) : tensor;
		final int colon = name.indexOf(':');
		if (colon >= 0) name = name.substring(0, colon);
		return name;
	}
}
