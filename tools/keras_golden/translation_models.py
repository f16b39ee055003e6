"""Writes Tests/KerasFormatTests/Fixtures/translation/translation_{bahdanau,luong}.keras2.{h5,io.json}
with tf_keras 2.21: the attention translation models of the tutorials (issue 18's gallery left
them out), source Embedding(12, mask_zero) → LSTM(return_sequences, return_state); target
Embedding(9, mask_zero) → LSTM(return_sequences) started from the encoder's states;
AdditiveAttention (Bahdanau) or Attention (Luong) over [decoder, encoder] → Concatenate([decoder,
context]) → Dense(6, tanh) → Dense(9, softmax); every weight set to seeded random values, with
padded source and target ids (padding at the end, in the middle, none), the outputs of
Model.predict and count_params(). TranslationModelTests converts them to Keras 3.

  ~/.cache/rnnzoo-anchors/venv/bin/python tools/keras_golden/translation_models.py
"""
import os
import zlib

os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tf_keras as keras  # noqa: E402

from golden import ROOT, tensor, write  # noqa: E402

OUT = os.path.join(ROOT, "Tests", "KerasFormatTests", "Fixtures", "translation")


def translation(attention):
    layers = keras.layers
    source = keras.Input((None,), dtype="int32", name="source")
    target = keras.Input((None,), dtype="int32", name="target")
    s = layers.Embedding(12, 5, mask_zero=True, name="source_embedding")(source)
    encoded, h, c = layers.LSTM(6, return_sequences=True, return_state=True, name="encoder")(s)
    t = layers.Embedding(9, 5, mask_zero=True, name="target_embedding")(target)
    decoded = layers.LSTM(6, return_sequences=True, name="decoder")(t, initial_state=[h, c])
    context = attention(name="attention")([decoded, encoded])
    y = layers.Concatenate(name="concat")([decoded, context])
    y = layers.Dense(6, activation="tanh", name="combine")(y)
    return keras.Model([source, target], layers.Dense(9, activation="softmax", name="vocabulary")(y))


def main():
    for name, attention in [("translation_bahdanau", keras.layers.AdditiveAttention), ("translation_luong", keras.layers.Attention)]:
        rng = np.random.default_rng(zlib.crc32(name.encode()))
        keras.utils.set_random_seed(zlib.crc32(name.encode()) % 2**31)
        model = translation(attention)
        model._name = name
        model.set_weights([rng.uniform(-0.7, 0.7, w.shape).astype(np.float32) for w in model.get_weights()])
        source = rng.integers(1, 12, size=(3, 6)).astype(np.int32)
        source[0, -2:] = 0
        source[1, 2] = 0
        target = rng.integers(1, 9, size=(3, 5)).astype(np.int32)
        target[0, -2:] = 0
        target[2, 1] = 0
        got = model.predict([source, target], verbose=0)
        stem = os.path.join(OUT, name + ".keras2")
        model.save(stem + ".h5")
        write(stem + ".io.json", {
            "model": name, "produced_by": f"tf_keras {keras.__version__} Model.predict, tools/keras_golden/translation_models.py",
            "count_params": model.count_params(),
            "inputs": [tensor(source, "source", "int32"), tensor(target, "target", "int32")], "outputs": [tensor(got, "vocabulary")]})
        print(stem, model.count_params())


if __name__ == "__main__":
    main()
