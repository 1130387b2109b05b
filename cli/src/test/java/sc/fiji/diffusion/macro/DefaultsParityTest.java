/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.macro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;
import org.scijava.task.TaskService;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.process.FloatProcessor;
import picocli.CommandLine;
import sc.fiji.diffusion.command.DeconvolveCommand;
import sc.fiji.diffusion.command.DenoiseCommand;
import sc.fiji.diffusion.command.InpaintCommand;
import sc.fiji.diffusion.command.MriCommand;
import sc.fiji.diffusion.door.DoorRequests;
import sc.fiji.diffusion.testdata.SampleData;

/**
 * One source of defaults: a macro line (as Fiji's imagej-legacy reads it) and the equivalent command line
 * fill the same request, for every command; every documented macro line resolves every input, so that Fiji
 * with its window opens no dialog; and no macro key can be read from another key by ImageJ.
 */
class DefaultsParityTest {

	static Context context;
	static MacroBridge bridge;

	@BeforeAll
	static void start() {
		if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
		context = new Context(CommandService.class, StatusService.class, TaskService.class, LogService.class);
		bridge = new MacroBridge(context).mode(MacroBridge.Mode.GUI);
		final ImagePlus active = new ImagePlus("active", new FloatProcessor(32, 32));
		Interpreter.batchMode = true;
		active.show(); // a batch-mode image: the active image that resolves the commands' image input
	}

	@AfterAll
	static void stop() {
		final ImagePlus active = WindowManager.getImage("active");
		if (active != null) active.close();
		Interpreter.batchMode = false;
		if (bridge != null) bridge.close();
		if (context != null) context.dispose();
	}

	static String fiji(final String label, final String options) throws Exception {
		return fiji(bridge, label, options);
	}

	/** The settings that {@code run(label, options)} asks for: the engine's request that the command's door call becomes, described. */
	static String fiji(final MacroBridge bridge, final String label, final String options) throws Exception {
		final Object c = bridge.command(label, options);
		if (c instanceof DenoiseCommand) return DoorRequests.restore(((DenoiseCommand) c).request()).describe();
		if (c instanceof DeconvolveCommand) return DoorRequests.restore(((DeconvolveCommand) c).request()).describe();
		if (c instanceof MriCommand) return DoorRequests.restore(((MriCommand) c).request()).describe();
		if (c instanceof InpaintCommand) return DoorRequests.restore(((InpaintCommand) c).request()).describe();
		if (c instanceof sc.fiji.diffusion.command.GenerateSamplesCommand)
			return DoorRequests.generate(((sc.fiji.diffusion.command.GenerateSamplesCommand) c).request()).describe();
		if (c instanceof sc.fiji.diffusion.command.TrainModelCommand) return DoorRequests.train(((sc.fiji.diffusion.command.TrainModelCommand) c).request()).describe();
		throw new IllegalArgumentException("no request for " + label);
	}

	static String cli(final String... args) {
		final String name = args[0];
		final String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
		switch (name) {
			case "restore": {
				final sc.fiji.diffusion.cli.RestoreCommand c = new sc.fiji.diffusion.cli.RestoreCommand();
				new CommandLine(c).parseArgs(rest);
				return c.request().describe();
			}
			case "generate": {
				final sc.fiji.diffusion.cli.GenerateCommand c = new sc.fiji.diffusion.cli.GenerateCommand();
				new CommandLine(c).parseArgs(rest);
				return c.request().describe();
			}
			case "train": {
				final sc.fiji.diffusion.cli.TrainCommand c = new sc.fiji.diffusion.cli.TrainCommand();
				new CommandLine(c).parseArgs(rest);
				return c.request().describe();
			}
			default: throw new IllegalArgumentException(name);
		}
	}

	static final String RESTORE_DEFAULTS = "model=[] method=default steps=-1 samples=-1 noise_sigma=-1 noise_type=gaussian photons=1 read_noise=0 seed=0 "
		+ "tile_size=-1 show_std=false";

