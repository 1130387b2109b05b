// mri-kspace-folder.ijm: reconstruct MR images from undersampled k-space with a diffusion prior
// (Diffusion Reconstruct MRI), for a whole folder.
//
// mode=kspace (default): every image in the input folder is a measured k-space, a 2-slice 32-bit stack
// (real, imaginary; centred, unitary DFT), all sampled with the same mask: mask_file, a single-plane
// image, 1 where sampled (it may lie in the input folder; it is skipped there). Images that are not
// 2-slice stacks are skipped with a message.
// mode=simulate: every image is a magnitude image whose k-space is undersampled retrospectively, with
// mask_file if given, else a simulated mask (mask_type, acceleration, mask_seed), to try the method.
// Each result is saved as a 32-bit TIFF <output>/<input base name>-mri.tif (calibration kept). The output
// folder must differ from the input folder; input files are never written.
//
// Run in Fiji: Plugins > Macros > Run... and choose this file (edit the defaults below first), or
// headless, with the Fiji launcher:
//   ImageJ --headless -batch macros/mri-kspace-folder.ijm "input=/kspace output=/out mask_file=/masks/mask.tif"
//   ImageJ --headless -batch macros/mri-kspace-folder.ijm "input=/magnitude output=/out mode=simulate acceleration=4"
// (ImageJ = your launcher, e.g. ImageJ-linux64 or fiji-linux-x64; values with spaces go in [...]).
//
// Parameters (key=value pairs of the argument override these defaults):
//   input, output   folders (required)
//   mode            kspace | simulate
//   mask_file       the sampling mask (kspace: required; simulate: optional)
//   mask_type, acceleration, mask_variant   simulated mask: cartesian | equispaced | poisson, R, which random mask
//                   (mask_seed, the old name of mask_variant, is still read)
//   model           a bundled or installed model name, or a bundle .zip path; "" = the default MRI prior
//   method          default (fast) | fast | dps | ald | sdedit
//   steps, samples  -1 = the method's defaults (samples: 4 averaged posterior samples for MRI)
//   noise_sigma     k-space noise; -1 = 0
//   seed            random seed
//   tile_size       unused for MRI (whole planes are reconstructed)

input = "";
output = "";
mode = "kspace";
mask_file = "";
mask_type = "cartesian";
acceleration = 4;
mask_variant = 0;
model = "";
method = "default";
steps = -1;
samples = -1;
noise_sigma = -1;
seed = 0;
tile_size = -1;

args = getArgument();
checkKeys(args, "input,output,mode,mask_file,mask_type,acceleration,mask_variant,mask_seed,model,method,steps,samples,noise_sigma,seed,tile_size");
input = folder(option(args, "input", input));
output = folder(option(args, "output", output));
mode = option(args, "mode", mode);
mask_file = replace(option(args, "mask_file", mask_file), "\\", "/");
mask_type = option(args, "mask_type", mask_type);
acceleration = option(args, "acceleration", acceleration);
mask_variant = option(args, "mask_variant", option(args, "mask_seed", mask_variant));
model = option(args, "model", model);
method = option(args, "method", method);
steps = option(args, "steps", steps);
samples = option(args, "samples", samples);
noise_sigma = option(args, "noise_sigma", noise_sigma);
seed = option(args, "seed", seed);
tile_size = option(args, "tile_size", tile_size);
checkFolders(input, output);
if (mode != "kspace" && mode != "simulate") exit("Unknown mode '" + mode + "' (expected kspace or simulate)");
if (mode == "kspace") {
	if (mask_file == "") exit("mode=kspace needs mask_file (the sampling mask, 1 where sampled)");
}
if (mask_file != "") {
	if (!File.exists(mask_file)) exit("The mask file does not exist (mask_file=...): " + mask_file);
}

setBatchMode(true);
// every key of the command is given, so that Fiji opens no dialog (k-space noise is Gaussian)
options = "model=[" + model + "] method=" + method + " steps=" + steps + " samples=" + samples + " noise_sigma=" + noise_sigma
	+ " noise_type=gaussian photons=1 read_noise=0 seed=" + seed + " tile_size=" + tile_size + " show_std=false input=" + mode
	+ " mask_file=[" + mask_file + "] mask_type=" + mask_type + " acceleration=" + acceleration + " mask_variant=" + mask_variant;
list = getFileList(input);
count = countImages(list);
maskName = File.getName(mask_file);
if (input + maskName == mask_file) {
	if (isImage(maskName)) count--; // the mask itself is not reconstructed
}
if (count <= 0) exit("No images (tif, tiff, png, jpg) in " + input);
done = 0;
skipped = 0;
for (i = 0; i < list.length; i++) {
	name = list[i];
	if (!isImage(name)) continue;
	if (input + name == mask_file) continue;
	done++;
	print("mri-kspace-folder: " + done + "/" + count + " " + name);
	open(input + name);
	source = getImageID();
	if (mode == "kspace") {
		if (nSlices != 2 || bitDepth() != 32) {
			print("mri-kspace-folder: skipped " + name + ": not a 32-bit 2-slice k-space stack (real, imaginary)");
			close();
			skipped++;
			continue;
		}
	} else {
		if (bitDepth() == 24) run("32-bit");
	}
	run("Diffusion Reconstruct MRI", options);
	if (getImageID() == source) exit("Diffusion Reconstruct MRI made no result for " + name);
	saveAs("Tiff", output + baseName(name) + "-mri.tif");
	close();
	selectImage(source);
	close();
}
print("mri-kspace-folder: " + (done - skipped) + " image(s) reconstructed into " + output + ", " + skipped + " skipped");

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
