#!/usr/bin/env bash
# One network definition: checks that the PyTorch trainer (scripts/gpu/train_unet_torch.py) computes the same
# eps_theta as the Java model on the committed golden bundle and input (engine/src/test/resources/sc/fiji/diffusion/golden;
# the Java side is GoldenEpsTest). Run it before training with the PyTorch port (docs/models.md), and after any
# change to model/UNet, train/TrainingGraph or the port. Needs python3 with numpy and torch (Debian: python3-torch).
# Exit 0: max |eps_torch - eps_java| <= 1e-3 (printed); otherwise non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."
g=engine/src/test/resources/sc/fiji/diffusion/golden
python="${PYTHON:-python3}"
# Debian's python3-torch installs for the system python, which another python3 on the PATH may hide
if ! "$python" -c 'import torch, numpy' 2>/dev/null && [[ -x /usr/bin/python3 ]]; then python=/usr/bin/python3; fi
exec "$python" scripts/gpu/train_unet_torch.py --init "$g/tiny-unet.zip" --check "$g/x.f32" "$g/eps.f32"
