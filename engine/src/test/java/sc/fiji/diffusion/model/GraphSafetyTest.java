/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

import com.google.protobuf.ByteString;

class GraphSafetyTest {

	@TempDir
	Path tmp;

	// ---- models exported by TensorFlow Java ----

	private byte[] exported(final String name, final Consumer<Ops> extra) throws IOException {
		final Path dir = TestModels.export(tmp.resolve(name), new TestModels.Spec().extra(extra));
		return Files.readAllBytes(dir.resolve("saved_model.pb"));
	}

	private static String refusal(final byte[] pb) {
		return assertThrows(ModelFormatException.class, () -> GraphSafety.parseAndCheck(pb, "model.pb")).getMessage();
	}

	@Test
	void acceptsTensorFlowJavaExportWithItsSaver() throws IOException {
		final byte[] pb = exported("plain", tf -> {});
		final SavedModel model = GraphSafety.parseAndCheck(pb, "plain");
		final String ops = model.getMetaGraphs(0).getGraphDef().getNodeList().toString();
		assertTrue(ops.contains("op: \"SaveV2\"") && ops.contains("op: \"RestoreV2\""), "export should contain the saver's checkpoint ops");
	}

	@Test
	void refusesReadWriteAndMatchingFilesNodes() throws IOException {
		final String read = refusal(exported("read", tf -> tf.withName("leak").io.readFile(tf.constant("/etc/passwd"))));
		assertTrue(read.contains("node 'leak'") && read.contains("op ReadFile") && read.contains("reads or writes files"), read);
		final String write = refusal(exported("write", tf -> tf.withName("drop").io.writeFile(tf.constant("/tmp/x"), tf.constant("y"))));
		assertTrue(write.contains("node 'drop'") && write.contains("op WriteFile"), write);
		final String match = refusal(exported("match", tf -> tf.withName("glob").io.matchingFiles(tf.constant("/home/*"))));
		assertTrue(match.contains("node 'glob'") && match.contains("op MatchingFiles"), match);
	}

	// ---- hand-written protos ----

	private static NodeDef node(final String name, final String op, final String... inputs) {
		final NodeDef.Builder b = NodeDef.newBuilder().setName(name).setOp(op);
		for (final String in : inputs)
			b.addInput(in);
		return b.build();
	}

