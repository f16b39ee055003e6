"""Writes models shaped like the tutorials' into a folder, as real Keras 3 saves them: for each
NAME, NAME.keras and NAME.h5 (model.save), and NAME.io.json (inputs, Model.predict's outputs,
and count_params() as "count_params"), in the layout of ../shared/fixtures (io.json).

  KERAS_BACKEND=jax .venv/bin/python tools/keras_golden/wild_models.py OUTDIR [NAME ...]

Tests run it into a temporary folder (Tests/KerasFormatTests/WildKerasModelTests.swift,
Tests/ONNXFormatTests/ONNXWildModelTests.swift): the files are Keras's own, not a fixture.
Every weight gets seeded uniform(-0.5, 0.5) values, so no initializer value hides a bug.
"""
import json
import os
import sys
import zlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from golden import tensor  # noqa: E402

MODELS = {}


def model(fn):
    MODELS[fn.__name__] = fn
    return fn


def padded_ids(rng, vocab, batch, time):
    """Pre-padded, post-padded and middle-padded rows (id 0 = padding)."""
    ids = rng.integers(1, vocab, size=(batch, time)).astype(np.int32)
    ids[0, :2] = 0
    ids[1, -2:] = 0
    ids[2, time // 2] = 0
    return ids


@model
def mask_zero_functional(rng):
    """Functional Embedding(mask_zero) encoder → LSTM states → masked decoder: the legacy .h5
    stores the mask's NotEqual operations with "module": null."""
    enc_in = keras.Input((None,), dtype="int32", name="encoder_tokens")
    dec_in = keras.Input((None,), dtype="int32", name="decoder_tokens")
    e = layers.Embedding(15, 5, mask_zero=True, name="enc_embedding")(enc_in)
    _, h, c = layers.LSTM(6, return_state=True, name="encoder")(e)
    d = layers.Embedding(15, 5, mask_zero=True, name="dec_embedding")(dec_in)
    y = layers.LSTM(6, return_sequences=True, name="decoder")(d, initial_state=[h, c])
    y = layers.Dense(4, activation="softmax", name="probs")(y)
    return keras.Model([enc_in, dec_in], y, name="mask_zero_functional"), [padded_ids(rng, 15, 3, 7), padded_ids(rng, 15, 3, 6)]


@model
def masking_functional(rng):
    """Functional Masking → GRU: the .h5 stores NotEqual and Any with "module": null."""
    x = keras.Input((None, 3), name="series")
    y = layers.Masking(0.0, name="masking")(x)
    y = layers.GRU(5, name="gru")(y)
    y = layers.Dense(2, name="out")(y)
    data = rng.normal(size=(3, 6, 3)).astype(np.float32)
    data[0, :2] = 0
    data[1, -2:] = 0
    data[2, 3] = 0
    return keras.Model(x, y, name="masking_functional"), [data]


def one_hot_sums(rng, batch, maxlen, chars=12):
    ids = rng.integers(0, chars, size=(batch, maxlen))
    return np.eye(chars, dtype=np.float32)[ids]


@model
def addition_rnn(rng):
    """keras.io's addition RNN: LSTM encoder → RepeatVector(DIGITS + 1) → LSTM decoder
    (return_sequences) → Dense(softmax) over the 12 characters, one-hot inputs [B, 7, 12]."""
    m = keras.Sequential([
        keras.Input((7, 12), name="question"),
        layers.LSTM(16, name="encoder"),
        layers.RepeatVector(4, name="repeat"),
        layers.LSTM(16, return_sequences=True, name="decoder"),
        layers.Dense(12, activation="softmax", name="answer"),
    ], name="addition_rnn")
    return m, [one_hot_sums(rng, 4, 7)]


@model
def addition_rnn_time_distributed(rng):
    """The older form of the addition RNN: TimeDistributed(Dense) after the decoder."""
    m = keras.Sequential([
        keras.Input((7, 12), name="question"),
        layers.LSTM(16, name="encoder"),
        layers.RepeatVector(4, name="repeat"),
        layers.LSTM(16, return_sequences=True, name="decoder"),
        layers.TimeDistributed(layers.Dense(12, name="char"), name="answer"),
        layers.Activation("softmax", name="softmax"),
    ], name="addition_rnn_time_distributed")
    return m, [one_hot_sums(rng, 4, 7)]


@model
def shape_layers(rng):
    """Reshape (with -1), Permute, Flatten and Activation around a GRU."""
    x = keras.Input((6, 4), name="features")
    y = layers.Reshape((3, -1), name="pairs")(x)
    y = layers.Permute((2, 1), name="swap")(y)
    y = layers.GRU(5, return_sequences=True, name="gru")(y)
    y = layers.Flatten(name="flat")(y)
    y = layers.Dense(3, name="logits")(y)
    y = layers.Activation("sigmoid", name="probs")(y)
    return keras.Model(x, y, name="shape_layers"), [rng.normal(size=(3, 6, 4)).astype(np.float32)]


@model
def masked_merges(rng):
    """Two masked branches merged by Add and Concatenate into an LSTM: the legacy .h5 stores the
    merge masks' LogicalOr, ExpandDims, OnesLike/ZerosLike and Concatenate operations with
    "module": null."""
    a_in = keras.Input((None,), dtype="int32", name="tokens_a")
    b_in = keras.Input((None,), dtype="int32", name="tokens_b")
    a = layers.LSTM(4, return_sequences=True, name="lstm_a")(layers.Embedding(12, 3, mask_zero=True, name="embed_a")(a_in))
    b = layers.LSTM(4, return_sequences=True, name="lstm_b")(layers.Embedding(12, 3, mask_zero=True, name="embed_b")(b_in))
    y = layers.Concatenate(name="joined")([layers.Add(name="sum")([a, b]), b])
    y = layers.LSTM(5, name="reader")(y)
    y = layers.Dense(2, name="out")(y)
    return keras.Model([a_in, b_in], y, name="masked_merges"), [padded_ids(rng, 12, 3, 6), padded_ids(rng, 12, 3, 6)]


@model
def cnn_lstm_text(rng):
    """A CNN-LSTM text classifier with every layer over time: Embedding → ZeroPadding1D →
    Conv1D(relu) → MaxPooling1D → Conv1D(causal, dilated) → AveragePooling1D(same) →
    UpSampling1D → Cropping1D → LSTM → GlobalMaxPooling1D → Dense(sigmoid)."""
    x = keras.Input((20,), dtype="int32", name="tokens")
    y = layers.Embedding(30, 8, name="embedding")(x)
    y = layers.ZeroPadding1D(1, name="pad")(y)
    y = layers.Conv1D(8, 5, activation="relu", name="conv")(y)
    y = layers.MaxPooling1D(2, name="pool")(y)
    y = layers.Conv1D(6, 3, padding="causal", dilation_rate=2, activation="tanh", name="causal_conv")(y)
    y = layers.AveragePooling1D(2, padding="same", name="average")(y)
    y = layers.UpSampling1D(2, name="upsample")(y)
    y = layers.Cropping1D((1, 0), name="crop")(y)
    y = layers.LSTM(6, return_sequences=True, name="lstm")(y)
    y = layers.GlobalMaxPooling1D(name="global_max")(y)
    y = layers.Dense(1, activation="sigmoid", name="head")(y)
    return keras.Model(x, y, name="cnn_lstm_text"), [rng.integers(0, 30, size=(4, 20)).astype(np.int32)]


@model
def lambda_layer(rng):
    """A Lambda between an LSTM and its head: what `zoo` must refuse with one line."""
    x = keras.Input((None, 3), name="series")
    y = layers.LSTM(4, name="lstm")(x)
    y = layers.Lambda(lambda t: t * 2.0, name="double")(y)
    y = layers.Dense(1, name="out")(y)
    return keras.Model(x, y, name="lambda_layer"), [rng.normal(size=(2, 5, 3)).astype(np.float32)]


def write(name, out):
    keras.backend.clear_session()
    keras.utils.set_random_seed(zlib.crc32(name.encode()))
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    m, data = MODELS[name](rng)
    for v in m.weights:
        v.assign(rng.uniform(-0.5, 0.5, v.shape).astype(np.float32))
    got = m.predict(data if len(data) > 1 else data[0], verbose=0)
    got = list(got) if isinstance(got, (list, tuple)) else [got]
    m.save(os.path.join(out, name + ".keras"))
    m.save(os.path.join(out, name + ".h5"))
    io = {"model": name, "produced_by": f"keras {keras.__version__} ({keras.backend.backend()}) Model.predict, tools/keras_golden/wild_models.py",
          "count_params": m.count_params(),
          "inputs": [tensor(d, i.name, "int32" if d.dtype.kind == "i" else "float32") for d, i in zip(data, m.inputs)],
          "outputs": [tensor(g, o.name) for g, o in zip(got, m.outputs)]}
    with open(os.path.join(out, name + ".io.json"), "w") as f:
        json.dump(io, f)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: wild_models.py OUTDIR [NAME ...]")
    out, names = sys.argv[1], sys.argv[2:] or list(MODELS)
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        sys.exit(f"unknown model(s): {', '.join(unknown)}; known: {', '.join(MODELS)}")
    os.makedirs(out, exist_ok=True)
    for name in names:
        write(name, out)
        print(name)


if __name__ == "__main__":
    main()
