"""Loads the Keras files RNNZoo wrote with real Keras 3 and checks their outputs.

  KERAS_BACKEND=jax python tools/keras_check/check_written.py DIR FIXTURES_KERAS_DIR

DIR holds, for each fixture model NAME, files written by `zoo convert`:
  NAME.keras, NAME.h5 (Keras 3 legacy), NAME.weights.h5 (Keras 3 weights),
  NAME.keras2.h5 (Keras 2 full model), NAME.keras2.weights.h5 (Keras 2 weights only).
Full models are loaded with keras.saving.load_model; weights-only files into the architecture of
the fixture's own NAME.keras (the Keras 2 weights-only file under a plain .h5 name, as Keras 3
reads that layout only from such names). The Keras 2 files are loaded with tf_keras when it is
installed (weights into the fixture's own NAME.keras2.h5); Keras 3 reads it too, except a Functional model passing initial_state (Keras 3
cannot read that Keras 2 wiring, nor tf_keras's own files): without tf_keras that file is
compared with tf_keras's own NAME.keras2.h5 instead (same layers, same inbound nodes) and
reported as STRUCTURE-OK, loudly. Each must reproduce NAME.io.json within 1e-5.
Prints one line per file and `ok` last; exits 1 on any mismatch or load failure.
"""
import json
import os
import shutil
import sys
import tempfile

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

try:
    import tf_keras  # noqa: E402
except ImportError:
    tf_keras = None


def outputs_match(model, io_path):
    io = json.load(open(io_path))
    inputs = [np.array(i["data"], dtype=i["dtype"]).reshape(i["shape"]) for i in io["inputs"]]
    got = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    got = got if isinstance(got, list) else [got]
    errs = []
    for g, e in zip(got, io["outputs"]):
        errs.append(float(np.max(np.abs(np.asarray(g) - np.array(e["data"], dtype=np.float32).reshape(e["shape"])))))
    return max(errs)


def same_graph_as_tf_keras(ours, theirs):
    """Whether two Keras 2 full-model files describe the same graph: the same layers (class and
    name, in order) wired by the same inbound nodes."""
    import h5py

    def graph(path):
        with h5py.File(path, "r") as f:
            config = json.loads(f.attrs["model_config"])
        return [(l["class_name"], l.get("name"), json.dumps(l.get("inbound_nodes"))) for l in config["config"]["layers"]]

    return graph(ours) == graph(theirs)


def main():
    written, fixtures = sys.argv[1], sys.argv[2]
    names = sorted({f.split(".")[0] for f in os.listdir(written) if f.endswith(".keras")})
    failures = 0
    scratch = tempfile.mkdtemp()
    for name in names:
        io_path = os.path.join(fixtures, name + ".io.json")
        for suffix in [".keras", ".h5", ".weights.h5", ".keras2.h5", ".keras2.weights.h5"]:
            path = os.path.join(written, name + suffix)
            if not os.path.exists(path):
                continue
            try:
                if suffix == ".keras2.weights.h5" and tf_keras is not None:
                    model = tf_keras.models.load_model(os.path.join(fixtures, name + ".keras2.h5"), compile=False)
                    plain = os.path.join(scratch, name + ".legacy.h5")
                    shutil.copy(path, plain)
                    model.load_weights(plain)
                elif suffix.endswith("weights.h5"):
                    model = keras.saving.load_model(os.path.join(fixtures, name + ".keras"), compile=False)
                    if suffix == ".keras2.weights.h5":
                        plain = os.path.join(scratch, name + ".legacy.h5")
                        shutil.copy(path, plain)
                        path = plain
                    model.load_weights(path)
                elif suffix == ".keras2.h5" and tf_keras is not None:
                    model = tf_keras.models.load_model(path, compile=False)
                else:
                    model = keras.saving.load_model(path, compile=False)
                err = outputs_match(model, io_path)
                ok = err <= 1e-5
            except Exception as e:  # noqa: BLE001 - report every failure and go on
                message = str(e).splitlines()[0][:200]
                if suffix == ".keras2.h5" and tf_keras is None and "expects 1 input(s), but it received" in message:
                    same = same_graph_as_tf_keras(path, os.path.join(fixtures, name + ".keras2.h5"))
                    failures += not same
                    print(f"{name}{suffix}: {'STRUCTURE-OK' if same else 'FAIL'} Keras 3 cannot read Keras 2 initial_state wiring; "
                          f"the layers and inbound nodes {'equal' if same else 'differ from'} those of tf_keras's own file "
                          "(ZOO_TF_KERAS=1 scripts/setup.sh adds tf_keras to load it)")
                    continue
                err, ok = f"{type(e).__name__}: {message}", False
            failures += not ok
            print(f"{name}{suffix}: {'ok' if ok else 'FAIL'} max abs error {err}{' (tf_keras)' if suffix.startswith('.keras2') and tf_keras else ''}")
    shutil.rmtree(scratch)
    print("ok" if failures == 0 and names else f"FAIL: {failures} file(s)")
    sys.exit(0 if failures == 0 and names else 1)


if __name__ == "__main__":
    main()
