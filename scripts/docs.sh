#!/usr/bin/env bash
# Builds the DocC documentation of the library facade (RNNZoo) and of the plugin API (ZooCore)
# into DIR (default .build/docs: RNNZoo.doccarchive, ZooCore.doccarchive), every DocC warning an
# error. It reads the modules of the debug build (run `swift build` first): the toolchain's
# swift-symbolgraph-extract and docc, as `swift package generate-documentation --target RNNZoo
# --product ZooCore` does (which works too), without that command's own rebuild (5 s, not 77 s).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.build/docs}
bin=$(swift build --show-bin-path)
graphs=$(mktemp -d)
trap 'rm -rf "$graphs"' EXIT
# The C modules the Swift modules import: the built targets' maps and the system libraries'.
cflags=()
for map in "$bin"/*.build/module.modulemap; do cflags+=(-Xcc "-fmodule-map-file=$map"); done
for dir in formats/*/C*/; do cflags+=(-I "$dir"); done
for flag in $(pkg-config --cflags-only-I hdf5 libarchive); do cflags+=(-Xcc "$flag"); done
mkdir -p "$out"
for pair in ZooCore:Sources/ZooCore/Core/ZooCore.docc RNNZoo:Sources/RNNZoo/RNNZoo.docc; do
    module=${pair%%:*} catalog=${pair#*:}
    mkdir -p "$graphs/$module"
    swift-symbolgraph-extract -module-name "$module" -target "$(uname -m)-unknown-linux-gnu" -I "$bin/Modules" "${cflags[@]}" \
        -minimum-access-level public -output-dir "$graphs/$module"
    rm -rf "$out/$module.doccarchive"
    docc convert "$catalog" --additional-symbol-graph-dir "$graphs/$module" --output-dir "$out/$module.doccarchive" \
        --fallback-display-name "$module" --fallback-bundle-identifier "org.rnnzoo.$module" --warnings-as-errors
done
echo "documentation: $out/ZooCore.doccarchive, $out/RNNZoo.doccarchive"
