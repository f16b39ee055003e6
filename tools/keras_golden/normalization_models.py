"""Writes Tests/ONNXFormatTests/Fixtures/NAME.keras, NAME.h5 and NAME.io.json: recurrent models
with the normalization and regularization layers saved by real Keras 3 (`model.save`, both
layouts), with inputs, Keras's outputs (Model.predict), `count_params()` and, for the models
without random layers, one training step (SGD with learning rate 1, mean squared error against
random targets, plus ActivityRegularization's loss): the weights after it, BatchNormalization's
moving statistics included. NormalizationModelTests loads each file, predicts, trains the
step, converts to ONNX and runs onnxruntime.

  KERAS_BACKEND=jax .venv/bin/python tools/keras_golden/normalization_models.py

- lstm_layer_norm: the tutorial shape, LSTM(return_sequences) → LayerNormalization → LSTM → Dense.
- lstm_batch_norm: LSTM(return_sequences) → BatchNormalization(momentum 0.9) → LSTM → Dense.
- masked_lstm_batch_norm: Embedding(mask_zero) → BatchNormalization → LSTM(return_sequences) →
  LayerNormalization → BatchNormalization → LSTM → Dense; the batch statistics of training
  count only the real steps. Its inputs are post-padded (what ONNX sequence_lens expresses).
- lstm_activity_regularization: LSTM(return_sequences) → ActivityRegularization(l1, l2) → LSTM →
  Dense; Keras's loss of the step includes the regularization.
- noise_layers: Embedding(mask_zero) → SpatialDropout1D → GaussianNoise → LSTM(return_sequences)
  → GaussianDropout → AlphaDropout → LSTM → Dense: the identity at inference (no training step:
  the noise is random).
"""
import os
import zlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from golden import ROOT, tensor, weights_of, write  # noqa: E402

OUT = os.path.join(ROOT, "Tests", "ONNXFormatTests", "Fixtures")


def lstm_layer_norm(rng):
    x = keras.Input((None, 3), name="features")
    y = layers.LSTM(6, return_sequences=True, name="lstm_1")(x)
    y = layers.LayerNormalization(name="layer_norm")(y)
    y = layers.LSTM(4, name="lstm_2")(y)
    y = layers.Dense(2, name="head")(y)
    return keras.Model(x, y, name="lstm_layer_norm"), [rng.normal(size=(4, 7, 3))]


def lstm_batch_norm(rng):
    x = keras.Input((None, 3), name="features")
    y = layers.LSTM(5, return_sequences=True, name="lstm_1")(x)
    y = layers.BatchNormalization(momentum=0.9, name="batch_norm")(y)
    y = layers.LSTM(4, name="lstm_2")(y)
    y = layers.Dense(2, name="head")(y)
    return keras.Model(x, y, name="lstm_batch_norm"), [rng.normal(size=(4, 7, 3))]


def masked_lstm_batch_norm(rng):
    x = keras.Input((None,), dtype="int32", name="tokens")
    y = layers.Embedding(12, 4, mask_zero=True, name="embedding")(x)
    y = layers.BatchNormalization(momentum=0.8, epsilon=0.01, name="batch_norm_in")(y)
    y = layers.LSTM(5, return_sequences=True, name="lstm_1")(y)
    y = layers.LayerNormalization(name="layer_norm")(y)
    y = layers.BatchNormalization(name="batch_norm")(y)
    y = layers.LSTM(4, name="lstm_2")(y)
    y = layers.Dense(2, name="head")(y)
    ids = rng.integers(1, 12, size=(4, 7))
    ids[0, 5:] = 0
    ids[1, 2:] = 0
    ids[3, 6:] = 0
    return keras.Model(x, y, name="masked_lstm_batch_norm"), [ids.astype(np.int32)]


def lstm_activity_regularization(rng):
    x = keras.Input((None, 3), name="features")
    y = layers.LSTM(5, return_sequences=True, name="lstm_1")(x)
    y = layers.ActivityRegularization(l1=0.01, l2=0.05, name="activity_regularization")(y)
    y = layers.LSTM(4, name="lstm_2")(y)
    y = layers.Dense(2, name="head")(y)
    return keras.Model(x, y, name="lstm_activity_regularization"), [rng.normal(size=(4, 7, 3))]


def noise_layers(rng):
    x = keras.Input((None,), dtype="int32", name="tokens")
    y = layers.Embedding(12, 4, mask_zero=True, name="embedding")(x)
    y = layers.SpatialDropout1D(0.3, name="spatial_dropout")(y)
    y = layers.GaussianNoise(0.2, name="gaussian_noise")(y)
    y = layers.LSTM(5, return_sequences=True, name="lstm_1")(y)
    y = layers.GaussianDropout(0.2, name="gaussian_dropout")(y)
    y = layers.AlphaDropout(0.1, name="alpha_dropout")(y)
    y = layers.LSTM(4, name="lstm_2")(y)
    y = layers.Dense(2, name="head")(y)
    ids = rng.integers(1, 12, size=(4, 7))
    ids[0, 5:] = 0
    ids[2, 3:] = 0
    return keras.Model(x, y, name="noise_layers"), [ids.astype(np.int32)]


RANDOM_IN_TRAINING = ("noise_layers",)


def main():
    os.makedirs(OUT, exist_ok=True)
    for build in (lstm_layer_norm, lstm_batch_norm, masked_lstm_batch_norm, lstm_activity_regularization, noise_layers):
        name = build.__name__
        keras.backend.clear_session()
        keras.utils.set_random_seed(zlib.crc32(name.encode()))
        rng = np.random.default_rng(zlib.crc32(name.encode()))
        model, data = build(rng)
        data = [d if d.dtype == np.int32 else d.astype(np.float32) for d in data]
        for v in model.weights:
            bounds = (0.5, 1.5) if v.path.endswith("/moving_variance") else (-0.7, 0.7)
            v.assign(rng.uniform(*bounds, v.shape).astype(np.float32))
        got = model.predict(data[0], verbose=0)
        model.save(os.path.join(OUT, name + ".keras"))
        model.save(os.path.join(OUT, name + ".h5"))
        body = {
            "model": name, "produced_by": f"keras {keras.__version__} ({keras.backend.backend()}) Model.predict, "
                                          "tools/keras_golden/normalization_models.py",
            "count_params": model.count_params(),
            "trainable_params": int(sum(np.prod(v.shape) for v in model.trainable_weights)),
            "inputs": [tensor(d, i.name, "int32" if d.dtype == np.int32 else "float32") for d, i in zip(data, model.inputs)],
            "outputs": [tensor(got, model.outputs[0].name)]}
        if name in RANDOM_IN_TRAINING:
            write(os.path.join(OUT, name + ".io.json"), body)
            print(name)
            continue
        targets = rng.normal(size=got.shape).astype(np.float32)
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0), loss="mse")
        loss = model.train_on_batch(data[0], targets)
        body["training_step"] = {"optimizer": "SGD(learning_rate=1.0)", "loss": "mse", "targets": [tensor(targets)],
                                 "loss_value": float(loss[0] if isinstance(loss, list) else loss), "weights_after": weights_of(model)}
        write(os.path.join(OUT, name + ".io.json"), body)
        print(name)


if __name__ == "__main__":
    main()
