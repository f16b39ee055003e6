"""Writes Tests/ONNXFormatTests/Fixtures/attention_hybrid.{keras,h5,io.json} with Keras 3, or
with --keras2 attention_hybrid.keras2.{h5,keras,io.json} with tf_keras 2.21: the transformer/LSTM
hybrid of the tutorials, Embedding(mask_zero) → LSTM(return_sequences) → MultiHeadAttention
self-attention → Add (residual) → LayerNormalization → GlobalAveragePooling1D → Dense(softmax),
every weight set to seeded random values, with padded token inputs (padding at the start, at the
end, in the middle, none), the outputs of Model.predict and count_params().
AttentionHybridModelTests loads each file, predicts, exports to ONNX and converts to .keras.

  KERAS_BACKEND=jax .venv/bin/python tools/keras_golden/attention_hybrid_models.py
  ~/.cache/rnnzoo-anchors/venv/bin/python tools/keras_golden/attention_hybrid_models.py --keras2
"""
import os
import sys
import zlib

KERAS2 = "--keras2" in sys.argv
if KERAS2:
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tf_keras as keras  # noqa: E402
else:
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras  # noqa: E402
import numpy as np  # noqa: E402

from golden import ROOT, tensor, write  # noqa: E402

OUT = os.path.join(ROOT, "Tests", "ONNXFormatTests", "Fixtures")


def hybrid():
    layers = keras.layers
    x = keras.Input((None,), dtype="int32", name="tokens")
    e = layers.Embedding(30, 8, mask_zero=True, name="embedding")(x)
    h = layers.LSTM(8, return_sequences=True, name="lstm")(e)
    a = layers.MultiHeadAttention(num_heads=2, key_dim=4, name="mha")(h, h)
    y = layers.Add(name="residual")([h, a])
    y = layers.LayerNormalization(name="layer_norm")(y)
    y = layers.GlobalAveragePooling1D(name="pool")(y)
    return keras.Model(x, layers.Dense(3, activation="softmax", name="head")(y), name="attention_hybrid")


def main():
    name = "attention_hybrid"
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    keras.utils.set_random_seed(zlib.crc32(name.encode()))
    model = hybrid()
    for v in model.weights:
        v.assign(rng.uniform(-0.7, 0.7, tuple(v.shape)).astype(np.float32))
    ids = rng.integers(1, 30, size=(4, 7)).astype(np.int32)
    ids[0, :2] = 0
    ids[1, -3:] = 0
    ids[2, 3] = 0
    got = model.predict(ids, verbose=0)
    stem = os.path.join(OUT, name + (".keras2" if KERAS2 else ""))
    model.save(stem + ".h5")
    model.save(stem + ".keras")
    version = f"tf_keras {keras.__version__}" if KERAS2 else f"keras {keras.__version__} ({keras.backend.backend()})"
    write(stem + ".io.json", {
        "model": name, "produced_by": f"{version} Model.predict, tools/keras_golden/attention_hybrid_models.py",
        "count_params": model.count_params(), "inputs": [tensor(ids, "tokens", "int32")], "outputs": [tensor(got, "head")]})
    print(stem, model.count_params())


if __name__ == "__main__":
    main()
