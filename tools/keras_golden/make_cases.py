"""Writes Tests/ZooCoreTests/Fixtures/keras/cases/NAME.json: one tiny model per option the core
claims (masking, GRU reset modes, unit_forget_bias, relu and hard_sigmoid, Bidirectional merge
modes, go_backwards, return_state, initial_state, stateful, TimeDistributed, Dropout,
GlobalAveragePooling1D, Attention, AdditiveAttention, MultiHeadAttention, the merge layers,
LayerNormalization, BatchNormalization), built with real Keras 3 and a fixed seed
per case. Every weight is set to seeded random values (so no initializer value hides a bug),
then Keras's Model.predict gives the expected outputs. Each file holds the model config (as
`config.json` of a .keras archive would, without `shared_object_id`s, so regenerating gives
the same bytes), the weights with their Keras paths, the inputs and the outputs; a stateful case
holds `calls` instead (a call, a second call continuing the states, reset_states, a call).

  KERAS_BACKEND=jax .venv/bin/python tools/keras_golden/make_cases.py [NAME ...]

Without names every case is written. Tests/ZooCoreTests/KerasGoldenTests.swift checks them.

Keras's backends disagree on one behaviour: at masked steps BEFORE a row's first real step, with
a non-zero initial state, the TensorFlow backend (which wrote ../shared/fixtures, as tf_keras
does) outputs zeros and the jax backend the initial state. The core follows TensorFlow, so the
case that exercises it is written with it (a venv with tensorflow-cpu and keras 3.15.1):

  KERAS_BACKEND=tensorflow .venv/bin/python tools/keras_golden/make_cases.py initial_state_gru_explicit_mask
"""
import os
import sys
import zlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from golden import OUT, tensor, weights_of, write  # noqa: E402

CASES_OUT = os.path.join(OUT, "cases")
RNN = {"simple_rnn": layers.SimpleRNN, "lstm": layers.LSTM, "gru": layers.GRU}
CASES = {}


def case(names=None, **weights):
    """Registers a case builder, fn(rng) -> (model, inputs), or with `names` fn(name, rng) for
    each name. The model's weights are then randomized with `weights` (see `randomize`). A
    builder may return, instead of inputs, a function model -> calls (stateful cases)."""
    def register(fn):
        for name in names or [fn.__name__]:
            CASES[name] = ((lambda rng, name=name: fn(name, rng)) if names else fn, weights)
        return fn
    return register


def randomize(model, rng, scale=0.7, keep=()):
    """Every variable except those whose path ends with a name in `keep` gets uniform(-scale,
    scale) values; attention scales and moving variances get uniform(0.5, 1.5) so that they
    differ from 1 (and a variance stays positive)."""
    for v in model.weights:
        if v.path.rsplit("/", 1)[-1] in keep:
            continue
        if len(v.shape) == 0 or v.path.endswith("/moving_variance"):
            v.assign(rng.uniform(0.5, 1.5, v.shape).astype(np.float32))
        else:
            v.assign(rng.uniform(-scale, scale, v.shape).astype(np.float32))


def features(rng, batch=3, time=6, width=3, scale=1.0):
    return (rng.normal(size=(batch, time, width)) * scale).astype(np.float32)


def padded_tokens(rng, vocab=12, time=6):
    """Three rows: pre-padded, post-padded, and one padded step in the middle (id 0 = padding)."""
    ids = rng.integers(1, vocab, size=(3, time)).astype(np.int32)
    ids[0, :2] = 0
    ids[1, -2:] = 0
    ids[2, 2] = 0
    return ids


def tokens(rng, vocab=12, batch=3, time=6):
    return rng.integers(1, vocab, size=(batch, time)).astype(np.int32)


def token_input(name="tokens"):
    return keras.Input(shape=(None,), dtype="int32", name=name)


def embedded_tokens(mask_zero=True):
    """A token input and its Embedding(12, 4): (input, embedded)."""
    x = token_input()
    return x, layers.Embedding(12, 4, mask_zero=mask_zero, name="embedding")(x)


def sequence_source(masked, rng):
    """(input, sequence, data): padded tokens through Embedding(mask_zero), or features."""
    if masked:
        return (*embedded_tokens(), padded_tokens(rng))
    x = feature_input()
    return x, x, features(rng)


def feature_input(width=3, name="features"):
    return keras.Input(shape=(None, width), name=name)


def functional(name, inputs, outputs):
    return keras.Model(inputs, outputs, name=name)


# Masks from Embedding(mask_zero) into each cell, last output and whole sequence.
@case([f"mask_{kind}_{ret}" for kind in RNN for ret in ("last", "seq")])
def mask_rnn(name, rng):
    kind, ret = name[len("mask_"):].rsplit("_", 1)
    x, y = embedded_tokens()
    y = RNN[kind](4, return_sequences=ret == "seq", name=kind)(y)
    return functional(name, x, y), [padded_tokens(rng)]


@case()
def masking_layer_zero_lstm(rng):
    x = feature_input()
    y = layers.Masking(mask_value=0.0, name="masking")(x)
    y = layers.LSTM(4, return_sequences=True, name="lstm")(y)
    data = features(rng)
    data[0, :2] = 0
    data[1, -1] = 0
    data[2, 3] = 0
    data[2, 1, 0] = 0  # one zero feature only: not masked
    return functional("masking_layer_zero_lstm", x, y), [data]


@case()
def masking_layer_value_lstm(rng):
    x = feature_input()
    y = layers.Masking(mask_value=-1.0, name="masking")(x)
    y = layers.LSTM(4, name="lstm")(y)
    data = features(rng)
    data[0, :2] = -1
    data[1, -2:] = -1
    data[2, 2] = -1
    data[2, 4, 1] = -1  # one feature only: not masked
    return functional("masking_layer_value_lstm", x, y), [data]


@case(["gru_reset_after", "gru_reset_before"])
def gru_reset(name, rng):
    x = feature_input()
    y = layers.GRU(5, reset_after=name.endswith("after"), return_sequences=True, name="gru")(x)
    return functional(name, x, y), [features(rng)]


