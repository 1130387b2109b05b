#!/usr/bin/env bash
# Fetches the Berkeley Advanced Reconstruction Toolbox (BART), the classical compressed-sensing MRI
# baseline of scripts/quality-benchmark.sh, from Debian's package `bart` (0.8.00), downloaded with
# `apt-get download` and unpacked with `dpkg -x` (never installed; no root needed when the package
# lists are present), into data/bart/ (git-ignored):
#
#   data/bart/usr/bin/bart
#   data/bart/usr/lib/x86_64-linux-gnu/...   its shared libraries that a fresh machine may lack:
#       libfftw3-single3 (libfftw3f, libfftw3f_threads), liblapacke, liblapack3, libblas3,
#       libgfortran5 (needed by liblapack), libtmglib3 (needed by liblapacke)
#
# Run BART with the unpacked libraries on the library path (sc.fiji.diffusion.baseline.Bart does it):
#   L=data/bart/usr/lib/x86_64-linux-gnu
#   LD_LIBRARY_PATH=$L:$L/blas:$L/lapack data/bart/usr/bin/bart version
#
# Idempotent: nothing is fetched when data/bart/usr/bin/bart already runs. Checks the result with
# `ldd` (no library "not found") and `bart version`; exits with status 1 if BART cannot run.
# Usage: scripts/fetch-bart.sh [DEST]      (default: <repo>/data/bart)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$root/data/bart}"
packages=(bart libfftw3-single3 liblapacke liblapack3 libblas3 libgfortran5 libtmglib3)
lib="$dest/usr/lib/x86_64-linux-gnu"
export LD_LIBRARY_PATH="$lib:$lib/blas:$lib/lapack${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

runs() { [[ -x "$dest/usr/bin/bart" ]] && "$dest/usr/bin/bart" version >/dev/null 2>&1; }

if runs; then
	echo "fetch-bart: $("$dest/usr/bin/bart" version) already runs from $dest, nothing to do"
	exit 0
fi
for tool in apt-get dpkg ldd; do
	command -v "$tool" >/dev/null 2>&1 || { echo "fetch-bart: $tool is needed (Debian/Ubuntu only)" >&2; exit 1; }
done

mkdir -p "$dest"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/fetch-bart.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
opts=()
# as root, apt would otherwise warn that it cannot drop privileges to _apt in a private folder
[[ $EUID == 0 ]] && opts=(-o APT::Sandbox::User=root)
updated=0
for pkg in "${packages[@]}"; do
	echo "fetch-bart: apt-get download $pkg"
	if ! (cd "$tmp" && apt-get "${opts[@]+"${opts[@]}"}" -q download "$pkg" >/dev/null); then
		if [[ $updated == 0 && $EUID == 0 ]]; then
			echo "fetch-bart: download failed; running apt-get update and trying again"
			apt-get -q update >/dev/null
			updated=1
			(cd "$tmp" && apt-get "${opts[@]+"${opts[@]}"}" -q download "$pkg" >/dev/null)
		else
			echo "fetch-bart: could not download $pkg (if the package lists are missing: sudo apt-get update)" >&2
			exit 1
		fi
	fi
done
for deb in "$tmp"/*.deb; do
	echo "fetch-bart: dpkg -x $(basename "$deb")"
	dpkg -x "$deb" "$dest"
done

missing="$(ldd "$dest/usr/bin/bart" | grep 'not found' || true)"
if [[ -n "$missing" ]]; then
	echo "fetch-bart: shared libraries still missing:" >&2
	echo "$missing" >&2
	exit 1
fi
if ! runs; then
	echo "fetch-bart: $dest/usr/bin/bart does not run:" >&2
	"$dest/usr/bin/bart" version >&2 || true
	exit 1
fi
echo "fetch-bart: $("$dest/usr/bin/bart" version) in $dest (LD_LIBRARY_PATH=$lib:$lib/blas:$lib/lapack)"
