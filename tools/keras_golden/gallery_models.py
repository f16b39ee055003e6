"""Writes the tutorial gallery (issue 18's proof): models shaped like the well-known RNN tutorials,
saved by real Keras 3 or by tf_keras 2.21 in the layouts each writes, with inputs and expected
outputs.

  KERAS_BACKEND=jax .venv/bin/python tools/keras_golden/gallery_models.py [NAME ...]
  ~/.cache/rnnzoo-anchors/venv/bin/python tools/keras_golden/gallery_models.py --tf-keras [NAME ...]

The first writes Tests/KerasFormatTests/Fixtures/gallery_keras3 with Keras 3 (NAME.keras and the
legacy NAME.h5), the second Tests/KerasFormatTests/Fixtures/gallery_tf_keras with tf_keras
(NAME.h5 and NAME.keras; a venv with tensorflow-cpu and tf_keras). The model files, exactly as
Keras wrote them, are kept in the folder's models.zip, deflated (HDF5's per-object overhead
makes even these tiny models ~30 KB each, ~5 KB deflated). Beside it, NAME.io.json: the inputs
(token ids with pre-, post- and middle-padded rows for the masked models; a decoder's rows are
never pre-padded, as a decoder input starts with its start token), the writing Keras's
Model.predict outputs and its count_params(). The same builders serve both Keras versions; every
weight gets seeded uniform(-0.5, 0.5) values (moving variances uniform(0.5, 1.5)), so no
initializer value hides a bug. Tests/KerasFormatTests/TutorialGalleryTests.swift checks every file.
"""
import json
import os
import sys
import tempfile
import zipfile
import zlib

TF_KERAS = "--tf-keras" in sys.argv[1:2]
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "jax")
if TF_KERAS:
    import tf_keras as keras  # noqa: E402
else:
    import keras  # noqa: E402
import numpy as np  # noqa: E402

from golden import ROOT, tensor  # noqa: E402

layers = keras.layers
OUT = os.path.join(ROOT, "Tests", "KerasFormatTests", "Fixtures", "gallery_tf_keras" if TF_KERAS else "gallery_keras3")
MODELS = {}


def model(fn):
    MODELS[fn.__name__] = fn
    return fn