@case(["lstm_unit_forget_bias", "lstm_no_unit_forget_bias"], keep=("bias",))
def lstm_forget_bias(name, rng):
    """The bias keeps Keras's initial value (ones in the f block with unit_forget_bias)."""
    x = feature_input()
    y = layers.LSTM(4, unit_forget_bias=name == "lstm_unit_forget_bias", return_sequences=True, name="lstm")(x)
    return functional(name, x, y), [features(rng)]


@case()
def simple_rnn_relu(rng):
    x = feature_input()
    y = layers.SimpleRNN(5, activation="relu", return_sequences=True, name="simple_rnn")(x)
    return functional("simple_rnn_relu", x, y), [features(rng)]


@case(["lstm_hard_sigmoid", "gru_hard_sigmoid"], scale=1.5)
def hard_sigmoid(name, rng):
    """Large weights and inputs so that the gates reach both clipped ends and the linear part."""
    kind = name.split("_")[0]
    x = feature_input()
    y = RNN[kind](4, recurrent_activation="hard_sigmoid", return_sequences=True, name=kind)(x)
    return functional(name, x, y), [features(rng, scale=2.0)]


BIDI_KIND = {"concat": "lstm", "sum": "gru", "mul": "simple_rnn", "ave": "lstm", "none": "gru"}


@case([f"bidirectional_{mode}_{m}_{ret}" for mode in BIDI_KIND for m in ("masked", "unmasked") for ret in ("seq", "last")])
def bidirectional(name, rng):
    mode, masked, ret = name[len("bidirectional_"):].split("_")
    kind = BIDI_KIND[mode]
    x, y, data = sequence_source(masked == "masked", rng)
    rnn = RNN[kind](3, return_sequences=ret == "seq", name=kind)
    y = layers.Bidirectional(rnn, merge_mode=None if mode == "none" else mode, name="bidirectional")(y)
    return functional(name, x, list(y) if mode == "none" else y), [data]


GO_BACKWARDS = [("lstm", "seq", "unmasked"), ("lstm", "last", "unmasked"), ("lstm", "seq", "masked"),
                ("lstm", "last", "masked"), ("gru", "seq", "masked"), ("simple_rnn", "seq", "masked")]


@case([f"go_backwards_{kind}_{ret}_{m}" for kind, ret, m in GO_BACKWARDS])
def go_backwards(name, rng):
    rest, masked = name[len("go_backwards_"):].rsplit("_", 1)
    kind, ret = rest.rsplit("_", 1)
    x, y, data = sequence_source(masked == "masked", rng)
    y = RNN[kind](4, go_backwards=True, return_sequences=ret == "seq", name=kind)(y)
    return functional(name, x, y), [data]


@case()
def return_state_simple_rnn(rng):
    x = feature_input()
    outs = layers.SimpleRNN(4, return_state=True, name="simple_rnn")(x)
    return functional("return_state_simple_rnn", x, list(outs)), [features(rng)]


@case()
def return_state_lstm_masked_seq(rng):
    x, y = embedded_tokens()
    outs = layers.LSTM(4, return_sequences=True, return_state=True, name="lstm")(y)
    return functional("return_state_lstm_masked_seq", x, list(outs)), [padded_tokens(rng)]


@case()
def return_state_gru_masked(rng):
    x, y = embedded_tokens()
    outs = layers.GRU(4, return_state=True, name="gru")(y)
    return functional("return_state_gru_masked", x, list(outs)), [padded_tokens(rng)]


@case()
def initial_state_lstm_seq2seq(rng):
    enc_in, dec_in = feature_input(3, "encoder"), feature_input(2, "decoder")
    _, h, c = layers.LSTM(4, return_state=True, name="enc_lstm")(enc_in)
    y = layers.LSTM(4, return_sequences=True, name="dec_lstm")(dec_in, initial_state=[h, c])
    y = layers.Dense(3, name="dense")(y)
    return functional("initial_state_lstm_seq2seq", [enc_in, dec_in], y), [features(rng, 2, 6, 3), features(rng, 2, 5, 2)]


@case()
def initial_state_gru_masked(rng):
    """Keras 3 passes no mask to a call with initial_state (it fills in `mask` only for calls
    with one tensor argument): the decoder runs over its padding."""
    enc_in, dec_in = token_input("encoder_tokens"), token_input("decoder_tokens")
    e = layers.Embedding(12, 4, mask_zero=True, name="enc_embedding")(enc_in)
    _, h = layers.GRU(4, return_state=True, name="enc_gru")(e)
    d = layers.Embedding(10, 3, mask_zero=True, name="dec_embedding")(dec_in)
    y = layers.GRU(4, return_sequences=True, name="dec_gru")(d, initial_state=[h])
    return functional("initial_state_gru_masked", [enc_in, dec_in], y), [padded_tokens(rng), padded_tokens(rng, 10, 5)]


@case()
def initial_state_gru_explicit_mask(rng):
    """How Keras 3 masks a call with initial_state: mask= given explicitly (a NotEqual operation)."""
    enc_in, dec_in = token_input("encoder_tokens"), token_input("decoder_tokens")
    e = layers.Embedding(12, 4, mask_zero=True, name="enc_embedding")(enc_in)
    _, h = layers.GRU(4, return_state=True, name="enc_gru")(e)
    d = layers.Embedding(10, 3, name="dec_embedding")(dec_in)
    y = layers.GRU(4, return_sequences=True, name="dec_gru")(d, initial_state=[h], mask=keras.ops.not_equal(dec_in, 0))
    return functional("initial_state_gru_explicit_mask", [enc_in, dec_in], y), [padded_tokens(rng), padded_tokens(rng, 10, 5)]


@case()
def explicit_mask_lstm(rng):
    """A mask passed explicitly, not the one the input carries: steps whose id is 5 are skipped."""
    x, y = embedded_tokens(mask_zero=False)
    y = layers.LSTM(4, return_sequences=True, name="lstm")(y, mask=keras.ops.not_equal(x, 5))
    data = tokens(rng)
    data[:, 1] = 5
    data[2, 4] = 5
    return functional("explicit_mask_lstm", x, y), [data]


