"""Writes Tests/ZooCoreTests/Fixtures/training/conv_steps.json: one training step of Keras 3
through Conv1D and the layers over time (SGD with learning rate 0.5, mean squared error against
random targets) for two CNN-LSTM models: the config, the weights before and after, the inputs,
the targets and the loss. ConvTrainingStepTests takes the same step and compares the weights.

  KERAS_BACKEND=jax .venv/bin/python tools/keras_golden/conv_training_steps.py
"""
import os
import zlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from golden import OUT, tensor, weights_of, write  # noqa: E402


def cnn_lstm_classifier():
    """Embedding → Conv1D(relu, same) → MaxPooling1D → LSTM → Dense(sigmoid)."""
    x = keras.Input((12,), dtype="int32", name="tokens")
    y = layers.Embedding(20, 6, name="embedding")(x)
    y = layers.Conv1D(5, 3, padding="same", activation="relu", name="conv")(y)
    y = layers.MaxPooling1D(2, name="pool")(y)
    y = layers.LSTM(4, name="lstm")(y)
    return keras.Model(x, layers.Dense(1, activation="sigmoid", name="head")(y), name="cnn_lstm_classifier")


def time_layers():
    """ZeroPadding1D → Conv1D(causal, dilated, strided) → AveragePooling1D(same) → UpSampling1D →
    Cropping1D → Conv1D(valid, no bias) → GlobalMaxPooling1D → Dense."""
    x = keras.Input((11, 3), name="features")
    y = layers.ZeroPadding1D((1, 2), name="pad")(x)
    y = layers.Conv1D(4, 3, strides=1, padding="causal", dilation_rate=2, activation="tanh", name="causal_conv")(y)
    y = layers.AveragePooling1D(3, strides=2, padding="same", name="average")(y)
    y = layers.UpSampling1D(2, name="upsample")(y)
    y = layers.Cropping1D((1, 1), name="crop")(y)
    y = layers.Conv1D(5, 2, strides=2, use_bias=False, activation="elu", name="conv")(y)
    y = layers.GlobalMaxPooling1D(name="global_max")(y)
    return keras.Model(x, layers.Dense(2, name="head")(y), name="time_layers")


def main():
    steps = []
    for build in (cnn_lstm_classifier, time_layers):
        name = build.__name__
        keras.backend.clear_session()
        keras.utils.set_random_seed(zlib.crc32(name.encode()))
        rng = np.random.default_rng(zlib.crc32(name.encode()))
        model = build()
        for v in model.weights:
            v.assign(rng.uniform(-0.7, 0.7, v.shape).astype(np.float32))
        if name == "time_layers":
            data = rng.normal(size=(4, 11, 3)).astype(np.float32)
            inputs = [tensor(data, "features")]
        else:
            data = rng.integers(0, 20, size=(4, 12)).astype(np.int32)
            inputs = [tensor(data, "tokens", "int32")]
        targets = rng.normal(size=(4,) + tuple(model.output.shape[1:])).astype(np.float32)
        before = weights_of(model)
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="mse")
        loss = model.train_on_batch(data, targets)
        config = keras.saving.serialize_keras_object(model)
        config.pop("compile_config", None)
        steps.append({"name": name, "config": config, "weights": before, "inputs": inputs, "targets": [tensor(targets)],
                      "optimizer": "SGD(learning_rate=0.5)", "loss": "mse", "loss_value": float(loss[0] if isinstance(loss, list) else loss),
                      "weights_after": weights_of(model)})
        print(name, float(loss[0] if isinstance(loss, list) else loss))
    write(os.path.join(os.path.dirname(OUT), "training", "conv_steps.json"),
          {"produced_by": f"keras {keras.__version__} ({keras.backend.backend()}) train_on_batch, tools/keras_golden/conv_training_steps.py",
           "steps": steps})


if __name__ == "__main__":
    main()
