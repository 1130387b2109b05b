// deconvolve-folder.ijm: deconvolve every image in a folder with a diffusion prior (Diffusion Deconvolve).
//
// For each image (tif, tiff, png, jpg) in the input folder: open it (RGB is converted to 32-bit grey),
// run Plugins > Diffusion > Diffusion Deconvolve with one PSF for all images, and save the result as a
// 32-bit TIFF <output>/<input base name>-deconvolve.tif (same size, dimensions and calibration). The PSF
// is a PSF image file (psf_file=..., normalised and centred by the command; a stack for 3D), a Gaussian
// (psf_sigma in pixels, psf_sigma_z > 0 for 3D), or a widefield Born-Wolf PSF (psf=born-wolf). The output
// folder must differ from the input folder; input files are never written.
//
// Run in Fiji: Plugins > Macros > Run... and choose this file (edit the defaults below first), or
// headless, with the Fiji launcher:
//   ImageJ --headless -batch macros/deconvolve-folder.ijm "input=/in output=/out psf_sigma=1.5"
//   ImageJ --headless -batch macros/deconvolve-folder.ijm "input=/in output=/out psf_file=[/my psfs/psf.tif]"
// (ImageJ = your launcher, e.g. ImageJ-linux64 or fiji-linux-x64; values with spaces go in [...]).
//
// Parameters (key=value pairs of the argument override these defaults):
//   input, output   folders (required)
//   psf             gaussian | file | born-wolf (file is chosen when psf_file is given)
//   psf_file        the PSF image (psf=file)
//   psf_sigma, psf_sigma_z                         Gaussian sigma in pixels (xy) and slices (z; 0 = 2D)
//   na, wavelength, refractive_index, pixel_size   Born-Wolf: NA, emission nm, immersion index, nm (0 = from calibration)
//   model           a bundled or installed model name, or a bundle .zip path; "" = the default prior
//   method          default (fast) | fast | dps | ald | sdedit
//   steps, samples  -1 = the method's defaults (samples: 2 averaged posterior samples, an antithetic pair)
//   noise_sigma     noise in the image's units; -1 = estimate it from each image
//   noise_type      gaussian | poisson-gaussian (camera noise: photons per grey value and read_noise in grey values)
//   photons, read_noise   poisson-gaussian only
//   seed            random seed
//   tile_size       larger images are restored in overlapping tiles of this size; 0 = never tile; -1 = the library's default

input = "";
output = "";
psf = "gaussian";
psf_file = "";
psf_sigma = 2;
psf_sigma_z = 0;
na = 1.4;
wavelength = 520;
refractive_index = 1.518;
pixel_size = 0;
model = "";
method = "default";
steps = -1;
samples = -1;
noise_sigma = -1;
noise_type = "gaussian";
photons = 1;
read_noise = 0;
seed = 0;
tile_size = -1;

args = getArgument();
checkKeys(args, "input,output,psf,psf_file,psf_sigma,psf_sigma_z,na,wavelength,refractive_index,pixel_size,"
	+ "model,method,steps,samples,noise_sigma,noise_type,photons,read_noise,seed,tile_size");
input = folder(option(args, "input", input));
output = folder(option(args, "output", output));
psf = option(args, "psf", psf);
psf_file = replace(option(args, "psf_file", psf_file), "\\", "/");
psf_sigma = option(args, "psf_sigma", psf_sigma);
psf_sigma_z = option(args, "psf_sigma_z", psf_sigma_z);
na = option(args, "na", na);
wavelength = option(args, "wavelength", wavelength);
refractive_index = option(args, "refractive_index", refractive_index);
pixel_size = option(args, "pixel_size", pixel_size);
model = option(args, "model", model);
method = option(args, "method", method);
steps = option(args, "steps", steps);
samples = option(args, "samples", samples);
noise_sigma = option(args, "noise_sigma", noise_sigma);
noise_type = option(args, "noise_type", noise_type);
photons = option(args, "photons", photons);
read_noise = option(args, "read_noise", read_noise);
seed = option(args, "seed", seed);
tile_size = option(args, "tile_size", tile_size);
checkFolders(input, output);
if (psf_file != "") psf = "file";
if (psf == "file") {
	if (!File.exists(psf_file)) exit("The PSF file does not exist (psf_file=...): " + psf_file);
}

setBatchMode(true);
options = "model=[" + model + "] method=" + method + " steps=" + steps + " samples=" + samples + " noise_sigma=" + noise_sigma
	+ " noise_type=" + noise_type + " photons=" + photons + " read_noise=" + read_noise + " seed=" + seed + " tile_size=" + tile_size + " show_std=false psf=" + psf;