@case()
def initial_state_simple_rnn(rng):
    enc_in, dec_in = feature_input(3, "encoder"), feature_input(3, "decoder")
    _, h = layers.SimpleRNN(4, return_state=True, name="enc_rnn")(enc_in)
    y = layers.SimpleRNN(4, go_backwards=True, name="dec_rnn")(dec_in, initial_state=[h])
    return functional("initial_state_simple_rnn", [enc_in, dec_in], y), [features(rng, 2, 5), features(rng, 2, 6)]


@case()
def bidirectional_return_state_lstm(rng):
    x = feature_input()
    outs = layers.Bidirectional(layers.LSTM(3, return_state=True, name="lstm"), name="bidirectional")(x)
    return functional("bidirectional_return_state_lstm", x, list(outs)), [features(rng)]


@case()
def bidirectional_return_state_gru_none_masked(rng):
    x, y = embedded_tokens()
    outs = layers.Bidirectional(layers.GRU(3, return_sequences=True, return_state=True, name="gru"),
                                merge_mode=None, name="bidirectional")(y)
    return functional("bidirectional_return_state_gru_none_masked", x, list(outs)), [padded_tokens(rng)]


@case()
def bidirectional_initial_state_lstm(rng):
    enc_in, dec_in = feature_input(3, "encoder"), feature_input(2, "decoder")
    _, hf, cf, hb, cb = layers.Bidirectional(layers.LSTM(3, return_state=True, name="enc_lstm"), name="encoder_bidi")(enc_in)
    y = layers.Bidirectional(layers.LSTM(3, return_sequences=True, name="dec_lstm"), merge_mode="sum",
                             name="decoder_bidi")(dec_in, initial_state=[hf, cf, hb, cb])
    return functional("bidirectional_initial_state_lstm", [enc_in, dec_in], y), [features(rng, 2, 5, 3), features(rng, 2, 6, 2)]


@case(["stateful_lstm", "stateful_gru_seq", "stateful_simple_rnn"])
def stateful(name, rng):
    """Calls: x1, x2 (continues from the first call's states), reset_states, x1 again. Keras's
    own model(x) calls: with the jax backend Keras 3.15.1's predict() does not carry the states
    of a stateful RNN from one predict() to the next (they are untracked variables that its
    stateless predict step drops), while the call does, as stateful=True documents."""
    kind = name[len("stateful_"):].removesuffix("_seq")
    sequences = name.endswith("_seq")
    x = keras.Input(batch_shape=(2, 5, 3), name="features")
    y = RNN[kind](4, stateful=True, return_sequences=sequences, name=kind)(x)
    first, second = features(rng, 2, 5), features(rng, 2, 5)

    def calls(model):
        out = []
        for reset, data in [(False, first), (False, second), (True, first)]:
            if reset:
                model.get_layer(kind).reset_states()  # Keras 3 models have no reset_states
            out.append({"reset_states": reset, "inputs": [data], "outputs": [np.asarray(model(data))]})
        # The second call must continue the first: the same as one call over both halves.
        layer = model.get_layer(kind)
        whole = RNN[kind].from_config({**layer.get_config(), "stateful": False, "return_sequences": True})
        whole.build((2, 10, 3))
        whole.set_weights(layer.get_weights())
        joined = np.asarray(whole(np.concatenate([first, second], axis=1)))
        expected = joined[:, 5:] if sequences else joined[:, -1]
        assert np.max(np.abs(expected - out[1]["outputs"][0])) < 1e-5, name
        return out
    return functional(name, x, y), calls


@case()
def time_distributed_dense(rng):
    x = feature_input()
    y = layers.LSTM(4, return_sequences=True, name="lstm")(x)
    y = layers.TimeDistributed(layers.Dense(3, activation="softmax", name="dense"), name="time_distributed")(y)
    return functional("time_distributed_dense", x, y), [features(rng)]


@case()
def mask_through_time_distributed_dropout(rng):
    """The Embedding mask flows through LSTM, Dropout and TimeDistributed into a GRU."""
    x, y = embedded_tokens()
    y = layers.LSTM(4, return_sequences=True, name="lstm")(y)
    y = layers.Dropout(0.5, name="dropout")(y)
    y = layers.TimeDistributed(layers.Dense(3, activation="tanh", name="dense"), name="time_distributed")(y)
    y = layers.GRU(3, name="gru")(y)
    return functional("mask_through_time_distributed_dropout", x, y), [padded_tokens(rng)]


@case()
def dropout_inference(rng):
    x, y = embedded_tokens(mask_zero=False)
    y = layers.Dropout(0.5, name="dropout")(y)
    y = layers.LSTM(4, dropout=0.3, recurrent_dropout=0.4, return_sequences=True, name="lstm")(y)
    y = layers.Dropout(0.2, name="dropout_1")(y)
    y = layers.Dense(2, name="dense")(y)
    return functional("dropout_inference", x, y), [tokens(rng)]


@case()
def global_average_pooling_masked(rng):
    x, y = embedded_tokens()
    y = layers.GRU(4, return_sequences=True, name="gru")(y)
    y = layers.GlobalAveragePooling1D(name="pool")(y)
    return functional("global_average_pooling_masked", x, y), [padded_tokens(rng)]


@case()
def global_average_pooling_keepdims(rng):
    x = feature_input()
    y = layers.SimpleRNN(4, return_sequences=True, name="simple_rnn")(x)
    y = layers.GlobalAveragePooling1D(keepdims=True, name="pool")(y)
    return functional("global_average_pooling_keepdims", x, y), [features(rng)]


def masked_query_value(rng):
    """Query tokens [2, 5] and value tokens [2, 6] through Embedding(mask_zero): padding at the
    start, end and middle, never a row without an unmasked value."""
    q_in, v_in = token_input("query_tokens"), token_input("value_tokens")
    q = layers.Embedding(12, 4, mask_zero=True, name="query_embedding")(q_in)
    v = layers.Embedding(12, 4, mask_zero=True, name="value_embedding")(v_in)
    qd, vd = tokens(rng, batch=2, time=5), tokens(rng, batch=2, time=6)
    qd[0, :2] = 0
    qd[1, -1] = 0
    vd[0, -2:] = 0
    vd[1, 0] = 0
    vd[1, 3] = 0
    return (q_in, v_in), (q, v), [qd, vd]


