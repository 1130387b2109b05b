#!/usr/bin/env bash
# Cancel soak: starts N separate JVMs running `restore`, sends each a real SIGINT (what Ctrl-C sends)
# at a random moment, and counts what went wrong:
#   crashes   the JVM died by a signal (SIGSEGV 139, SIGABRT 134) or wrote an hs_err crash log
#   leftovers the run was interrupted but left its output or a temporary file in its output folder
# and prints every exit code (0: finished before the signal, 130: cancelled in order).
#
# Usage: scripts/cancel-soak.sh [N]   (default 20; needs target/diffusion-fiji.jar: mvn -o package -DskipTests)
# Environment: SOAK_SEED (random seed, default 1), SOAK_MIN_MS / SOAK_MAX_MS (signal window, default 500..8000),
#   SOAK_SIZE (input image size, default 256), SOAK_MODEL (default demo-cells), SOAK_TASK (default deconvolve),
#   SOAK_ARGS (extra restore options, default "--psf-sigma 2"), SOAK_JAVA (default java), SOAK_JAR (default
#   target/diffusion-fiji.jar, with its lib/ beside it), SOAK_KEEP=1 keeps the work folder.
# Each JVM runs in its own folder under a temporary directory; crash logs are moved to
# $TMPDIR/cancel-soak-crashes.* (their first lines are printed), never left in the repository.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
n=${1:-20}
seed=${SOAK_SEED:-1}
min_ms=${SOAK_MIN_MS:-500}
max_ms=${SOAK_MAX_MS:-8000}
size=${SOAK_SIZE:-256}
model=${SOAK_MODEL:-demo-cells}
task=${SOAK_TASK:-deconvolve}
args=${SOAK_ARGS:---psf-sigma 2}
java=${SOAK_JAVA:-java}
jar=${SOAK_JAR:-$repo/target/diffusion-fiji.jar}
[ -f "$jar" ] || { echo "cancel-soak: $jar missing; run mvn -B -o package -DskipTests" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cancel-soak.XXXXXX")
crashdir=$(mktemp -d "${TMPDIR:-/tmp}/cancel-soak-crashes.XXXXXX")
trap '[ "${SOAK_KEEP:-0}" = 1 ] || rm -rf "$work"' EXIT
# A background job of a non-interactive shell starts with SIGINT ignored (and so does this script when
# it was started in the background), and a JVM started that way never sees Ctrl-C: reset it to the
# default so that the JVM installs its own handler, as it does in a terminal.
if env --default-signal=INT true 2>/dev/null; then launch=(env --default-signal=INT); else set -m; launch=(); fi

echo "cancel-soak: making a ${size}x${size} input"
"$java" -jar "$jar" synth --count 1 --size "$size" --seed 3 --blur widefield --output "$work/in" \
  --noisy-output "$work/noisy" --photons 30 --read-noise 1 >"$work/synth.log" 2>&1 \
  || { cat "$work/synth.log" >&2; exit 2; }
input=$(ls "$work"/noisy/*.tif | head -1)

RANDOM=$seed
crashes=0 leftovers=0 completed=0 cancelled=0 other=0
codes=()
for ((i = 1; i <= n; i++)); do
  run="$work/run$i"
  mkdir -p "$run/out"
  delay_ms=$((min_ms + (RANDOM * 32768 + RANDOM) % (max_ms - min_ms + 1)))
  # shellcheck disable=SC2086
  (cd "$run" && exec "${launch[@]}" "$java" -XX:ErrorFile="$run/hs_err_pid%p.log" -jar "$jar" restore --task "$task" $args \
    --model "$model" --input "$input" --output "$run/out/out.tif" >"$run/log" 2>&1) &
  pid=$!
  sleep "$(awk -v ms="$delay_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
  signalled=0
  if kill -0 "$pid" 2>/dev/null; then
    # the subshell exec'd env, which exec'd java: $pid is the JVM itself
    kill -INT "$pid" 2>/dev/null && signalled=1
  fi
  wait "$pid"
  code=$?
  codes+=("$code")
  crash=0
  if [ "$code" = 139 ] || [ "$code" = 134 ]; then crash=1; fi
  shopt -s nullglob
  logs=("$run"/hs_err_pid*.log)
  shopt -u nullglob
  if [ ${#logs[@]} -gt 0 ]; then
    crash=1
    for f in "${logs[@]}"; do
      mv "$f" "$crashdir/run$i-$(basename "$f")"
      echo "cancel-soak: run $i crash log $crashdir/run$i-$(basename "$f"):"
      grep -m 12 -E '^#  (SIGSEGV|SIGBUS|SIGABRT|Problematic|Internal)|^# (C|J|V)  |^Current thread|^(C|J|V)  ' "$crashdir/run$i-$(basename "$f")" | head -14 | sed 's/^/    /'
    done
  fi
  left=$(find "$run/out" -mindepth 1 | wc -l)
  state=ok
  if [ "$crash" = 1 ]; then crashes=$((crashes + 1)); state=CRASH
  elif [ "$code" = 0 ]; then completed=$((completed + 1)); state=finished
  elif [ "$code" = 130 ]; then cancelled=$((cancelled + 1)); state=cancelled
  else other=$((other + 1)); state=other; fi
  # an interrupted run leaves nothing; one that got to write its output (it says "Wrote", and it may
  # still see the signal while it exits: 130) leaves exactly that file, never a temporary one
  if grep -q '^Wrote ' "$run/log"; then written=1; else written=0; fi
  if [ "$written" = 1 ] && [ "$code" != 0 ]; then state="$state (output written before the signal took effect)"; fi
  if [ "$left" -gt "$written" ] || { [ "$written" = 1 ] && [ ! -f "$run/out/out.tif" ]; }; then
    leftovers=$((leftovers + 1)); state="$state+LEFTOVER($(ls -A "$run/out" | tr '\n' ' '))"
  fi
  echo "cancel-soak: run $i/$n: SIGINT at ${delay_ms} ms$([ $signalled = 1 ] || echo ' (already ended)'), exit $code, $state"
  if [ "$state" = other ]; then tail -3 "$run/log" | sed 's/^/    /'; fi
  rm -rf "$run/out"
done
echo "cancel-soak: $n runs: crashes $crashes, runs leaving output or temp files $leftovers," \
  "finished $completed, cancelled $cancelled, other $other"
echo "cancel-soak: exit codes: ${codes[*]}"
if [ "$crashes" -gt 0 ]; then echo "cancel-soak: crash logs in $crashdir"; else rmdir "$crashdir"; fi
[ "$crashes" = 0 ] && [ "$leftovers" = 0 ]
