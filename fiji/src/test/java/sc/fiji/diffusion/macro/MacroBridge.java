/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.macro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleException;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Menus;
import ij.WindowManager;
import ij.macro.Interpreter;

/**
 * Test-only stand-in for what Fiji's imagej-legacy does for this plugin's commands: runs an ImageJ 1
 * macro with ImageJ 1's own interpreter (headless, batch mode, as {@code ImageJ --headless -batch
 * file.ijm "argument"} does) and routes its {@code run("<label>", "<options>")} calls for the commands
 * in {@code sc.fiji.diffusion.command} to the SciJava {@link CommandService}.
 * <p>
 * How {@code run()} reaches a command: the macro function calls {@code IJ.run}, whose {@code Executer}
 * looks the label up in ImageJ 1's command table ({@link Menus#getCommands()}) and runs the class named
 * there with {@code IJ.runPlugIn}; a {@code class("arg")} entry passes {@code arg} to the plugin's
 * {@code run}. The bridge puts each command's menu label (the leaf of its {@code menuPath}) into that
 * table, pointing at {@link SciJavaCommandPlugIn} with the command's class name as argument. With a display
 * the table is ImageJ's real one; headless, ImageJ 1 builds no menus (AWT menus cannot be made headless;
 * Fiji patches this), so the bridge installs an empty table (plus ImageJ's own {@code "32-bit"} command,
 * which the macros use to convert RGB images) into {@code Menus}' private field.
 * <p>
 * What the plugin does, as imagej-legacy and scijava do (their {@code MacroPreprocessor},
 * {@code ActiveImagePlusPreprocessor}, {@code FilePreprocessor}, input harvester and display): each input is
 * read from the options with {@code Macro.getValue} under its lower-cased name and converted to the input's
 * type; a key without {@code =} is not found by {@code Macro.getValue} and so resolves nothing; an {@code
 * ImagePlus} input is the image named by its key, or else, on the command's own thread (a SciJava thread,
 * not the macro's), {@code WindowManager.getCurrentImage()} ({@link ActiveImageStandIn}); the command runs on
 * that thread with pre- and post-processing, the plugin's own preprocessors included. A command that cancels
 * does not stop the macro (imagej-legacy returns from {@code run()} as if it had run): the macro stops only if
 * the command stopped it. What happens next depends on the {@link Mode}, as in Fiji:
 * <ul>
 * <li>{@link Mode#HEADLESS} ({@code ImageJ --headless -batch macro.ijm "args"}): inputs the options leave
 * unresolved keep their defaults (there is no input harvester), except a single unresolved {@code File}
 * input, for which {@code FilePreprocessor} asks the headless UI for a file, gets none and cancels the command
 * without a message ({@link DialogStandIn}); outputs are shown by nobody (no visible ImageJ 1 UI, so
 * imagej-legacy's display viewer never runs; imagej-legacy issues 215, 277): a macro sees a result image only
 * if the command showed it itself.</li>
 * <li>{@link Mode#GUI} (Fiji with its window): the input harvester (or the file chooser) would open a dialog
 * for the inputs a line leaves unresolved once the preprocessors have run; the bridge aborts the macro
 * instead, naming them. {@code ImagePlus} outputs that no postprocessor resolved are shown by Fiji's display
 * on the event thread, queued to run after the command has returned ({@code AbstractUserInterface.show}): in
 * batch mode the macro may go on before such an image exists, and it becomes the event thread's current
 * image, not the macro's, so the bridge aborts the macro there; outside batch mode it shows them on another
 * thread. {@code String} outputs are logged. An output the command showed itself without resolving it would
 * be shown twice and aborts the macro. An image window the user has open on the screen, which ImageJ puts
 * before the macro's batch-mode images, is given with {@link #frontWindow}.</li>
 * </ul>
 * Stricter than Fiji, so that a wrong macro fails here: an unknown key, a value that does not convert, or a
 * key that {@code Macro.getValue} would read from another key abort the macro.
 */
