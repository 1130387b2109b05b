package sc.fiji.diffusion.isolation;

import java.nio.file.Paths;
import java.util.HashMap;
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
 * Run in a JVM whose classpath is like a Fiji with CSBDeep installed (libtensorflow 1.15 first, no
 * TensorFlow Java): prints what the other plugins see as org.tensorflow.Graph, then denoises a crop of
 * a real image through the Fiji command and prints the outcome, one "key: value" per line.
 */
public final class FijiLikeRestore {

	public static void main(final String[] args) throws Exception {
		final Class<?> graph = Class.forName("org.tensorflow.Graph", false, FijiLikeRestore.class.getClassLoader());
		System.out.println("graph: " + graph.getProtectionDomain().getCodeSource().getLocation());
		System.out.println("libtensorflow-version-method: " + (Class.forName("org.tensorflow.TensorFlow", false, FijiLikeRestore.class.getClassLoader()).getMethod("version") != null));
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
			System.out.println("graph-after: " + Class.forName("org.tensorflow.Graph", false, FijiLikeRestore.class.getClassLoader()).getProtectionDomain().getCodeSource().getLocation());
		}
		finally {
			context.dispose();
		}
	}
}
