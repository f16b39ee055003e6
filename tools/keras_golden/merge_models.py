"""Writes Tests/ONNXFormatTests/Fixtures/NAME.keras and NAME.io.json: functional models built
around the merge layers, saved by real Keras 3 (`model.save`), with inputs, Keras's outputs
(Model.predict), `count_params()` and, for two of them, one training step. MergeModelTests loads
each archive, predicts, trains a step, converts to ONNX and runs onnxruntime.

  KERAS_BACKEND=jax .venv/bin/python tools/keras_golden/merge_models.py

- two_lstm_concatenate: two LSTM branches, their last outputs concatenated, a Dense head.
- merge_gallery: two LSTM sequences combined by Add, Subtract, Multiply, Average, Maximum and
  Minimum, concatenated and read by an LSTM; a normalised Dot over time pooled beside it; a
  second output, the Dot of the sequences over their features [B, T, T].
- masked_merges: two token inputs through Embedding(mask_zero) and LSTM sequences, combined by
  Multiply, Maximum, Minimum and Add, concatenated (the masks OR-ed; a second output, with
  the values Keras gives at masked steps), read by an LSTM. Its inputs are post-padded (what ONNX sequence_lens expresses).
"""
import os
import zlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from golden import ROOT, tensor, weights_of, write  # noqa: E402

OUT = os.path.join(ROOT, "Tests", "ONNXFormatTests", "Fixtures")
# Models whose io.json also holds one training step of Keras (SGD with learning rate 1, mean
# squared error on every output against random targets): the weights after it, so the step
# compares the gradients of every weight through the merge layers.
TRAINED = ("two_lstm_concatenate", "merge_gallery")


def two_lstm_concatenate(rng):
    a, b = keras.Input((None, 3), name="features_a"), keras.Input((None, 2), name="features_b")
    ha = layers.LSTM(6, name="lstm_a")(a)
    hb = layers.LSTM(5, name="lstm_b")(b)
    y = layers.Dense(3, activation="softmax", name="head")(layers.Concatenate(name="concatenate")([ha, hb]))
    data = [rng.normal(size=(3, 7, 3)), rng.normal(size=(3, 7, 2))]
    return keras.Model([a, b], y, name="two_lstm_concatenate"), data


def merge_gallery(rng):
    a, b = keras.Input((None, 3), name="features_a"), keras.Input((None, 2), name="features_b")
    ha = layers.LSTM(4, return_sequences=True, name="lstm_a")(a)
    hb = layers.LSTM(4, return_sequences=True, name="lstm_b")(b)
    merged = [cls(name=cls.__name__.lower())([ha, hb]) for cls in
              (layers.Add, layers.Subtract, layers.Multiply, layers.Average, layers.Maximum, layers.Minimum)]
    joined = layers.Concatenate(axis=-1, name="concatenate")(merged)
    summary = layers.LSTM(5, name="lstm_joined")(joined)
    cosine = layers.Dot(axes=(1, 1), normalize=True, name="dot_time")([ha, hb])
    pooled = layers.GlobalAveragePooling1D(name="pool")(cosine)
    head = layers.Dense(2, name="head")(layers.Concatenate(axis=1, name="concatenate_head")([summary, pooled]))
    scores = layers.Dot(axes=2, name="dot_features")([ha, hb])
    data = [rng.normal(size=(2, 6, 3)), rng.normal(size=(2, 6, 2))]
    return keras.Model([a, b], [head, scores], name="merge_gallery"), data


def masked_merges(rng):
    a, b = keras.Input((None,), dtype="int32", name="tokens_a"), keras.Input((None,), dtype="int32", name="tokens_b")
    ha = layers.LSTM(4, return_sequences=True, name="lstm_a")(layers.Embedding(12, 4, mask_zero=True, name="embedding_a")(a))
    hb = layers.LSTM(4, return_sequences=True, name="lstm_b")(layers.Embedding(12, 4, mask_zero=True, name="embedding_b")(b))
    merged = [cls(name=cls.__name__.lower())([ha, hb]) for cls in (layers.Multiply, layers.Maximum, layers.Minimum, layers.Add)]
    joined = layers.Concatenate(name="concat")(merged)
    y = layers.Dense(1, activation="sigmoid", name="head")(layers.LSTM(3, name="lstm_joined")(joined))
    ids_a = rng.integers(1, 12, size=(3, 7))
    ids_b = rng.integers(1, 12, size=(3, 7))
    ids_a[0, 5:] = 0
    ids_a[1, 2:] = 0
    ids_b[0, 3:] = 0
    ids_b[2, 6:] = 0
    return keras.Model([a, b], [y, joined], name="masked_merges"), [ids_a.astype(np.int32), ids_b.astype(np.int32)]


def main():
    os.makedirs(OUT, exist_ok=True)
    for build in (two_lstm_concatenate, merge_gallery, masked_merges):
        name = build.__name__
        keras.backend.clear_session()
        keras.utils.set_random_seed(zlib.crc32(name.encode()))
        rng = np.random.default_rng(zlib.crc32(name.encode()))
        model, data = build(rng)
        data = [d if d.dtype == np.int32 else d.astype(np.float32) for d in data]
        for v in model.weights:
            v.assign(rng.uniform(-0.7, 0.7, v.shape).astype(np.float32))
        got = model.predict(data, verbose=0)
        got = list(got) if isinstance(got, (list, tuple)) else [got]
        model.save(os.path.join(OUT, name + ".keras"))
        body = {
            "model": name, "produced_by": f"keras {keras.__version__} ({keras.backend.backend()}) Model.predict, tools/keras_golden/merge_models.py",
            "count_params": model.count_params(),
            "inputs": [tensor(d, i.name, "int32" if d.dtype == np.int32 else "float32") for d, i in zip(data, model.inputs)],
            "outputs": [tensor(g, o.name) for g, o in zip(got, model.outputs)]}
        if name in TRAINED:
            targets = [rng.normal(size=g.shape).astype(np.float32) for g in got]
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0), loss="mse")
            loss = model.train_on_batch(data, targets)
            body["training_step"] = {"optimizer": "SGD(learning_rate=1.0)", "loss": "mse", "targets": [tensor(t) for t in targets],
                                     "loss_value": float(loss[0] if isinstance(loss, list) else loss), "weights_after": weights_of(model)}
        write(os.path.join(OUT, name + ".io.json"), body)
        print(name)


if __name__ == "__main__":
    main()