public final class MacroBridge implements AutoCloseable {

	/** The bridge that {@link SciJavaCommandPlugIn} uses (ImageJ 1 instantiates plugins by class name). */
	private static volatile MacroBridge active;

	/** Which Fiji the bridge behaves like. */
	public enum Mode { HEADLESS, GUI }

	private final CommandService commands;
	private volatile Mode mode = Mode.HEADLESS;
	private final List<String> calls = new ArrayList<>();
	private final Map<String, CommandInfo> byClass = new HashMap<>();
	private final Map<String, String> labels = new LinkedHashMap<>();
	private final Map<String, Object> replaced = new HashMap<>();
	/** Whether this bridge installed the (headless) command table, which {@link #close()} then removes. */
	private static boolean installedTable;
	private volatile String failure;
	/** The cancel reason of the last command that cancelled (it does not stop the macro by itself). */
	private volatile String cancelled;
	/** The image of a window the user has open in Fiji's GUI ({@link #frontWindow}); null: none. */
	private volatile ImagePlus frontWindow;

	/** What a macro run did. */
	public static final class Result {
		/** The macro's return value (null if none), {@code "[aborted]"} if it was aborted. */
		public String returned;
		/** Why the macro stopped early: the macro error, {@code exit} or a refused command; null if it ran to the end. */
		public String error;
		/** Whether the macro stopped early. */
		public boolean aborted;
		/** What the run printed (macro {@code print}, {@code IJ.log}, command logs). */
		public String output;
		/** Images still open when the macro ended (they are closed afterwards). */
		public int imagesLeftOpen;
		/** Each {@code run("<label>", "<options>")} routed to a command, as {@code label: options}. */
		public List<String> calls = new ArrayList<>();

		@Override
		public String toString() {
			return "aborted=" + aborted + ", error=" + error + ", images left open=" + imagesLeftOpen + ", output:\n" + output;
		}
	}

	/** Registers this plugin's commands (those of {@code context}'s command service) with ImageJ 1. */
	public MacroBridge(final Context context) {
		commands = context.service(CommandService.class);
		for (final CommandInfo info : commands.getCommands()) {
			if (!info.getClassName().startsWith("sc.fiji.diffusion.command.") || info.getMenuPath() == null || info.getMenuPath().getLeaf() == null)
				continue;
			final String label = info.getMenuPath().getLeaf().getName();
			byClass.put(info.getClassName(), info);
			labels.put(label, SciJavaCommandPlugIn.class.getName() + "(\"" + info.getClassName() + "\")");
		}
		if (labels.isEmpty()) throw new IllegalStateException("No sc.fiji.diffusion commands in the context's plugin index");
		synchronized (MacroBridge.class) {
			if (active != null) throw new IllegalStateException("Another MacroBridge is open");
			@SuppressWarnings("unchecked")
			final Hashtable<String, String> table = commandTable();
			final Map<String, String> entries = new LinkedHashMap<>(labels);
			if (!table.containsKey("32-bit")) entries.put("32-bit", "ij.plugin.Converter(\"32-bit\")");
			for (final Map.Entry<String, String> e : entries.entrySet())
				replaced.put(e.getKey(), table.containsKey(e.getKey()) ? table.get(e.getKey()) : NONE);
			table.putAll(entries);
			active = this;
		}
	}

	private static final Object NONE = new Object();

	/** Behave like Fiji in {@code mode} from now on (default {@link Mode#HEADLESS}). */
	public MacroBridge mode(final Mode m) {
		mode = m;
		return this;
	}

	/**
	 * In {@link Mode#GUI}: an image window the user has open on the screen ({@code imp}, or null for none),
	 * which {@code WindowManager.getCurrentImage()} on a thread without a current image of its own returns
	 * before any batch-mode image (ImageJ's {@code getActiveImage}: the current window first). A headless test
	 * cannot open the window; the bridge resolves image inputs to it where ImageJ would.
	 */
	public MacroBridge frontWindow(final ImagePlus imp) {
		frontWindow = imp;
		return this;
	}