@case(["attention_dot_masked", "attention_dot_scaled_masked", "attention_concat_masked",
        "additive_attention_masked", "additive_attention_unscaled_masked"])
def attention_masked(name, rng):
    (q_in, v_in), (q, v), data = masked_query_value(rng)
    if name.startswith("additive"):
        layer = layers.AdditiveAttention(use_scale=name == "additive_attention_masked", name="attention")
    else:
        layer = layers.Attention(use_scale=name != "attention_dot_masked",
                                 score_mode="concat" if "concat" in name else "dot", name="attention")
    return functional(name, [q_in, v_in], layer([q, v])), data


@case()
def attention_dot_unmasked_key(rng):
    """[query, value, key] without masks, use_scale."""
    q, v, k = feature_input(3, "query"), feature_input(2, "value"), feature_input(3, "key")
    y = layers.Attention(use_scale=True, name="attention")([q, v, k])
    return functional("attention_dot_unmasked_key", [q, v, k], y), [features(rng, 2, 5, 3), features(rng, 2, 6, 2), features(rng, 2, 6, 3)]


@case(["attention_causal", "additive_attention_causal"])
def attention_causal(name, rng):
    """use_causal_mask is a call argument in Keras 3: the config has it in the node's kwargs."""
    x = feature_input()
    y = layers.LSTM(4, return_sequences=True, name="lstm")(x)
    layer = layers.AdditiveAttention(name="attention") if name.startswith("additive") else layers.Attention(name="attention")
    y = layer([y, y], use_causal_mask=True)
    return functional(name, x, y), [features(rng, 2, 5)]


# Shape layers (RepeatVector, Flatten, Reshape, Permute) and Activation; the four shape layers
# drop a mask (Keras: no masking support), Activation passes it on.
@case()
def repeat_vector_lstm(rng):
    x = feature_input()
    y = layers.LSTM(4, name="encoder")(x)
    y = layers.RepeatVector(3, name="repeat")(y)
    y = layers.LSTM(4, return_sequences=True, name="decoder")(y)
    return functional("repeat_vector_lstm", x, y), [features(rng)]


@case()
def flatten_dense(rng):
    x = keras.Input(shape=(5, 3), name="features")
    y = layers.SimpleRNN(4, return_sequences=True, name="simple_rnn")(x)
    y = layers.Flatten(name="flatten")(y)
    y = layers.Dense(2, name="dense")(y)
    return functional("flatten_dense", x, y), [features(rng, time=5)]


@case()
def flatten_channels_first(rng):
    x = keras.Input(shape=(3, 4, 2), name="features")
    y = layers.Flatten(data_format="channels_first", name="flatten")(x)
    y = layers.Dense(3, name="dense")(y)
    return functional("flatten_channels_first", x, y), [rng.normal(size=(2, 3, 4, 2)).astype(np.float32)]


@case()
def flatten_masked_drops_mask(rng):
    x = keras.Input(shape=(6,), dtype="int32", name="tokens")
    y = layers.Embedding(12, 4, mask_zero=True, name="embedding")(x)
    y = layers.Flatten(name="flatten")(y)
    y = layers.Dense(2, name="dense")(y)
    return functional("flatten_masked_drops_mask", x, y), [padded_tokens(rng)]


@case()
def reshape_inferred(rng):
    x = keras.Input(shape=(6, 4), name="features")
    y = layers.Reshape((3, -1), name="reshape")(x)
    y = layers.LSTM(3, return_sequences=True, name="lstm")(y)
    y = layers.Reshape((9,), name="flat")(y)
    return functional("reshape_inferred", x, y), [features(rng, width=4)]


@case()
def reshape_drops_mask(rng):
    """A reshape to the same shape is the same array on the jax backend and keeps its mask: the
    case reshapes for real, as any reshape in a model does."""
    x, y = embedded_tokens()
    y = layers.Reshape((-1, 8), name="reshape")(y)
    y = layers.GRU(3, return_sequences=True, name="gru")(y)
    return functional("reshape_drops_mask", x, y), [padded_tokens(rng)]


@case()
def permute_gru(rng):
    x = keras.Input(shape=(4, 6), name="features")
    y = layers.Permute((2, 1), name="permute")(x)
    y = layers.GRU(3, name="gru")(y)
    return functional("permute_gru", x, y), [features(rng, time=4, width=6)]


@case()
def permute_drops_mask(rng):
    x = keras.Input(shape=(6,), dtype="int32", name="tokens")
    y = layers.Embedding(12, 4, mask_zero=True, name="embedding")(x)
    y = layers.Permute((2, 1), name="permute")(y)
    y = layers.LSTM(3, return_sequences=True, name="lstm")(y)
    return functional("permute_drops_mask", x, y), [padded_tokens(rng)]


@case()
def permute_rank4(rng):
    x = keras.Input(shape=(2, 3, 4), name="features")
    y = layers.Permute((3, 1, 2), name="permute")(x)
    y = layers.Reshape((4, 6), name="reshape")(y)
    y = layers.LSTM(3, name="lstm")(y)
    return functional("permute_rank4", x, y), [rng.normal(size=(2, 2, 3, 4)).astype(np.float32)]


@case()
def time_distributed_flatten(rng):
    """CNN-LSTM style: each step's [2, 3] block flattened, then an LSTM over the steps."""
    x = keras.Input(shape=(None, 2, 3), name="blocks")
    y = layers.TimeDistributed(layers.Flatten(name="flatten"), name="per_step")(x)
    y = layers.LSTM(4, name="lstm")(y)
    return functional("time_distributed_flatten", x, y), [rng.normal(size=(3, 5, 2, 3)).astype(np.float32)]


