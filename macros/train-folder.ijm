// train-folder.ijm: train a diffusion prior on a folder of your own images (Diffusion Train Model), then
// install it under a name with the Model Manager, so that the restoring commands can use it (model=<name>).
//
// Every image in the input folder (tif, tiff, png, jpg; every plane of a stack) is training data. The
// bundle <output>/<name>.zip is written with its checkpoint folder, loss log and loss plot next to it
// (run again with resume=true to continue from the checkpoint). Training is long (the default 10000
// steps take hours on a CPU); cancelling it keeps a bundle of what was trained. The output folder must
// differ from the input folder, so that training files never mix with the training data.
//
// Run in Fiji: Plugins > Macros > Run... and choose this file (edit the defaults below first), or
// headless, with the Fiji launcher:
//   ImageJ --headless -batch macros/train-folder.ijm "input=/lab/images output=/lab/models name=lab-prior"
//   ImageJ --headless -batch macros/train-folder.ijm "input=/lab/images output=/lab/models name=lab-prior steps=2000 install=false"
// (ImageJ = your launcher, e.g. ImageJ-linux64 or fiji-linux-x64; values with spaces go in [...]).
//
// Parameters (key=value pairs of the argument override these defaults):
//   input, output   training images; folder for the bundle (required)
//   name            the model's name: bundle <name>.zip, installed as <name>
//   steps, patch_size, batch_size   training steps, patch size (pixels), patches per step
//   width, levels   network width (feature channels at full resolution) and resolution levels
//   augment         besides flips and rotations: any of scale,gamma,bias (comma-separated) or none
//   init_model      a bundle .zip to fine-tune; "" = train from scratch
//   resume          true: continue the run of <output>/<name>.zip from its checkpoint
//   install         true: install the bundle with the Model Manager (refused if the name is taken)

input = "";
output = "";
name = "my-prior";
steps = 10000;
patch_size = 64;
batch_size = 8;
width = 32;
levels = 3;
augment = "none";
init_model = "";
resume = "false";
install = "true";

args = getArgument();
checkKeys(args, "input,output,name,steps,patch_size,batch_size,width,levels,augment,init_model,resume,install");
input = folder(option(args, "input", input));
output = folder(option(args, "output", output));
name = option(args, "name", name);
steps = option(args, "steps", steps);
patch_size = option(args, "patch_size", patch_size);
batch_size = option(args, "batch_size", batch_size);
width = option(args, "width", width);
levels = option(args, "levels", levels);
augment = option(args, "augment", augment);
init_model = replace(option(args, "init_model", init_model), "\\", "/");
resume = option(args, "resume", resume);
install = option(args, "install", install);
checkFolders(input, output);
if (name == "") exit("No model name: pass name=...");
count = countImages(getFileList(input));
if (count == 0) exit("No images (tif, tiff, png, jpg) in " + input);

setBatchMode(true);
bundle = output + name + ".zip";
options = "source=folder data_folder=[" + input + "] output_file=[" + bundle + "] name=[" + name + "] steps=" + steps
	+ " patch_size=" + patch_size + " batch_size=" + batch_size + " width=" + width + " levels=" + levels + " augment=[" + augment + "]";
// every key of the command is given, so that Fiji opens no dialog ("" = none)
options = options + " init_model=[" + init_model + "] resume=" + resume;
print("train-folder: training '" + name + "' on " + count + " image(s) in " + input + " for " + steps + " steps");
run("Diffusion Train Model", options);
if (!File.exists(bundle)) exit("Diffusion Train Model made no bundle " + bundle);
print("train-folder: wrote " + bundle);
if (install == "true") {
	run("Diffusion Model Manager", "action=install model=[" + name + "] file=[" + bundle + "]");
	print("train-folder: installed as '" + name + "'; use it with model=" + name);
}

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
