import java.io.*;
import java.nio.*;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import java.util.*;
import java.util.stream.*;
import sc.fiji.diffusion.imagej.ImageFiles;
import sc.fiji.diffusion.data.PercentileNormalization;

/** Writes the normalised training planes of a folder (as ImageFolderPatches loads them) to one file:
 *  int32 count, then per plane int32 w, int32 h, float32[w*h]. Little endian. */
public class ExportPlanes {
	public static void main(String[] a) throws Exception {
		List<Path> files;
		try (Stream<Path> s = Files.list(Path.of(a[0]))) { files = s.filter(p -> p.toString().endsWith(".tif")).sorted().collect(Collectors.toList()); }
		try (FileChannel ch = FileChannel.open(Path.of(a[1]), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
			ByteBuffer hdr = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN); hdr.putInt(0, 0); ch.write(hdr);
			int n = 0;
			for (Path f : files) {
				var imp = ImageFiles.open(f);
				float[][] raw = ImageFiles.planes(imp, true);
				for (float[] r : raw) {
					PercentileNormalization norm = PercentileNormalization.fit(r);
					if (norm.isDegenerate() || imp.getWidth() < 64 || imp.getHeight() < 64) continue;
					float[] v = norm.forward(r);
					ByteBuffer b = ByteBuffer.allocate(8 + 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
					b.putInt(imp.getWidth()); b.putInt(imp.getHeight());
					b.asFloatBuffer(); for (float x : v) b.putFloat(x);
					b.flip(); ch.write(b); n++;
				}
			}
			hdr.putInt(0, n); hdr.rewind(); ch.write(hdr, 0);
			System.out.println(n + " planes");
		}
	}
}