	@Test
	void aMacroLineWithTheDefaultsAndABareCommandLineAskForTheSame() throws Exception {
		final String[] io = { "--input", "in.tif", "--output", "out.tif" };
		final String[][] pairs = {
			{ "Diffusion Denoise", RESTORE_DEFAULTS, "restore --task denoise" },
			{ "Diffusion Deconvolve", RESTORE_DEFAULTS + " psf=gaussian psf_file=[] psf_sigma=2 psf_sigma_z=0 na=1.4 wavelength=520 refractive_index=1.518 pixel_size=0",
				"restore --task deconvolve --psf-sigma 2" },
			{ "Diffusion Reconstruct MRI", RESTORE_DEFAULTS + " input=simulate mask_file=[] mask_type=cartesian acceleration=4 mask_variant=0", "restore --task mri --simulate" },
			{ "Diffusion Inpaint", RESTORE_DEFAULTS + " missing=nan mask_file=[]", "restore --task inpaint --inpaint-mask m.tif" },
			// non-default values reach both requests the same way
			{ "Diffusion Deconvolve", "model=demo-cells method=dps steps=100 samples=2 noise_sigma=3 noise_type=gaussian photons=1 read_noise=0 seed=5 tile_size=128 "
				+ "show_std=false psf=gaussian psf_file=[] psf_sigma=2 psf_sigma_z=0 na=1.4 wavelength=520 refractive_index=1.518 pixel_size=0",
				"restore --task deconvolve --psf-sigma 2 --model demo-cells --method dps --steps 100 --samples 2 --noise-sigma 3 --seed 5 --tile-size 128" },
			{ "Diffusion Denoise", "model=[] method=default steps=-1 samples=-1 noise_sigma=-1 noise_type=poisson-gaussian photons=20 read_noise=1.5 seed=0 "
				+ "tile_size=-1 show_std=false", "restore --task denoise --photons 20 --read-noise 1.5" },
			// the uncertainty map asked for: show_std and --std-output fill the same request (16 samples, sampling step, calibration)
			{ "Diffusion Reconstruct MRI", RESTORE_DEFAULTS.replace("show_std=false", "show_std=true")
				+ " input=simulate mask_file=[] mask_type=cartesian acceleration=4 mask_variant=0", "restore --task mri --simulate --std-output s.tif" },
			// deconvolution's map: the result stays pnp's, the map comes from fast's samples
			{ "Diffusion Deconvolve", RESTORE_DEFAULTS.replace("show_std=false", "show_std=true")
				+ " psf=gaussian psf_file=[] psf_sigma=2 psf_sigma_z=0 na=1.4 wavelength=520 refractive_index=1.518 pixel_size=0",
				"restore --task deconvolve --psf-sigma 2 --std-output s.tif" },
		};
		for (final String[] p : pairs) {
			final List<String> args = new ArrayList<>(java.util.Arrays.asList(p[2].split(" ")));
			args.addAll(java.util.Arrays.asList(io));
			final String fromFiji = fiji(p[0], p[1]), fromCli = cli(args.toArray(new String[0]));
			assertEquals(fromCli, fromFiji, p[0] + " \"" + p[1] + "\" vs " + p[2]);
		}
		// the library's own defaults, resolved: what both print before they start
		assertEquals("task=deconvolve model=fluorescence-2d method=pnp steps=6 t0=sigma-0.384 samples=1 lambda=0.5 antithetic=false noise=estimated seed=0 "
			+ "tile_size=512 tile_overlap=32", fiji(pairs[1][0], pairs[1][1]));
		final String map = fiji(pairs[6][0], pairs[6][1]);
		assertTrue(map.contains(" samples=" + sc.fiji.diffusion.task.RestorationDefaults.STD_SAMPLES + " ") && map.contains(" std=posterior(sampling data step, calibration x" + sc.fiji.diffusion.method.DiffPir.STD_CALIBRATION_MRI + ")"), map);
		final String deconvolutionMap = fiji(pairs[7][0], pairs[7][1]);
		assertTrue(deconvolutionMap.startsWith("task=deconvolve model=fluorescence-2d method=pnp steps=6 t0=sigma-0.384 samples=1 ")
			&& deconvolutionMap.contains(" std=posterior(fast, " + sc.fiji.diffusion.task.RestorationDefaults.STD_SAMPLES + " samples, sampling data step, calibration x" + sc.fiji.diffusion.method.DiffPir.STD_CALIBRATION_DECONVOLVE + ")"),
			deconvolutionMap);
	}

