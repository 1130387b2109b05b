/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;

/**
 * The deny-list of TensorFlow op types that a model from an untrusted source may not contain, each
 * with the reason, as used by {@link GraphSafety}.
 * <p>
 * The list was drawn up from the op registry of TensorFlow 2.18 (the core of TensorFlow Java 1.1.0)
 * by looking at every op whose name or documentation mentions files, readers, writers, checkpoints,
 * summaries, debugging, Python, RPC, collectives or process control. Ops that are not registered
 * at all are refused separately by {@link GraphSafety} (a model could only run them after loading a
 * custom op library, which this plugin never does).
 * <ul>
 * <li>{@link Category#ALWAYS_DENIED}: file system access (ReadFile, WriteFile, MatchingFiles,
 * ImmutableConst, every Reader op, every file-backed Dataset op, text-file lookup-table
 * initialisers, LoadAndRemapMatrix, ...), summary and debug writers, Python callbacks (PyFunc,
 * PyFuncStateless, EagerPyFunc, which are not even registered in the C library), network access
 * (Rpc*, data service, collectives), and Abort.</li>
 * <li>{@link Category#CHECKPOINT_READ}, {@link Category#CHECKPOINT_WRITE} and
 * {@link Category#CHECKPOINT_NAME}: the checkpoint ops (RestoreV2, SaveV2, MergeV2Checkpoints,
 * ShardedFilename, ...), which every SavedModel with variables contains in its saver;
 * {@link GraphSafety} allows them only there.</li>
 * <li>Conditionally denied: PrintV2 when its {@code output_stream} is not stdout, stderr or the log
 * (it can name a file), and DecodeProtoV2 / EncodeProto when {@code descriptor_source} is not the
 * built-in pool (it can name a descriptor file).</li>
 * </ul>
 */
final class DeniedOps {

	/** How {@link GraphSafety} treats a listed op. */
	enum Category {
		/** Never allowed anywhere in the model. */
		ALWAYS_DENIED,
		/** Allowed only in the saver's restore path, reading the checkpoint the loader names. */
		CHECKPOINT_READ,
		/** Allowed only in the saver's save path, which neither the loader nor this plugin runs. */
		CHECKPOINT_WRITE,
		/** Pure checkpoint file-name arithmetic; allowed only inside the saver. */
		CHECKPOINT_NAME
	}

	/** One deny-list entry. */
	static final class Rule {
		final Category category;
		/** Completes "node 'n' uses op X, which ...". */
		final String reason;

		Rule(final Category category, final String reason) {
			this.category = category;
			this.reason = reason;
		}
	}

	private static final String FILES = "reads or writes files";
	private static final String SUMMARIES = "writes summaries or debug output";
	private static final String PYTHON = "calls back into Python code";
	private static final String NETWORK = "communicates over the network or with other processes";
	private static final String ABORT = "terminates the process";

	private static final Map<String, Rule> RULES;

