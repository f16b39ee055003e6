#!/usr/bin/env bash
# Builds the DocC documentation of the library facade (RNNZoo) and of the plugin API (ZooCore)
# into DIR (default .build/docs), treating every DocC warning as an error.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.build/docs}
mkdir -p "$out"
swift package --allow-writing-to-directory "$out" generate-documentation --target RNNZoo --product ZooCore \
    --output-path "$out" --enable-experimental-combined-documentation --warnings-as-errors
