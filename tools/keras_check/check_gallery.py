"""Checks in one process the files `zoo convert` wrote from the tutorial gallery
(Tests/KerasFormatTests/TutorialGalleryTests.swift): ONNX files under onnxruntime, `.keras` and
`.h5` files with real Keras 3.

  KERAS_BACKEND=numpy .venv/bin/python tools/keras_check/check_gallery.py MANIFEST.json

(the test uses Keras 3's numpy backend, which loads a model in ~0.1 s; jax, the default, compiles
each model it loads and predicts with, ~1 s a file, and checks the same).

MANIFEST.json: {"check_onnx": path of ../shared/fixtures/tools/check_onnx.py, "dir": DIR,
"models": [{"id": ID, "recurrent": ["LSTM", "GRU", "RNN" ...], "onnx": [SUFFIX ...],
"keras": [SUFFIX ...]}]}. Each DIR/ID<SUFFIX> is checked against DIR/ID.io.json (the writing
Keras's inputs, outputs and count_params()): an ONNX file passes check_onnx.py (onnx.checker's
full check, every output within 1e-5 under onnxruntime) and its graph, subgraphs included, has
no Loop or Scan and exactly the native recurrent operator types listed; a Keras file loads in
Keras 3 with the io.json's count_params() and predicts within 1e-5 (check_converted.py's check).
Prints one line per file and `ok` last; exits 1 on any failure.
"""
import contextlib
import importlib.util
import io
import json
import os
import sys

import check_converted  # noqa: E402  (imports Keras 3, the jax backend unless KERAS_BACKEND says otherwise)
import onnx  # noqa: E402

RECURRENT = {"LSTM", "GRU", "RNN"}


def op_types(graph):
    """Every node's op type in `graph` and in the subgraphs of its attributes."""
    for node in graph.node:
        yield node.op_type
        for attribute in node.attribute:
            for sub in ([attribute.g] if attribute.HasField("g") else []) + list(attribute.graphs):
                yield from op_types(sub)


def check_onnx_file(checker, path, io_path, recurrent):
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            status = checker.main([path, io_path])
    except SystemExit as e:
        status = e.code
    lines = out.getvalue().splitlines()
    used = set(op_types(onnx.load(path).graph)) if status == 0 else set()
    problems = [] if status == 0 else [lines[-1] if lines else f"check_onnx exited {status}"]
    if status == 0 and used & {"Loop", "Scan"}:
        problems.append(f"uses {sorted(used & {'Loop', 'Scan'})}")
    if status == 0 and used & RECURRENT != set(recurrent):
        problems.append(f"recurrent operators {sorted(used & RECURRENT)}, expected {sorted(recurrent)}")
    error = next((l.split("=")[1].split()[0] for l in lines if l.startswith("max_abs_err=")), "?")
    print(f"{os.path.basename(path)} (onnxruntime): max abs error {error}, recurrent {sorted(used & RECURRENT)}"
          + ("" if not problems else " MISMATCH " + "; ".join(problems)))
    return not problems


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check_gallery.py MANIFEST.json")
    with open(sys.argv[1]) as f:
        manifest = json.load(f)
    spec = importlib.util.spec_from_file_location("check_onnx", manifest["check_onnx"])
    checker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checker)
    folder, failed = manifest["dir"], False
    for entry in manifest["models"]:
        name = entry["id"]
        io_path = os.path.join(folder, name + ".io.json")
        for suffix in entry["onnx"]:
            failed |= not check_onnx_file(checker, os.path.join(folder, name + suffix), io_path, entry["recurrent"])
        for suffix in entry["keras"]:
            failed |= not check_converted.checked(folder, suffix, name)
    print("FAIL" if failed else "ok")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
