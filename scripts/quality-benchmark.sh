#!/usr/bin/env bash
# Quality benchmark: diffusion restoration (bundled priors, library defaults) against oracle-tuned
# classical baselines (TV, NLM, Richardson-Lucy, Wiener, BART pics -l1) on real validation images,
# written as Markdown to docs/quality-benchmark.md (see sc.fiji.diffusion.bench.QualityBenchmark).
#
#   scripts/quality-benchmark.sh              # full run without dps (about 15 minutes on 2 busy CPU cores)
#   scripts/quality-benchmark.sh --quick      # smoke run (one 96x96 crop, one slice per volume; 2-3 minutes)
#   scripts/quality-benchmark.sh --tune 1 --dps 1   # what docs/quality-benchmark.md holds: plus the default-settings
#                                             # study and dps on the first image of each degradation (about 45 minutes)
#
# Other options (passed through): --data DIR --output FILE --crop N --crops N --slices N --dps N
# --no-sdedit --no-mri --no-microscopy --tasks denoise,deconvolve,mri --no-bart --fluorescence-model M --mri-model M --seed S.
# Without --output the report goes to docs/quality-benchmark.md (--quick: to target/quality-benchmark-quick.md).
# Steps: build (mvn package), fetch the data (scripts/fetch-data.sh) and BART (scripts/fetch-bart.sh;
# without it the MRI table has no BART row), run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
args=("$@")
has_output=0
quick=0
for a in "${args[@]+"${args[@]}"}"; do
	[[ "$a" == --output ]] && has_output=1
	[[ "$a" == --quick ]] && quick=1
done
if [[ $has_output == 0 ]]; then
	if [[ $quick == 1 ]]; then args+=(--output target/quality-benchmark-quick.md); else args+=(--output docs/quality-benchmark.md); fi
fi

if [[ ! -f target/diffusion-fiji.jar || -n "$(find */src pom.xml */pom.xml -newer target/diffusion-fiji.jar -print -quit)" ]]; then
	echo "quality-benchmark: building"
	mvn -q -B -DskipTests package
fi
bash scripts/fetch-data.sh
bash scripts/fetch-bart.sh || echo "quality-benchmark: BART could not be fetched; the MRI tables will lack the BART baseline" >&2

# a quiet TensorFlow; TF_NUM_* unset: TensorFlow uses every core
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
exec java -Xmx6g -Dquality.benchmark.command="scripts/quality-benchmark.sh ${*}" \
	-cp "target/diffusion-fiji.jar:target/lib/*" sc.fiji.diffusion.bench.QualityBenchmark "${args[@]}"
