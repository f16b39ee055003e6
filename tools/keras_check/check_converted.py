"""Loads files `zoo convert` wrote from another Keras version's file with the real Keras and
checks them against the outputs the original file's Keras gave.

  KERAS_BACKEND=jax python tools/keras_check/check_converted.py DIR SUFFIX NAME [NAME ...]
  python tools/keras_check/check_converted.py --tf-keras DIR SUFFIX NAME [NAME ...]

For each NAME, DIR/NAME<SUFFIX> (e.g. `.keras`, `.k3.h5`, `.keras2.h5`) is loaded with Keras 3's
keras.saving.load_model (with --tf-keras: tf_keras's load_model, a venv with tensorflow and
tf_keras) and run on the inputs of DIR/NAME.io.json (tools/keras_golden/keras2_tutorial_models.py
for tf_keras's files, wild_models.py for Keras 3's); its count_params() must equal the io.json's
and every output must be within 1e-5 of it. Prints one line per file and `ok` last; exits 1 on
any mismatch or load failure.
"""
import json
import os
import sys

import numpy as np  # noqa: E402

TF_KERAS = "--tf-keras" in sys.argv[1:2]
if TF_KERAS:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tf_keras as keras  # noqa: E402
else:
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras  # noqa: E402

ATOL = 1e-5


def check(folder, suffix, name):
    with open(os.path.join(folder, name + ".io.json")) as f:
        io = json.load(f)
    path = os.path.join(folder, name + suffix)
    model = keras.models.load_model(path, compile=False) if TF_KERAS else keras.saving.load_model(path)
    x = [np.array(i["data"], dtype=i["dtype"]).reshape(i["shape"]) for i in io["inputs"]]
    got = model.predict(x if len(x) > 1 else x[0], verbose=0)
    got = list(got) if isinstance(got, (list, tuple)) else [got]
    want = [np.array(o["data"], dtype=np.float32).reshape(o["shape"]) for o in io["outputs"]]
    error = max(float(np.max(np.abs(np.asarray(g) - w))) for g, w in zip(got, want))
    counted = model.count_params()
    ok = len(got) == len(want) and error <= ATOL and counted == io["count_params"]
    which = f"tf_keras {keras.__version__}" if TF_KERAS else f"keras {keras.__version__}, {keras.backend.backend()}"
    print(f"{name}{suffix} ({which}): max abs error {error:.3g}, params {counted} (io.json {io['count_params']})"
          + ("" if ok else " MISMATCH"))
    return ok


def checked(folder, suffix, name):
    """check(), a file Keras cannot load counting as a failed check printed on one line."""
    try:
        return check(folder, suffix, name)
    except Exception as e:  # noqa: BLE001 - any load failure fails the check
        print(f"{name}{suffix}: FAIL {type(e).__name__}: {' '.join(str(e).split())[:400]}")
        return False


def main():
    args = sys.argv[2:] if TF_KERAS else sys.argv[1:]
    if len(args) < 3:
        sys.exit("usage: check_converted.py [--tf-keras] DIR SUFFIX NAME [NAME ...]")
    folder, suffix, names = args[0], args[1], args[2:]
    failed = False
    for name in names:
        failed |= not checked(folder, suffix, name)
    print("FAIL" if failed else "ok")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
