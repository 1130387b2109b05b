#!/usr/bin/env bash
# Fetches ISMRMRD's command-line tools from Debian's package `ismrmrd-tools` (1.8.0), downloaded with
# `apt-get download` and unpacked with `dpkg -x` (never installed), into data/ismrmrd/ (git-ignored),
# for the ISMRMRD reader's round-trip test and benchmark:
#
#   data/ismrmrd/usr/bin/ismrmrd_generate_cartesian_shepp_logan   writes testdata.h5 (multi-coil Cartesian phantom)
#   data/ismrmrd/usr/lib/x86_64-linux-gnu/...                     libismrmrd, libhdf5 and friends it needs
#
# Run it with LD_LIBRARY_PATH=data/ismrmrd/usr/lib/x86_64-linux-gnu:data/ismrmrd/usr/lib/x86_64-linux-gnu/hdf5/serial.
# Idempotent; exits with status 1 if the generator cannot run. Usage: scripts/fetch-ismrmrd.sh [DEST]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$root/data/ismrmrd}"
packages=(ismrmrd-tools libismrmrd1.8 libboost-program-options1.74.0 libfftw3-single3 libhdf5-103-1 libsz2 libaec0 libcurl3-gnutls zlib1g libpugixml1v5)
lib="$dest/usr/lib/x86_64-linux-gnu"
export LD_LIBRARY_PATH="$lib:$lib/hdf5/serial${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
gen="$dest/usr/bin/ismrmrd_generate_cartesian_shepp_logan"

runs() { [[ -x "$gen" ]] && { "$gen" --help 2>&1 || true; } | grep -q "Allowed options"; }

if runs; then
	echo "fetch-ismrmrd: $gen already runs, nothing to do"
	exit 0
fi
mkdir -p "$dest"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/fetch-ismrmrd.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
(
	cd "$tmp"
	for p in "${packages[@]}"; do
		apt-get download "$p" >/dev/null 2>&1 || echo "fetch-ismrmrd: could not download $p (may not be needed)" >&2
	done
	for deb in ./*.deb; do dpkg -x "$deb" "$dest"; done
)
if ! runs; then
	echo "fetch-ismrmrd: $gen does not run; missing libraries:" >&2
	ldd "$gen" | grep "not found" >&2 || true
	exit 1
fi
echo "fetch-ismrmrd: $gen runs"