if (psf != "file" && psf != "gaussian" && psf != "born-wolf") exit("Unknown psf '" + psf + "' (expected gaussian, file or born-wolf)");
// every key of the command is given, so that Fiji opens no dialog (the command uses the ones its psf needs)
options = options + " psf_file=[" + psf_file + "] psf_sigma=" + psf_sigma + " psf_sigma_z=" + psf_sigma_z + " na=" + na + " wavelength=" + wavelength
	+ " refractive_index=" + refractive_index + " pixel_size=" + pixel_size;
list = getFileList(input);
count = countImages(list);
psfName = File.getName(psf_file);
if (input + psfName == psf_file) {
	if (isImage(psfName)) count--; // the PSF file itself is not deconvolved
}
if (count <= 0) exit("No images (tif, tiff, png, jpg) in " + input);
done = 0;
for (i = 0; i < list.length; i++) {
	name = list[i];
	if (!isImage(name)) continue;
	if (input + name == psf_file) continue;
	done++;
	print("deconvolve-folder: " + done + "/" + count + " " + name);
	open(input + name);
	source = getImageID();
	if (bitDepth() == 24) run("32-bit");
	run("Diffusion Deconvolve", options);
	if (getImageID() == source) exit("Diffusion Deconvolve made no result for " + name);
	saveAs("Tiff", output + baseName(name) + "-deconvolve.tif");
	close();
	selectImage(source);
	close();
}
print("deconvolve-folder: " + done + " image(s) deconvolved into " + output);

// ---- helpers (the same in every macro of this folder) --------------------------------------------

// The value of "key=value" or "key=[value with spaces]" in args, else value (the default).
function option(args, key, value) {
	s = " " + args + " ";
	i = indexOf(s, " " + key + "=");
	if (i < 0) return value;
	s = substring(s, i + lengthOf(key) + 2);
	if (startsWith(s, "[")) return substring(s, 1, indexOf(s, "]"));
	return substring(s, 0, indexOf(s, " "));
}

// Stops with a message if args has a key that is not in known (comma-separated).
function checkKeys(args, known) {
	n = lengthOf(args);
	i = 0;
	while (i < n) {
		c = charAt(args, i);
		while (c == " ") { i++; c = charAt(args, i); }
		if (i >= n) return;
		j = i;
		c = charAt(args, j);
		while (c != "" && c != "=" && c != " ") { j++; c = charAt(args, j); }
		key = substring(args, i, j);
		if (indexOf("," + known + ",", "," + key + ",") < 0) exit("Unknown argument '" + key + "' (known: " + known + ")");
		if (c == "=") {
			j++;
			c = charAt(args, j);
			if (c == "[") {
				j = indexOf(args, "]", j);
				if (j < 0) exit("Unclosed [ in the argument: " + args);
				j++;
			} else {
				while (c != "" && c != " ") { j++; c = charAt(args, j); }
			}
		}
		i = j;
	}
}

// The k-th character of s, or "" past its end.
function charAt(s, k) {
	if (k >= lengthOf(s)) return "";
	return substring(s, k, k + 1);
}

// A folder path with "/" separators and a trailing "/" ("" stays "").
function folder(path) {
	path = replace(path, "\\", "/");
	if (path != "" && !endsWith(path, "/")) path = path + "/";
	return path;
}

// Stops unless input is an existing folder and output is a different folder (created if missing).
function checkFolders(input, output) {
	if (input == "") exit("No input folder: pass input=/path/to/images (or edit the defaults at the top of the macro)");
	if (output == "") exit("No output folder: pass output=/path/for/results (or edit the defaults at the top of the macro)");
	if (!File.isDirectory(input)) exit("The input folder does not exist: " + input);
	if (toLowerCase(input) == toLowerCase(output)) exit("The output folder must differ from the input folder (inputs are never overwritten): " + output);
	File.makeDirectory(output);
	if (!File.isDirectory(output)) exit("Cannot create the output folder " + output);
}

// Whether a file name is an image this macro reads.
function isImage(name) {
	n = toLowerCase(name);
	if (endsWith(n, ".tif") || endsWith(n, ".tiff")) return true;
	if (endsWith(n, ".png") || endsWith(n, ".jpg") || endsWith(n, ".jpeg")) return true;
	return false;
}

// The number of images in a file list.
function countImages(list) {
	count = 0;
	for (i = 0; i < list.length; i++) if (isImage(list[i])) count++;
	return count;
}

// The file name without its extension.
function baseName(name) {
	dot = lastIndexOf(name, ".");
	if (dot <= 0) return name;
	return substring(name, 0, dot);
}
