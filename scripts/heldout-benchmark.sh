#!/usr/bin/env bash
# Held-out microscopy benchmark (sc.fiji.diffusion.bench.HeldOutBenchmark): the defaults on real images split
# into a "choose" and a "report" half, against oracle-tuned classical baselines. Writes docs/quality-benchmark-heldout.md.
# Usage: scripts/heldout-benchmark.sh [OUTPUT [CROP [CROPS [MODEL]]]]   (defaults: docs/quality-benchmark-heldout.md 192 2 fluorescence-2d)
set -euo pipefail
cd "$(dirname "$0")/.."
output="${1:-docs/quality-benchmark-heldout.md}"
if [[ ! -f target/diffusion-fiji.jar || -n "$(find */src pom.xml */pom.xml -newer target/diffusion-fiji.jar -print -quit)" ]]; then
	echo "heldout-benchmark: building"
	mvn -q -B -DskipTests package
fi
bash scripts/fetch-data.sh
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
exec java -Xmx6g -cp "target/diffusion-fiji.jar:target/lib/*" sc.fiji.diffusion.bench.HeldOutBenchmark --data data --output "$output" --crop "${2:-192}" --crops "${3:-2}" --model "${4:-fluorescence-2d}"
