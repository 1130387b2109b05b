#!/usr/bin/env bash
# The README's first command: sets everything up on a fresh machine and runs the main job on the
# bundled default model. Builds target/diffusion-fiji.jar (dependencies in target/lib/), then draws
# samples from the bundled prior into demo-output/ (32-bit TIFFs and a PNG montage to look at).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-prerequisites.sh
mvn -q -B package -DskipTests
java -jar target/diffusion-fiji.jar generate --count 8 --size 64x64 --steps 50 --sampler ddim --seed 1 \
  --output demo-output --montage demo-output/samples.png "$@"
echo "Done: samples in demo-output/ (open the .tif files in Fiji, or look at demo-output/samples.png)"