def padded_ids(rng, vocab, batch, time, pre=True):
    """Token ids (0 = padding): a pre-padded row (unless `pre` is false), a post-padded row, a
    row with a hole in the middle, then full rows."""
    ids = rng.integers(1, vocab, size=(batch, time)).astype(np.int32)
    if pre:
        ids[0, :2] = 0
    ids[int(pre), -3:] = 0
    ids[int(pre) + 1, time // 2] = 0
    return ids


def one_hot(rng, batch, time, depth):
    return np.eye(depth, dtype=np.float32)[rng.integers(0, depth, size=(batch, time))]


@model
def addition_rnn(rng):
    """keras.io's addition RNN: LSTM encoder → RepeatVector → LSTM decoder → TimeDistributed
    Dense softmax over the 12 characters, one-hot questions [B, 7, 12]."""
    m = keras.Sequential([
        keras.Input((7, 12), name="question"),
        layers.LSTM(8, name="encoder"),
        layers.RepeatVector(4, name="repeat"),
        layers.LSTM(8, return_sequences=True, name="decoder"),
        layers.TimeDistributed(layers.Dense(12, activation="softmax", name="char"), name="answer"),
    ], name="addition_rnn")
    return m, [one_hot(rng, 3, 7, 12)]


@model
def lstm_seq2seq(rng):
    """keras.io's lstm_seq2seq: one-hot encoder and decoder inputs, the encoder's final states
    start the decoder (initial_state), Dense softmax."""
    enc_in = keras.Input((None, 7), name="encoder_inputs")
    _, h, c = layers.LSTM(6, return_state=True, name="encoder")(enc_in)
    dec_in = keras.Input((None, 5), name="decoder_inputs")
    y, _, _ = layers.LSTM(6, return_sequences=True, return_state=True, name="decoder")(dec_in, initial_state=[h, c])
    y = layers.Dense(5, activation="softmax", name="decoder_dense")(y)
    return keras.Model([enc_in, dec_in], y, name="lstm_seq2seq"), [one_hot(rng, 3, 6, 7), one_hot(rng, 3, 4, 5)]


@model
def imdb_bilstm(rng):
    """IMDB-style sentiment: Embedding(mask_zero) → Bidirectional(LSTM) → Dropout → Dense sigmoid."""
    m = keras.Sequential([
        keras.Input((None,), dtype="int32", name="review"),
        layers.Embedding(40, 6, mask_zero=True, name="embedding"),
        layers.Bidirectional(layers.LSTM(4, name="lstm"), name="bilstm"),
        layers.Dropout(0.5, name="dropout"),
        layers.Dense(1, activation="sigmoid", name="sentiment"),
    ], name="imdb_bilstm")
    return m, [padded_ids(rng, 40, 4, 9)]


@model
def stacked_gru_sentiment(rng):
    """Embedding → SpatialDropout1D → GRU(return_sequences, dropout) → Dropout → GRU → Dense sigmoid."""
    m = keras.Sequential([
        keras.Input((10,), dtype="int32", name="review"),
        layers.Embedding(30, 6, name="embedding"),
        layers.SpatialDropout1D(0.2, name="spatial_dropout"),
        layers.GRU(5, return_sequences=True, dropout=0.1, name="gru_1"),
        layers.Dropout(0.3, name="dropout"),
        layers.GRU(4, name="gru_2"),
        layers.Dense(1, activation="sigmoid", name="sentiment"),
    ], name="stacked_gru_sentiment")
    return m, [rng.integers(1, 30, size=(3, 10)).astype(np.int32)]


@model
def cnn_lstm(rng):
    """keras examples' imdb_cnn_lstm: Embedding → Dropout → Conv1D(relu) → MaxPooling1D → LSTM →
    Dense sigmoid."""
    m = keras.Sequential([
        keras.Input((16,), dtype="int32", name="review"),
        layers.Embedding(30, 6, name="embedding"),
        layers.Dropout(0.25, name="dropout"),
        layers.Conv1D(6, 3, activation="relu", name="conv"),
        layers.MaxPooling1D(2, name="pool"),
        layers.LSTM(5, name="lstm"),
        layers.Dense(1, activation="sigmoid", name="sentiment"),
    ], name="cnn_lstm")
    return m, [rng.integers(0, 30, size=(3, 16)).astype(np.int32)]


@model
def conv1d_global_max(rng):
    """keras examples' imdb_cnn: Embedding → Dropout → Conv1D(relu) → GlobalMaxPooling1D → Dense
    → Dropout → Activation(relu) → Dense → Activation(sigmoid); no recurrent layer."""
    m = keras.Sequential([
        keras.Input((12,), dtype="int32", name="review"),
        layers.Embedding(30, 6, name="embedding"),
        layers.Dropout(0.2, name="dropout_1"),
        layers.Conv1D(8, 3, padding="valid", activation="relu", strides=1, name="conv"),
        layers.GlobalMaxPooling1D(name="global_max"),
        layers.Dense(6, name="hidden"),
        layers.Dropout(0.2, name="dropout_2"),
        layers.Activation("relu", name="relu"),
        layers.Dense(1, name="logit"),
        layers.Activation("sigmoid", name="sentiment"),
    ], name="conv1d_global_max")
    return m, [rng.integers(0, 30, size=(3, 12)).astype(np.int32)]


@model
def ner_tagger(rng):
    """NER tagger: Embedding(mask_zero) → Bidirectional(LSTM, return_sequences) →
    TimeDistributed(Dense softmax) over 5 tags."""
    x = keras.Input((None,), dtype="int32", name="words")
    y = layers.Embedding(30, 6, mask_zero=True, name="embedding")(x)
    y = layers.Bidirectional(layers.LSTM(4, return_sequences=True, name="lstm"), name="bilstm")(y)
    y = layers.TimeDistributed(layers.Dense(5, activation="softmax", name="tag"), name="tags")(y)
    return keras.Model(x, y, name="ner_tagger"), [padded_ids(rng, 30, 4, 8)]


@model
def lstm_normalized(rng):
    """LSTM(return_sequences) → LayerNormalization → LSTM → BatchNormalization → Dense."""
    x = keras.Input((None, 3), name="features")
    y = layers.LSTM(6, return_sequences=True, name="lstm_1")(x)
    y = layers.LayerNormalization(name="layer_norm")(y)
    y = layers.LSTM(5, name="lstm_2")(y)
    y = layers.BatchNormalization(name="batch_norm")(y)
    return keras.Model(x, layers.Dense(2, name="head")(y), name="lstm_normalized"), [rng.normal(size=(3, 6, 3)).astype(np.float32)]


@model
def char_generator(rng):
    """Char-level text generator: Embedding → LSTM ×2 (return_sequences) → Dense softmax per step."""
    m = keras.Sequential([
        keras.Input((None,), dtype="int32", name="chars"),
        layers.Embedding(16, 6, name="embedding"),
        layers.LSTM(8, return_sequences=True, name="lstm_1"),
        layers.LSTM(8, return_sequences=True, name="lstm_2"),
        layers.Dense(16, activation="softmax", name="next_char"),
    ], name="char_generator")
    return m, [rng.integers(0, 16, size=(2, 8)).astype(np.int32)]


@model
def timeseries_forecaster(rng):
    """Time-series forecaster over pre-padded series: Masking(0.0) → LSTM → Dense."""
    m = keras.Sequential([
        keras.Input((None, 2), name="series"),
        layers.Masking(0.0, name="masking"),
        layers.LSTM(6, name="lstm"),
        layers.Dense(1, name="forecast"),
    ], name="timeseries_forecaster")
    series = rng.normal(size=(4, 8, 2)).astype(np.float32)
    for row, length in zip(series, [3, 5, 8, 6]):
        row[:8 - length] = 0.0
    return m, [series]


@model
def gru_reset_before(rng):
    """GRU(reset_after=False), Keras 2's original GRU, stacked → Dense."""
    m = keras.Sequential([
        keras.Input((None, 4), name="features"),
        layers.GRU(5, reset_after=False, return_sequences=True, name="gru_1"),
        layers.GRU(3, reset_after=False, name="gru_2"),
        layers.Dense(2, name="out"),
    ], name="gru_reset_before")
    return m, [rng.normal(size=(3, 6, 4)).astype(np.float32)]


@model
def simple_rnn_stack(rng):
    """SimpleRNN ×3 (the middle one relu) → Dense."""
    m = keras.Sequential([
        keras.Input((None, 3), name="features"),
        layers.SimpleRNN(6, return_sequences=True, name="rnn_1"),
        layers.SimpleRNN(5, return_sequences=True, activation="relu", name="rnn_2"),
        layers.SimpleRNN(4, name="rnn_3"),
        layers.Dense(2, name="out"),
    ], name="simple_rnn_stack")
    return m, [rng.normal(size=(3, 5, 3)).astype(np.float32)]


@model
def prepadded_classifier(rng):
    """pad_sequences's default layout: every row pre-padded to the longest; Embedding(mask_zero)
    → GRU → Dense softmax."""
    m = keras.Sequential([
        keras.Input((None,), dtype="int32", name="tokens"),
        layers.Embedding(25, 6, mask_zero=True, name="embedding"),
        layers.GRU(5, name="gru"),
        layers.Dense(3, activation="softmax", name="classes"),
    ], name="prepadded_classifier")
    ids = rng.integers(1, 25, size=(4, 8)).astype(np.int32)
    for row, length in zip(ids, [2, 5, 8, 7]):
        row[:8 - length] = 0
    return m, [ids]


def randomize(m, rng):
    """Every weight uniform(-0.5, 0.5), moving variances uniform(0.5, 1.5)."""
    for layer in m.layers:
        layer.set_weights([rng.uniform(*((0.5, 1.5) if "moving_variance" in w.name else (-0.5, 0.5)), tuple(w.shape)).astype(np.float32)
                           for w in layer.weights])


def write(name, folder):
    """NAME.keras and NAME.h5 into `folder`, NAME.io.json into OUT."""
    keras.backend.clear_session()
    keras.utils.set_random_seed(zlib.crc32(name.encode()))
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    m, data = MODELS[name](rng)
    randomize(m, rng)
    got = m.predict(data if len(data) > 1 else data[0], verbose=0)
    got = list(got) if isinstance(got, (list, tuple)) else [got]
    for suffix in (".keras", ".h5"):
        m.save(os.path.join(folder, name + suffix))
    which = f"tf_keras {keras.__version__}" if TF_KERAS else f"keras {keras.__version__} ({keras.backend.backend()})"
    io = {"model": name, "produced_by": f"{which} Model.predict, tools/keras_golden/gallery_models.py",
          "count_params": int(m.count_params()),
          "inputs": [tensor(d, i.name.split(":")[0], "int32" if d.dtype.kind == "i" else "float32") for d, i in zip(data, m.inputs)],
          "outputs": [tensor(g) for g in got]}
    with open(os.path.join(OUT, name + ".io.json"), "w") as f:
        json.dump(io, f, separators=(",", ":"))
        f.write("\n")
    print(name, io["count_params"])


def archive(folder):
    """OUT/models.zip with the files of `folder` added (replacing members of the same name), each
    deflated and dated 1980-01-01, so that the same files give the same bytes."""
    path = os.path.join(OUT, "models.zip")
    members = {}
    if os.path.exists(path):
        with zipfile.ZipFile(path) as z:
            members = {n: z.read(n) for n in z.namelist()}
    for name in os.listdir(folder):
        with open(os.path.join(folder, name), "rb") as f:
            members[name] = f.read()
    with zipfile.ZipFile(path, "w") as z:
        for name in sorted(members):
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), members[name], zipfile.ZIP_DEFLATED, 9)


def main():
    names = sys.argv[2:] if TF_KERAS else sys.argv[1:]
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        sys.exit(f"unknown model(s): {', '.join(unknown)}; known: {', '.join(MODELS)}")
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for name in names or list(MODELS):
            write(name, folder)
        archive(folder)


if __name__ == "__main__":
    main()
