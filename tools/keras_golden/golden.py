"""Shared helpers of the golden-file scripts: where files go and how tensors are written."""
import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "ZooCoreTests", "Fixtures", "keras")


def tensor(a, name=None, dtype="float32"):
    """{"shape", "dtype", "data"} with exact float32 values (shortest repr of the double)."""
    a = np.asarray(a)
    data = [int(v) for v in a.reshape(-1)] if dtype == "int32" else [float(np.float32(v)) for v in a.reshape(-1)]
    out = {"shape": list(a.shape), "dtype": dtype, "data": data}
    if name:
        out = {"name": name, **out}
    return out


def weights_of(model):
    """Every layer's variables in get_weights order, with their Keras 3 paths."""
    return [{"layer": layer.name, "weights": [{"name": w.path, **tensor(w.numpy())} for w in layer.weights]}
            for layer in model.layers]


def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")
