// mri-raw-folder.ijm: reconstruct MR images from raw multi-coil k-space files with a diffusion prior
// (Diffusion Reconstruct Raw MRI), for a whole folder.
//
// Every BART .cfl (with its .hdr; dims [readout, phase, partition, coil], slices in dim 13) and ISMRMRD
// .h5 file in the input folder is reconstructed: one 2D problem per slice, or per readout position for
// 3D k-space; the sampling mask is where the samples are non-zero unless mask_file is given; coil maps
// are estimated from each file's calibration region. Each result is saved as a 32-bit TIFF stack
// <output>/<input base name>-mri.tif (voxel size from the file). The output folder must differ from the
// input folder; input files are never written.
//
// Run in Fiji: Plugins > Macros > Run... and choose this file (edit the defaults below first), or
// headless, with the Fiji launcher:
//   ImageJ --headless -batch macros/mri-raw-folder.ijm "input=/raw output=/out"
// (ImageJ = your launcher, e.g. ImageJ-linux64 or fiji-linux-x64; values with spaces go in [...]).
//
// Parameters (key=value pairs of the argument override these defaults):
//   input, output   folders (required)
//   mask_file       a sampling mask for every file (TIFF or .cfl, 1 where sampled); "" = the non-zero samples
//   prior_on        complex | magnitude (how the real-valued prior sees the complex image)
//   result          magnitude | magnitude-phase | complex (channels of the saved stack)
//   model           a bundled or installed model name, or a bundle .zip path; "" = the default MRI prior
//   steps, samples  -1 = the defaults
//   seed            random seed

input = "";
output = "";
mask_file = "";
prior_on = "magnitude";
result = "magnitude";
model = "";
steps = -1;
samples = -1;
seed = 0;

args = getArgument();
checkKeys(args, "input,output,mask_file,prior_on,result,model,steps,samples,seed");
input = folder(option(args, "input", input));
output = folder(option(args, "output", output));
mask_file = replace(option(args, "mask_file", mask_file), "\\", "/");
prior_on = option(args, "prior_on", prior_on);
result = option(args, "result", result);
model = option(args, "model", model);
steps = option(args, "steps", steps);
samples = option(args, "samples", samples);
seed = option(args, "seed", seed);
checkFolders(input, output);
if (mask_file != "") {
	if (!File.exists(mask_file)) exit("The mask file does not exist (mask_file=...): " + mask_file);
}

setBatchMode(true);
list = getFileList(input);
count = 0;
for (i = 0; i < list.length; i++) if (isRaw(list[i]) && input + list[i] != mask_file) count++;
if (count <= 0) exit("No raw k-space files (.cfl, .h5) in " + input);
done = 0;
for (i = 0; i < list.length; i++) {
	name = list[i];
	if (!isRaw(name)) continue;
	if (input + name == mask_file) continue;
	done++;
	print("mri-raw-folder: " + done + "/" + count + " " + name);
	before = nImages;
	// every key of the command is given, so that Fiji opens no dialog
	run("Diffusion Reconstruct Raw MRI", "kspace_file=[" + input + name + "] coil_maps=[] mask_file=[" + mask_file + "] prior_on=" + prior_on
		+ " output=" + result + " model=[" + model + "] steps=" + steps + " samples=" + samples + " seed=" + seed);
	if (nImages == before) exit("Diffusion Reconstruct Raw MRI made no result for " + name);
	saveAs("Tiff", output + baseName(name) + "-mri.tif");
	close();
}
print("mri-raw-folder: " + done + " file(s) reconstructed into " + output);

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

// Whether a file name is a raw k-space file this macro reads (.cfl; its .hdr goes with it).
function isRaw(name) {
	n = toLowerCase(name);
	return endsWith(n, ".cfl") || endsWith(n, ".h5") || endsWith(n, ".hdf5");
}

// The file name without its extension.
function baseName(name) {
	dot = lastIndexOf(name, ".");
	if (dot <= 0) return name;
	return substring(name, 0, dot);
}
