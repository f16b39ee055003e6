"""Writes Tests/ZooCoreTests/Fixtures/keras/cases/NAME.keras2.json: merge-layer cases built with
tf_keras (Keras 2), whose merges mean something else with masks: the values ignore them, the
elementwise merges' mask is the AND of the masks there are, Concatenate keeps a step where
every entry is real, and Dot normalises with tf.linalg.l2_normalize (norm floor 1e-6). The
files have the layout of make_cases.py's (the config is tf_keras's `to_json()`); KerasGoldenTests
reads them with Keras 2 meanings (`keras_version` 2.x).

  TF_CPP_MIN_LOG_LEVEL=3 python tools/keras_golden/merge_cases_keras2.py   # a venv with tensorflow-cpu and tf_keras 2.21
"""
import json
import os
import zlib

import numpy as np
import tf_keras as keras
from tf_keras import layers

from golden import OUT, tensor, write

CASES_OUT = os.path.join(OUT, "cases")
MERGES = {"add": layers.Add, "multiply": layers.Multiply, "maximum": layers.Maximum, "minimum": layers.Minimum}


def masked_embeddings(rng):
    """Two token inputs through Embedding(12, 4, mask_zero), padded differently (pre, post and
    middle against post, none and pre-and-middle)."""
    a = keras.Input((None,), dtype="int32", name="tokens_a")
    b = keras.Input((None,), dtype="int32", name="tokens_b")
    ea = layers.Embedding(12, 4, mask_zero=True, name="embedding_a")(a)
    eb = layers.Embedding(12, 4, mask_zero=True, name="embedding_b")(b)
    ids_a = rng.integers(1, 12, size=(3, 6)).astype(np.int32)
    ids_a[0, :2] = 0
    ids_a[1, -2:] = 0
    ids_a[2, 2] = 0
    ids_b = rng.integers(1, 12, size=(3, 6)).astype(np.int32)
    ids_b[0, -3:] = 0
    ids_b[2, :1] = 0
    ids_b[2, 3] = 0
    return [a, b], [ea, eb], [ids_a, ids_b]


def merge_masked(name, rng):
    inputs, (ea, eb), data = masked_embeddings(rng)
    y = MERGES[name.split("_")[1]](name="merge")([ea, eb])
    return keras.Model(inputs, [y, layers.LSTM(3, return_sequences=True, name="lstm")(y)], name=name), data


def concatenate_masked(name, rng):
    inputs, (ea, eb), data = masked_embeddings(rng)
    y = layers.Concatenate(axis=1 if name.endswith("time") else -1, name="concat")([ea, eb])
    return keras.Model(inputs, [y, layers.LSTM(3, return_sequences=True, name="lstm")(y)], name=name), data


def dot_normalize(name, rng):
    a, b = keras.Input((None, 3), name="features_a"), keras.Input((None, 2), name="features_b")
    ha = layers.LSTM(4, return_sequences=True, name="lstm_a")(a)
    hb = layers.LSTM(4, return_sequences=True, name="lstm_b")(b)
    y = layers.Dot(axes=-1, normalize=True, name="dot")([ha, hb])
    data = [rng.normal(size=(3, 6, 3)).astype(np.float32), rng.normal(size=(3, 6, 2)).astype(np.float32)]
    return keras.Model([a, b], y, name=name), data


CASES = {**{f"merge_{k}_masked": merge_masked for k in MERGES},
         "concatenate_masked_features": concatenate_masked, "concatenate_masked_time": concatenate_masked,
         "dot_axes_negative_normalize": dot_normalize}


def main():
    for name, build in CASES.items():
        keras.backend.clear_session()
        keras.utils.set_random_seed(zlib.crc32(name.encode()))
        rng = np.random.default_rng(zlib.crc32(name.encode()))
        model, data = build(name, rng)
        for layer in model.layers:
            layer.set_weights([rng.uniform(-0.7, 0.7, w.shape).astype(np.float32) for w in layer.get_weights()])
        got = model.predict(data, verbose=0)
        got = list(got) if isinstance(got, (list, tuple)) else [got]
        io = lambda values, names: [tensor(v, n, "int32" if np.asarray(v).dtype.kind == "i" else "float32") for v, n in zip(values, names)]
        write(os.path.join(CASES_OUT, name + ".keras2.json"), {
            "name": name + ".keras2", "keras_version": keras.__version__,
            "produced_by": f"tf_keras {keras.__version__} Model.predict, tools/keras_golden/merge_cases_keras2.py",
            "config": json.loads(model.to_json()),
            "weights": [{"layer": layer.name, "weights": [{"name": w.name, **tensor(w.numpy())} for w in layer.weights]} for layer in model.layers],
            "inputs": io(data, [i.name for i in model.inputs]), "outputs": io(got, [o.name for o in model.outputs])})
        print(name)


if __name__ == "__main__":
    main()
