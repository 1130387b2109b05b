#!/usr/bin/env bash
# Reproduces the default priors shipped in priors/src/main/resources/sc/fiji/diffusion/models/ from scratch:
#   fluorescence-2d: trained on synthetic fluorescence images (the project's generator, `synth`),
#   mri-brain-t1:    trained on 2D slices (axial, coronal, sagittal) of the T1 templates in Debian's
#                    mricron-data package (Colin27 ch2, ch2better; macaque inia19), a slab held out.
#   widen:           fluorescence-2d trained further on fluorescence and transmitted-light (brightfield, phase
#                    contrast, DIC) synthetic images in equal parts, from the shipped bundle (issue 15's
#                    transmitted-light prior); writes work-out/fluorescence-2d.zip like the first case.
#   mri-contrast:    mri-brain-t1 trained further with random tissue contrasts (--augment ...,contrast: half the
#                    patches through a random piecewise-linear intensity map, so that T2, proton-density and EPI
#                    orders of tissue brightness are seen too), from the shipped bundle; writes work-out/mri-brain-t1.zip.
# Usage: scripts/train-default-models.sh fluorescence|mri|widen|mri-contrast [--resume] [extra train options]
# Training is resumable: run again with --resume to continue from work-out/<model>.zip.checkpoint
# (STEPS=N sets the total number of steps, 40000 by default; LR=x the learning rate, 5e-4 by default).
# The shipped fluorescence-2d is two runs of this script (each bundle's config.json lists its stages):
#   STEPS=21500 scripts/train-default-models.sh fluorescence; cp work-out/fluorescence-2d.zip stage1.zip;
#   rm -r work-out/fluorescence-2d.zip.checkpoint; LR=2e-4 STEPS=11000 scripts/train-default-models.sh fluorescence --init stage1.zip --seed 3
# then widened to transmitted light: cp work-out/fluorescence-2d.zip stage2.zip; rm -r work-out/fluorescence-2d.zip.checkpoint;
#   INIT=stage2.zip scripts/train-default-models.sh widen --seed 4   (INIT defaults to the shipped bundle: training it further)
# The shipped mri-brain-t1 is this script's first 5,000 steps followed by two GPU stages
# (scripts/gpu/train-mri.sh reproduces all three), then: INIT=<that bundle> scripts/train-default-models.sh mri-contrast --seed 6
# (remove a work-out/mri-brain-t1.zip.checkpoint left by an earlier run first). Without a checkpoint, continue from the
# shipped bundle with: scripts/train-default-models.sh mri --init priors/src/main/resources/sc/fiji/diffusion/models/mri-brain-t1.zip
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:?usage: $0 fluorescence|mri|widen|mri-contrast [--resume]}; shift
[ -f target/diffusion-fiji.jar ] || mvn -q -B package -DskipTests
# run from a copy, so that rebuilding the project during hours of training cannot disturb it
mkdir -p work-out/app-$which
cp -r target/diffusion-fiji.jar target/lib work-out/app-$which/
jar="java -jar work-out/app-$which/diffusion-fiji.jar"
# the settings both microscopy runs share
micro=(--name fluorescence-2d --modality fluorescence --pixel-size 0.1 --pixel-unit micron --patch 64 --batch 8 --channels 32
  --levels 4 --res-blocks 1 --ema 0.999 --augment gamma --checkpoint-every 250 --log-every 50)