	static {
		final Map<String, Rule> m = new LinkedHashMap<>();
		deny(m, FILES, "ReadFile", "WriteFile", "MatchingFiles", "ImmutableConst", "LoadAndRemapMatrix", "GenerateVocabRemapping",
			"InitializeTableFromTextFile", "InitializeTableFromTextFileV2", "RecordInput", "DumpTensor", "CalibrationStatisticsSaver",
			"FileSystemSetConfiguration", "DTensorRestoreV2",
			// queue-based readers: they own a file queue and read whatever names it holds
			"WholeFileReader", "WholeFileReaderV2", "TextLineReader", "TextLineReaderV2", "TFRecordReader", "TFRecordReaderV2",
			"FixedLengthRecordReader", "FixedLengthRecordReaderV2", "IdentityReader", "IdentityReaderV2", "LMDBReader",
			"ReaderRead", "ReaderReadV2", "ReaderReadUpTo", "ReaderReadUpToV2", "ReaderRestoreState", "ReaderRestoreStateV2",
			"ReaderSerializeState", "ReaderSerializeStateV2", "ReaderReset", "ReaderResetV2", "ReaderNumRecordsProduced",
			"ReaderNumRecordsProducedV2", "ReaderNumWorkUnitsCompleted", "ReaderNumWorkUnitsCompletedV2",
			// file-backed datasets
			"TFRecordDataset", "TFRecordDatasetV2", "TextLineDataset", "FixedLengthRecordDataset", "FixedLengthRecordDatasetV2",
			"CSVDataset", "CSVDatasetV2", "ExperimentalCSVDataset", "SqlDataset", "ExperimentalSqlDataset", "LMDBDataset",
			"ExperimentalLMDBDataset", "MatchingFilesDataset", "ExperimentalMatchingFilesDataset", "CacheDataset", "CacheDatasetV2",
			"SnapshotDataset", "SnapshotDatasetV2", "SnapshotDatasetReader", "SnapshotNestedDatasetReader", "SnapshotChunkDataset",
			"ListSnapshotChunksDataset", "SaveDataset", "SaveDatasetV2", "LoadDataset", "DistributedSave", "DatasetToTFRecord",
			"ExperimentalDatasetToTFRecord",
			// cloud file systems (not registered in the Java build, listed for clarity)
			"GcsConfigureCredentials", "GcsConfigureBlockCache", "BigQueryReader");
		deny(m, SUMMARIES, "WriteSummary", "WriteScalarSummary", "WriteHistogramSummary", "WriteImageSummary", "WriteAudioSummary",
			"WriteGraphSummary", "WriteRawProtoSummary", "CreateSummaryFileWriter", "CreateSummaryDbWriter", "ImportEvent",
			"FlushSummaryWriter", "CloseSummaryWriter", "SummaryWriter", "StatsAggregatorSetSummaryWriter",
			"DebugIdentity", "DebugIdentityV2", "DebugIdentityV3", "DebugNanCount", "DebugNumericSummary", "DebugNumericSummaryV2",
			"Copy", "CopyHost");
		deny(m, PYTHON, "PyFunc", "PyFuncStateless", "EagerPyFunc");
		deny(m, NETWORK, "RpcServer", "RpcServerStart", "RpcServerRegister", "RpcClient", "RpcCall", "RpcCheckStatus", "RpcGetValue",
			"DeleteRpcFutureResource", "Rpc", "TryRpc", "DataServiceDataset", "DataServiceDatasetV2", "DataServiceDatasetV3",
			"DataServiceDatasetV4", "RegisterDataset", "RegisterDatasetV2",
			"CollectiveReduce", "CollectiveReduceV2", "CollectiveReduceV3", "CollectiveGather", "CollectiveGatherV2",
			"CollectiveBcastSend", "CollectiveBcastSendV2", "CollectiveBcastRecv", "CollectiveBcastRecvV2", "CollectivePermute",
			"CollectiveAllToAllV2", "CollectiveAllToAllV3", "CollectiveReduceScatterV2", "CollectiveAssignGroupV2",
			"CollectiveInitializeCommunicator");
		deny(m, ABORT, "Abort");
		put(m, Category.CHECKPOINT_READ, "reads checkpoint files", "RestoreV2", "Restore", "RestoreSlice");
		put(m, Category.CHECKPOINT_WRITE, "writes or deletes checkpoint files", "SaveV2", "Save", "SaveSlices", "MergeV2Checkpoints");
		put(m, Category.CHECKPOINT_NAME, "builds checkpoint file names", "ShardedFilename", "ShardedFilespec");
		RULES = Collections.unmodifiableMap(m);
	}

	private static final Set<String> PRINT_STREAMS = Set.of("stdout", "stderr", "log(info)", "log(warning)", "log(error)");

	private DeniedOps() {}

	private static void deny(final Map<String, Rule> m, final String reason, final String... ops) {
		put(m, Category.ALWAYS_DENIED, reason, ops);
	}

	private static void put(final Map<String, Rule> m, final Category category, final String reason, final String... ops) {
		final Rule rule = new Rule(category, reason);
		for (final String op : ops)
			if (m.put(op, rule) != null) throw new AssertionError("listed twice: " + op);
	}

	/** Every listed op type with its rule, in listing order. */
	static Map<String, Rule> rules() {
		return RULES;
	}

	/**
	 * The rule that applies to {@code node}, or null if its op type is not denied. Conditional ops
	 * (PrintV2, DecodeProtoV2, EncodeProto) are judged by their attributes.
	 */
	static Rule ruleFor(final NodeDef node) {
		final Rule rule = RULES.get(node.getOp());
		if (rule != null) return rule;
		switch (node.getOp()) {
			case "PrintV2": {
				final String stream = stringAttr(node, "output_stream", "stderr");
				return PRINT_STREAMS.contains(stream) ? null : new Rule(Category.ALWAYS_DENIED, FILES + " (output_stream '" + stream + "')");
			}
			case "DecodeProtoV2":
			case "EncodeProto": {
				final String source = stringAttr(node, "descriptor_source", "local://");
				return source.isEmpty() || source.equals("local://") ? null
					: new Rule(Category.ALWAYS_DENIED, FILES + " (descriptor_source '" + source + "')");
			}
			default:
				return null;
		}
	}

	private static String stringAttr(final NodeDef node, final String name, final String fallback) {
		final AttrValue value = node.getAttrMap().get(name);
		return value == null || value.getValueCase() != AttrValue.ValueCase.S ? fallback : value.getS().toStringUtf8();
	}
}
