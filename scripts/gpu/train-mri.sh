#!/usr/bin/env bash
# Reproduces the shipped mri-brain-t1 prior from scratch: stage 1 with the project's Java trainer on
# the CPU, stages 2 and 3 with the PyTorch port of the same network, loss and data pipeline
# (scripts/gpu/train_unet_torch.py) on a CUDA GPU. Needs Java 11+, Maven, and python3 with torch and
# numpy (CUDA build); the GPU stages run on the CPU too, about 100 times slower.
# Usage: scripts/gpu/train-mri.sh            (all stages; stage 1 alone takes about 4.5 h on 2 cores)
#        SKIP_STAGE1=1 scripts/gpu/train-mri.sh   (start from work-out/gpu/mri-brain-t1-stage1.zip)
#        STAGE2_SECONDS, STAGE3_SECONDS: the GPU stages' time budgets (450 and 285 s on an H200)
# Output: work-out/gpu/mri-brain-t1.zip, its loss logs work-out/gpu/stage-{a,b}-loss.csv; the stages'
# settings are recorded in the bundle's config.json ("training" -> "stages").
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c "import torch, numpy" 2>/dev/null || { echo "train-mri: python3 with torch and numpy is needed (pip install torch numpy)" >&2; exit 1; }
python3 -c "import torch; assert torch.cuda.is_available()" 2>/dev/null || echo "train-mri: no CUDA GPU found: the GPU stages will run on the CPU (slowly)" >&2
mkdir -p work-out/gpu
if [ -z "${SKIP_STAGE1:-}" ]; then
  rm -rf work-out/mri-brain-t1.zip.checkpoint
  STEPS=5000 bash scripts/train-default-models.sh mri --resume
  cp work-out/mri-brain-t1.zip work-out/gpu/mri-brain-t1-stage1.zip
fi
[ -f target/diffusion-fiji.jar ] || mvn -q -B package -DskipTests
[ -f data/mri-train/done ] || { echo "data/mri-train is missing: run stage 1 (scripts/train-default-models.sh mri) once" >&2; exit 1; }
# the normalised training planes, exactly as the Java trainer loads them, packed as float16
java -cp "target/diffusion-fiji.jar:target/lib/*" scripts/gpu/ExportPlanes.java data/mri-train work-out/gpu/planes.f32
python3 scripts/gpu/train_unet_torch.py --pack work-out/gpu/planes.f32 work-out/gpu/planes.f16.z
rm work-out/gpu/planes.f32
# the port must compute the Java network's eps before it trains
java -cp "target/diffusion-fiji.jar:target/lib/*" scripts/gpu/RefEps.java work-out/gpu/mri-brain-t1-stage1.zip work-out/gpu
train="python3 scripts/gpu/train_unet_torch.py --planes work-out/gpu/planes.f16.z"
# stage 2: 450 s on an H200 (11,344 steps), patch 64 then 128 for the last 35 % of the time
$train --init work-out/gpu/mri-brain-t1-stage1.zip --check work-out/gpu/x.f32 work-out/gpu/eps.f32 \
  --output work-out/gpu/stage-a.zip --log work-out/gpu/stage-a-loss.csv \
  --seconds "${STAGE2_SECONDS:-450}" --batch 128 --lr 3e-4 --late-patch 128 --late-fraction 0.35 --seed 4
# stage 3: 285 s on an H200 (5,509 steps) at patch 128
$train --init work-out/gpu/stage-a.zip --output work-out/gpu/mri-brain-t1.zip --log work-out/gpu/stage-b-loss.csv \
  --seconds "${STAGE3_SECONDS:-285}" --batch 64 --patch 128 --lr 2e-4 --seed 5
echo "train-mri: work-out/gpu/mri-brain-t1.zip (check it with scripts/make-model-report.sh mri-brain-t1 work-out/gpu/mri-brain-t1.zip)"
