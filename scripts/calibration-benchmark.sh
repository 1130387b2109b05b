#!/usr/bin/env bash
# Calibration of the uncertainty map (sc.fiji.diffusion.bench.CalibrationBenchmark): coverage, |error| / sigma and
# block-level rank correlation of the posterior std against the actual error, on held-out MRI slices (R = 4, 8) and
# deconvolution crops, split into a choose half (calibration factor fitted) and a report half (checked only).
# Writes docs/uncertainty.md (full report) and docs/uncertainty-*.png, and replaces the section between the
# "uncertainty" markers in docs/quality-benchmark.md with the summary (appended if the markers are missing).
# Usage: scripts/calibration-benchmark.sh [CalibrationBenchmark options, e.g. --slices 4 --crops 2 --crop 96 --cache work-out/calibration-cache]
# (--cache: each case is stored once, so that an interrupted run resumes where it stopped)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${CALIBRATION_REPORT:-}" ]] && [[ ! -f target/diffusion-fiji.jar || -n "$(find */src pom.xml */pom.xml -newer target/diffusion-fiji.jar -print -quit)" ]]; then
	echo "calibration-benchmark: building"
	mvn -q -B -DskipTests package
fi
bash scripts/fetch-data.sh
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
# CALIBRATION_REPORT=FILE: write the docs from that report (a finished run's --output) instead of running
report="${CALIBRATION_REPORT:-}"
if [[ -z "$report" ]]; then
report="$(mktemp)"
java -Xmx6g -cp "target/diffusion-fiji.jar:target/lib/*" sc.fiji.diffusion.bench.CalibrationBenchmark \
	--command "$*" --output "$report" --figures docs "$@"
fi
{
	echo "# Uncertainty maps: calibration on held-out data"
	echo
	echo "![MRI](uncertainty-mri.png)"
	echo
	echo "![deconvolution](uncertainty-deconvolution.png)"
	echo
	echo "![denoising](uncertainty-denoising.png)"
	echo
	echo "Left to right: the clean image, the result (MRI: the mean of the samples; deconvolution and denoising: the default pnp or mmse result, the same image as without the map), the uncertainty map (calibrated posterior std) and the actual error, the last two on one colour scale: the first report-half case of each task (MRI: R = 4; deconvolution: Gaussian PSF; denoising: Gaussian noise)."
	echo
	echo "**What the map is.** \`--std-output\` (Fiji: \`show_std\`, which opens it beside the result with the Fire colour scale, titled \`<result>-posterior-std\`) is the per-pixel posterior standard deviation, in the image's units: an error bar of each pixel of the result, not the standard error of the mean of the samples. How it is made:"
	echo
	echo "- 16 posterior samples unless \`--samples\` says otherwise (\`RestorationDefaults.STD_SAMPLES\`; see the stability table), in antithetic pairs; the variance is estimated from the pairs' half-differences plus the spread of the pair means (\`task/PosteriorSpread\`, unbiased for antithetic pairs), then averaged over the 3x3 pixels around each pixel (\`PosteriorSpread.smoothed\`), which cuts the map's Monte-Carlo error as much as twice the samples would. Deconvolution and denoising keep the result of their deterministic default (pnp, mmse: the same image as without the map, which is better than the samples' mean) and take the map from the samples, with the factor fitted against the error of that result: mmse's result is the posterior mean (Tweedie), its map the samples' spread; pnp's is not, its map the root of its posterior expected squared error, the samples' variance plus the squared difference between pnp's result and their mean (\`PosteriorSpread.aroundEstimate\`: E[(x - x^)^2 | y] = Var[x | y] + (E[x | y] - x^)^2).";
	echo "- DiffPIR (\`fast\`) draws them with its posterior-sampling data step (\`method/DiffPir\`): the proximal step perturbed (perturb-and-MAP) by the measurement noise and by the denoiser's Jacobian applied to fresh noise (one more network evaluation per step), so that each step samples the Gaussian conditional instead of taking its mode. Plain DiffPIR spreads 0.5-0.6 of the posterior std on the linear-Gaussian oracle; this step 0.96 of it (\`UncertaintyOracleTest\`). Results without a map are computed as before.";
	echo "- The std is multiplied by a factor per task fitted on the choose half (\`RestorationDefaults.stdCalibration\`): an empirical, split-conformal calibration against the error from the clean image (measurement noise included)."
	echo
	cat "$report"
} > docs/uncertainty.md
python3 - "$report" <<'PY'
import re, sys
summary = open(sys.argv[1]).read()
summary = summary.split("<details>")[0].rstrip() + "\n\nFigures and per-case figures: [uncertainty.md](uncertainty.md).\n"
section = "<!-- uncertainty:begin (scripts/calibration-benchmark.sh writes this section) -->\n## Uncertainty maps (calibrated posterior std)\n\n" + summary + "<!-- uncertainty:end -->\n"
path = "docs/quality-benchmark.md"
text = open(path).read()
pattern = re.compile(r"<!-- uncertainty:begin.*?<!-- uncertainty:end -->\n", re.S)
text = pattern.sub(lambda m: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
[[ -n "${CALIBRATION_REPORT:-}" ]] || rm -f "$report"
echo "Wrote docs/uncertainty.md, docs/uncertainty-*.png and the uncertainty section of docs/quality-benchmark.md"
