#!/usr/bin/env bash
# Writes the evidence for a default prior into docs/: unconditional samples next to training patches
# (same display rule: each tile auto-contrasted), the loss curve, and the prior denoising check on
# independent validation images (tables in docs/<model>-validation.md).
# Usage: scripts/make-model-report.sh fluorescence-2d|mri-brain-t1 [MODEL.zip]
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: $0 fluorescence-2d|mri-brain-t1 [MODEL.zip]}
model=${2:-priors/src/main/resources/sc/fiji/diffusion/models/$name.zip}
[ -f target/diffusion-fiji.jar ] || mvn -q -B package -DskipTests
jar="java -jar target/diffusion-fiji.jar"
bash scripts/fetch-data.sh >/dev/null
mkdir -p docs work-out/report-$name
case "$name" in
fluorescence-2d)
  train_data=data/mixed-train/all; augment=gamma   # the last stage's data (scripts/train-default-models.sh widen)
  validation=(data/ij-test/img/ecoli.png data/ij-test/img/cells.jpg data/skimage/cell.png data/skimage/ihc.png)
  ;;
mri-brain-t1)
  train_data=data/mri-train; augment=scale,gamma,bias,contrast   # the last stage's (scripts/train-default-models.sh mri-contrast)
  # independent real MRI (not Colin27): nibabel's EPI and dipy's PIESNO volume, as upright axial slices;
  # and the held-out slab of the training templates
  $jar slices --input data/nibabel/example4d.nii.gz --output work-out/report-$name/example4d --orientations axial --volume 0 --min-foreground 0.3 >/dev/null
  $jar slices --input data/dipy/test_piesno.nii.gz --output work-out/report-$name/piesno --orientations axial --min-foreground 0.3 >/dev/null
  mapfile -t heldout < <(ls data/mri-holdout/*axial*.tif | awk 'NR % 8 == 1' | head -4)
  validation=(work-out/report-$name/example4d work-out/report-$name/piesno "${heldout[@]}")
  ;;
*) echo "unknown model $name" >&2; exit 2 ;;
esac
$jar train --data "$train_data" --output work-out/report-$name/none.zip --steps 0 --patch 64 --augment $augment \
  --preview docs/$name-patches.png
$jar generate --model "$model" --count 16 --size 64x64 --steps 100 --sampler ddpm --seed 1 \
  --output work-out/report-$name/samples --montage docs/$name-samples.png
$jar generate --model "$model" --count 4 --size 192x192 --steps 100 --sampler ddpm --seed 2 \
  --output work-out/report-$name/samples-large --montage docs/$name-samples-large.png
if [ "$name" = mri-brain-t1 ]; then
  # conditioned diffusion (SDEdit, no added noise) of a held-out Colin27 slice from t0 = 300 and 500: how
  # much anatomy the prior keeps; the PNG shows the slice, then the two results
  slice=data/mri-holdout/ch2_axial_z130.tif
  for t0 in 300 500; do
    $jar restore --task denoise --method sdedit --t0 $t0 --noise-sigma 0 --seed 1 --model "$model" --input $slice \
      --output work-out/report-$name/sdedit-$t0.tif >/dev/null
  done
  java -cp "target/diffusion-fiji.jar:target/lib/*" sc.fiji.diffusion.imagej.Montage docs/$name-sdedit.png $slice \
    work-out/report-$name/sdedit-300.tif work-out/report-$name/sdedit-500.tif
fi
[ -f "work-out/$name.zip.loss.png" ] && cp "work-out/$name.zip.loss.png" docs/$name-loss.png
{
  echo "# $name: prior denoising check"
  echo
  echo "One-step posterior mean x0Hat of the prior at the matched noise level (no sampler), on images the"
  echo "prior was not trained on; Gaussian noise of sigma 0.1 of each image's 1st-99.8th percentile range;"
  echo "centre crops of at most 256x256; PSNR (dB) / SSIM. Made by \`scripts/make-model-report.sh $name\`."
  echo
  $jar evaluate --model "$model" --images "${validation[@]}" --noise-sigma 0.1 --crop 256 --max-planes 6
} > docs/$name-validation.md
cat docs/$name-validation.md