@case([f"activation_{a}" for a in ("linear", "tanh", "sigmoid", "hard_sigmoid", "relu", "softmax", "elu", "selu", "softplus",
                                   "softsign", "relu6", "exponential", "leaky_relu", "log_softmax", "gelu", "silu", "hard_silu",
                                   "mish", "celu", "hard_tanh", "log_sigmoid", "soft_shrink", "hard_shrink", "sparse_plus",
                                   "sparse_sigmoid", "tanh_shrink", "squareplus")])
def activation(name, rng):
    x = feature_input()
    y = layers.Dense(4, name="dense")(x)
    y = layers.Activation(name[len("activation_"):], name="activation")(y)
    return functional(name, x, y), [features(rng)]


@case()
def activation_passes_mask(rng):
    x, y = embedded_tokens()
    y = layers.Activation("tanh", name="activation")(y)
    y = layers.LSTM(3, return_sequences=True, name="lstm")(y)
    return functional("activation_passes_mask", x, y), [padded_tokens(rng)]


MERGES = {"add": layers.Add, "subtract": layers.Subtract, "multiply": layers.Multiply, "average": layers.Average,
          "maximum": layers.Maximum, "minimum": layers.Minimum}


def two_branches(rng, sequences=True):
    """Two feature inputs through LSTM(4) each: (inputs, [branch_a, branch_b], data)."""
    a, b = feature_input(3, "features_a"), feature_input(2, "features_b")
    ha = layers.LSTM(4, return_sequences=sequences, name="lstm_a")(a)
    hb = layers.LSTM(4, return_sequences=sequences, name="lstm_b")(b)
    return [a, b], [ha, hb], [features(rng, width=3), features(rng, width=2)]


def masked_embeddings(rng):
    """Two token inputs through Embedding(12, 4, mask_zero) each, padded differently (rows:
    pre/post/middle against post/none/pre-and-middle): (inputs, [embedded_a, embedded_b], data)."""
    a, b = token_input("tokens_a"), token_input("tokens_b")
    ea = layers.Embedding(12, 4, mask_zero=True, name="embedding_a")(a)
    eb = layers.Embedding(12, 4, mask_zero=True, name="embedding_b")(b)
    ids_b = tokens(rng)
    ids_b[0, -3:] = 0
    ids_b[2, :1] = 0
    ids_b[2, 3] = 0
    return [a, b], [ea, eb], [padded_tokens(rng), ids_b]


# The elementwise merges of two LSTM branches, then of two masked embeddings (the merged values
# and an LSTM reading the merged mask), then of three inputs of which one has no mask.
@case([f"merge_{kind}" for kind in MERGES])
def merge_plain(name, rng):
    inputs, (ha, hb), data = two_branches(rng)
    return functional(name, inputs, MERGES[name[len("merge_"):]](name="merge")([ha, hb])), data


@case([f"merge_{kind}_masked" for kind in MERGES])
def merge_masked(name, rng):
    inputs, (ea, eb), data = masked_embeddings(rng)
    y = MERGES[name[len("merge_"):-len("_masked")]](name="merge")([ea, eb])
    return functional(name, inputs, [y, layers.LSTM(3, return_sequences=True, name="lstm")(y)]), data


@case([f"merge_{kind}_partly_masked" for kind in ("add", "multiply", "maximum", "minimum", "average")])
def merge_partly_masked(name, rng):
    inputs, (ea, eb), data = masked_embeddings(rng)
    c = feature_input(4, "features")
    y = MERGES[name[len("merge_"):-len("_partly_masked")]](name="merge")([ea, c, eb])
    return functional(name, inputs + [c], [y, layers.LSTM(3, return_sequences=True, name="lstm")(y)]), data + [features(rng, width=4)]


@case(["merge_add_broadcast_time", "merge_multiply_broadcast_rank", "merge_maximum_broadcast_three", "merge_subtract_broadcast_rank"])
def merge_broadcast(name, rng):
    """Keras broadcasts merge inputs: [B, 1, F] against [B, T, F], and a [B, F] input widened to
    [B, 1, F] (three inputs: [B, T, F], [B, F] and [B, 1, F])."""
    inputs, (ha, hb), data = two_branches(rng)
    last = layers.LSTM(4, name="lstm_last")(inputs[1])
    kind = name.split("_")[1]
    if name.endswith("time"):
        step = layers.Dense(4, name="step")(layers.GlobalAveragePooling1D(keepdims=True, name="pool")(ha))
        pair = [step, hb]
    elif name.endswith("three"):
        pair = [ha, last, layers.GlobalAveragePooling1D(keepdims=True, name="pool")(hb)]
    else:
        pair = [ha, last] if kind != "subtract" else [last, ha]
    return functional(name, inputs, MERGES[kind](name="merge")(pair)), data


@case()
def merge_branches_concatenate_dense(rng):
    """The tutorial shape: two LSTM branches, their last outputs concatenated, a Dense head."""
    inputs, (ha, hb), data = two_branches(rng, sequences=False)
    y = layers.Concatenate(name="concatenate")([ha, hb])
    return functional("merge_branches_concatenate_dense", inputs, layers.Dense(2, activation="softmax", name="head")(y)), data


@case(["concatenate_axis_last", "concatenate_axis_2", "concatenate_axis_time", "concatenate_axis_minus_2"])
def concatenate_axis(name, rng):
    inputs, (ha, hb), data = two_branches(rng)
    axis = {"last": -1, "2": 2, "time": 1, "minus_2": -2}[name[len("concatenate_axis_"):]]
    return functional(name, inputs, layers.Concatenate(axis=axis, name="concatenate")([ha, hb])), data


@case(["concatenate_masked_features", "concatenate_masked_time", "concatenate_partly_masked"])
def concatenate_masked(name, rng):
    """Masked embeddings joined along the features (the mask is the OR), along time (the masks
    joined), or with an unmasked input (the mask is all ones); an LSTM reads the mask."""
    inputs, (ea, eb), data = masked_embeddings(rng)
    if name == "concatenate_partly_masked":
        c = feature_input(4, "features")
        inputs, data = inputs + [c], data + [features(rng, width=4)]
        y = layers.Concatenate(axis=1, name="concat")([ea, c])
    else:
        y = layers.Concatenate(axis=1 if name.endswith("time") else -1, name="concat")([ea, eb])
    return functional(name, inputs, [y, layers.LSTM(3, return_sequences=True, name="lstm")(y)]), data


