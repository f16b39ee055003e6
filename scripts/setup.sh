#!/usr/bin/env bash
# Installs what RNNZoo needs on a fresh Debian machine: the C libraries the formats use
# (libhdf5, libarchive), and a Python venv (.venv) with real Keras 3 (jax backend) that the
# tests use to prove Keras loads the files we write. Idempotent; safe to run before every build.
# ZOO_TF_KERAS=1 also installs tensorflow-cpu and tf_keras 2.21 (~1.5 GB), so that the Keras 2
# files we write are loaded by tf_keras itself.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for pkg in libhdf5-dev libarchive-dev python3-venv; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}"
fi
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! .venv/bin/python -c "import keras, jax, h5py, numpy, onnx, onnxruntime" 2>/dev/null; then
  if ! .venv/bin/python -m pip install -q "keras==3.15.1" jax h5py scipy numpy onnx onnxruntime; then
    echo "!! scripts/setup.sh: pip could not install keras/jax/onnx/onnxruntime (PyPI unreachable?):" >&2
    echo "!! the tests that load our files with real Keras or onnxruntime will be SKIPPED and say so." >&2
  fi
fi
if [ "${ZOO_TF_KERAS:-0}" = "1" ] && ! .venv/bin/python -c "import tf_keras" 2>/dev/null; then
  .venv/bin/python -m pip install -q "tensorflow-cpu==2.21.0" "tf_keras==2.21.0" \
    || echo "!! scripts/setup.sh: pip could not install tf_keras; Keras 2 files are checked by structure only." >&2
fi
