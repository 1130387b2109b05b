#!/usr/bin/env bash
# Reproduces the bundled demo model priors/src/main/resources/sc/fiji/diffusion/models/demo-cells.zip:
# a small prior trained on the three microscopy images of npm ij-test@1.14.1 (cells.jpg, ecoli.png,
# isolateCells.png). It exists so that `generate` works out of the box; the real default models are
# trained by their own scripts.
# Usage: scripts/train-demo-model.sh [--resume]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bash scripts/fetch-data.sh
mkdir -p data/demo-train
for f in cells.jpg ecoli.png isolateCells.png; do cp -f data/ij-test/img/$f data/demo-train/; done
[ -f target/diffusion-fiji.jar ] || mvn -q -B package -DskipTests
mkdir -p work-out
java -jar target/diffusion-fiji.jar train --data data/demo-train --output work-out/demo-cells.zip \
  --name demo-cells --modality "brightfield/fluorescence demo" \
  --description "Small demo prior on the ij-test microscopy images (cells.jpg, ecoli.png, isolateCells.png from npm ij-test@1.14.1)" \
  --patch 32 --batch 16 --channels 16 --levels 3 --res-blocks 1 --steps 3000 --lr 1e-3 --ema 0.995 \
  --checkpoint-every 250 --log-every 100 "$@"
mkdir -p priors/src/main/resources/sc/fiji/diffusion/models
cp work-out/demo-cells.zip priors/src/main/resources/sc/fiji/diffusion/models/demo-cells.zip
echo "Bundled model updated: priors/src/main/resources/sc/fiji/diffusion/models/demo-cells.zip"