	@Test
	void generateAndTrainFromFijiAndTheCommandLineAskForTheSame() throws Exception {
		assertEquals(cli("generate", "--output", "o"), fiji("Diffusion Generate Samples", "model=fluorescence-2d count=4 width=128 height=128 steps=50 sampler=ddim seed=0"));
		assertEquals(cli("generate", "--output", "o", "--model", "demo-cells", "--size", "64x32", "--sampler", "ddpm", "--seed", "3"),
			fiji("Diffusion Generate Samples", "model=demo-cells count=4 width=32 height=64 steps=50 sampler=ddpm seed=3"));
		final String train = "source=folder data_folder=[d] output_file=[o.zip] name=[] steps=10000 patch_size=64 batch_size=8 width=32 levels=3 augment=none "
			+ "init_model=[] resume=false";
		assertEquals(cli("train", "--data", "d", "--output", "o.zip"), fiji("Diffusion Train Model", train));
		assertEquals(cli("train", "--data", "d", "--output", "o.zip", "--steps", "20", "--levels", "2", "--augment", "gamma"),
			fiji("Diffusion Train Model", train.replace("steps=10000", "steps=20").replace("levels=3", "levels=2").replace("augment=none", "augment=gamma")));
	}

	/** Every {@code run("Diffusion ...", "...")} line in the README, docs, macros' README and the commands' javadoc. */
	static List<String[]> documentedLines() throws IOException {
		final Path root = SampleData.repoRoot();
		final List<Path> files = new ArrayList<>();
		files.add(root.resolve("README.md"));
		files.add(root.resolve("macros").resolve("README.md"));
		try (Stream<Path> s = Files.walk(root.resolve("docs"))) {
			files.addAll(s.filter(f -> f.toString().endsWith(".md")).collect(Collectors.toList()));
		}
		try (Stream<Path> s = Files.walk(root.resolve("fiji/src/main/java/sc/fiji/diffusion/command"))) {
			files.addAll(s.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList()));
		}
		final Pattern run = Pattern.compile("run\\(\"(Diffusion [^\"]+)\", \"([^\"]*)\"\\)");
		final List<String[]> lines = new ArrayList<>();
		for (final Path f : files) {
			final Matcher m = run.matcher(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
			while (m.find()) lines.add(new String[] { m.group(1), m.group(2), root.relativize(f).toString() });
		}
		return lines;
	}

	@Test
	void everyDocumentedMacroLineResolvesEveryInput() throws Exception {
		final List<String[]> lines = documentedLines();
		assertTrue(lines.size() >= 10, "documented lines found: " + lines.size());
		final List<String> failures = new ArrayList<>();
		for (final String[] l : lines) {
			try {
				bridge.command(l[0], l[1]);
			}
			catch (final IllegalArgumentException e) {
				failures.add(l[2] + ": run(\"" + l[0] + "\", \"" + l[1] + "\"): " + e.getMessage());
			}
		}
		assertTrue(failures.isEmpty(), String.join("\n", failures));
		// and a line that leaves one out is caught
		final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
			() -> bridge.command("Diffusion Denoise", RESTORE_DEFAULTS.replace(" noise_type=gaussian", "")));
		assertTrue(e.getMessage().contains("Fiji would open a dialog for noise_type"), e.getMessage());
	}

	@Test
	void noMacroKeyIsFoundInsideAnotherKeyOfTheSameCommand() {
		int commands = 0;
		for (final CommandInfo info : context.service(CommandService.class).getCommands()) {
			if (!info.getClassName().startsWith("sc.fiji.diffusion.command.")) continue;
			commands++;
			final List<String> keys = new ArrayList<>();
			for (final ModuleItem<?> item : info.inputs())
				if (!Service.class.isAssignableFrom(item.getType()) && !Context.class.isAssignableFrom(item.getType())) keys.add(Macro.trimKey(item.getName()));
			for (final String k : keys)
				for (final String other : keys)
					if (!k.equals(other))
						assertNull(Macro.getValue(other + "=x", k, null), info.getMenuPath().getLeaf().getName() + ": ImageJ reads key '" + k + "' inside '" + other + "='");
		}
		assertEquals(8, commands);
	}

	@Test
	void theCollisionCheckCatchesTheOldKeys() {
		assertEquals("x", Macro.getValue("noise_model=x", "model", null));
		assertEquals("3", Macro.getValue("mask_seed=3", "seed", null));
		assertFalse(Macro.getValue("noise_type=x", "model", "none").equals("x"));
	}
}
