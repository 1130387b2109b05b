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
