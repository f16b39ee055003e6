"""Writes Tests/KerasFormatTests/Fixtures/cudnn/NAME.h5 and NAME.io.json: models of the CuDNN era
saved by tf_keras 2.21 (tf.compat.v1.keras.layers.CuDNNLSTM / CuDNNGRU, which build and save on a
CPU but cannot run there). The expected outputs come from tf_keras's own converter: the same
model with LSTM / GRU(reset_after=True) in place of each CuDNN layer loads the .h5
(hdf5_format's _convert_rnn_weights maps the weights) and predicts. io.json holds the inputs,
those outputs, and count_params() of the CuDNN model ("count_params") and of the converted one
("count_params_converted").

  TF_CPP_MIN_LOG_LEVEL=3 python tools/keras_golden/cudnn_models.py   # a venv with tensorflow-cpu and tf_keras 2.21
"""
import json
import os
import zlib

os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ["CUDA_VISIBLE_DEVICES"] = ""
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402
from tf_keras import layers  # noqa: E402

from golden import tensor  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "KerasFormatTests", "Fixtures", "cudnn")
CUDNN = tf.compat.v1.keras.layers


def lstm(cudnn, units, **kw):
    return CUDNN.CuDNNLSTM(units, **kw) if cudnn else layers.LSTM(units, **kw)


def gru(cudnn, units, **kw):
    return CUDNN.CuDNNGRU(units, **kw) if cudnn else layers.GRU(units, reset_after=True, **kw)


def cudnn_lstm_text(cudnn, rng):
    """A Keras 2 era text classifier: Embedding → CuDNNLSTM(seq) → CuDNNLSTM → Dense softmax."""
    m = keras.Sequential([keras.Input((7,), dtype="int32"), layers.Embedding(20, 6),
                          lstm(cudnn, 5, return_sequences=True), lstm(cudnn, 4), layers.Dense(3, activation="softmax")])
    return m, [rng.integers(0, 20, size=(3, 7)).astype(np.int32)]


def cudnn_gru_bidirectional(cudnn, rng):
    """Bidirectional(CuDNNGRU) over features, a backwards CuDNNGRU with its state, Dense."""
    x = keras.Input((6, 4))
    y = layers.Bidirectional(gru(cudnn, 3, return_sequences=True))(x)
    y, state = gru(cudnn, 2, go_backwards=True, return_state=True)(y)
    return keras.Model(x, [layers.Dense(2)(y), state]), [rng.uniform(-1, 1, (2, 6, 4)).astype(np.float32)]


MODELS = {"cudnn_lstm_text": cudnn_lstm_text, "cudnn_gru_bidirectional": cudnn_gru_bidirectional}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, build in MODELS.items():
        seed = zlib.crc32(name.encode())
        keras.utils.set_random_seed(seed)
        model, inputs = build(True, np.random.default_rng(seed))
        for w in model.weights:
            w.assign(np.random.default_rng(seed + len(w.name)).uniform(-0.5, 0.5, w.shape).astype(np.float32))
        path = os.path.join(OUT, name + ".h5")
        model.save(path)
        converted, _ = build(False, np.random.default_rng(seed))
        converted.load_weights(path)
        outputs = converted.predict(inputs, verbose=0)
        outputs = outputs if isinstance(outputs, list) else [outputs]
        io = {"inputs": [tensor(a, dtype="int32" if a.dtype == np.int32 else "float32") for a in inputs],
              "outputs": [tensor(a) for a in outputs],
              "count_params": int(model.count_params()), "count_params_converted": int(converted.count_params())}
        with open(os.path.join(OUT, name + ".io.json"), "w") as f:
            json.dump(io, f)
        print(name, io["count_params"], io["count_params_converted"])


if __name__ == "__main__":
    main()
