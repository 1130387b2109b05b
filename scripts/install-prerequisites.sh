#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian/Ubuntu machine: a JDK (11 or newer),
# Maven and npm (the test data is fetched with `npm pack`). Does nothing for tools already present.
set -euo pipefail
need=()
command -v javac >/dev/null 2>&1 || need+=(default-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi
java -version 2>&1 | sed -n 1p
mvn -v 2>&1 | sed -n 1p

# Optional: PyTorch for the golden-network check of the PyTorch trainer (GoldenEpsTest; skipped without it).
# Debian's python3-torch; never fatal.
if ! python3 -c 'import torch, numpy' 2>/dev/null && ! /usr/bin/python3 -c 'import torch, numpy' 2>/dev/null && command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing python3-torch (optional: the PyTorch side of the golden-network check)"
  ( $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-torch >/dev/null ) \
    || echo "python3-torch could not be installed: the PyTorch golden check will be skipped"
fi

# Optional: Python's zarr, so that the Zarr reader and writer of the Spark module are checked against the
# reference implementation (ZarrInteropTest; skipped without it). Debian's python3-zarr; never fatal.
if ! /usr/bin/python3 -c 'import zarr, numpy' 2>/dev/null && command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing python3-zarr (optional: the Python interoperability check of the Zarr files)"
  ( $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-zarr >/dev/null ) \
    || echo "python3-zarr could not be installed: the Zarr interoperability check will be skipped"
fi
