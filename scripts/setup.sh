#!/usr/bin/env bash
# Installs what RNNZoo needs on a fresh Debian machine: the C libraries the formats will use.
set -euo pipefail
need=()
for pkg in libhdf5-dev libarchive-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}"
fi