	private static NodeDef call(final String name, final String function, final String... inputs) {
		return node(name, "StatefulPartitionedCall", inputs).toBuilder()
			.putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(function)).build()).build();
	}

	private static FunctionDef function(final String name, final String[] args, final NodeDef... nodes) {
		final OpDef.Builder sig = OpDef.newBuilder().setName(name);
		for (final String arg : args)
			sig.addInputArg(OpDef.ArgDef.newBuilder().setName(arg));
		final FunctionDef.Builder f = FunctionDef.newBuilder().setSignature(sig);
		for (final NodeDef n : nodes)
			f.addNodeDef(n);
		return f.build();
	}

	private static TensorInfo tensor(final String name) {
		return TensorInfo.newBuilder().setName(name).build();
	}

	/** A graph x -> Identity "eps" with signature serving_default, plus {@code extra} nodes, saver and library. */
	private static byte[] model(final SaverDef saver, final FunctionDefLibrary library, final NodeDef... extra) {
		final GraphDef.Builder g = GraphDef.newBuilder().addNode(node("x", "Placeholder")).addNode(node("eps", "Identity", "x"));
		for (final NodeDef n : extra)
			g.addNode(n);
		if (library != null) g.setLibrary(library);
		final MetaGraphDef.Builder mg = MetaGraphDef.newBuilder().setGraphDef(g)
			.putSignatureDef("serving_default", SignatureDef.newBuilder().putInputs("x_t", tensor("x:0")).putOutputs("eps", tensor("eps:0")).build());
		if (saver != null) mg.setSaverDef(saver);
		return SavedModel.newBuilder().addMetaGraphs(mg).build().toByteArray();
	}

	@Test
	void refusesPyFuncWhichTheLibraryDoesNotEvenRegister() {
		final String msg = refusal(model(null, null, node("py/callback", "PyFunc", "x")));
		assertTrue(msg.contains("node 'py/callback' uses op PyFunc, which calls back into Python"), msg);
	}

	@Test
	void refusesForbiddenNodeInsideAFunctionEvenIfUncalled() {
		final FunctionDefLibrary lib = FunctionDefLibrary.newBuilder()
			.addFunction(function("__inference_helper_7", new String[] { "path" }, node("ReadFile", "ReadFile", "path"))).build();
		final String msg = refusal(model(null, lib));
		assertTrue(msg.contains("node 'ReadFile' in function '__inference_helper_7' uses op ReadFile"), msg);
	}

	@Test
	void refusesUnknownOps() {
		final String msg = refusal(model(null, null, node("custom", "MyCustomKernel", "x")));
		assertTrue(msg.contains("op MyCustomKernel") && msg.contains("unknown op"), msg);
	}

	@Test
	void printV2IsAllowedToStderrButNotToAFile() {
		final AttrValue file = AttrValue.newBuilder().setS(ByteString.copyFromUtf8("file:///tmp/leak.txt")).build();
		final AttrValue stderr = AttrValue.newBuilder().setS(ByteString.copyFromUtf8("stderr")).build();
		assertDoesNotThrow(() -> GraphSafety.parseAndCheck(model(null, null, node("p", "PrintV2", "x").toBuilder().putAttr("output_stream", stderr).build()), "ok"));
		final String msg = refusal(model(null, null, node("p", "PrintV2", "x").toBuilder().putAttr("output_stream", file).build()));
		assertTrue(msg.contains("op PrintV2") && msg.contains("file:///tmp/leak.txt"), msg);
	}

	@Test
	void refusesGarbageBytes() {
		final String msg = refusal(new byte[] { 1, 2, 3, 4, 5, 6, 7 });
		assertTrue(msg.startsWith("not a SavedModel: model.pb"), msg);
	}

	// ---- the saver ----

	private static final SaverDef TF1_SAVER = SaverDef.newBuilder().setFilenameTensorName("save/Const:0")
		.setSaveTensorName("save/control_dependency:0").setRestoreOpName("save/restore_all").build();

	/** The TF1 Python / TF Java layout: save/Const is the filename; SaveV2 in the save path, RestoreV2 in the restore path. */
	private static NodeDef[] tf1Saver(final String restorePrefix) {
		return new NodeDef[] { node("save/Const", "Const"), node("save/names", "Const"), node("save/slices", "Const"), node("save/other", "Const"),
			node("save/SaveV2", "SaveV2", "save/Const", "save/names", "save/slices", "x"),
			node("save/control_dependency", "Identity", "save/Const", "^save/SaveV2"),
			node("save/RestoreV2", "RestoreV2", restorePrefix, "save/names", "save/slices"),
			node("save/restore_all", "NoOp", "^save/RestoreV2") };
	}

	@Test
	void acceptsCheckpointOpsInTheTf1Saver() {
		assertDoesNotThrow(() -> GraphSafety.parseAndCheck(model(TF1_SAVER, null, tf1Saver("save/Const")), "tf1"));
	}

	@Test
	void refusesCheckpointOpsOutsideTheSaver() {
		final String msg = refusal(model(null, null, tf1Saver("save/Const")));
		assertTrue(msg.contains("op SaveV2") && msg.contains("outside the model's saver"), msg);
		final String sneaky = refusal(model(TF1_SAVER, null, node("payload/SaveV2", "SaveV2", "x", "x", "x", "x")));
		assertTrue(sneaky.contains("node 'payload/SaveV2'") && sneaky.contains("outside the model's saver"), sneaky);
	}

	@Test
	void refusesSaverRestoreFromAnotherFile() {
		final String msg = refusal(model(TF1_SAVER, null, tf1Saver("save/other")));
		assertTrue(msg.contains("node 'save/RestoreV2' uses op RestoreV2") && msg.contains("not the saver's filename tensor"), msg);
	}

	@Test
	void refusesSaverWriterThatRunsWithTheSignature() throws ModelFormatException {
		final byte[] pb = model(TF1_SAVER, null, tf1Saver("save/Const"));
		final SavedModel.Builder m = SavedModel.newBuilder(GraphSafety.parse(pb, "x"));
		m.getMetaGraphsBuilder(0).getGraphDefBuilder().getNodeBuilderList().stream()
			.filter(n -> n.getName().equals("eps")).findFirst().get().addInput("^save/control_dependency");
		final String msg = refusal(m.build().toByteArray());
		assertTrue(msg.contains("node 'save/SaveV2' uses op SaveV2") && msg.contains("would run when the model is loaded or used"), msg);
	}

	/** The TF2 Python layout: saver_filename feeds two calls of the traced save and restore functions. */
	private static byte[] tf2Model(final String restorePrefixInput) {
		final SaverDef saver = SaverDef.newBuilder().setFilenameTensorName("saver_filename:0")
			.setSaveTensorName("StatefulPartitionedCall_1:0").setRestoreOpName("StatefulPartitionedCall_2").build();
		final FunctionDefLibrary lib = FunctionDefLibrary.newBuilder()
			.addFunction(function("__inference__traced_save_42", new String[] { "file_prefix", "v" },
				node("StringJoin", "StringJoin", "file_prefix"), node("num_shards", "Const"), node("shard", "Const"),
				node("ShardedFilename", "ShardedFilename", "StringJoin:output:0", "shard:output:0", "num_shards:output:0"),
				node("SaveV2", "SaveV2", "ShardedFilename:filename:0", "v", "v", "v"),
				node("MergeV2Checkpoints", "MergeV2Checkpoints", "ShardedFilename:filename:0", "file_prefix")))
			.addFunction(function("__inference__traced_restore_43", new String[] { "file_prefix", "v" },
				node("Identity_prefix", "Identity", "file_prefix"), node("names", "Const"), node("evil_path", "Const"),
				node("RestoreV2", "RestoreV2", restorePrefixInput, "names:output:0", "names:output:0"),
				node("AssignVariableOp", "AssignVariableOp", "v", "RestoreV2:tensors:0")))
			.build();
		return model(saver, lib, node("saver_filename", "Placeholder"), node("var", "VarHandleOp"),
			call("StatefulPartitionedCall_1", "__inference__traced_save_42", "saver_filename", "var"),
			call("StatefulPartitionedCall_2", "__inference__traced_restore_43", "saver_filename", "var"));
	}

	@Test
	void acceptsCheckpointOpsInTf2SaverFunctions() {
		assertDoesNotThrow(() -> GraphSafety.parseAndCheck(tf2Model("Identity_prefix:output:0"), "tf2"));
	}

	@Test
	void refusesTf2RestoreFromAConstantPath() {
		final String msg = refusal(tf2Model("evil_path:output:0"));
		assertTrue(msg.contains("node 'RestoreV2' in function '__inference__traced_restore_43'") && msg.contains("not the saver's filename tensor"), msg);
	}
}
