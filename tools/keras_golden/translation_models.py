"""Writes the attention translation models of the tutorials (issue 18's gallery left them out)
into Tests/KerasFormatTests/Fixtures/translation, with tf_keras 2.21 or with Keras 3:

  ~/.cache/rnnzoo-anchors/venv/bin/python tools/keras_golden/translation_models.py
  KERAS_BACKEND=jax .venv/bin/python tools/keras_golden/translation_models.py --keras3

Source Embedding(12, mask_zero) → LSTM(return_sequences, return_state); target Embedding(9,
mask_zero) → LSTM(return_sequences) started from the encoder's states; AdditiveAttention
(Bahdanau) or Attention (Luong) over [decoder, encoder] → Concatenate([decoder, context]) →
Dense(6, tanh) → Dense(9, softmax); every weight set to seeded random values, with padded source
and target ids (padding at the end, in the middle, none), the outputs of Model.predict and
count_params(). tf_keras writes translation_{bahdanau,luong}.keras2.h5 (and .keras2.io.json);
Keras 3 writes translation_{bahdanau,luong}.keras3.keras and .keras3.h5, kept deflated in
keras3_models.zip (HDF5's per-object overhead: ~40 KB each, ~8 KB deflated), and .keras3.io.json.
The two Keras differ on the decoder: tf_keras masks a call given initial states with its input's
mask, Keras 3 runs it unmasked (two tensor arguments: Keras fills no mask) while its output keeps
that mask for the attention after it. TranslationModelTests checks every file.
"""
import os
import sys
import tempfile
import zipfile
import zlib

KERAS3 = "--keras3" in sys.argv[1:]
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
if KERAS3:
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras  # noqa: E402
else:
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tf_keras as keras  # noqa: E402
import numpy as np  # noqa: E402

from golden import ROOT, tensor, write  # noqa: E402

OUT = os.path.join(ROOT, "Tests", "KerasFormatTests", "Fixtures", "translation")


def translation(attention, name):
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
    return keras.Model([source, target], layers.Dense(9, activation="softmax", name="vocabulary")(y), name=name)


def main():
    writer = f"keras {keras.__version__} ({keras.backend.backend()})" if KERAS3 else f"tf_keras {keras.__version__}"
    with tempfile.TemporaryDirectory() as folder:
        for name, attention in [("translation_bahdanau", keras.layers.AdditiveAttention), ("translation_luong", keras.layers.Attention)]:
            rng = np.random.default_rng(zlib.crc32(name.encode()))
            keras.utils.set_random_seed(zlib.crc32(name.encode()) % 2**31)
            model = translation(attention, name)
            model.set_weights([rng.uniform(-0.7, 0.7, w.shape).astype(np.float32) for w in model.get_weights()])
            source = rng.integers(1, 12, size=(3, 6)).astype(np.int32)
            source[0, -2:] = 0
            source[1, 2] = 0
            target = rng.integers(1, 9, size=(3, 5)).astype(np.int32)
            target[0, -2:] = 0
            target[2, 1] = 0
            got = model.predict([source, target], verbose=0)
            stem = name + (".keras3" if KERAS3 else ".keras2")
            if KERAS3:
                for suffix in (".keras", ".h5"):
                    model.save(os.path.join(folder, stem + suffix))
            else:
                model.save(os.path.join(OUT, stem + ".h5"))
            write(os.path.join(OUT, stem + ".io.json"), {
                "model": name, "produced_by": f"{writer} Model.predict, tools/keras_golden/translation_models.py",
                "count_params": int(model.count_params()),
                "inputs": [tensor(source, "source", "int32"), tensor(target, "target", "int32")], "outputs": [tensor(got, "vocabulary")]})
            print(stem, model.count_params())
        if KERAS3:
            with zipfile.ZipFile(os.path.join(OUT, "keras3_models.zip"), "w") as z:
                for member in sorted(os.listdir(folder)):
                    with open(os.path.join(folder, member), "rb") as f:
                        z.writestr(zipfile.ZipInfo(member, (1980, 1, 1, 0, 0, 0)), f.read(), zipfile.ZIP_DEFLATED, 9)


if __name__ == "__main__":
    main()
