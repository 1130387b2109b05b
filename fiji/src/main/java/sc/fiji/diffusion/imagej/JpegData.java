/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.imagej;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A JPEG file's data, decoded once before ImageJ opens it. A JPEG cut short (an interrupted copy or
 * download) or with damaged data decodes with a warning that ImageJ only prints ("Premature end of JPEG
 * file"), filling the rest of the image with grey; here the decoder's warnings are an error. Warnings
 * about extraneous bytes between markers, which many cameras write and which lose no pixel, are not.
 * Files without a JPEG signature ({@code FF D8 FF}) and JPEGs the JDK's decoder cannot read at all
 * (left to ImageJ, which then opens or refuses them) are not checked.
 */
final class JpegData {

	private JpegData() {}

	/** @throws IOException naming the file and the decoder's warnings */
	static void check(final Path file) throws IOException {
		final byte[] magic = new byte[3];
		try (InputStream in = Files.newInputStream(file)) {
			if (in.read(magic) != 3 || (magic[0] & 0xff) != 0xff || (magic[1] & 0xff) != 0xd8 || (magic[2] & 0xff) != 0xff) return;
		}
		final List<String> warnings = new ArrayList<>();
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			final Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
			if (!readers.hasNext()) return;
			final ImageReader reader = readers.next();
			try {
				reader.addIIOReadWarningListener((source, warning) -> {
					if (!warning.contains("extraneous bytes")) warnings.add(warning);
				});
				reader.setInput(in, true, true);
				reader.read(0);
			}
			catch (final IOException | RuntimeException e) {
				return; // the JDK cannot decode it: ImageJ decides
			}
			finally {
				reader.dispose();
			}
		}
		if (!warnings.isEmpty())
			throw new IOException("Corrupt or truncated JPEG file " + file + " (" + String.join("; ", warnings) + "): ImageJ would fill the missing part with grey");
	}
}
