"""Writes Tests/ZooCoreTests/Fixtures/keras/cases/NAME.keras2.json: Conv1D and the layers over
time built with tf_keras (Keras 2), whose configs differ from Keras 3's (ZeroPadding1D has no
data_format, dtypes are plain strings). The files have the layout of make_cases.py's (the
config is tf_keras's `to_json()`); KerasGoldenTests reads them with Keras 2 meanings, and
KerasFormatTests checks that the tf_keras config we write of them has only keys tf_keras wrote.
tf_keras also saves each model as it writes files (Fixtures/keras/tf_keras/NAME.h5 and
NAME.keras), which KerasFormatTests loads.

  TF_CPP_MIN_LOG_LEVEL=3 python tools/keras_golden/conv_cases_keras2.py   # a venv with tensorflow-cpu and tf_keras 2.21
"""
import json
import os
import zlib

import numpy as np
import tf_keras as keras
from tf_keras import layers

from golden import OUT, tensor, write

CASES_OUT = os.path.join(OUT, "cases")


def cnn_lstm_time_layers(name, rng):
    """Embedding → ZeroPadding1D → Conv1D(relu) → MaxPooling1D(same) → Conv1D(causal, dilated) →
    AveragePooling1D(same) → UpSampling1D → Cropping1D → LSTM → GlobalMaxPooling1D(keepdims) →
    Dense(sigmoid)."""
    x = keras.Input((None,), dtype="int32", name="tokens")
    y = layers.Embedding(30, 8, name="embedding")(x)
    y = layers.ZeroPadding1D((2, 1), name="pad")(y)
    y = layers.Conv1D(8, 4, strides=2, activation="relu", name="conv")(y)
    y = layers.MaxPooling1D(3, strides=1, padding="same", name="pool")(y)
    y = layers.Conv1D(6, 3, padding="causal", dilation_rate=2, activation="tanh", name="causal_conv")(y)
    y = layers.AveragePooling1D(2, padding="same", name="average")(y)
    y = layers.UpSampling1D(3, name="upsample")(y)
    y = layers.Cropping1D((1, 2), name="crop")(y)
    y = layers.LSTM(5, return_sequences=True, name="lstm")(y)
    y = layers.GlobalMaxPooling1D(keepdims=True, name="global_max")(y)
    y = layers.Dense(1, activation="sigmoid", name="head")(y)
    return keras.Model(x, y, name=name), [rng.integers(0, 30, size=(3, 17)).astype(np.int32)]


def conv1d_masked_drops_mask(name, rng):
    """A mask from Embedding(mask_zero) stops at Conv1D in tf_keras too: the LSTM runs every step."""
    x = keras.Input((None,), dtype="int32", name="tokens")
    y = layers.Embedding(12, 4, mask_zero=True, name="embedding")(x)
    y = layers.Conv1D(4, 2, padding="same", activation="hard_sigmoid", name="conv")(y)
    y = layers.LSTM(3, return_sequences=True, name="lstm")(y)
    ids = rng.integers(1, 12, size=(3, 6)).astype(np.int32)
    ids[0, :2] = 0
    ids[1, -2:] = 0
    ids[2, 2] = 0
    return keras.Model(x, y, name=name), [ids]


CASES = {"cnn_lstm_time_layers": cnn_lstm_time_layers, "conv1d_masked_drops_mask": conv1d_masked_drops_mask}


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
            "produced_by": f"tf_keras {keras.__version__} Model.predict, tools/keras_golden/conv_cases_keras2.py",
            "config": json.loads(model.to_json()), "count_params": model.count_params(),
            "weights": [{"layer": layer.name, "weights": [{"name": w.name, **tensor(w.numpy())} for w in layer.weights]} for layer in model.layers],
            "inputs": io(data, [i.name for i in model.inputs]), "outputs": io(got, [o.name for o in model.outputs])})
        files = os.path.join(OUT, "tf_keras")
        os.makedirs(files, exist_ok=True)
        model.save(os.path.join(files, name + ".h5"))
        model.save(os.path.join(files, name + ".keras"))
        print(name)


if __name__ == "__main__":
    main()
