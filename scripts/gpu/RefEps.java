import java.nio.*;
import java.nio.file.*;
import java.util.SplittableRandom;
import sc.fiji.diffusion.data.Batch;
import sc.fiji.diffusion.model.*;

/** eps_theta of a bundle's UNet on a fixed input: writes x (N,H,W,1) and eps as float32 little endian. */
public class RefEps {
	public static void main(String[] a) throws Exception {
		int n = 3, h = 44, w = 52;
		SplittableRandom r = new SplittableRandom(7);
		float[] x = new float[n * h * w];
		for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 2 - 1 + 0.3 * Math.sin(i * 0.01));
		int[] t = { 5, 400, 999 };
		try (TfEpsModel m = ModelBundle.read(Path.of(a[0])).newModel("ref")) {
			float[] e = m.eps(new Batch(n, h, w, 1, x), t).data();
			write(Path.of(a[1], "x.f32"), x); write(Path.of(a[1], "eps.f32"), e);
		}
	}
	static void write(Path p, float[] v) throws Exception {
		ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
		for (float f : v) b.putFloat(f);
		Files.write(p, b.array());
	}
}
