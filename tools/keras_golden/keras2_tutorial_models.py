"""Writes models shaped like the Keras 2 era's RNN tutorials into a folder, as tf_keras saves them:
for each NAME, NAME.h5 (model.save, the Keras 2 full-model layout) and NAME.io.json (inputs,
Model.predict's outputs, and count_params() as "count_params"), in the layout of
../shared/fixtures (io.json). Keras 3 cannot read these .h5 files; `zoo convert` migrates them.

  TF_CPP_MIN_LOG_LEVEL=3 ~/.cache/rnnzoo-anchors/venv/bin/python tools/keras_golden/keras2_tutorial_models.py OUTDIR [NAME ...]

(a venv with tensorflow-cpu and tf_keras 2.21). Tests/KerasFormatTests/Keras2MigrationTests.swift
runs it into a temporary folder, converts every file with the real `zoo` and has real Keras 3
load the results. The configs carry what Keras 3 does not accept: `batch_input_shape` on a first
layer, Embedding's `input_length`, RNNs' `time_major`, plain-string dtypes, Keras 2 InputLayers,
nested-list inbound nodes with initial states as extra inputs, regularizers and constraints.
Every weight gets seeded uniform(-0.5, 0.5) values, so no initializer value hides a bug.
"""
import json
import os
import sys
import zlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tf_keras as keras  # noqa: E402
from tf_keras import layers  # noqa: E402

from golden import tensor  # noqa: E402

MODELS = {}


def model(fn):
    MODELS[fn.__name__] = fn
    return fn