# the MRI runs' data (slices of the mricron-data templates, a slab held out) and common train options, then "$@"
train_mri() {
  bash scripts/fetch-data.sh
  if [ ! -f data/mri-train/done ]; then
    rm -rf data/mri-train data/mri-holdout
    for v in ch2 ch2better inia19-t1-brain; do
      $jar slices --input data/mricron/$v.nii.gz --output data/mri-train --holdout-output data/mri-holdout \
        --orientations axial,coronal,sagittal
    done
    touch data/mri-train/done
  fi
  $jar train --data data/mri-train --output work-out/mri-brain-t1.zip --name mri-brain-t1 \
    --modality mri-t1 --pixel-size 1 --pixel-unit mm \
    --data-source "Debian mricron-data $(apt-cache policy mricron-data 2>/dev/null | awk '/Candidate/ {print $2}'): templates ch2.nii.gz, ch2better.nii.gz, inia19-t1-brain.nii.gz, slices (slices --holdout-output, superior 15% slab held out)" \
    "$@"
}
case "$which" in
fluorescence)
  # three pixel sizes (65, 100, 160 nm), 700 images each, each with its own mild random PSF
  if [ ! -f data/fluo-train/done ]; then
    rm -rf data/fluo-train
    for px in 0.065 0.1 0.16; do
      $jar synth --count 700 --size 256 --pixel-size $px --seed "${px#0.}" --blur random --output data/fluo-train/px$px
    done
    mkdir -p data/fluo-train/all
    for d in data/fluo-train/px*; do for f in "$d"/*.tif; do ln -sf "../$(basename "$d")/$(basename "$f")" "data/fluo-train/all/$(basename "$d")_$(basename "$f")"; done; done
    touch data/fluo-train/done
  fi
  $jar train --data data/fluo-train/all --output work-out/fluorescence-2d.zip "${micro[@]}" \
    --data-source "synthetic: synth --count 700 --size 256 --blur random at pixel sizes 0.065, 0.1, 0.16 um (seeds 065, 1, 16), diffusion-fiji 0.1.0" \
    --description "2D fluorescence microscopy prior (widefield and confocal-like), trained on 2100 synthetic images (scripts/train-default-models.sh fluorescence)" \
    --lr "${LR:-5e-4}" --steps "${STEPS:-40000}" "$@"
  ;;
widen)
  # 350 images per pixel size (65, 100, 160 nm) of each light, each with its own mild random PSF
  if [ ! -f data/mixed-train/done ]; then
    rm -rf data/mixed-train
    for px in 0.065 0.1 0.16; do
      $jar synth --count 350 --size 256 --pixel-size $px --seed "${px#0.}" --blur random --output data/mixed-train/fluo$px &
      $jar synth --count 350 --size 256 --pixel-size $px --seed "100${px#0.}" --light transmitted --blur random --output data/mixed-train/trans$px
      wait
    done
    mkdir -p data/mixed-train/all
    for d in data/mixed-train/fluo* data/mixed-train/trans*; do for f in "$d"/*.tif; do ln -sf "../$(basename "$d")/$(basename "$f")" "data/mixed-train/all/$(basename "$d")_$(basename "$f")"; done; done
    touch data/mixed-train/done
  fi
  $jar train --data data/mixed-train/all --output work-out/fluorescence-2d.zip "${micro[@]}" \
    --data-source "synthetic: synth --count 350 --size 256 --blur random at pixel sizes 0.065, 0.1, 0.16 um, fluorescence (seeds 065, 1, 16) and --light transmitted (seeds 100065, 1001, 10016), diffusion-fiji 0.1.0" \
    --description "2D microscopy prior: fluorescence (widefield and confocal-like) and transmitted light (brightfield, phase contrast, DIC), trained on synthetic images (scripts/train-default-models.sh fluorescence, then widen)" \
    --init "${INIT:-priors/src/main/resources/sc/fiji/diffusion/models/fluorescence-2d.zip}" \
    --lr "${LR:-2e-4}" --steps "${STEPS:-5000}" "$@"
  ;;
mri)
  train_mri \
    --description "2D brain T1 MRI prior, trained on slices of the Colin27 (ch2, ch2better) and macaque inia19 templates from Debian mricron-data (scripts/train-default-models.sh mri)" \
    --patch 64 --batch 8 --channels 32 --levels 4 --res-blocks 1 --lr "${LR:-5e-4}" --ema 0.999 --augment scale,gamma,bias \
    --steps "${STEPS:-40000}" --checkpoint-every 250 --log-every 50 "$@"
  ;;
mri-contrast)
  train_mri \
    --description "2D brain MRI prior, trained on slices of the Colin27 (ch2, ch2better) and macaque inia19 T1 templates from Debian mricron-data, half of the patches in random tissue contrasts (scripts/train-default-models.sh mri, GPU stages, then mri-contrast)" \
    --init "${INIT:-priors/src/main/resources/sc/fiji/diffusion/models/mri-brain-t1.zip}" \
    --patch 64 --batch 8 --lr "${LR:-2e-4}" --ema 0.999 --augment scale,gamma,bias,contrast \
    --steps "${STEPS:-5000}" --checkpoint-every 250 --log-every 50 "$@"
  ;;
*) echo "unknown model '$which' (fluorescence, mri, widen or mri-contrast)" >&2; exit 2 ;;
esac
