#!/usr/bin/env bash
# The README's first command: sets everything up on a fresh machine and runs the main job on the
# bundled defaults. Builds target/diffusion-fiji.jar (dependencies in target/lib/), then
#  1. draws samples from the bundled prior (32-bit TIFFs and a PNG montage to look at), and
#  2. restores a noisy widefield fluorescence image (synthetic, so the clean truth is there to compare):
#     denoising with the prior's posterior mean;
#  3. draws samples from the brain MRI prior, and reconstructs a real MRI slice (nibabel's EPI example,
#     not used to train the prior) from simulated 4-fold Cartesian k-space undersampling.
# Everything lands in demo-output/.
set -euo pipefail
cd "$(dirname "$0")/.."
model=${DEMO_MODEL:-fluorescence-2d}
bash scripts/install-prerequisites.sh
mvn -q -B package -DskipTests
jar="java -jar target/diffusion-fiji.jar"
$jar generate --model "$model" --count 8 --size 64x64 --steps 50 --sampler ddpm --seed 1 \
  --output demo-output/samples --montage demo-output/samples.png
$jar synth --count 1 --size 256 --pixel-size 0.1 --seed 7 --blur widefield --output demo-output/clean \
  --noisy-output demo-output/noisy --photons 30 --read-noise 1
$jar restore --task denoise --model "$model" --input demo-output/noisy/fluo_00000.tif --output demo-output/denoised.tif
# the MRI slice comes from Debian's python3-nibabel, fetched by package name (data/ is not committed)
bash scripts/fetch-data.sh >/dev/null || echo "demo: some data packages could not be fetched (scripts/fetch-data.sh)" >&2
$jar generate --model mri-brain-t1 --count 4 --size 64x64 --steps 50 --sampler ddpm --seed 1 \
  --output demo-output/mri-samples --montage demo-output/mri-samples.png
$jar slices --input data/nibabel/example4d.nii.gz --output demo-output/mri-slices --orientations axial --volume 0 \
  --min-foreground 0.3
$jar restore --task mri --simulate --input demo-output/mri-slices/example4d_t0_axial_z010.tif --acceleration 4 \
  --output demo-output/mri-reconstructed.tif
echo "Done: demo-output/samples.png (samples), demo-output/noisy/fluo_00000.tif -> demo-output/denoised.tif"
echo "(clean truth: demo-output/clean/fluo_00000.tif); demo-output/mri-samples.png, and"
echo "demo-output/mri-slices/example4d_t0_axial_z010.tif -> demo-output/mri-reconstructed.tif (4-fold undersampled)."
echo "Open the .tif files in Fiji."