	Mode mode() { return mode; }

	ImagePlus frontWindowImage() { return mode == Mode.GUI ? frontWindow : null; }

	/** The menu labels routed to commands. */
	public List<String> labels() {
		return new ArrayList<>(labels.keySet());
	}

	@SuppressWarnings("rawtypes")
	private static Hashtable commandTable() {
		final Hashtable t = Menus.getCommands(); // builds ImageJ 1's menus when there is a display
		if (t != null) return t;
		try {
			final Field f = Menus.class.getDeclaredField("pluginsTable");
			f.setAccessible(true);
			synchronized (Menus.class) {
				if (f.get(null) == null) {
					f.set(null, new Hashtable<String, String>());
					installedTable = true;
				}
				return (Hashtable) f.get(null);
			}
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalStateException("Cannot install ImageJ 1's command table (ij.Menus.pluginsTable)", e);
		}
	}

	/** Runs a macro file with {@code argument} (what {@code getArgument()} returns), and waits for it. */
	public Result run(final Path macroFile, final String argument) throws IOException, InterruptedException {
		return runText(new String(Files.readAllBytes(macroFile), StandardCharsets.ISO_8859_1), argument);
	}

	/**
	 * Runs macro code on a new thread, as {@code -batch} does ({@code new Interpreter().run(macro, arg)},
	 * batch mode since there is no ImageJ window), and waits for it. Images left open are closed afterwards
	 * and batch mode is switched off.
	 */
	public synchronized Result runText(final String macro, final String argument) throws InterruptedException {
		final Result r = new Result();
		failure = null;
		cancelled = null;
		synchronized (calls) {
			calls.clear();
		}
		final ByteArrayOutputStream captured = new ByteArrayOutputStream();
		final PrintStream out = System.out;
		final PrintStream tee = new PrintStream(new Tee(out, captured), true);
		final Interpreter interp = new Interpreter();
		final Throwable[] thrown = new Throwable[1];
		final Thread thread = new Thread(() -> {
			try {
				r.returned = interp.run(macro, argument);
			}
			catch (final Throwable e) {
				thrown[0] = e;
			}
		}, "macro-bridge_Macro$");
		System.setOut(tee);
		try {
			thread.start();
			thread.join();
		}
		finally {
			System.setOut(out);
		}
		final Throwable e = thrown[0];
		if (e != null && !(e instanceof RuntimeException && Macro.MACRO_CANCELED.equals(e.getMessage())) && interp.getErrorMessage() == null)
			throw new IllegalStateException("The macro interpreter failed", e);
		r.aborted = e != null || failure != null || interp.wasError();
		r.error = failure != null ? failure : interp.getErrorMessage() != null ? interp.getErrorMessage() : cancelled;
		if (r.aborted && r.returned == null) r.returned = "[aborted]";
		r.output = new String(captured.toByteArray(), StandardCharsets.UTF_8);
		synchronized (calls) {
			r.calls = new ArrayList<>(calls);
		}
		r.imagesLeftOpen = WindowManager.getImageCount();
		closeAll();
		return r;
	}

	private static void closeAll() {
		final int[] ids = WindowManager.getIDList();
		if (ids != null) for (final int id : ids) {
			final ImagePlus imp = WindowManager.getImage(id);
			if (imp != null) {
				imp.changes = false;
				imp.close();
			}
		}
		WindowManager.setTempCurrentImage(null);
		Interpreter.batchMode = false;
	}

