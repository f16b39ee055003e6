#!/bin/sh
# The chorale statistics side by side (issue 19): N generated chorales (strict and free voice
# leading, 8 bars, keys alternating major and minor) against Bach's 35 validation chorales —
# cadence rate, consecutive fifths/octaves per 100 chord changes, voice crossings per 100 steps,
# Krumhansl–Schmuckler key agreement. The numbers come from Plugins/Music (ChoraleQuality), run
# through Tests/MusicTests/ChoraleQualityTests.
#
#   tools/music/quality.sh [N] [BUILD_PATH]     # N defaults to 100, BUILD_PATH to .build
#
# The build must be current (swift build --build-tests --build-path BUILD_PATH).
set -e
cd "$(dirname "$0")/../.."
pieces="${1:-100}"
build="${2:-.build}"
ZOO_MUSIC_QUALITY_PIECES="$pieces" swift test --skip-build --build-path "$build" \
    --filter 'ChoraleQualityTests/testGeneratedChoralesAgainstBach' 2>&1 \
    | sed -n '/^ *Bach (valid)/,/^minor pieces ending/p'