def padded_ids(rng, vocab, batch, time):
    """Pre-padded, post-padded and middle-padded rows, then full ones (id 0 = padding)."""
    ids = rng.integers(1, vocab, size=(batch, time)).astype(np.int32)
    ids[0, :2] = 0
    ids[1, -3:] = 0
    ids[2, time // 2] = 0
    return ids


@model
def sentiment_lstm(rng):
    """IMDB-style: Sequential Embedding(mask_zero, input_length) → LSTM → Dense(sigmoid), with an
    L2 kernel regularizer and a MaxNorm constraint."""
    m = keras.Sequential([
        layers.Embedding(40, 8, mask_zero=True, input_length=9, name="embedding"),
        layers.LSTM(6, kernel_regularizer=keras.regularizers.l2(1e-4), name="lstm"),
        layers.Dense(1, activation="sigmoid", kernel_constraint=keras.constraints.MaxNorm(3), name="sentiment"),
    ], name="sentiment_lstm")
    m.build((None, 9))
    return m, [padded_ids(rng, 40, 4, 9)]


@model
def bigru_classifier(rng):
    """Sequential Embedding(mask_zero) → Bidirectional(GRU) → Dense(softmax), from an explicit
    Keras 2 InputLayer."""
    m = keras.Sequential([
        keras.Input(shape=(None,), dtype="int32", name="tokens"),
        layers.Embedding(30, 6, mask_zero=True, name="embedding"),
        layers.Bidirectional(layers.GRU(5, name="gru"), name="bigru"),
        layers.Dense(3, activation="softmax", name="classes"),
    ], name="bigru_classifier")
    return m, [padded_ids(rng, 30, 4, 8)]


@model
def lstm_seq2seq(rng):
    """keras.io's lstm_seq2seq: one-hot encoder and decoder inputs, the encoder's states start
    the decoder (initial states as extra inputs of the call in the Keras 2 config)."""
    enc_in = keras.Input((None, 7), name="encoder_inputs")
    _, h, c = layers.LSTM(8, return_state=True, name="encoder")(enc_in)
    dec_in = keras.Input((None, 5), name="decoder_inputs")
    y, _, _ = layers.LSTM(8, return_sequences=True, return_state=True, name="decoder")(dec_in, initial_state=[h, c])
    y = layers.Dense(5, activation="softmax", name="decoder_dense")(y)
    onehot = lambda n, t, v: np.eye(v, dtype=np.float32)[rng.integers(0, v, size=(n, t))]
    return keras.Model([enc_in, dec_in], y, name="lstm_seq2seq"), [onehot(3, 6, 7), onehot(3, 4, 5)]


@model
def masked_seq2seq(rng):
    """Token encoder–decoder with Embedding(mask_zero) on both sides: tf_keras masks the decoder
    call that has an initial_state (Keras 3 does only when given mask=)."""
    enc_in = keras.Input((None,), dtype="int32", name="encoder_tokens")
    dec_in = keras.Input((None,), dtype="int32", name="decoder_tokens")
    e = layers.Embedding(15, 5, mask_zero=True, name="enc_embedding")(enc_in)
    _, h, c = layers.LSTM(6, return_state=True, name="encoder")(e)
    d = layers.Embedding(15, 5, mask_zero=True, name="dec_embedding")(dec_in)
    d = layers.Dropout(0.1, name="dec_dropout")(d)
    y = layers.LSTM(6, return_sequences=True, name="decoder")(d, initial_state=[h, c])
    y = layers.Dense(4, activation="softmax", name="probs")(y)
    return keras.Model([enc_in, dec_in], y, name="masked_seq2seq"), [padded_ids(rng, 15, 3, 7), padded_ids(rng, 15, 3, 6)]


@model
def ner_tagger(rng):
    """Embedding(mask_zero) → LSTM(return_sequences) → TimeDistributed(Dense softmax)."""
    m = keras.Sequential([
        layers.Embedding(25, 6, mask_zero=True, input_shape=(None,), name="embedding"),
        layers.LSTM(5, return_sequences=True, name="lstm"),
        layers.TimeDistributed(layers.Dense(4, activation="softmax", name="tag"), name="tags"),
    ], name="ner_tagger")
    return m, [padded_ids(rng, 25, 4, 7)]


@model
def stacked_simple_rnn(rng):
    """Two SimpleRNNs on float features, the first given input_shape (batch_input_shape in the
    config), then a linear Dense."""
    m = keras.Sequential([
        layers.SimpleRNN(8, return_sequences=True, input_shape=(None, 3), name="rnn_1"),
        layers.SimpleRNN(4, activation="relu", name="rnn_2"),
        layers.Dense(2, name="out"),
    ], name="stacked_simple_rnn")
    return m, [rng.normal(size=(3, 6, 3)).astype(np.float32)]


@model
def hard_sigmoid_gru(rng):
    """A CuDNN-era GRU with recurrent_activation="hard_sigmoid" (slope 0.2 in Keras 2, 1/6 in
    Keras 3): no Keras 3 config has its meaning, so the migration refuses it."""
    m = keras.Sequential([
        layers.GRU(4, recurrent_activation="hard_sigmoid", input_shape=(None, 3), name="gru"),
        layers.Dense(1, name="out"),
    ], name="hard_sigmoid_gru")
    return m, [rng.normal(size=(2, 5, 3)).astype(np.float32)]


def write(name, out):
    keras.backend.clear_session()
    keras.utils.set_random_seed(zlib.crc32(name.encode()))
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    m, data = MODELS[name](rng)
    for layer in m.layers:
        layer.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in layer.get_weights()])
    got = m.predict(data if len(data) > 1 else data[0], verbose=0)
    got = list(got) if isinstance(got, (list, tuple)) else [got]
    m.save(os.path.join(out, name + ".h5"))
    io = {"model": name, "produced_by": f"tf_keras {keras.__version__} Model.predict, tools/keras_golden/keras2_tutorial_models.py",
          "count_params": m.count_params(),
          "inputs": [tensor(d, i.name, "int32" if d.dtype.kind == "i" else "float32") for d, i in zip(data, m.inputs)],
          "outputs": [tensor(g, o.name) for g, o in zip(got, m.outputs)]}
    with open(os.path.join(out, name + ".io.json"), "w") as f:
        json.dump(io, f)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: keras2_tutorial_models.py OUTDIR [NAME ...]")
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