@case(["dot_axes_2", "dot_axes_pair", "dot_axes_negative_normalize", "dot_vectors_normalize", "dot_vector_sequence"])
def dot(name, rng):
    """Dot over the features ([B, T, 4]·[B, T, 4] → [B, T, T]), over time with an axis pair
    ([B, T, 4]·[B, T, 4] → [B, 4, 4]), cosine similarities of sequences and of vectors, and a
    vector against a sequence (axes (1, 2) → [B, T])."""
    inputs, (ha, hb), data = two_branches(rng, sequences=name != "dot_vectors_normalize")
    if name == "dot_vector_sequence":
        ha = layers.GlobalAveragePooling1D(name="pool")(ha)
    axes, normalize = {"dot_axes_2": (2, False), "dot_axes_pair": ([1, 1], False), "dot_axes_negative_normalize": (-1, True),
                       "dot_vectors_normalize": (1, True), "dot_vector_sequence": ([1, 2], False)}[name]
    return functional(name, inputs, layers.Dot(axes=axes, normalize=normalize, name="dot")([ha, hb])), data


@case()
def dot_masked(rng):
    """Dot drops the masks: the pooling after it averages over every step."""
    inputs, (ea, eb), data = masked_embeddings(rng)
    y = layers.Dot(axes=2, name="dot")([ea, eb])
    return functional("dot_masked", inputs, [y, layers.GlobalAveragePooling1D(name="pool")(y)]), data


# Convolution and pooling over time (issue 18): Conv1D with each padding, strides, dilation and
# activations; the pooling, cropping, padding and upsampling layers, each fed a mask they drop
# (Keras 3's Conv1D and these layers do not support masking; GlobalMaxPooling1D reads no mask:
# masked steps count in its maximum); a CNN-LSTM classifier.
@case(["conv1d_valid_relu", "conv1d_same_tanh", "conv1d_causal_linear", "conv1d_strided_same", "conv1d_dilated_causal",
       "conv1d_no_bias_strided_valid", "conv1d_dilated_same"])
def conv1d(name, rng):
    options = {"conv1d_valid_relu": dict(kernel_size=3, activation="relu"),
               "conv1d_same_tanh": dict(kernel_size=4, padding="same", activation="tanh"),
               "conv1d_causal_linear": dict(kernel_size=3, padding="causal"),
               "conv1d_strided_same": dict(kernel_size=4, strides=2, padding="same", activation="sigmoid"),
               "conv1d_dilated_causal": dict(kernel_size=3, dilation_rate=2, padding="causal", activation="elu"),
               "conv1d_no_bias_strided_valid": dict(kernel_size=2, strides=3, use_bias=False, activation="softplus"),
               "conv1d_dilated_same": dict(kernel_size=3, dilation_rate=3, padding="same", activation="selu")}[name]
    x = feature_input()
    y = layers.Conv1D(4, name="conv", **options)(x)
    return functional(name, x, y), [features(rng, time=9)]


@case()
def conv1d_masked_drops_mask(rng):
    x, y = embedded_tokens()
    y = layers.Conv1D(4, 2, padding="same", activation="relu", name="conv")(y)
    y = layers.LSTM(3, return_sequences=True, name="lstm")(y)
    return functional("conv1d_masked_drops_mask", x, y), [padded_tokens(rng)]


@case(["max_pooling1d_default", "max_pooling1d_valid", "max_pooling1d_same", "average_pooling1d_default",
       "average_pooling1d_valid", "average_pooling1d_same", "max_pooling1d_wide_stride_same", "average_pooling1d_wide_stride_same"])
def pooling1d(name, rng):
    """pool_size 3 and strides 2; the wide-stride cases move 3 steps over windows of 2 (same
    padding then pads nothing)."""
    kind, padding = name.split("1d_")
    layer = layers.MaxPooling1D if kind == "max_pooling" else layers.AveragePooling1D
    options = {"default": dict(pool_size=2), "valid": dict(pool_size=3, strides=2), "same": dict(pool_size=3, strides=2, padding="same"),
               "wide_stride_same": dict(pool_size=2, strides=3, padding="same")}[padding]
    x = feature_input()
    return functional(name, x, layer(name="pool", **options)(x)), [features(rng, time=8)]


@case(["max_pooling1d_masked_drops_mask", "average_pooling1d_masked_drops_mask", "cropping1d_masked_drops_mask",
       "zero_padding1d_masked_drops_mask", "up_sampling1d_masked_drops_mask"])
def over_time_masked(name, rng):
    layer = {"max_pooling1d": lambda: layers.MaxPooling1D(2, strides=1, padding="same", name="pool"),
             "average_pooling1d": lambda: layers.AveragePooling1D(3, strides=1, padding="same", name="pool"),
             "cropping1d": lambda: layers.Cropping1D((1, 2), name="crop"),
             "zero_padding1d": lambda: layers.ZeroPadding1D((2, 1), name="pad"),
             "up_sampling1d": lambda: layers.UpSampling1D(2, name="upsample")}[name[:-len("_masked_drops_mask")]]
    x, y = embedded_tokens()
    y = layer()(y)
    return functional(name, x, [y, layers.LSTM(3, return_sequences=True, name="lstm")(y)]), [padded_tokens(rng)]


@case(["cropping1d_int", "zero_padding1d_int", "up_sampling1d_3"])
def over_time_plain(name, rng):
    layer = {"cropping1d_int": lambda: layers.Cropping1D(2, name="crop"), "zero_padding1d_int": lambda: layers.ZeroPadding1D(1, name="pad"),
             "up_sampling1d_3": lambda: layers.UpSampling1D(3, name="upsample")}[name]
    x = feature_input()
    return functional(name, x, layers.GRU(3, return_sequences=True, name="gru")(layer()(x))), [features(rng)]