	/** Removes the labels from ImageJ 1's command table (and the table, if the bridge installed it). */
	@Override
	public void close() {
		synchronized (MacroBridge.class) {
			if (active != this) return;
			@SuppressWarnings("unchecked")
			final Hashtable<String, Object> table = commandTable();
			for (final Map.Entry<String, Object> e : replaced.entrySet()) {
				if (e.getValue() == NONE) table.remove(e.getKey());
				else table.put(e.getKey(), e.getValue());
			}
			if (installedTable && table.isEmpty()) {
				try { // leave ImageJ 1 headless as it was: no command table
					final Field f = Menus.class.getDeclaredField("pluginsTable");
					f.setAccessible(true);
					f.set(null, null);
					installedTable = false;
				}
				catch (final ReflectiveOperationException e) {
					throw new IllegalStateException(e);
				}
			}
			active = null;
		}
	}

	// ---- called by SciJavaCommandPlugIn on the macro's thread -----------------------------------------

	static MacroBridge active() {
		return active;
	}

	/** Runs the command {@code className} with the macro options of the current {@code run()} call. */
	void runCommand(final String className, final String options) {
		final CommandInfo info = byClass.get(className);
		if (info == null) {
			abort("No command " + className);
			return;
		}
		final String label = info.getMenuPath().getLeaf().getName();
		synchronized (calls) {
			calls.add(label + ": " + (options == null ? "" : options.trim()));
		}
		try {
			final Map<String, Object> inputs = inputs(info, options == null ? "" : options, false);
			final CommandModule m = commands.run(info, true, inputs).get();
			if (m.isCanceled()) {
				final String why = m.getCancelReason() == null ? "" : m.getCancelReason();
				if (why.startsWith(DialogStandIn.DIALOG)) abort(label + ": " + why);
				else cancelled = why.isEmpty() ? label + ": cancelled without a message" : why;
				return;
			}
			if (mode == Mode.GUI) for (final ModuleItem<?> item : info.outputs()) {
				final Object v = m.getOutput(item.getName());
				if (m.isOutputResolved(item.getName())) continue; // a postprocessor handled it: Fiji's display skips it
				if (v instanceof ImagePlus) {
					if (shown((ImagePlus) v)) {
						abort(label + ": the command showed its output " + item.getName() + " itself, and Fiji shows it again (twice in the batch-mode image list)");
						return;
					}
					if (Interpreter.isBatchMode()) {
						abort(label + ": the output " + item.getName() + " is left to Fiji's display, which shows it on the event thread after the command has "
							+ "returned: the macro may go on before it exists, and it does not become the macro's current image");
						return;
					}
					final Thread eventThread = new Thread(((ImagePlus) v)::show, "AWT-EventQueue-stand-in");
					eventThread.start();
					eventThread.join();
				}
				else if (v instanceof String && !((String) v).trim().isEmpty()) IJ.log(((String) v).trim());
			}
		}
		catch (final IllegalArgumentException e) {
			abort(label + ": " + e.getMessage());
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			abort(label + ": interrupted");
		}
		catch (final ExecutionException e) {
			Throwable root = e;
			while (root.getCause() != null && root.getCause() != root) root = root.getCause();
			abort(label + ": " + root);
		}
	}

	/**
	 * The command that {@code run(label, options)} would run, with the inputs that the options resolve set
	 * (as {@link #inputs} resolves them in the current mode), but not run: to compare what two doors ask for.
	 */
	public Object command(final String label, final String options) throws ModuleException {
		for (final CommandInfo info : byClass.values()) {
			if (!info.getMenuPath().getLeaf().getName().equals(label)) continue;
			final Module m = info.createModule();
			for (final Map.Entry<String, Object> e : inputs(info, options, true).entrySet()) m.setInput(e.getKey(), e.getValue());
			return m.getDelegateObject();
		}
		throw new IllegalArgumentException("No command labelled " + label);
	}

	/** Whether ImageJ 1 already lists {@code imp} (a window or a batch-mode image). */
	private static boolean shown(final ImagePlus imp) {
		final int[] ids = WindowManager.getIDList();
		if (ids != null) for (final int id : ids)
			if (WindowManager.getImage(id) == imp) return true;
		return false;
	}