@case(["global_max_pooling1d", "global_max_pooling1d_keepdims"])
def global_max_pooling1d(name, rng):
    x = feature_input()
    y = layers.LSTM(4, return_sequences=True, name="lstm")(x)
    return functional(name, x, layers.GlobalMaxPooling1D(keepdims=name.endswith("keepdims"), name="pool")(y)), [features(rng)]


@case(keep=("embeddings",))
def global_max_pooling1d_masked(rng):
    """The padding id's embedding is the largest value of every feature: Keras 3 takes it into
    the maximum of the padded rows (a maximum over the real steps only would not)."""
    x, y = embedded_tokens()
    model = functional("global_max_pooling1d_masked", x, layers.GlobalMaxPooling1D(name="pool")(y))
    table = rng.uniform(-0.7, 0.7, (12, 4)).astype(np.float32)
    table[0] = 1.5
    model.get_layer("embedding").embeddings.assign(table)
    return model, [padded_tokens(rng)]


@case()
def time_distributed_conv1d(rng):
    """The TimeDistributed CNN-LSTM: each step's [8, 3] window through Conv1D, MaxPooling1D and
    Flatten, then an LSTM over the steps."""
    x = keras.Input(shape=(None, 8, 3), name="windows")
    y = layers.TimeDistributed(layers.Conv1D(4, 3, activation="relu", name="conv"), name="per_step_conv")(x)
    y = layers.TimeDistributed(layers.MaxPooling1D(2, name="pool"), name="per_step_pool")(y)
    y = layers.TimeDistributed(layers.Flatten(name="flatten"), name="per_step_flatten")(y)
    y = layers.LSTM(5, name="lstm")(y)
    return functional("time_distributed_conv1d", x, y), [rng.normal(size=(3, 4, 8, 3)).astype(np.float32)]


@case(["cnn_lstm_classifier_same", "cnn_lstm_classifier_valid"])
def cnn_lstm_classifier(name, rng):
    """Embedding → Conv1D(relu) → MaxPooling1D → LSTM → Dense(sigmoid), the CNN-LSTM text
    classifier of the tutorials."""
    x = keras.Input(shape=(None,), dtype="int32", name="tokens")
    y = layers.Embedding(20, 8, name="embedding")(x)
    y = layers.Conv1D(6, 5 if name.endswith("valid") else 3, padding=name.rsplit("_", 1)[1], activation="relu", name="conv")(y)
    y = layers.MaxPooling1D(2, name="pool")(y)
    y = layers.LSTM(5, name="lstm")(y)
    y = layers.Dense(1, activation="sigmoid", name="head")(y)
    return functional(name, x, y), [rng.integers(0, 20, size=(4, 13)).astype(np.int32)]
# Normalization layers (issue 18).
@case()
def layer_norm_lstm_tutorial(rng):
    """The tutorial shape: LSTM(return_sequences) → LayerNormalization → LSTM → Dense."""
    x = feature_input()
    y = layers.LSTM(5, return_sequences=True, name="lstm_1")(x)
    y = layers.LayerNormalization(name="layer_norm")(y)
    y = layers.LSTM(4, name="lstm_2")(y)
    y = layers.Dense(2, name="dense")(y)
    return functional("layer_norm_lstm_tutorial", x, y), [features(rng)]


@case(["layer_norm_axes_time_features", "layer_norm_axes_negative_list", "layer_norm_axis_time", "layer_norm_plain"])
def layer_norm_axes(name, rng):
    """Axes over time and features ([1, 2]), Keras's sort of [-1, 1] (gamma shaped (3, 6) but
    laid over [6, 3] in memory), time only, and no center/scale with a large epsilon."""
    options = {"layer_norm_axes_time_features": dict(axis=[1, 2]), "layer_norm_axes_negative_list": dict(axis=[-1, 1]),
               "layer_norm_axis_time": dict(axis=1), "layer_norm_plain": dict(center=False, scale=False, epsilon=0.1)}[name]
    x = keras.Input(shape=(6, 3), name="features")
    y = layers.LayerNormalization(name="layer_norm", **options)(layers.Dense(3, name="dense")(x))
    return functional(name, x, y), [features(rng)]


@case()
def layer_norm_rank4(rng):
    x = keras.Input(shape=(5, 2, 3), name="blocks")
    y = layers.LayerNormalization(axis=[-2, -1], name="layer_norm")(x)
    return functional("layer_norm_rank4", x, y), [rng.normal(size=(3, 5, 2, 3)).astype(np.float32)]


@case(["layer_norm_passes_mask", "batch_norm_passes_mask"])
def normalization_passes_mask(name, rng):
    x, y = embedded_tokens()
    norm = layers.LayerNormalization if name.startswith("layer") else layers.BatchNormalization
    y = norm(name=name[:name.index("_norm")] + "_norm")(y)
    y = layers.LSTM(3, return_sequences=True, name="lstm")(y)
    return functional(name, x, y), [padded_tokens(rng)]


@case(["batch_norm_dense", "batch_norm_axis_time", "batch_norm_plain"])
def batch_norm(name, rng):
    """Inference with the moving statistics: on the features, on the time axis, and without
    center/scale (epsilon 0.01)."""
    options = {"batch_norm_dense": {}, "batch_norm_axis_time": dict(axis=1),
               "batch_norm_plain": dict(center=False, scale=False, epsilon=0.01)}[name]
    x = keras.Input(shape=(6, 3), name="features")
    y = layers.BatchNormalization(name="batch_norm", **options)(layers.Dense(4, name="dense")(x))
    return functional(name, x, layers.LSTM(3, name="lstm")(y)), [features(rng)]


@case()
def noise_layers_pass_mask(rng):
    """The noise layers and ActivityRegularization are the identity at inference and pass the mask."""
    x, y = embedded_tokens()
    y = layers.SpatialDropout1D(0.3, name="spatial_dropout")(y)
    y = layers.GaussianNoise(0.2, name="gaussian_noise")(y)
    y = layers.GaussianDropout(0.2, name="gaussian_dropout")(y)
    y = layers.AlphaDropout(0.1, noise_shape=(None, 1, 4), name="alpha_dropout")(y)
    y = layers.ActivityRegularization(l1=0.01, l2=0.02, name="activity_regularization")(y)
    y = layers.LSTM(3, return_sequences=True, name="lstm")(y)
    return functional("noise_layers_pass_mask", x, y), [padded_tokens(rng)]


# MultiHeadAttention (issue 18): self- and cross-attention, a distinct key, value_dim ≠ key_dim,
# output_shape as an int and a tuple, use_bias=False, the causal mask, an explicit attention_mask
# (int32 input, one query step allowed nothing), and the masks of Embedding(mask_zero) inputs
# (padding at the start, end and middle: padded query steps have no allowed value step, uniform
# weights on Keras 3's dropout = 0 path, zero on its dropout > 0 path), with the output's mask
# read by a GlobalAveragePooling1D. Keras 3.15's jax dot_product_attention (its dropout = 0 path)
# cannot take value_dim ≠ key_dim (its fallback reshapes the output to the query's shape), so that
# case has dropout 0.1: the masked-softmax path, the same numbers at inference without masks.
@case(["mha_self_attention", "mha_causal", "mha_output_shape_tuple_no_bias"])
def mha_self(name, rng):
    x = feature_input(4)
    options = {"mha_self_attention": {}, "mha_causal": {},
               "mha_output_shape_tuple_no_bias": dict(output_shape=(2, 3), use_bias=False)}[name]
    y = layers.MultiHeadAttention(num_heads=2, key_dim=3, name="mha", **options)(x, x, use_causal_mask=name == "mha_causal")
    return functional(name, x, y), [features(rng, 3, 5, 4)]


@case(["mha_cross_key", "mha_value_dim_output_shape"])
def mha_cross(name, rng):
    q, v = feature_input(3, "query"), feature_input(2, "value")
    data = [features(rng, 2, 5, 3), features(rng, 2, 6, 2)]
    if name == "mha_cross_key":
        k = feature_input(4, "key")
        y = layers.MultiHeadAttention(num_heads=2, key_dim=3, name="mha")(q, v, k)
        return functional(name, [q, v, k], y), data + [features(rng, 2, 6, 4)]
    y = layers.MultiHeadAttention(num_heads=3, key_dim=2, value_dim=4, output_shape=5, dropout=0.1, name="mha")(q, v)
    return functional(name, [q, v], y), data


@case()
def mha_attention_mask(rng):
    q, v = feature_input(3, "query"), feature_input(2, "value")
    m = keras.Input(shape=(4, 6), dtype="int32", name="attention_mask")
    y = layers.MultiHeadAttention(num_heads=2, key_dim=3, name="mha")(q, v, attention_mask=m)
    allowed = rng.integers(0, 2, size=(2, 4, 6)).astype(np.int32)
    allowed[0, 2] = 0
    allowed[1, 1] = 1
    return functional("mha_attention_mask", [q, v, m], y), [features(rng, 2, 4, 3), features(rng, 2, 6, 2), allowed]


@case(["mha_masked_query_value", "mha_masked_query_value_dropout"])
def mha_masked(name, rng):
    (q_in, v_in), (q, v), data = masked_query_value(rng)
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=3, dropout=0.3 if name.endswith("dropout") else 0.0, name="mha")
    y = layer(q, v)
    pooled = layers.GlobalAveragePooling1D(name="pool")(y)
    return functional(name, [q_in, v_in], [y, pooled]), data


@case(["mha_masked_self_causal", "mha_masked_self_causal_attention_mask"])
def mha_masked_self(name, rng):
    x, y = embedded_tokens()
    inputs, data = [x], [padded_tokens(rng)]
    kwargs = {"use_causal_mask": True}
    if name.endswith("attention_mask"):
        m = keras.Input(shape=(6, 6), dtype="int32", name="attention_mask")
        inputs.append(m)
        data.append(rng.integers(0, 2, size=(3, 6, 6)).astype(np.int32))
        kwargs["attention_mask"] = m
    y = layers.MultiHeadAttention(num_heads=2, key_dim=2, name="mha")(y, y, **kwargs)
    y = layers.LSTM(3, return_sequences=True, name="lstm")(y)
    return functional(name, inputs, y), data


def plain_config(obj):
    """The model config without `shared_object_id`s (Python object ids)."""
    if isinstance(obj, dict):
        return {k: plain_config(v) for k, v in obj.items() if k != "shared_object_id"}
    if isinstance(obj, list):
        return [plain_config(v) for v in obj]
    return obj


def io_tensors(values, names):
    return [tensor(v, n, "int32" if np.asarray(v).dtype.kind == "i" else "float32") for v, n in zip(values, names)]


def run(name):
    builder, weights = CASES[name]
    keras.backend.clear_session()  # operation names (not_equal_N) count from 0 in every case
    keras.utils.set_random_seed(zlib.crc32(name.encode()))
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    model, data = builder(rng)
    randomize(model, rng, **weights)
    in_names = [i.name for i in model.inputs]
    out_names = [o.name for o in model.outputs]
    if callable(data):
        body = {"calls": [{"reset_states": c["reset_states"], "inputs": io_tensors(c["inputs"], in_names),
                           "outputs": io_tensors(c["outputs"], out_names)} for c in data(model)]}
    else:
        got = model.predict(data if len(data) > 1 else data[0], verbose=0)
        got = list(got) if isinstance(got, (list, tuple)) else [got]
        body = {"inputs": io_tensors(data, in_names), "outputs": io_tensors(got, out_names)}
    config = plain_config(keras.saving.serialize_keras_object(model))
    config.pop("compile_config", None)
    write(os.path.join(CASES_OUT, name + ".json"), {
        "name": name, "keras_version": keras.__version__,
        "produced_by": f"keras {keras.__version__} ({keras.backend.backend()}) {'model(x)' if callable(data) else 'Model.predict'}, "
                       "tools/keras_golden/make_cases.py",
        "config": config, "weights": weights_of(model), **body})


def main():
    names = sys.argv[1:] or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        sys.exit(f"unknown case(s): {', '.join(unknown)}; known: {', '.join(CASES)}")
    for name in names:
        run(name)
        print(name)


if __name__ == "__main__":
    main()