	/**
	 * The inputs that {@code options} resolve, converted. With {@code withActiveImage} (a command set up
	 * without running it), a single ImagePlus input from the active image, and in {@link Mode#GUI} inputs
	 * left unresolved are refused (Fiji would open a dialog); a command that runs leaves both to the
	 * preprocessors ({@link ActiveImageStandIn}, {@link DialogStandIn}).
	 */
	Map<String, Object> inputs(final CommandInfo info, final String options, final boolean withActiveImage) {
		final List<String> names = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs())
			if (!isService(item)) names.add(item.getName());
		final List<String> unknown = LegacyOptions.unknownKeys(options, names);
		if (!unknown.isEmpty()) {
			final List<String> keys = new ArrayList<>();
			for (final String n : names) keys.add(LegacyOptions.key(n));
			throw new IllegalArgumentException("unknown key(s) " + unknown + " in \"" + options.trim() + "\" (keys: " + String.join(", ", keys) + ")");
		}
		final Map<String, String> given = LegacyOptions.parse(options);
		final Map<String, Object> inputs = new HashMap<>();
		final List<String> unresolved = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			if (isService(item)) continue;
			final String name = item.getName(), key = LegacyOptions.key(name);
			final String value = LegacyOptions.value(options, name);
			if (ImagePlus.class.isAssignableFrom(item.getType())) {
				final ImagePlus imp = value != null ? WindowManager.getImage(value) : withActiveImage ? WindowManager.getCurrentImage() : null;
				if (value != null && imp == null) throw new IllegalArgumentException("no image titled \"" + value + "\" (" + key + ")");
				if (imp != null) inputs.put(name, imp);
				else if (withActiveImage && (mode == Mode.GUI || item.isRequired())) unresolved.add(key + " (no image open)");
				continue;
			}
			if (given.containsKey(key) && given.get(key) == null) { // a bare key: Macro.getValue does not find it
				unresolved.add(key + " (a key without '=' is ignored by ImageJ: write " + key + "=true)");
				continue;
			}
			if (!Objects.equals(value, given.get(key)))
				throw new IllegalArgumentException("ImageJ reads '" + key + "' as \"" + value + "\" (from another key ending in '" + key + "=')");
			if (value != null) inputs.put(name, LegacyOptions.convert(value, item.getType(), key));
			else unresolved.add(key);
		}
		if (withActiveImage && mode == Mode.GUI && !unresolved.isEmpty())
			throw new IllegalArgumentException("Fiji would open a dialog for " + String.join(", ", unresolved) + ": the options \"" + options.trim() + "\" do not resolve them");
		return inputs;
	}

	private static boolean isService(final ModuleItem<?> item) {
		return Service.class.isAssignableFrom(item.getType()) || Context.class.isAssignableFrom(item.getType());
	}

	/**
	 * Stops the running macro with {@code message} (logged, and kept as the result's error). ImageJ 1 would
	 * show a "Macro Error" dialog; headless there is none, so the interpreter is told to ignore the error
	 * display and just stop.
	 */
	void abort(final String message) {
		failure = message;
		IJ.log(message);
		final Interpreter interp = Interpreter.getInstance();
		if (interp != null) {
			interp.setIgnoreErrors(true);
			interp.abort(message);
		}
	}

	/** Writes to two streams. */
	private static final class Tee extends OutputStream {
		private final OutputStream a, b;

		Tee(final OutputStream a, final OutputStream b) {
			this.a = a;
			this.b = b;
		}

		@Override
		public synchronized void write(final int c) throws IOException {
			a.write(c);
			b.write(c);
		}

		@Override
		public synchronized void write(final byte[] buf, final int off, final int len) throws IOException {
			a.write(buf, off, len);
			b.write(buf, off, len);
		}

		@Override
		public void flush() throws IOException {
			a.flush();
			b.flush();
		}
	}
}
